/* catalog.h - the filters and scorers the scoring engine knows, with their
 * parameters. Rule files are checked against this table (one generic check,
 * in the schema validator), so a misspelt scorer or parameter is an error
 * with its place instead of a silently ignored line. */
#ifndef SCD_CATALOG_H
#define SCD_CATALOG_H

#include <stddef.h>

struct catalog_param {
    const char *name;
    double min, max;
    double fallback; /* the value when a rule set leaves the parameter out */
    const char *doc;
};

struct catalog_entry {
    const char *name;
    const char *doc;
    const struct catalog_param *params; /* terminated by name NULL */
};

extern const struct catalog_entry catalog_filters[];
extern const size_t catalog_filter_count;
extern const struct catalog_entry catalog_scorers[];
extern const size_t catalog_scorer_count;

/* Entry by name, or NULL. */
const struct catalog_entry *catalog_find(const struct catalog_entry *table, size_t n, const char *name);
/* The fallback of a parameter of table's entry (0 when there is none). */
double catalog_fallback(const struct catalog_entry *table, size_t n, const char *entry, const char *param);

/* Parameter of an entry by name, or NULL. */
const struct catalog_param *catalog_find_param(const struct catalog_entry *entry, const char *name);

#endif
