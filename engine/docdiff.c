/* docdiff.c - field-path diff of two document trees. */
#include "docdiff.h"
#include "doc.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <string.h>

/* Values longer than this are shortened in text output. */
#define TEXT_WIDTH 100

static void add(struct docdiff *out, enum docdiff_change change, const char *path, const struct doc_node *a,
                const struct doc_node *b)
{
    struct docdiff_entry *e;

    ALLOC_GROW(out->items, out->n + 1, out->alloc);
    e = &out->items[out->n++];
    e->change = change;
    e->path = xstrdup(path);
    e->old = a;
    e->new_ = b;
}

void docdiff_release(struct docdiff *diff)
{
    for (size_t i = 0; i < diff->n; i++)
        free(diff->items[i].path);
    free(diff->items);
    diff->items = NULL;
    diff->n = diff->alloc = 0;
}

static int is_scalar(const struct doc_node *n)
{
    return n->kind != DOC_SEQ && n->kind != DOC_MAP;
}

static int scalar_equal(const struct doc_node *a, const struct doc_node *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case DOC_NULL: return 1;
    case DOC_BOOL: return !a->v.boolean == !b->v.boolean;
    case DOC_INT: return a->v.integer == b->v.integer;
    case DOC_FLOAT: return a->v.real == b->v.real || (isnan(a->v.real) && isnan(b->v.real));
    case DOC_STRING: return a->n == b->n && !memcmp(a->text, b->text, a->n);
    default: return 0;
    }
}

static int node_equal(const struct doc_node *a, const struct doc_node *b)
{
    if (is_scalar(a) || is_scalar(b))
        return scalar_equal(a, b);
    if (a->kind != b->kind || a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->kind == DOC_SEQ) {
            if (!node_equal(a->v.items[i], b->v.items[i]))
                return 0;
        } else {
            const struct doc_node *other = doc_map_get(b, a->v.pairs[i].key->text);
            if (!other || !node_equal(a->v.pairs[i].value, other))
                return 0;
        }
    }
    return 1;
}

/* The string id of a list item, or NULL. */
static const char *item_id(const struct doc_node *item)
{
    const struct doc_node *id = item->kind == DOC_MAP ? doc_map_get(item, "id") : NULL;

    return id && id->kind == DOC_STRING && id->n && !memchr(id->text, '\0', id->n) ? id->text : NULL;
}

/* 1 when every item is a mapping with a string id, unique in the list. */
static int keyed_by_id(const struct doc_node *seq)
{
    for (size_t i = 0; i < seq->n; i++) {
        const char *id = item_id(seq->v.items[i]);
        if (!id)
            return 0;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(id, item_id(seq->v.items[j])))
                return 0;
    }
    return 1;
}

static const struct doc_node *find_by_id(const struct doc_node *seq, const char *id)
{
    for (size_t i = 0; i < seq->n; i++)
        if (!strcmp(item_id(seq->v.items[i]), id))
            return seq->v.items[i];
    return NULL;
}

static int all_scalars(const struct doc_node *seq)
{
    for (size_t i = 0; i < seq->n; i++)
        if (!is_scalar(seq->v.items[i]))
            return 0;
    return 1;
}

static void diff_node(struct docdiff *out, struct strbuf *path, const struct doc_node *a, const struct doc_node *b);

static void diff_child(struct docdiff *out, struct strbuf *path, const char *key, int is_index, size_t index,
                       const struct doc_node *a, const struct doc_node *b)
{
    size_t len = path->len;

    if (is_index)
        strbuf_addf(path, "[%zu]", index);
    else if (key && index == (size_t)-1)
        strbuf_addf(path, "[id=%s]", key);
    else
        strbuf_addf(path, "%s%s", path->len ? "." : "", key);
    if (!a)
        add(out, DOCDIFF_ADDED, path->buf, NULL, b);
    else if (!b)
        add(out, DOCDIFF_REMOVED, path->buf, a, NULL);
    else
        diff_node(out, path, a, b);
    strbuf_setlen(path, len);
}

static void diff_map(struct docdiff *out, struct strbuf *path, const struct doc_node *a, const struct doc_node *b)
{
    for (size_t i = 0; i < a->n; i++) {
        const char *key = a->v.pairs[i].key->text;
        diff_child(out, path, key, 0, 0, a->v.pairs[i].value, doc_map_get(b, key));
    }
    for (size_t i = 0; i < b->n; i++) {
        const char *key = b->v.pairs[i].key->text;
        if (!doc_map_get(a, key))
            diff_child(out, path, key, 0, 0, NULL, b->v.pairs[i].value);
    }
}

static void diff_seq(struct docdiff *out, struct strbuf *path, const struct doc_node *a, const struct doc_node *b)
{
    if (a->n && b->n && keyed_by_id(a) && keyed_by_id(b)) {
        for (size_t i = 0; i < a->n; i++) {
            const char *id = item_id(a->v.items[i]);
            diff_child(out, path, id, 0, (size_t)-1, a->v.items[i], find_by_id(b, id));
        }
        for (size_t i = 0; i < b->n; i++) {
            const char *id = item_id(b->v.items[i]);
            if (!find_by_id(a, id))
                diff_child(out, path, id, 0, (size_t)-1, NULL, b->v.items[i]);
        }
        return;
    }
    if (all_scalars(a) && all_scalars(b)) {
        if (!node_equal(a, b))
            add(out, DOCDIFF_CHANGED, path->buf, a, b);
        return;
    }
    for (size_t i = 0; i < a->n || i < b->n; i++)
        diff_child(out, path, NULL, 1, i, i < a->n ? a->v.items[i] : NULL, i < b->n ? b->v.items[i] : NULL);
}

