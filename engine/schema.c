/* schema.c - the one validator: walks a document against a schema table,
 * reports every problem with its place, and binds values into model structs. */
#include "schema.h"
#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "iso.h"
#include "model.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct binder {
    const char *file;
    struct arena *arena;
    const struct schema_refs *refs;
    struct diag_list *diags;
    struct strbuf path;
    const char *scope; /* name of the filter/scorer whose params are being read */
    size_t problems;
};

static void report(struct binder *b, const struct doc_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct binder *b, const struct doc_node *at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    diag_addv(b->diags, b->file, at ? at->line : 1, at ? at->col : 1, b->path.buf, fmt, ap);
    va_end(ap);
    b->problems++;
}

static size_t push_key(struct binder *b, const char *key)
{
    size_t saved = b->path.len;

    if (b->path.len)
        strbuf_addch(&b->path, '.');
    strbuf_addstr(&b->path, key);
    return saved;
}

static size_t push_index(struct binder *b, size_t index)
{
    size_t saved = b->path.len;

    strbuf_addf(&b->path, "[%zu]", index);
    return saved;
}

/* --- suggestions ------------------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[65];

    if (la > 64 || lb > 64)
        return (size_t)-1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *schema_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t len = strlen(word);
    size_t limit = len < 4 ? 1 : len < 9 ? 2 : 3;

    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

/* --- formats ------------------------------------------------------------ */

static int is_kebab(const char *s, size_t len)
{
    if (!len || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
        return 0;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
        if (c == '-' && (s[i - 1] == '-' || i + 1 == len))
            return 0;
    }
    return 1;
}

