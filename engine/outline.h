/* outline.h - the outline of a stage document, kept in rules/outlines/ as
 * YAML (rules/outlines/STAGE.LANG.yaml): its title, the sections in order
 * with their titles, which figures go in each, and every word the figures
 * write (labels). A translated document is a translated outline.
 *
 * The file is described by a schema table (schema_outline) and bound by the
 * one validator; the checks a table cannot express (a block is a figure or
 * a text, figures and their parameters exist, a figure about one problem
 * sits in a section repeated per problem, every label the figures need is
 * there, placeholders are known) follow, each reported as
 * file:line:col: path: message. */
#ifndef SCD_OUTLINE_H
#define SCD_OUTLINE_H

#include "model.h"

#include <stddef.h>

struct arena;
struct catalog_param;
struct diag_list;
struct doc_node;
struct schema_object;

/* What a section is repeated for; -1: shown once. */
enum outline_repeat { REPEAT_PROBLEM, REPEAT_PACKAGE_PROBLEM, REPEAT_PACKAGE_SOLUTION, REPEAT_COUNT };
extern const char *const outline_repeat_names[];

struct named_text {
    const char *name;
    const char *text;
};

struct outline_block {
    struct src_pos pos;
    const char *figure;     /* a figure of the catalogue, or NULL */
    const char *text;       /* a paragraph (template), or NULL */
    const char *note;       /* a highlighted paragraph (template), or NULL */
    const char *caption;    /* replaces the figure's default caption label */
    struct { struct named_number *items; size_t n; } params;
};

struct outline_section {
    struct src_pos pos;
    const char *id, *title; /* title is a template */
    const char *text;       /* optional first paragraph (template) */
    int repeat;             /* enum outline_repeat, -1 */
    struct { struct outline_block *items; size_t n; } blocks;
    struct { struct outline_section *items; size_t n; } sections; /* one level only */
};

struct outline {
    struct src_pos pos;
    int stage;              /* enum stage (rank.h) */
    const char *language;
    const char *title, *subtitle; /* templates */
    struct { struct outline_section *items; size_t n; } sections;
    struct { struct named_text *items; size_t n; } labels;
};

/* The figures an outline may place, with what they need. */
enum figure_scope { SCOPE_DOCUMENT, SCOPE_PROBLEM, SCOPE_SOLUTION };

struct outline_figure {
    const char *name;
    enum figure_scope scope;             /* PROBLEM: in a section repeated per problem */
    const char *doc;
    const char *const *labels[4];        /* labels it writes with: NULL-terminated lists, unused NULL */
    const struct catalog_param *params;  /* terminated by name NULL; NULL: none */
};

extern const struct outline_figure outline_figures[];
extern const size_t outline_figure_count;
/* Labels every document uses (yes, no, unknown, enum names, ...). */
extern const char *const outline_common_labels[];
/* Placeholder names a template may use ("{city}"). */
extern const char *const outline_variables[];

const struct outline_figure *outline_find_figure(const char *name);

extern const struct schema_object schema_outline;

/* Bind root (a loaded YAML document) into out and check it. Strings go
 * into arena. Returns the number of problems (each appended to diags). */
size_t outline_bind(struct outline *out, const struct doc_node *root, const char *file, struct arena *arena,
                    struct diag_list *diags);

/* Load and check a file. 0; OUTLINE_INVALID with every problem in diags;
 * OUTLINE_USAGE when the file cannot be read. */
#define OUTLINE_INVALID (-1)
#define OUTLINE_USAGE (-2)
int outline_load(struct outline *out, const char *path, struct arena *arena, struct diag_list *diags);

/* A label's text, or NULL. */
const char *outline_label(const struct outline *o, const char *name);
/* A block parameter, or fallback. */
double outline_param(const struct outline_block *b, const char *name, double fallback);

#endif