static void diff_node(struct docdiff *out, struct strbuf *path, const struct doc_node *a, const struct doc_node *b)
{
    if (a->kind == DOC_MAP && b->kind == DOC_MAP)
        diff_map(out, path, a, b);
    else if (a->kind == DOC_SEQ && b->kind == DOC_SEQ)
        diff_seq(out, path, a, b);
    else if (!node_equal(a, b))
        add(out, DOCDIFF_CHANGED, path->buf, a, b);
}

void docdiff_compute(struct docdiff *out, const struct doc_node *a, const struct doc_node *b)
{
    struct strbuf path = STRBUF_INIT;

    if (!a && !b)
        return;
    if (!a)
        add(out, DOCDIFF_ADDED, "", NULL, b);
    else if (!b)
        add(out, DOCDIFF_REMOVED, "", a, NULL);
    else
        diff_node(out, &path, a, b);
    strbuf_release(&path);
}

/* --- rendering -------------------------------------------------------------- */

static void render_string(struct strbuf *sb, const char *s, size_t n)
{
    strbuf_addch(sb, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            strbuf_addf(sb, "\\%c", c);
        else if (c == '\n')
            strbuf_addstr(sb, "\\n");
        else if (c == '\t')
            strbuf_addstr(sb, "\\t");
        else if (c < 0x20 || c == 0x7f)
            strbuf_addf(sb, "\\u%04x", c);
        else
            strbuf_addch(sb, (char)c);
    }
    strbuf_addch(sb, '"');
}

/* A compact flow rendering: {key: value, ...}, [a, b], "text", 12. Stops
 * early once sb is past limit (the caller shortens). */
static void render(struct strbuf *sb, const struct doc_node *n, size_t limit)
{
    if (sb->len > limit)
        return;
    switch (n->kind) {
    case DOC_NULL: strbuf_addstr(sb, "null"); break;
    case DOC_BOOL: strbuf_addstr(sb, n->v.boolean ? "true" : "false"); break;
    case DOC_INT:
    case DOC_FLOAT: strbuf_add(sb, n->text, n->n); break;
    case DOC_STRING: render_string(sb, n->text, n->n); break;
    case DOC_SEQ:
        strbuf_addch(sb, '[');
        for (size_t i = 0; i < n->n && sb->len <= limit; i++) {
            if (i)
                strbuf_addstr(sb, ", ");
            render(sb, n->v.items[i], limit);
        }
        strbuf_addch(sb, ']');
        break;
    case DOC_MAP:
        strbuf_addch(sb, '{');
        for (size_t i = 0; i < n->n && sb->len <= limit; i++) {
            if (i)
                strbuf_addstr(sb, ", ");
            strbuf_addf(sb, "%s: ", n->v.pairs[i].key->text);
            render(sb, n->v.pairs[i].value, limit);
        }
        strbuf_addch(sb, '}');
        break;
    }
}

/* Shorten to about TEXT_WIDTH bytes without cutting a UTF-8 sequence. */
static void render_short(struct strbuf *sb, const struct doc_node *n)
{
    size_t start = sb->len, cut;

    if (!n) {
        strbuf_addstr(sb, "(absent)");
        return;
    }
    render(sb, n, start + TEXT_WIDTH);
    if (sb->len - start <= TEXT_WIDTH)
        return;
    cut = start + TEXT_WIDTH - 1;
    while (cut > start && ((unsigned char)sb->buf[cut] & 0xc0) == 0x80)
        cut--;
    strbuf_setlen(sb, cut);
    strbuf_addstr(sb, "…");
}

void docdiff_print_text(const struct docdiff *diff, FILE *out, const char *indent)
{
    struct strbuf sb = STRBUF_INIT;

    if (!diff->n)
        fprintf(out, "%sno field changes\n", indent ? indent : "");
    for (size_t i = 0; i < diff->n; i++) {
        const struct docdiff_entry *e = &diff->items[i];
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%s%s: ", indent ? indent : "", e->path[0] ? e->path : "(document)");
        render_short(&sb, e->old);
        strbuf_addstr(&sb, " → ");
        render_short(&sb, e->new_);
        fprintf(out, "%s\n", sb.buf);
    }
    strbuf_release(&sb);
}

json_t *docdiff_node_json(const struct doc_node *n)
{
    json_t *j;

    switch (n->kind) {
    case DOC_NULL: return json_null();
    case DOC_BOOL: return json_boolean(n->v.boolean);
    case DOC_INT: return json_integer(n->v.integer);
    case DOC_FLOAT:
        /* JSON has no NaN or infinity: keep them as their text. */
        return isfinite(n->v.real) ? json_real(n->v.real) : json_stringn(n->text, n->n);
    case DOC_STRING: return json_stringn(n->text, n->n);
    case DOC_SEQ:
        j = json_array();
        for (size_t i = 0; i < n->n; i++)
            json_array_append_new(j, docdiff_node_json(n->v.items[i]));
        return j;
    case DOC_MAP:
        j = json_object();
        for (size_t i = 0; i < n->n; i++)
            json_object_set_new(j, n->v.pairs[i].key->text, docdiff_node_json(n->v.pairs[i].value));
        return j;
    }
    return json_null();
}

json_t *docdiff_to_json(const struct docdiff *diff)
{
    static const char *const names[] = { "changed", "added", "removed" };
    json_t *arr = json_array();

    for (size_t i = 0; i < diff->n; i++) {
        const struct docdiff_entry *e = &diff->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "path", json_string(e->path));
        json_object_set_new(o, "change", json_string(names[e->change]));
        if (e->old)
            json_object_set_new(o, "old", docdiff_node_json(e->old));
        if (e->new_)
            json_object_set_new(o, "new", docdiff_node_json(e->new_));
        json_array_append_new(arr, o);
    }
    return arr;
}
