/* stage_tree.h - the structured tree every stage document is built as, before
 * it is rendered: a Jansson object with stable keys (README, "Stage
 * documents"), which is also the document's JSON form.
 *
 *   document  {schema, stage, language, title, subtitle, contents, city {id,
 *              name}, currency, rules {id, name}, outline, sections [], data {}}
 *             (contents: the heading of the table of contents)
 *   section   {id, title, blocks [], sections []}
 *   block     {type: "paragraph" | "note", text}
 *             {type: "list", ordered, items [text]}
 *             {type: "kv", items [{key, value}]}
 *             {type: "table", caption, columns [{title, align, code}],
 *              rows [[cell]], footer [[cell]], source}
 *
 * Every text is plain (no markup); renderers escape it. Cells are strings,
 * already formatted (money with thousands separators and currency code).
 * The builders borrow nothing: strings are copied; the json_t they return
 * is borrowed from the parent (valid while the document lives). */
#ifndef SCD_STAGE_TREE_H
#define SCD_STAGE_TREE_H

#include <jansson.h>
#include <stddef.h>

struct strbuf;

#define STAGE_TREE_SCHEMA "scd-stage-document/1"

/* A new document (caller owns it; json_decref). */
json_t *stage_tree_new(const char *stage, const char *language, const char *title, const char *subtitle);

/* Append a section to a document or a section; returns it (borrowed). */
json_t *stage_tree_section(json_t *parent, const char *id, const char *title);

void stage_tree_paragraph(json_t *section, const char *text);
void stage_tree_note(json_t *section, const char *text);

/* A list block (borrowed) and its items. */
json_t *stage_tree_list(json_t *section, int ordered);
void stage_tree_list_add(json_t *list, const char *text);

/* A key-value block (borrowed) and its pairs. */
json_t *stage_tree_kv(json_t *section);
void stage_tree_kv_add(json_t *kv, const char *key, const char *value);

/* A table: caption may be NULL (""), then columns, rows and footer rows.
 * A row is built by stage_tree_row and filled with stage_tree_cell; every
 * row must end up with as many cells as there are columns. */
#define STAGE_ALIGN_LEFT 0
#define STAGE_ALIGN_RIGHT 1
#define STAGE_CODE 2      /* flag: the column holds identifiers or file paths */
json_t *stage_tree_table(json_t *section, const char *caption);
void stage_tree_column(json_t *table, const char *title, int flags);
json_t *stage_tree_row(json_t *table);
json_t *stage_tree_footer(json_t *table);
void stage_tree_cell(json_t *row, const char *text);
void stage_tree_source(json_t *table, const char *text);

/* Remove the last block of a section (a table that turned out empty). */
void stage_tree_drop_last(json_t *section);

/* Blocks of a section so far (to tell whether a figure added anything). */
size_t stage_tree_block_count(const json_t *section);

/* Check a document against the structure above: required keys per node
 * type, their JSON types, rows as wide as the columns. Returns the number
 * of problems, each appended to errors as "PATH: message\n". */
size_t stage_tree_check(const json_t *doc, struct strbuf *errors);

#endif
