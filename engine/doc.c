/* doc.c - libyaml events -> doc_node tree, with limits and positions. */
#include "doc.h"
#include "arena.h"
#include "diag.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

const struct doc_limits doc_default_limits = {
    .max_file_bytes = 1024 * 1024,
    .max_depth = 64,
    .max_scalar_bytes = 64 * 1024,
    .max_nodes = 100000,
};

/* An open collection. Its children sit on the loader's shared scratch stack
 * from index `first` up, so building a collection costs one copy at its end. */
struct frame {
    struct doc_node *node;
    size_t first;
};

struct loader {
    struct arena *arena;
    const char *name;
    const struct doc_limits *lim;
    struct diag_list *diags;
    struct frame *frames;
    size_t nframes, frames_alloc;
    struct doc_node **scratch;
    size_t nscratch, scratch_alloc;
    size_t nodes;
    int documents;
    yaml_mark_t document_mark; /* end of the document's "---", or its start */
    struct doc_node *root;
};

static void append_path(struct strbuf *sb, const struct loader *ld, size_t upto)
{
    for (size_t i = 0; i < upto; i++) {
        const struct frame *f = &ld->frames[i];
        int inner = i + 1 == ld->nframes;
        /* An outer frame's last pushed child is the open collection below it. */
        size_t count = (inner ? ld->nscratch : ld->frames[i + 1].first) - f->first;

        if (f->node->kind == DOC_SEQ) {
            strbuf_addf(sb, "[%zu]", inner ? count : count - 1);
        } else if (count % 2 == 1 || (!inner && count >= 2)) {
            const struct doc_node *key = ld->scratch[f->first + ((count - 1) & ~(size_t)1)];
            size_t n = key->n > 60 ? 60 : key->n;

            /* Cut on a character boundary: the path must stay valid UTF-8 (JSON output). */
            while (n < key->n && n > 0 && ((unsigned char)key->text[n] & 0xC0) == 0x80)
                n--;
            /* Not sb->len: after an empty key ("") the dot is still needed. */
            if (i > 0)
                strbuf_addch(sb, '.');
            strbuf_add(sb, key->text, n);
        }
    }
}

static int fail(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct loader *ld, unsigned line, unsigned col, const char *fmt, ...)
{
    struct strbuf path = STRBUF_INIT;
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    append_path(&path, ld, ld->nframes);
    diag_add(ld->diags, ld->name, line, col, path.buf, "%s", msg);
    strbuf_release(&path);
    return DOC_ERR_PARSE;
}

/* Length of the longest valid UTF-8 prefix of s[0..len). */
static size_t utf8_prefix(const char *s, size_t len)
{
    const unsigned char *start = (const unsigned char *)s, *p = start, *end = p + len;

    while (p < end) {
        unsigned c = *p;
        size_t need;
        unsigned cp;

        if (c < 0x80) {
            /* Mostly ASCII: skip eight plain bytes at a time. */
            while (end - p >= 8) {
                uint64_t w;
                memcpy(&w, p, 8);
                if (w & 0x8080808080808080ull)
                    break;
                p += 8;
            }
            while (p < end && *p < 0x80)
                p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return (size_t)(p - start);
        }
        if ((size_t)(end - p) <= need)
            return (size_t)(p - start);
        for (size_t i = 1; i <= need; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return (size_t)(p - start);
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return (size_t)(p - start);
        p += need + 1;
    }
    return len;
}

int utf8_valid(const char *s, size_t len)
{
    return utf8_prefix(s, len) == len;
}

/* Line and column (1-based, counted in characters as libyaml does) of byte
 * offset off in buf. */
static void position_at(const char *buf, size_t off, unsigned *line, unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (c == '\n' || (c == '\r' && (i + 1 >= off || buf[i + 1] != '\n'))) {
            (*line)++;
            *col = 1;
        } else if ((c & 0xC0) != 0x80 && c != '\r') {
            (*col)++;
        }
    }
}

