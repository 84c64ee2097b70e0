/* doc.h - YAML documents as a tree of values that remembers where each node
 * came from. Built on libyaml's event API with hard limits, so a hostile file
 * is rejected early instead of parsed slowly. Types follow the YAML 1.2 core
 * schema: `yes`/`no`/`on` stay strings; quoted scalars are always strings.
 * Anchors, aliases, tags outside the core schema, duplicate keys, non-scalar
 * keys, several documents per file, NUL characters and invalid UTF-8 are
 * rejected. Every node lives in the caller's arena. */
#ifndef SCD_DOC_H
#define SCD_DOC_H

#include <stddef.h>

struct arena;
struct diag_list;
struct strbuf;

enum doc_kind {
    DOC_NULL,
    DOC_BOOL,
    DOC_INT,
    DOC_FLOAT,
    DOC_STRING,
    DOC_SEQ,
    DOC_MAP
};

struct doc_pair;

struct doc_node {
    enum doc_kind kind;
    unsigned line, col;  /* 1-based position of the node's first character */
    size_t n;            /* scalar: length of text; SEQ: items; MAP: pairs */
    const char *text;    /* scalars: the value as written (after escapes); else NULL */
    union {
        int boolean;
        long long integer;
        double real;
        struct doc_node **items;
        struct doc_pair *pairs;
    } v;
};

struct doc_pair {
    struct doc_node *key; /* always DOC_STRING: keys are read as text */
    struct doc_node *value;
};

struct doc_limits {
    size_t max_file_bytes;   /* default 1 MiB */
    unsigned max_depth;      /* default 64 */
    size_t max_scalar_bytes; /* default 64 KiB */
    size_t max_nodes;        /* default 100,000 */
};

extern const struct doc_limits doc_default_limits;

/* Failure codes. */
#define DOC_ERR_IO (-1)    /* the file could not be read */
#define DOC_ERR_PARSE (-2) /* malformed, or a limit was hit */

/* Load one file. On success *out is the root (a DOC_NULL node for an empty
 * file) and 0 is returned. On failure exactly one diagnostic naming
 * file:line:col is appended to diags and a DOC_ERR_* code returned. */
int doc_load_file(struct doc_node **out, struct arena *arena, const char *path,
                  const struct doc_limits *limits, struct diag_list *diags);

/* Same, from memory; name is used in diagnostics. */
int doc_load_buffer(struct doc_node **out, struct arena *arena, const char *name,
                    const char *buf, size_t len, const struct doc_limits *limits,
                    struct diag_list *diags);

/* The value of key in a mapping, or NULL (also when node is not a mapping). */
const struct doc_node *doc_map_get(const struct doc_node *map, const char *key);

/* "a mapping", "a list", "a string", "an integer", ... for messages. */
const char *doc_kind_name(enum doc_kind kind);

/* Describe a node for a message: a scalar as its quoted text (shortened,
 * control characters escaped), a collection by its kind name. */
void doc_describe(struct strbuf *out, const struct doc_node *node);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

#endif
