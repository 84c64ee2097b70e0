/* stage_tree.c - build and check the document tree of a stage document. */
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"

#include <string.h>

json_t *stage_tree_new(const char *stage, const char *language, const char *title, const char *subtitle)
{
    json_t *doc = json_object();

    /* Key order is the order of the JSON form; set every key now so it is stable. */
    json_object_set_new(doc, "schema", json_string(STAGE_TREE_SCHEMA));
    json_object_set_new(doc, "stage", json_string(stage));
    json_object_set_new(doc, "language", json_string(language));
    json_object_set_new(doc, "title", json_string(title));
    json_object_set_new(doc, "subtitle", json_string(subtitle ? subtitle : ""));
    json_object_set_new(doc, "contents", json_string(""));
    json_object_set_new(doc, "city", json_object());
    json_object_set_new(doc, "currency", json_string(""));
    json_object_set_new(doc, "rules", json_object());
    json_object_set_new(doc, "outline", json_string(""));
    json_object_set_new(doc, "sections", json_array());
    json_object_set_new(doc, "data", json_object());
    return doc;
}

json_t *stage_tree_section(json_t *parent, const char *id, const char *title)
{
    json_t *s = json_object();

    json_object_set_new(s, "id", json_string(id));
    json_object_set_new(s, "title", json_string(title));
    json_object_set_new(s, "blocks", json_array());
    json_object_set_new(s, "sections", json_array());
    json_array_append_new(json_object_get(parent, "sections"), s);
    return s;
}

static json_t *add_block(json_t *section, const char *type)
{
    json_t *b = json_object();

    json_object_set_new(b, "type", json_string(type));
    json_array_append_new(json_object_get(section, "blocks"), b);
    return b;
}

void stage_tree_paragraph(json_t *section, const char *text)
{
    json_object_set_new(add_block(section, "paragraph"), "text", json_string(text));
}

void stage_tree_note(json_t *section, const char *text)
{
    json_object_set_new(add_block(section, "note"), "text", json_string(text));
}

json_t *stage_tree_list(json_t *section, int ordered)
{
    json_t *b = add_block(section, "list");

    json_object_set_new(b, "ordered", json_boolean(ordered));
    json_object_set_new(b, "items", json_array());
    return b;
}

void stage_tree_list_add(json_t *list, const char *text)
{
    json_array_append_new(json_object_get(list, "items"), json_string(text));
}

json_t *stage_tree_kv(json_t *section)
{
    json_t *b = add_block(section, "kv");

    json_object_set_new(b, "items", json_array());
    return b;
}

void stage_tree_kv_add(json_t *kv, const char *key, const char *value)
{
    json_array_append_new(json_object_get(kv, "items"), json_pack("{s:s, s:s}", "key", key, "value", value));
}

json_t *stage_tree_table(json_t *section, const char *caption)
{
    json_t *b = add_block(section, "table");

    json_object_set_new(b, "caption", json_string(caption ? caption : ""));
    json_object_set_new(b, "columns", json_array());
    json_object_set_new(b, "rows", json_array());
    json_object_set_new(b, "footer", json_array());
    json_object_set_new(b, "source", json_string(""));
    return b;
}

void stage_tree_column(json_t *table, const char *title, int flags)
{
    json_array_append_new(json_object_get(table, "columns"),
                          json_pack("{s:s, s:s, s:b}", "title", title, "align",
                                    flags & STAGE_ALIGN_RIGHT ? "right" : "left", "code", (flags & STAGE_CODE) != 0));
}

json_t *stage_tree_row(json_t *table)
{
    json_t *row = json_array();

    json_array_append_new(json_object_get(table, "rows"), row);
    return row;
}

json_t *stage_tree_footer(json_t *table)
{
    json_t *row = json_array();

    json_array_append_new(json_object_get(table, "footer"), row);
    return row;
}

void stage_tree_cell(json_t *row, const char *text)
{
    json_array_append_new(row, json_string(text ? text : ""));
}

void stage_tree_source(json_t *table, const char *text)
{
    json_object_set_new(table, "source", json_string(text));
}