/* YAML 1.2 core schema resolution of a plain scalar. */
static int is_core_int(const char *s, size_t n)
{
    size_t i = 0;

    if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        for (i = 2; i < n; i++)
            if (s[1] == 'o' ? !(s[i] >= '0' && s[i] <= '7') : !strchr("0123456789abcdefABCDEF", s[i]))
                return 0;
        return 1;
    }
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    if (i == n)
        return 0;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int is_core_float(const char *s, size_t n)
{
    size_t i = 0, digits = 0;

    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    if (!strcmp(s + i, ".inf") || !strcmp(s + i, ".Inf") || !strcmp(s + i, ".INF"))
        return 1;
    if (!strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN"))
        return 1;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp_digits = 0;
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, exp_digits++;
        if (!exp_digits)
            return 0;
    }
    return i == n;
}

static double parse_float(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');

    if (*p == '.' && (p[1] == 'i' || p[1] == 'I'))
        return *s == '-' ? -INFINITY : INFINITY;
    if (*p == '.' && (p[1] == 'n' || p[1] == 'N'))
        return NAN;
    return strtod(s, NULL);
}

/* 0x/0o digits as a real number: strtod knows no octal and would read "0o17" as 0. */
static double radix_real(const char *digits, int base)
{
    double r = 0;

    for (const char *p = digits; *p; p++)
        r = r * base + (*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
    return r;
}

static void resolve_as(struct doc_node *node, enum doc_kind kind)
{
    const char *s = node->text;
    int radix = s[0] == '0' && (s[1] == 'o' || s[1] == 'x') ? (s[1] == 'o' ? 8 : 16) : 10;

    node->kind = kind;
    switch (kind) {
    case DOC_BOOL:
        node->v.boolean = (s[0] == 't' || s[0] == 'T');
        break;
    case DOC_INT:
        errno = 0;
        if (radix != 10) {
            unsigned long long u = strtoull(s + 2, NULL, radix);

            /* Past LLONG_MAX the cast would wrap to a negative number. */
            if (u > LLONG_MAX)
                errno = ERANGE;
            node->v.integer = (long long)u;
        } else {
            node->v.integer = strtoll(s, NULL, 10);
        }
        if (errno == ERANGE) {
            /* Too large for 64 bits: keep the magnitude as a real number. */
            node->kind = DOC_FLOAT;
            node->v.real = radix != 10 ? radix_real(s + 2, radix) : strtod(s, NULL);
        }
        break;
    case DOC_FLOAT:
        /* An integer's text under !!float, possibly 0x/0o. */
        node->v.real = radix != 10 && is_core_int(s, node->n) ? radix_real(s + 2, radix) : parse_float(s);
        break;
    default:
        break;
    }
}

static enum doc_kind core_kind(const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '~'))
        return DOC_NULL;
    /* Most scalars are words: only these lengths and letters can be a core
     * null or bool, and only a digit, sign or dot can start a number. */
    if (n == 4 && (!strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL")))
        return DOC_NULL;
    if ((n == 4 && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))) ||
        (n == 5 && (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))))
        return DOC_BOOL;
    if (!(s[0] >= '0' && s[0] <= '9') && s[0] != '-' && s[0] != '+' && s[0] != '.')
        return DOC_STRING;
    if (is_core_int(s, n))
        return DOC_INT;
    if (is_core_float(s, n))
        return DOC_FLOAT;
    return DOC_STRING;
}

#define CORE_TAG "tag:yaml.org,2002:"

/* Apply a scalar's tag; returns 0, or a message for a tag we refuse. */
static const char *resolve_scalar(struct doc_node *node, const char *tag, int plain)
{
    enum doc_kind want;

    if (!tag || !strcmp(tag, "!")) {
        resolve_as(node, plain && !tag ? core_kind(node->text, node->n) : DOC_STRING);
        return NULL;
    }
    if (strncmp(tag, CORE_TAG, strlen(CORE_TAG)))
        return "tags outside the YAML core schema are not allowed";
    tag += strlen(CORE_TAG);
    if (!strcmp(tag, "str"))
        want = DOC_STRING;
    else if (!strcmp(tag, "int"))
        want = DOC_INT;
    else if (!strcmp(tag, "float"))
        want = DOC_FLOAT;
    else if (!strcmp(tag, "bool"))
        want = DOC_BOOL;
    else if (!strcmp(tag, "null"))
        want = DOC_NULL;
    else
        return "tags outside the YAML core schema are not allowed";
    if (want != DOC_STRING) {
        enum doc_kind got = core_kind(node->text, node->n);
        if (want == DOC_FLOAT && got == DOC_INT)
            got = DOC_FLOAT;
        if (got != want)
            return "scalar does not match its tag";
    }
    resolve_as(node, want);
    return NULL;
}

