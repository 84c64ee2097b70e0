/* schema.h - declarative descriptions of the file kinds and the one validator
 * that checks a document against them and binds it into the model structs.
 *
 * A schema is a table of fields: name, type, required, range or enum, string
 * format, cross-reference, element schema, and where the value goes
 * (offsetof into the model struct). The validator reports *every* problem of
 * a document as "file:line:col: field.path: message" and never stops at the
 * first one. */
#ifndef SCD_SCHEMA_H
#define SCD_SCHEMA_H

#include <stddef.h>

struct arena;
struct diag_list;
struct doc_node;
struct strbuf;

enum schema_type {
    SCHEMA_STRING, /* const char *; numbers are accepted as their written text */
    SCHEMA_INT,    /* double holding an integer */
    SCHEMA_NUMBER, /* double, finite */
    SCHEMA_BOOL,   /* int 0/1, -1 when absent */
    SCHEMA_ENUM,   /* int index into values, -1 when absent */
    SCHEMA_OBJECT, /* a struct embedded at offset */
    SCHEMA_LIST,   /* struct { T *items; size_t n; } of elem */
    SCHEMA_MAP     /* free keys: struct { E *items; size_t n; }, E starts with const char *key */
};

/* String formats. */
enum schema_format {
    FORMAT_ANY,
    FORMAT_ID,        /* lowercase kebab-case: [a-z0-9][a-z0-9-]* */
    FORMAT_DOMAIN_ID, /* kebab-case segments joined by '/' */
    FORMAT_COUNTRY,   /* ISO 3166-1 alpha-2 */
    FORMAT_CURRENCY,  /* ISO 4217 */
    FORMAT_LANGUAGE,  /* ISO 639-1 */
    FORMAT_EMAIL,
    FORMAT_URL,
    FORMAT_DATE,      /* YYYY-MM-DD */
    FORMAT_LINE       /* one line of text, no newline */
};

/* Cross-references, resolved by the caller (see struct schema_refs). */
enum schema_ref {
    REF_NONE,
    REF_DOMAIN,
    REF_CAPABILITY,
    REF_KPI,
    REF_STANDARD,
    REF_VENDOR,
    REF_RATE,         /* a currency present in the rate table */
    REF_FILTER,       /* a filter name known to the scoring engine */
    REF_SCORER,
    REF_FILTER_PARAM, /* a parameter name of the enclosing filter */
    REF_SCORER_PARAM,
    REF_CITY,         /* city ids (defined only) */
    REF_SOLUTION,     /* solution ids */
    REF_PROBLEM,      /* problem ids, unique within one city */
    REF_COUNT
};

#define SCHEMA_REQUIRED 0x1u
#define SCHEMA_DEFINES  0x2u /* the value defines an id of its ref kind (uniqueness) */
#define SCHEMA_UNIQUE   0x4u /* LIST of scalars: no repeated item */
#define SCHEMA_RANGE    0x8u /* min/max apply (value, string length or item count) */

struct schema_object;

struct schema_field {
    const char *name;
    enum schema_type type;
    unsigned flags;
    size_t offset;                       /* in the parent struct (LIST/MAP elem: in the element) */
    double min, max;                     /* with SCHEMA_RANGE: numbers: value; strings: length; lists: items */
    const char *const *values;           /* ENUM names, NULL-terminated */
    enum schema_format format;
    enum schema_ref ref;
    const struct schema_object *object;  /* OBJECT */
    const struct schema_field *elem;     /* LIST/MAP element */
    size_t elem_size;                    /* LIST/MAP: size of one element */
    const char *doc;                     /* meaning, for README and `scd schema` */
    const char *example;
};

struct schema_object {
    const char *name;
    size_t size;
    long pos_offset;                     /* struct src_pos in the struct, or -1 */
    const struct schema_field *fields;   /* terminated by a field with name NULL */
};

/* What the validator asks its caller about references and ids.
 * check: return 1 when value is known, 0 when unknown (then write a close
 * match to suggestion when there is one), -1 when it cannot tell (skip).
 * define: record an id; return 0, or -1 when it was already defined (then
 * write where to `previous`). scope is the id of the enclosing object for
 * REF_FILTER_PARAM/REF_SCORER_PARAM, else NULL. */
struct schema_refs {
    void *data;
    int (*check)(void *data, enum schema_ref ref, const char *scope, const char *value,
                 struct strbuf *suggestion);
    int (*define)(void *data, enum schema_ref ref, const char *value, const char *file,
                  unsigned line, unsigned col, struct strbuf *previous);
};

/* Validate root against object and bind it into out (object->size bytes,
 * allocated by the caller). Strings and lists go into arena. refs may be
 * NULL (no cross-file checks). Returns the number of problems found (each
 * appended to diags). out is fully initialised even when problems are found. */
size_t schema_bind(void *out, const struct schema_object *object, const struct doc_node *root,
                   const char *file, struct arena *arena, const struct schema_refs *refs,
                   struct diag_list *diags);

/* Edit distance suggestion: the candidate closest to word, or NULL when none
 * is close enough to be a plausible typo. */
const char *schema_suggest(const char *word, const char *const *candidates, size_t n);

/* Check a string against a format; NULL when it passes, else a message. */
const char *schema_check_format(enum schema_format format, const char *s, size_t len);

/* README-style Markdown table of an object's fields, recursing into children. */
void schema_describe_markdown(struct strbuf *out, const struct schema_object *object);

/* The file kinds (schemas.c). */
extern const struct schema_object schema_city;
extern const struct schema_object schema_vendor;
extern const struct schema_object schema_solution;
extern const struct schema_object schema_taxonomy;
extern const struct schema_object schema_kpi_catalogue;
extern const struct schema_object schema_currency_rates;
extern const struct schema_object schema_rule_set;

#endif