void stage_tree_drop_last(json_t *section)
{
    json_t *blocks = json_object_get(section, "blocks");
    size_t n = json_array_size(blocks);

    if (n)
        json_array_remove(blocks, n - 1);
}

size_t stage_tree_block_count(const json_t *section)
{
    return json_array_size(json_object_get(section, "blocks"));
}

/* --- the structure check ----------------------------------------------------------- */

struct checker {
    struct strbuf *errors;
    struct strbuf path;
    size_t problems;
};

static void problem(struct checker *c, const char *message, const char *quoted)
{
    strbuf_addf(c->errors, "%s: %s", c->path.len ? c->path.buf : "document", message);
    if (quoted)
        strbuf_addf(c->errors, " '%s'", quoted);
    strbuf_addch(c->errors, '\n');
    c->problems++;
}

/* The value of key, checked for type; NULL (and a problem) when absent or
 * of another type. */
static const json_t *need(struct checker *c, const json_t *obj, const char *key, json_type type)
{
    const json_t *v = json_object_get(obj, key);
    size_t saved = c->path.len;

    strbuf_addf(&c->path, "%s%s", c->path.len ? "." : "", key);
    if (!v) {
        problem(c, "missing key", key);
        v = NULL;
    } else if (json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v))) {
        static const char *const names[] = { "expected an object", "expected an array", "expected a string",
                                             "expected an integer", "expected a number", "expected a boolean",
                                             "expected a boolean", "expected null" };
        problem(c, names[type], NULL);
        v = NULL;
    }
    strbuf_setlen(&c->path, saved);
    return v;
}

static void check_strings(struct checker *c, const json_t *arr, const char *what)
{
    size_t i;
    const json_t *v;

    json_array_foreach(arr, i, v)
        if (!json_is_string(v)) {
            size_t saved = c->path.len;
            strbuf_addf(&c->path, "[%zu]", i);
            problem(c, what, NULL);
            strbuf_setlen(&c->path, saved);
        }
}

static void check_rows(struct checker *c, const json_t *table, const char *key, size_t width)
{
    const json_t *rows = need(c, table, key, JSON_ARRAY);
    size_t i, saved = c->path.len;
    const json_t *row;

    if (!rows)
        return;
    strbuf_addf(&c->path, ".%s", key);
    json_array_foreach(rows, i, row) {
        size_t inner = c->path.len;
        strbuf_addf(&c->path, "[%zu]", i);
        if (!json_is_array(row))
            problem(c, "a row must be an array of cells", NULL);
        else if (json_array_size(row) != width)
            problem(c, "a row must have as many cells as the table has columns", NULL);
        else
            check_strings(c, row, "cells must be strings");
        strbuf_setlen(&c->path, inner);
    }
    strbuf_setlen(&c->path, saved);
}

static void check_block(struct checker *c, const json_t *b)
{
    const json_t *type = need(c, b, "type", JSON_STRING);
    const char *t = type ? json_string_value(type) : "";

    if (!type)
        return;
    if (!strcmp(t, "paragraph") || !strcmp(t, "note")) {
        need(c, b, "text", JSON_STRING);
    } else if (!strcmp(t, "list")) {
        const json_t *items = need(c, b, "items", JSON_ARRAY);
        need(c, b, "ordered", JSON_TRUE);
        if (items)
            check_strings(c, items, "list items must be strings");
    } else if (!strcmp(t, "kv")) {
        const json_t *items = need(c, b, "items", JSON_ARRAY), *kv;
        size_t i;
        if (items)
            json_array_foreach(items, i, kv) {
                size_t saved = c->path.len;
                strbuf_addf(&c->path, ".items[%zu]", i);
                need(c, kv, "key", JSON_STRING);
                need(c, kv, "value", JSON_STRING);
                strbuf_setlen(&c->path, saved);
            }
    } else if (!strcmp(t, "table")) {
        const json_t *cols = need(c, b, "columns", JSON_ARRAY), *col;
        size_t i;
        need(c, b, "caption", JSON_STRING);
        need(c, b, "source", JSON_STRING);
        if (!cols)
            return;
        if (!json_array_size(cols))
            problem(c, "a table needs at least one column", NULL);
        json_array_foreach(cols, i, col) {
            size_t saved = c->path.len;
            const json_t *align;
            strbuf_addf(&c->path, ".columns[%zu]", i);
            need(c, col, "title", JSON_STRING);
            need(c, col, "code", JSON_TRUE);
            align = need(c, col, "align", JSON_STRING);
            if (align && strcmp(json_string_value(align), "left") && strcmp(json_string_value(align), "right"))
                problem(c, "align must be left or right, got", json_string_value(align));
            strbuf_setlen(&c->path, saved);
        }
        check_rows(c, b, "rows", json_array_size(cols));
        check_rows(c, b, "footer", json_array_size(cols));
    } else {
        problem(c, "unknown block type", t);
    }
}