static const char *check_collection_tag(const char *tag, const char *expect)
{
    if (!tag || !strcmp(tag, "!"))
        return NULL;
    if (strncmp(tag, CORE_TAG, strlen(CORE_TAG)) || strcmp(tag + strlen(CORE_TAG), expect))
        return "tags outside the YAML core schema are not allowed";
    return NULL;
}

static struct doc_node *new_node(struct loader *ld, enum doc_kind kind, const yaml_mark_t *mark)
{
    struct doc_node *node = arena_alloc(ld->arena, sizeof(*node));

    memset(node, 0, sizeof(*node));
    node->kind = kind;
    node->line = (unsigned)mark->line + 1;
    node->col = (unsigned)mark->column + 1;
    return node;
}

static void push_scratch(struct loader *ld, struct doc_node *node)
{
    ALLOC_GROW(ld->scratch, ld->nscratch + 1, ld->scratch_alloc);
    ld->scratch[ld->nscratch++] = node;
}

static int compare_keys(const void *a, const void *b)
{
    const struct doc_pair *x = a, *y = b;
    size_t n = x->key->n < y->key->n ? x->key->n : y->key->n;
    int c = memcmp(x->key->text, y->key->text, n);

    if (c)
        return c;
    if (x->key->n != y->key->n)
        return x->key->n < y->key->n ? -1 : 1;
    /* Equal keys: the one written later sorts later, so it is the one reported. */
    return x->key->line != y->key->line ? (x->key->line < y->key->line ? -1 : 1)
                                        : (x->key->col < y->key->col ? -1 : x->key->col > y->key->col);
}

/* Report the duplicate key written last, wherever the mapping's size. */
static int check_duplicate_keys(struct loader *ld, const struct doc_node *map)
{
    struct doc_pair *sorted;
    const struct doc_node *dup = NULL;
    int rc = 0;

    if (map->n < 2)
        return 0;
    if (map->n <= 16) {
        for (size_t i = 1; i < map->n && !dup; i++)
            for (size_t j = 0; j < i; j++)
                if (map->v.pairs[i].key->n == map->v.pairs[j].key->n &&
                    !memcmp(map->v.pairs[i].key->text, map->v.pairs[j].key->text, map->v.pairs[i].key->n)) {
                    dup = map->v.pairs[i].key;
                    break;
                }
    } else {
        sorted = xmalloc(map->n * sizeof(*sorted));
        memcpy(sorted, map->v.pairs, map->n * sizeof(*sorted));
        qsort(sorted, map->n, sizeof(*sorted), compare_keys);
        for (size_t i = 1; i < map->n; i++)
            if (sorted[i].key->n == sorted[i - 1].key->n &&
                !memcmp(sorted[i].key->text, sorted[i - 1].key->text, sorted[i].key->n) &&
                (!dup || sorted[i].key->line < dup->line ||
                 (sorted[i].key->line == dup->line && sorted[i].key->col < dup->col)))
                dup = sorted[i].key;
        free(sorted);
    }
    if (dup) {
        struct strbuf msg = STRBUF_INIT;
        strbuf_addstr(&msg, "duplicate key ");
        doc_describe(&msg, dup);
        rc = fail(ld, dup->line, dup->col, "%s", msg.buf);
        strbuf_release(&msg);
    }
    return rc;
}

/* A new node arrives: it becomes the root, a list item, a key or a value. */
static int attach(struct loader *ld, struct doc_node *node)
{
    if (++ld->nodes > ld->lim->max_nodes)
        return fail(ld, node->line, node->col, "document has more than %zu nodes",
                     ld->lim->max_nodes);
    if (!ld->nframes) {
        ld->root = node;
        return 0;
    }
    push_scratch(ld, node);
    return 0;
}

