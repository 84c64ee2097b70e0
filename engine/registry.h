/* registry.h - a registry root (cities/, vendors/, solutions/, rules/) loaded,
 * validated and bound into the model. One arena holds everything.
 *
 * A file's kind comes from the folder it is in. Rule files say which rule
 * file they are with a top-level `kind:`. Loading order is what references
 * need: rules (taxonomy, KPI catalogue, currency rates, rule sets), then
 * vendors, cities and solutions. */
#ifndef SCD_REGISTRY_H
#define SCD_REGISTRY_H

#include "arena.h"
#include "model.h"
#include "strmap.h"

#include <stddef.h>

struct diag_list;

/* FILE_OUTLINE: a stage document outline in rules/outlines/ (outline.h). */
enum file_kind { FILE_CITY, FILE_VENDOR, FILE_SOLUTION, FILE_RULES, FILE_OUTLINE, FILE_UNKNOWN };

struct registry {
    struct arena arena;
    const char *root;

    struct taxonomy *taxonomy;          /* NULL when missing or invalid */
    struct kpi_catalogue *kpis;
    struct currency_rates *rates;
    struct rule_set **rule_sets;
    size_t n_rule_sets;
    struct vendor **vendors;
    size_t n_vendors;
    struct city **cities;
    size_t n_cities;
    struct solution **solutions;
    size_t n_solutions;

    /* id -> object (struct domain *, struct kpi_def *, ...) */
    struct strmap domains, capabilities, kpi_index, standards, vendor_index,
        city_index, solution_index, rate_index;
    struct strmap capability_domain;    /* capability id -> struct domain * owning it */

    size_t files_loaded;
    size_t files_invalid;
};

/* Options for registry_load. */
struct registry_options {
    const char *const *paths; /* files or folders to check; NULL/0: the whole root */
    size_t n_paths;
};

/* Load root (NULL: "."). Every problem goes to diags (text for named paths
 * only when paths are given; the root's rules and vendors still serve as
 * context for references). Returns 0 when every reported file is valid,
 * REGISTRY_INVALID when any is not, REGISTRY_USAGE when a named path does
 * not exist (diagnostic added). Objects from invalid files are not kept. */
#define REGISTRY_INVALID (-1)
#define REGISTRY_USAGE (-2)
int registry_load(struct registry *reg, const char *root, const struct registry_options *opts,
                  struct diag_list *diags);
void registry_release(struct registry *reg);

/* Load a rule set from a file outside the registry (`--rules FILE`),
 * checked like the files in rules/. 0 with *out set, REGISTRY_INVALID with every
 * problem in diags, REGISTRY_USAGE when the file cannot be read. */
int registry_load_rule_set(struct registry *reg, const char *path, const struct rule_set **out,
                           struct diag_list *diags);

/* Kind from the name of the folder holding path (an outline: a folder
 * named outlines inside one named rules). */
enum file_kind registry_kind_of(const char *path);
const char *file_kind_name(enum file_kind kind);

/* Lookups by id; NULL when absent. */
const struct city *registry_city(const struct registry *reg, const char *id);
const struct solution *registry_solution(const struct registry *reg, const char *id);
const struct vendor *registry_vendor(const struct registry *reg, const char *id);
const struct domain *registry_domain(const struct registry *reg, const char *id);
const struct kpi_def *registry_kpi(const struct registry *reg, const char *id);
/* The default rule set ("default", else the first), or NULL. */
const struct rule_set *registry_rule_set(const struct registry *reg, const char *id);

/* Convert amount in currency to the rate table's base; NAN when unknown. */
double registry_to_base(const struct registry *reg, double amount, const char *currency);
double registry_from_base(const struct registry *reg, double amount, const char *currency);

#endif