static void check_sections(struct checker *c, const json_t *parent, int depth)
{
    const json_t *sections = need(c, parent, "sections", JSON_ARRAY), *s;
    size_t i;

    if (!sections)
        return;
    json_array_foreach(sections, i, s) {
        size_t saved = c->path.len;
        const json_t *blocks, *b;
        size_t j;

        strbuf_addf(&c->path, "%ssections[%zu]", c->path.len ? "." : "", i);
        if (!json_is_object(s)) {
            problem(c, "a section must be an object", NULL);
            strbuf_setlen(&c->path, saved);
            continue;
        }
        need(c, s, "id", JSON_STRING);
        need(c, s, "title", JSON_STRING);
        blocks = need(c, s, "blocks", JSON_ARRAY);
        if (blocks)
            json_array_foreach(blocks, j, b) {
                size_t inner = c->path.len;
                strbuf_addf(&c->path, ".blocks[%zu]", j);
                if (json_is_object(b))
                    check_block(c, b);
                else
                    problem(c, "a block must be an object", NULL);
                strbuf_setlen(&c->path, inner);
            }
        if (depth < 8)
            check_sections(c, s, depth + 1);
        else
            problem(c, "sections nested too deep", NULL);
        strbuf_setlen(&c->path, saved);
    }
}

size_t stage_tree_check(const json_t *doc, struct strbuf *errors)
{
    struct checker c;
    const json_t *v;

    memset(&c, 0, sizeof(c));
    c.errors = errors;
    strbuf_init(&c.path);
    if (!json_is_object(doc)) {
        problem(&c, "the document must be an object", NULL);
        return c.problems;
    }
    v = need(&c, doc, "schema", JSON_STRING);
    if (v && strcmp(json_string_value(v), STAGE_TREE_SCHEMA))
        problem(&c, "schema must be " STAGE_TREE_SCHEMA ", got", json_string_value(v));
    v = need(&c, doc, "stage", JSON_STRING);
    if (v && strcmp(json_string_value(v), "activator") && strcmp(json_string_value(v), "finder") &&
        strcmp(json_string_value(v), "implementer"))
        problem(&c, "unknown stage", json_string_value(v));
    need(&c, doc, "language", JSON_STRING);
    need(&c, doc, "title", JSON_STRING);
    need(&c, doc, "subtitle", JSON_STRING);
    need(&c, doc, "contents", JSON_STRING);
    need(&c, doc, "currency", JSON_STRING);
    need(&c, doc, "outline", JSON_STRING);
    need(&c, doc, "data", JSON_OBJECT);
    v = need(&c, doc, "city", JSON_OBJECT);
    if (v) {
        strbuf_addstr(&c.path, "city");
        need(&c, v, "id", JSON_STRING);
        need(&c, v, "name", JSON_STRING);
        strbuf_reset(&c.path);
    }
    v = need(&c, doc, "rules", JSON_OBJECT);
    if (v) {
        strbuf_addstr(&c.path, "rules");
        need(&c, v, "id", JSON_STRING);
        need(&c, v, "name", JSON_STRING);
        strbuf_reset(&c.path);
    }
    check_sections(&c, doc, 0);
    strbuf_release(&c.path);
    return c.problems;
}