static int start_collection(struct loader *ld, struct doc_node *node)
{
    int rc;

    if (ld->nframes >= ld->lim->max_depth)
        return fail(ld, node->line, node->col, "nesting deeper than %u levels",
                     ld->lim->max_depth);
    if (ld->nframes) {
        const struct frame *top = &ld->frames[ld->nframes - 1];
        if (top->node->kind == DOC_MAP && ((ld->nscratch - top->first) % 2) == 0)
            return fail(ld, node->line, node->col, "mapping keys must be plain strings, not collections");
    }
    rc = attach(ld, node);
    if (rc)
        return rc;
    ALLOC_GROW(ld->frames, ld->nframes + 1, ld->frames_alloc);
    ld->frames[ld->nframes].node = node;
    ld->frames[ld->nframes].first = ld->nscratch;
    ld->nframes++;
    return 0;
}

static int end_collection(struct loader *ld)
{
    struct frame *f = &ld->frames[ld->nframes - 1];
    struct doc_node *node = f->node;
    size_t count = ld->nscratch - f->first;
    struct doc_node **kids = ld->scratch ? ld->scratch + f->first : NULL; /* an empty root collection has no scratch yet */

    if (node->kind == DOC_SEQ) {
        node->n = count;
        node->v.items = arena_memdup(ld->arena, kids, count * sizeof(*kids));
    } else {
        node->n = count / 2;
        node->v.pairs = arena_alloc(ld->arena, node->n * sizeof(struct doc_pair));
        for (size_t i = 0; i < node->n; i++) {
            node->v.pairs[i].key = kids[2 * i];
            node->v.pairs[i].value = kids[2 * i + 1];
        }
        /* Keep the frame while checking so the error path names this mapping. */
        ld->nscratch = f->first;
        if (check_duplicate_keys(ld, node))
            return DOC_ERR_PARSE;
    }
    ld->nscratch = f->first;
    ld->nframes--;
    return 0;
}

static int on_scalar(struct loader *ld, const yaml_event_t *ev)
{
    const char *value = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    /* An empty document's null has the place of whatever follows, often the
     * line past the end of the file: put it after "---" instead. */
    int empty_root = !ld->nframes && !len && !ev->data.scalar.tag &&
                     ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    struct doc_node *node = new_node(ld, DOC_STRING, empty_root ? &ld->document_mark : &ev->start_mark);
    int is_key = 0;
    const char *err;

    if (ev->data.scalar.anchor)
        return fail(ld, node->line, node->col, "anchors and aliases are not allowed");
    if (len > ld->lim->max_scalar_bytes)
        return fail(ld, node->line, node->col, "scalar of %zu bytes is longer than the %zu-byte limit",
                     len, ld->lim->max_scalar_bytes);
    if (memchr(value, '\0', len))
        return fail(ld, node->line, node->col, "NUL characters are not allowed");
    if (!utf8_valid(value, len))
        return fail(ld, node->line, node->col, "invalid UTF-8");
    node->text = arena_strndup(ld->arena, value, len);
    node->n = len;
    if (ld->nframes) {
        const struct frame *top = &ld->frames[ld->nframes - 1];
        is_key = top->node->kind == DOC_MAP && ((ld->nscratch - top->first) % 2) == 0;
    }
    if (is_key) {
        if (ev->data.scalar.tag && strcmp((const char *)ev->data.scalar.tag, CORE_TAG "str"))
            return fail(ld, node->line, node->col, "mapping keys must be plain strings");
        node->kind = DOC_STRING;
    } else {
        err = resolve_scalar(node, (const char *)ev->data.scalar.tag,
                             ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
        if (err)
            return fail(ld, node->line, node->col, "%s", err);
    }
    return attach(ld, node);
}

static int on_event(struct loader *ld, const yaml_event_t *ev)
{
    struct doc_node *node;
    const char *err;

    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++ld->documents > 1)
            return fail(ld, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
                        "only one document per file is allowed");
        ld->document_mark = ev->end_mark;
        return 0;
    case YAML_ALIAS_EVENT:
        return fail(ld, (unsigned)ev->start_mark.line + 1, (unsigned)ev->start_mark.column + 1,
                    "anchors and aliases are not allowed");
    case YAML_SCALAR_EVENT:
        return on_scalar(ld, ev);
    case YAML_SEQUENCE_START_EVENT:
        node = new_node(ld, DOC_SEQ, &ev->start_mark);
        if (ev->data.sequence_start.anchor)
            return fail(ld, node->line, node->col, "anchors and aliases are not allowed");
        err = check_collection_tag((const char *)ev->data.sequence_start.tag, "seq");
        if (err)
            return fail(ld, node->line, node->col, "%s", err);
        return start_collection(ld, node);
    case YAML_MAPPING_START_EVENT:
        node = new_node(ld, DOC_MAP, &ev->start_mark);
        if (ev->data.mapping_start.anchor)
            return fail(ld, node->line, node->col, "anchors and aliases are not allowed");
        err = check_collection_tag((const char *)ev->data.mapping_start.tag, "map");
        if (err)
            return fail(ld, node->line, node->col, "%s", err);
        return start_collection(ld, node);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return end_collection(ld);
    default:
        return 0;
    }
}

