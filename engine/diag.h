/* diag.h - diagnostics: every problem found in a set of files, each with its
 * place, printed as "FILE:LINE:COL: field.path: message" or as JSON. */
#ifndef SCD_DIAG_H
#define SCD_DIAG_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

struct diag {
    char *file;    /* owned */
    unsigned line; /* 1-based; 0 when the problem has no place in the file */
    unsigned col;
    char *path;    /* owned; field path "problems[2].budget"; "" for the document itself */
    char *message; /* owned; lowercase, no full stop */
};

struct diag_list {
    struct diag *items;
    size_t n, alloc;
};

#define DIAG_LIST_INIT { NULL, 0, 0 }

void diag_list_release(struct diag_list *dl);

/* Append one diagnostic; every string is copied. */
void diag_add(struct diag_list *dl, const char *file, unsigned line, unsigned col,
              const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

void diag_addv(struct diag_list *dl, const char *file, unsigned line, unsigned col, const char *path,
               const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/* Order by file, then line, column, and insertion order (stable). */
void diag_sort(struct diag_list *dl);

/* Number of diagnostics recorded for file. */
size_t diag_count_for(const struct diag_list *dl, const char *file);

/* One diagnostic as its text line (no newline) into a caller buffer via strbuf. */
struct strbuf;
void diag_format(struct strbuf *out, const struct diag *d);

/* Print every diagnostic, one per line. */
void diag_print_text(const struct diag_list *dl, FILE *out);
/* Print a JSON array of {file, line, column, path, message}. */
void diag_print_json(const struct diag_list *dl, FILE *out);

#endif