const char *schema_check_format(enum schema_format format, const char *s, size_t len)
{
    switch (format) {
    case FORMAT_ANY:
        return NULL;
    case FORMAT_LINE:
        return memchr(s, '\n', len) ? "must be a single line" : NULL;
    case FORMAT_ID:
        if (len > 64)
            return "ids are at most 64 characters";
        return is_kebab(s, len) ? NULL : "ids are lowercase letters, digits and single hyphens (like \"road-safety\")";
    case FORMAT_DOMAIN_ID: {
        const char *seg = s, *end = s + len;
        if (len > 96)
            return "domain ids are at most 96 characters";
        while (seg <= end) {
            const char *slash = memchr(seg, '/', (size_t)(end - seg));
            const char *stop = slash ? slash : end;
            if (!is_kebab(seg, (size_t)(stop - seg)))
                return "domain ids are kebab-case segments joined by '/' (like \"mobility/parking\")";
            if (!slash)
                break;
            seg = slash + 1;
        }
        return NULL;
    }
    case FORMAT_COUNTRY:
        return iso_country_valid(s) ? NULL : "not an ISO 3166-1 alpha-2 country code (like \"KE\")";
    case FORMAT_CURRENCY:
        return iso_currency_valid(s) ? NULL : "not an ISO 4217 currency code (like \"USD\")";
    case FORMAT_LANGUAGE:
        return iso_language_valid(s) ? NULL : "not an ISO 639-1 language code (like \"fr\")";
    case FORMAT_EMAIL: {
        const char *at = memchr(s, '@', len);
        if (!at || at == s || !strchr(at, '.') || strchr(s, ' ') || at[1] == '.')
            return "not an e-mail address";
        return NULL;
    }
    case FORMAT_URL:
        if (strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
            return "must start with https:// or http://";
        return strchr(s, ' ') ? "must not contain spaces" : NULL;
    case FORMAT_DATE: {
        int y, m, d;
        char extra;
        if (len != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 ||
            d < 1 || d > 31)
            return "not a date in YYYY-MM-DD form";
        return NULL;
    }
    }
    return NULL;
}

static const char *ref_noun(enum schema_ref ref)
{
    switch (ref) {
    case REF_DOMAIN: return "domain";
    case REF_CAPABILITY: return "capability";
    case REF_KPI: return "KPI";
    case REF_STANDARD: return "standard";
    case REF_VENDOR: return "vendor";
    case REF_RATE: return "currency";
    case REF_FILTER: return "filter";
    case REF_SCORER: return "scorer";
    case REF_FILTER_PARAM: return "filter parameter";
    case REF_SCORER_PARAM: return "scorer parameter";
    case REF_CITY: return "city";
    case REF_SOLUTION: return "solution";
    case REF_PROBLEM: return "problem";
    default: return "value";
    }
}

static const char *ref_where(enum schema_ref ref)
{
    switch (ref) {
    case REF_DOMAIN: return "the taxonomy (rules/taxonomy.yaml)";
    case REF_CAPABILITY: return "the taxonomy's capabilities";
    case REF_KPI: return "the KPI catalogue (rules/kpis.yaml)";
    case REF_STANDARD: return "the taxonomy's standards";
    case REF_VENDOR: return "vendors/";
    case REF_RATE: return "the currency rates (rules/currencies.yaml)";
    case REF_FILTER: return "the scoring engine's filters";
    case REF_SCORER: return "the scoring engine's scorers";
    default: return "the scoring engine";
    }
}

/* --- binding ------------------------------------------------------------ */

static void init_value(const struct schema_field *f, void *dst);

static void init_object(const struct schema_object *obj, void *dst)
{
    memset(dst, 0, obj->size);
    for (const struct schema_field *f = obj->fields; f->name; f++)
        init_value(f, (char *)dst + f->offset);
}

static void init_value(const struct schema_field *f, void *dst)
{
    switch (f->type) {
    case SCHEMA_INT:
    case SCHEMA_NUMBER:
        *(double *)dst = NAN;
        break;
    case SCHEMA_BOOL:
    case SCHEMA_ENUM:
        *(int *)dst = -1;
        break;
    case SCHEMA_OBJECT:
        init_object(f->object, dst);
        break;
    default:
        break;
    }
}

static size_t element_size(const struct schema_field *elem, size_t declared)
{
    if (declared)
        return declared;
    switch (elem->type) {
    case SCHEMA_STRING: return sizeof(const char *);
    case SCHEMA_INT:
    case SCHEMA_NUMBER: return sizeof(double);
    case SCHEMA_BOOL:
    case SCHEMA_ENUM: return sizeof(int);
    case SCHEMA_OBJECT: return elem->object->size;
    default: die("schema: element size of a nested list must be declared");
    }
}

static void bind_object(struct binder *b, const struct schema_object *obj, const struct doc_node *node,
                        void *dst);

static void type_error(struct binder *b, const struct doc_node *node, const char *want)
{
    struct strbuf got = STRBUF_INIT;

    doc_describe(&got, node);
    report(b, node, "expected %s, got %s", want, got.buf);
    strbuf_release(&got);
}

static void check_range(struct binder *b, const struct schema_field *f, const struct doc_node *node,
                        double v, const char *what)
{
    struct strbuf got = STRBUF_INIT;

    if (!(f->flags & SCHEMA_RANGE) || (v >= f->min && v <= f->max))
        return;
    /* The value as written: %g would turn a budget of -1500000 into -1.5e+06. */
    doc_describe(&got, node);
    if (f->max >= 1e15)
        report(b, node, "%s must be at least %.15g, got %s", what, f->min, got.buf);
    else
        report(b, node, "%s must be between %.15g and %.15g, got %s", what, f->min, f->max, got.buf);
    strbuf_release(&got);
}

static void check_string_ref(struct binder *b, const struct schema_field *f, const struct doc_node *node,
                             const char *s)
{
    struct strbuf extra = STRBUF_INIT;
    int rc;

    if (f->ref == REF_NONE || !b->refs)
        return;
    if (f->flags & SCHEMA_DEFINES) {
        if (b->refs->define && b->refs->define(b->refs->data, f->ref, s, b->file, node->line,
                                               node->col, &extra) < 0)
            report(b, node, "duplicate %s id '%s'%s%s%s", ref_noun(f->ref), s,
                   extra.len ? " (first defined at " : "", extra.buf, extra.len ? ")" : "");
    } else if (b->refs->check) {
        rc = b->refs->check(b->refs->data, f->ref, b->scope, s, &extra);
        if (rc == 0)
            report(b, node, "unknown %s '%s': not in %s%s%s%s", ref_noun(f->ref), s, ref_where(f->ref),
                   extra.len ? " (did you mean '" : "", extra.buf, extra.len ? "'?)" : "");
    }
    strbuf_release(&extra);
}

static int bind_scalar_string(struct binder *b, const struct schema_field *f, const struct doc_node *node,
                              const char **dst)
{
    const char *msg;

    if (node->kind == DOC_SEQ || node->kind == DOC_MAP || node->kind == DOC_BOOL) {
        type_error(b, node, "a string");
        return -1;
    }
    if ((f->flags & SCHEMA_RANGE) && (node->n < f->min || node->n > f->max)) {
        if (node->n < f->min && f->min == 1)
            report(b, node, "must not be empty");
        else
            report(b, node, "must be %g to %g characters long, got %zu", f->min, f->max, node->n);
        return -1;
    }
    msg = schema_check_format(f->format, node->text, node->n);
    if (msg) {
        struct strbuf got = STRBUF_INIT;
        doc_describe(&got, node);
        report(b, node, "%s: %s", got.buf, msg);
        strbuf_release(&got);
        return -1;
    }
    /* Copied: the document tree is freed once its file is bound. */
    *dst = arena_strndup(b->arena, node->text, node->n);
    check_string_ref(b, f, node, *dst); /* the arena copy: ids outlive the document */
    return 0;
}

static void bind_value(struct binder *b, const struct schema_field *f, const struct doc_node *node, void *dst)
{
    switch (f->type) {
    case SCHEMA_STRING:
        bind_scalar_string(b, f, node, (const char **)dst);
        if ((f->ref == REF_FILTER || f->ref == REF_SCORER) && *(const char **)dst)
            b->scope = *(const char **)dst;
        break;
    case SCHEMA_INT:
        if (node->kind == DOC_INT || (node->kind == DOC_FLOAT && isfinite(node->v.real) &&
                                      node->v.real == floor(node->v.real))) {
            double v = node->kind == DOC_INT ? (double)node->v.integer : node->v.real;
            check_range(b, f, node, v, "value");
            *(double *)dst = v;
        } else {
            type_error(b, node, "an integer");
        }
        break;
    case SCHEMA_NUMBER:
        if (node->kind == DOC_INT) {
            *(double *)dst = (double)node->v.integer;
        } else if (node->kind == DOC_FLOAT && isfinite(node->v.real)) {
            *(double *)dst = node->v.real;
        } else {
            type_error(b, node, node->kind == DOC_FLOAT ? "a finite number" : "a number");
            break;
        }
        check_range(b, f, node, *(double *)dst, "value");
        break;
    case SCHEMA_BOOL:
        if (node->kind == DOC_BOOL)
            *(int *)dst = node->v.boolean;
        else
            type_error(b, node, "true or false");
        break;
    case SCHEMA_ENUM: {
        size_t n = 0;
        int found = -1;
        struct strbuf list = STRBUF_INIT, got = STRBUF_INIT;

        while (f->values[n])
            n++;
        if (node->kind == DOC_STRING)
            for (size_t i = 0; i < n; i++)
                if (!strcmp(node->text, f->values[i]))
                    found = (int)i;
        if (found >= 0) {
            *(int *)dst = found;
            break;
        }
        for (size_t i = 0; i < n; i++)
            strbuf_addf(&list, "%s%s", i ? ", " : "", f->values[i]);
        doc_describe(&got, node);
        if (node->kind == DOC_STRING && schema_suggest(node->text, f->values, n))
            report(b, node, "expected one of %s; got %s (did you mean \"%s\"?)", list.buf, got.buf,
                   schema_suggest(node->text, f->values, n));
        else
            report(b, node, "expected one of %s; got %s", list.buf, got.buf);
        strbuf_release(&list);
        strbuf_release(&got);
        break;
    }
    case SCHEMA_OBJECT:
        bind_object(b, f->object, node, dst);
        break;
    case SCHEMA_LIST: {
        struct { void *items; size_t n; } *list = dst;
        size_t esize = element_size(f->elem, f->elem_size);

        if (node->kind != DOC_SEQ) {
            type_error(b, node, "a list");
            break;
        }
        if ((f->flags & SCHEMA_RANGE) && (node->n < f->min || node->n > f->max)) {
            if (node->n < f->min)
                report(b, node, "must have at least %g item%s, got %zu", f->min, f->min == 1 ? "" : "s", node->n);
            else
                report(b, node, "must have at most %g items, got %zu", f->max, node->n);
        }
        list->items = arena_alloc(b->arena, node->n * esize);
        list->n = node->n;
        for (size_t i = 0; i < node->n; i++) {
            const struct doc_node *item = node->v.items[i];
            void *edst = (char *)list->items + i * esize;
            size_t saved = push_index(b, i);

            init_value(f->elem, (char *)edst + f->elem->offset);
            if (item->kind == DOC_NULL)
                report(b, item, "list items must not be empty");
            else
                bind_value(b, f->elem, item, (char *)edst + f->elem->offset);
            if ((f->flags & SCHEMA_UNIQUE) && item->kind != DOC_SEQ && item->kind != DOC_MAP && item->text)
                for (size_t j = 0; j < i; j++) {
                    const struct doc_node *prev = node->v.items[j];
                    if (prev->text && prev->n == item->n && !memcmp(prev->text, item->text, item->n)) {
                        report(b, item, "'%s' is listed twice", item->text);
                        break;
                    }
                }
            strbuf_setlen(&b->path, saved);
        }
        break;
    }
    case SCHEMA_MAP: {
        struct { void *items; size_t n; } *map = dst;
        size_t esize = f->elem_size;

        if (node->kind != DOC_MAP) {
            type_error(b, node, "a mapping");
            break;
        }
        map->items = arena_alloc(b->arena, node->n * esize);
        map->n = node->n;
        for (size_t i = 0; i < node->n; i++) {
            const struct doc_node *key = node->v.pairs[i].key, *value = node->v.pairs[i].value;
            char *edst = (char *)map->items + i * esize;
            size_t saved = push_key(b, key->text);
            /* The key is described by the map field's own format and ref. */
            struct schema_field key_field = *f;

            key_field.type = SCHEMA_STRING;
            key_field.min = 1;
            key_field.max = 64;
            key_field.flags = SCHEMA_RANGE;
            memset(edst, 0, esize);
            init_value(f->elem, edst + f->elem->offset);
            bind_scalar_string(b, &key_field, key, (const char **)edst);
            if (value->kind == DOC_NULL)
                report(b, value, "missing value");
            else
                bind_value(b, f->elem, value, edst + f->elem->offset);
            strbuf_setlen(&b->path, saved);
        }
        break;
    }
    }
}

static void bind_object(struct binder *b, const struct schema_object *obj, const struct doc_node *node,
                        void *dst)
{
    const char *names[64];
    size_t nnames = 0;
    const char *saved_scope = b->scope;

    if (obj->pos_offset >= 0) {
        struct src_pos *pos = (struct src_pos *)((char *)dst + obj->pos_offset);
        pos->file = b->file;
        pos->line = node->line;
        pos->col = node->col;
    }
    if (node->kind != DOC_MAP) {
        type_error(b, node, "a mapping");
        return;
    }
    /* Fields in schema order, so a filter's name is known before its params. */
    for (const struct schema_field *f = obj->fields; f->name; f++) {
        const struct doc_node *value = doc_map_get(node, f->name);
        size_t saved;

        if (nnames < ARRAY_SIZE(names))
            names[nnames++] = f->name;
        if (!value || value->kind == DOC_NULL) {
            if (f->flags & SCHEMA_REQUIRED) {
                saved = push_key(b, f->name);
                report(b, value ? value : node, "missing required field");
                strbuf_setlen(&b->path, saved);
            }
            continue;
        }
        saved = push_key(b, f->name);
        bind_value(b, f, value, (char *)dst + f->offset);
        strbuf_setlen(&b->path, saved);
    }
    for (size_t i = 0; i < node->n; i++) {
        const struct doc_node *key = node->v.pairs[i].key;
        int known = 0;

        for (size_t j = 0; j < nnames && !known; j++)
            known = !strcmp(names[j], key->text);
        if (!known) {
            const char *hint = schema_suggest(key->text, names, nnames);
            size_t saved = push_key(b, key->text);
            if (hint)
                report(b, key, "unknown field '%s' (did you mean '%s'?)", key->text, hint);
            else
                report(b, key, "unknown field '%s'", key->text);
            strbuf_setlen(&b->path, saved);
        }
    }
    b->scope = saved_scope;
}

size_t schema_bind(void *out, const struct schema_object *object, const struct doc_node *root,
                   const char *file, struct arena *arena, const struct schema_refs *refs,
                   struct diag_list *diags)
{
    struct binder b;

    memset(&b, 0, sizeof(b));
    b.file = file;
    b.arena = arena;
    b.refs = refs;
    b.diags = diags;
    strbuf_init(&b.path);
    init_object(object, out);
    if (root->kind == DOC_NULL)
        report(&b, root, "the file is empty; expected a %s", object->name);
    else
        bind_object(&b, object, root, out);
    strbuf_release(&b.path);
    return b.problems;
}

/* --- documentation ------------------------------------------------------- */

static const char *type_label(const struct schema_field *f, struct strbuf *tmp)
{
    strbuf_reset(tmp);
    switch (f->type) {
    case SCHEMA_STRING:
        switch (f->format) {
        case FORMAT_ID: return "id";
        case FORMAT_DOMAIN_ID: return "domain id";
        case FORMAT_COUNTRY: return "country code";
        case FORMAT_CURRENCY: return "currency code";
        case FORMAT_LANGUAGE: return "language code";
        case FORMAT_EMAIL: return "e-mail";
        case FORMAT_URL: return "URL";
        case FORMAT_DATE: return "date";
        default: return "text";
        }
    case SCHEMA_INT: return "integer";
    case SCHEMA_NUMBER: return "number";
    case SCHEMA_BOOL: return "boolean";
    case SCHEMA_ENUM:
        for (size_t i = 0; f->values[i]; i++)
            strbuf_addf(tmp, "%s`%s`", i ? " \\| " : "", f->values[i]);
        return tmp->buf;
    case SCHEMA_OBJECT: return "mapping";
    case SCHEMA_LIST:
        strbuf_addstr(tmp, "list of ");
        strbuf_addstr(tmp, f->elem->type == SCHEMA_OBJECT ? "mappings" :
                           f->elem->type == SCHEMA_ENUM ? "values" : "items");
        return tmp->buf;
    case SCHEMA_MAP: return "mapping of name → value";
    }
    return "";
}

static void describe_fields(struct strbuf *out, const struct schema_object *obj, const char *prefix)
{
    struct strbuf tmp = STRBUF_INIT, label = STRBUF_INIT;

    for (const struct schema_field *f = obj->fields; f->name; f++) {
        const struct schema_field *inner = f;

        strbuf_addf(out, "| `%s%s` | %s", prefix, f->name, type_label(f, &label));
        if (f->type == SCHEMA_LIST && f->elem->type == SCHEMA_ENUM) {
            strbuf_addstr(out, ": ");
            strbuf_addstr(out, type_label(f->elem, &tmp));
        }
        strbuf_addf(out, " | %s | %s", f->flags & SCHEMA_REQUIRED ? "yes" : "no", f->doc ? f->doc : "");
        if (f->ref != REF_NONE && !(f->flags & SCHEMA_DEFINES))
            strbuf_addf(out, " Must be in %s.", ref_where(f->ref));
        else if (f->type == SCHEMA_LIST && f->elem->ref != REF_NONE)
            strbuf_addf(out, " Each must be in %s.", ref_where(f->elem->ref));
        if ((f->flags & SCHEMA_RANGE) && (f->type == SCHEMA_INT || f->type == SCHEMA_NUMBER))
            strbuf_addf(out, f->max >= 1e15 ? " At least %.15g." : " From %.15g to %.15g.", f->min, f->max);
        strbuf_addf(out, " | %s%s%s |\n", f->example ? "`" : "", f->example ? f->example : "",
                    f->example ? "`" : "");
        if (f->type == SCHEMA_LIST || f->type == SCHEMA_MAP)
            inner = f->elem;
        if (inner->type == SCHEMA_OBJECT) {
            struct strbuf sub = STRBUF_INIT;
            strbuf_addf(&sub, "%s%s%s.", prefix, f->name, f->type == SCHEMA_LIST ? "[]" : "");
            describe_fields(out, inner->object, sub.buf);
            strbuf_release(&sub);
        }
    }
    strbuf_release(&tmp);
    strbuf_release(&label);
}

void schema_describe_markdown(struct strbuf *out, const struct schema_object *object)
{
    strbuf_addstr(out, "| field | type | required | meaning | example |\n|---|---|---|---|---|\n");
    describe_fields(out, object, "");
}