static int parse_error(struct loader *ld, const yaml_parser_t *parser, const char *buf, size_t len)
{
    struct strbuf msg = STRBUF_INIT;
    const yaml_mark_t *mark = &parser->problem_mark;
    unsigned line, col;
    int rc;

    if (parser->error == YAML_MEMORY_ERROR)
        die("out of memory while parsing '%s'", ld->name);
    strbuf_addstr(&msg, "invalid YAML: ");
    strbuf_addstr(&msg, parser->problem ? parser->problem : "unknown error");
    if (parser->context)
        strbuf_addf(&msg, " (%s at line %zu, column %zu)", parser->context,
                    parser->context_mark.line + 1, parser->context_mark.column + 1);
    /* An unclosed quote is found at the end of the file; the place to fix is
     * where the scalar starts, which libyaml keeps as the context. */
    if (parser->error == YAML_SCANNER_ERROR && parser->context && parser->problem &&
        !strcmp(parser->problem, "found unexpected end of stream"))
        mark = &parser->context_mark;
    line = (unsigned)mark->line + 1;
    col = (unsigned)mark->column + 1;
    /* The reader decodes ahead and reports a byte offset, not a mark. */
    if (parser->error == YAML_READER_ERROR)
        position_at(buf, parser->problem_offset < len ? parser->problem_offset : len, &line, &col);
    rc = fail(ld, line, col, "%s", msg.buf);
    strbuf_release(&msg);
    return rc;
}

int doc_load_buffer(struct doc_node **out, struct arena *arena, const char *name,
                    const char *buf, size_t len, const struct doc_limits *limits,
                    struct diag_list *diags)
{
    struct loader ld;
    yaml_parser_t parser;
    yaml_event_t ev;
    const char *nul;
    size_t end, valid;
    int rc = 0, done = 0;

    memset(&ld, 0, sizeof(ld));
    ld.arena = arena;
    ld.name = name;
    ld.lim = limits ? limits : &doc_default_limits;
    ld.diags = diags;
    *out = NULL;

