/* docdiff.h - what changed between two YAML documents, as field paths:
 *
 *   population: 1680000 → 1700000
 *   problems[id=flooding].priority: "medium" → "high"
 *   contact.phone: (absent) → "+256 41 123"
 *   problems[id=waste]: {id: "waste", title: "Waste…"} → (absent)
 *
 * Mappings are compared key by key. Lists whose items are all mappings with
 * a unique string `id` are matched by id (path `name[id=ID]`), so inserting
 * a problem does not shift every later one; lists of scalars are compared
 * whole; other lists item by item (`name[3]`). Scalars are equal when they
 * have the same YAML type and value. Paths follow the first document's key
 * order, then keys only the second has. */
#ifndef SCD_DOCDIFF_H
#define SCD_DOCDIFF_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

struct doc_node;

enum docdiff_change { DOCDIFF_CHANGED, DOCDIFF_ADDED, DOCDIFF_REMOVED };

struct docdiff_entry {
    enum docdiff_change change;
    char *path;                    /* owned; "" for the document itself */
    const struct doc_node *old;    /* borrowed from the documents; NULL when added */
    const struct doc_node *new_;   /* NULL when removed */
};

struct docdiff {
    struct docdiff_entry *items;
    size_t n, alloc;
};

#define DOCDIFF_INIT { NULL, 0, 0 }

/* Append the differences from a to b (either may be NULL: everything added
 * or removed). Entries borrow the nodes: keep the documents alive. */
void docdiff_compute(struct docdiff *out, const struct doc_node *a, const struct doc_node *b);
void docdiff_release(struct docdiff *diff);

/* One line per entry, each preceded by indent: `path: OLD → NEW`, with
 * `(absent)` for a missing side; long values are shortened with "…".
 * Prints "no field changes" when the diff is empty. */
void docdiff_print_text(const struct docdiff *diff, FILE *out, const char *indent);

/* A JSON array of {"path", "change": "changed"|"added"|"removed", "old",
 * "new"} with full values ("old" absent when added, "new" when removed).
 * New reference. */
json_t *docdiff_to_json(const struct docdiff *diff);

/* A document node as a JSON value (new reference). */
json_t *docdiff_node_json(const struct doc_node *node);

#endif