    if (len > ld.lim->max_file_bytes)
        return fail(&ld, 1, 1, "file is %zu bytes, larger than the %zu-byte limit", len,
                     ld.lim->max_file_bytes);
    if (len >= 2 && (((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF) ||
                     ((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE)))
        return fail(&ld, 1, 1, "file is UTF-16; save it as UTF-8");
    /* libyaml counts a UTF-8 BOM as a column of the first line. */
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    /* Checked here rather than left to libyaml, whose reader decodes ahead and
     * so cannot say on which line a bad byte is. */
    nul = memchr(buf, '\0', len);
    end = nul ? (size_t)(nul - buf) : len;
    valid = utf8_prefix(buf, end);
    if (valid < end || nul) {
        unsigned line, col;

        position_at(buf, valid, &line, &col);
        return fail(&ld, line, col, "%s",
                    valid < end ? "invalid UTF-8" : "NUL characters are not allowed");
    }

    if (!yaml_parser_initialize(&parser))
        die("cannot initialise the YAML parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    while (!done) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = parse_error(&ld, &parser, buf, len);
            break;
        }
        rc = on_event(&ld, &ev);
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (rc)
            break;
    }
    yaml_parser_delete(&parser);
    free(ld.frames);
    free(ld.scratch);
    if (rc)
        return rc;
    if (!ld.root) {
        yaml_mark_t start = { 0, 0, 0 };
        ld.root = new_node(&ld, DOC_NULL, &start);
    }
    *out = ld.root;
    return 0;
}

/* Read a whole file through one descriptor, at most max + 1 bytes, so a
 * file that grew past the limit after fstat is still caught. */
static int read_fd(int fd, struct strbuf *sb, size_t expect, size_t max)
{
    strbuf_grow(sb, (expect < max ? expect : max) + 1);
    for (;;) {
        ssize_t n;

        if (sb->alloc - sb->len < 2)
            strbuf_grow(sb, 65536);
        n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            return 0;
        strbuf_setlen(sb, sb->len + (size_t)n);
        if (sb->len > max)
            return 0;
    }
}

int doc_load_file(struct doc_node **out, struct arena *arena, const char *path,
                  const struct doc_limits *limits, struct diag_list *diags)
{
    const struct doc_limits *lim = limits ? limits : &doc_default_limits;
    struct strbuf sb = STRBUF_INIT;
    struct stat st;
    int fd, rc;

    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0) {
        diag_add(diags, path, 0, 0, "", "cannot open '%s': %s", path, strerror(errno));
        return DOC_ERR_IO;
    }
    if (fstat(fd, &st) < 0)
        st.st_mode = 0, st.st_size = 0;
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        diag_add(diags, path, 0, 0, "", "cannot read '%s': is a directory", path);
        return DOC_ERR_IO;
    }
    /* Size is checked before reading, so a huge file costs one stat. */
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > lim->max_file_bytes) {
        close(fd);
        diag_add(diags, path, 1, 1, "", "file is %lld bytes, larger than the %zu-byte limit",
                 (long long)st.st_size, lim->max_file_bytes);
        return DOC_ERR_PARSE;
    }
    rc = read_fd(fd, &sb, S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536, lim->max_file_bytes);
    close(fd);
    if (rc < 0) {
        diag_add(diags, path, 0, 0, "", "cannot read '%s': %s", path, strerror(errno));
        strbuf_release(&sb);
        return DOC_ERR_IO;
    }
    rc = doc_load_buffer(out, arena, path, sb.buf, sb.len, lim, diags);
    strbuf_release(&sb);
    return rc;
}

const struct doc_node *doc_map_get(const struct doc_node *map, const char *key)
{
    size_t klen;

    if (!map || map->kind != DOC_MAP)
        return NULL;
    klen = strlen(key);
    for (size_t i = 0; i < map->n; i++)
        if (map->v.pairs[i].key->n == klen && !memcmp(map->v.pairs[i].key->text, key, klen))
            return map->v.pairs[i].value;
    return NULL;
}

const char *doc_kind_name(enum doc_kind kind)
{
    switch (kind) {
    case DOC_NULL: return "nothing";
    case DOC_BOOL: return "a boolean";
    case DOC_INT: return "an integer";
    case DOC_FLOAT: return "a number";
    case DOC_STRING: return "a string";
    case DOC_SEQ: return "a list";
    case DOC_MAP: return "a mapping";
    }
    return "a value";
}

void doc_describe(struct strbuf *out, const struct doc_node *node)
{
    size_t max = 40;

    if (!node) {
        strbuf_addstr(out, "nothing");
        return;
    }
    if (node->kind == DOC_SEQ || node->kind == DOC_MAP || node->kind == DOC_NULL) {
        strbuf_addstr(out, doc_kind_name(node->kind));
        return;
    }
    if (node->kind != DOC_STRING) {
        strbuf_add(out, node->text, node->n > max ? max : node->n);
        return;
    }
    strbuf_addch(out, '"');
    for (size_t i = 0; i < node->n; i++) {
        unsigned char c = (unsigned char)node->text[i];
        if (i >= max && (c & 0xC0) != 0x80) {
            strbuf_addstr(out, "...");
            break;
        }
        if (c == '"' || c == '\\')
            strbuf_addf(out, "\\%c", c);
        else if (c == '\n')
            strbuf_addstr(out, "\\n");
        else if (c < 0x20 || c == 0x7F)
            strbuf_addf(out, "\\x%02x", c);
        else
            strbuf_addch(out, (char)c);
    }
    strbuf_addch(out, '"');
}
