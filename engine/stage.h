/* stage.h - the documents of the three programme stages (Activator:
 * problem brief & shortlist; Solution Finder: solution package proposal;
 * Project Implementer: feasibility study & pilot plan), built as one tree
 * (stage_tree.h) from a city, the index, a rule set and an outline
 * (outline.h), then rendered (render.h).
 *
 * The outline decides the sections, their order and titles, which figure
 * goes where and every word written; this module and the stage_*.c files
 * compute the figures. Amounts are in the city's budget currency, rounded
 * to whole units before they are added up, so tables add up and print
 * without floating-point noise. The same inputs give the same tree. */
#ifndef SCD_STAGE_H
#define SCD_STAGE_H

#include "arena.h"
#include "rank.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct city;
struct index;
struct kpi_def;
struct outline;
struct outline_block;
struct outline_figure;
struct rule_set;
struct solution;
struct strbuf;

struct stage_options {
    const char *const *pins; /* "SOLUTION" or "SOLUTION@PROBLEM": fixed choices */
    size_t n_pins;
    const char *outline_name; /* as the document names its outline */
};

/* Build the document of the outline's stage for one city. 0 with *out set
 * (caller owns it); STAGE_EUSAGE when a pin names an unknown solution or
 * problem, or a solution that answers none of the city's problems;
 * STAGE_EINVALID when the outline lacks a label a figure needs. The reason
 * is appended to err either way. */
#define STAGE_EINVALID (-1)
#define STAGE_EUSAGE (-2)
int stage_build(json_t **out, const struct index *idx, const struct rule_set *rules, const struct city *city,
                const struct outline *outline, const struct stage_options *opts, struct strbuf *err);

/* --- for the figures (stage.c, stage_activator.c, stage_finder.c, stage_implementer.c) --- */

/* What a solution costs the city, in the city's currency, whole units. */
struct stage_cost {
    double units;          /* deployed units; 0 when priced as a whole */
    double capex, opex_year, tco;
};

/* One candidate of a problem for a package. */
struct stage_option {
    uint32_t sol;               /* index into idx->sols */
    struct rank_result result;  /* with the Solution Finder's rules */
    struct stage_cost cost;
    int eligible;               /* within the problem's own capex limit */
    int excluded_by;            /* enum filter_id that would exclude it (a pinned choice), or -1 */
};

/* A package: one option (or none) per problem, and its totals. A solution
 * chosen for two problems is paid for once. */
struct stage_package {
    int *option;                /* per problem: index into plan->options[p], -1 uncovered */
    double score, bonus;        /* match score of the choices; pairwise bonus */
    double capex, opex_year, tco;
    size_t covered, solutions;  /* problems covered; distinct solutions */
    int within_budget;
    int found;                  /* 0: no package satisfies the constraints */
};

struct stage_plan {
    struct rank_params params;               /* the Solution Finder's rules */
    struct problem_ranking *rankings;        /* per problem, with params */
    struct { struct stage_option *items; size_t n; } *options; /* per problem */
    int *pinned;                             /* per problem: 1 when its choice was pinned */
    int pins_only;                           /* the Implementer studies the pinned solutions only */
    struct stage_package proposed, cheapest, best;
    int exact;                               /* the search proved the proposal optimal */
    size_t nodes;
};

struct stage_finance;

struct stage_ctx {
    const struct registry *reg;
    const struct index *idx;
    const struct rule_set *rules;
    const struct city *city;
    const struct outline *outline;
    const struct stage_options *opts;
    struct rank_params params;               /* the document's stage */
    struct problem_ranking *rankings;        /* per problem of the city */
    struct stage_plan *plan;                 /* NULL until a figure needs it */
    struct stage_finance *finance;           /* NULL until a figure needs it */
    const char *currency;                    /* the city's budget currency */
    struct arena arena;                      /* strings and tables of this build */
    json_t *doc, *data;

    /* While a figure runs. */
    const struct outline_figure *figure;
    const struct outline_block *block;
    int problem;                             /* index into city->problems, or -1 */
    int solution;                            /* index into idx->sols, or -1 */

    struct strbuf *err;
    size_t missing;                          /* labels not found */
    int failed;                              /* STAGE_E* of the first failure, 0 */
};

typedef void (*stage_figure_fn)(struct stage_ctx *ctx, json_t *section);

struct stage_figure_impl {
    const char *name;
    stage_figure_fn fn;
};

/* The figures each file implements, terminated by name NULL. Every
 * figure of outline_figures has exactly one implementation. */
extern const struct stage_figure_impl stage_common_figures[];
extern const struct stage_figure_impl stage_activator_figures[];
extern const struct stage_figure_impl stage_finder_figures[];
extern const struct stage_figure_impl stage_implementer_figures[];
stage_figure_fn stage_figure_lookup(const char *name);

/* A label of the outline; a missing one is recorded (the build fails) and
 * shows as "[name]". */
const char *stage_label(struct stage_ctx *ctx, const char *name);
/* The label filled in: "{city}" and the like replaced by the values given
 * as NULL-terminated name, value pairs. The result lives in ctx->arena. */
const char *stage_text(struct stage_ctx *ctx, const char *name, ...) __attribute__((sentinel));
/* A template (not a label name) filled in the same way. */
const char *stage_fill(struct stage_ctx *ctx, const char *templ, ...) __attribute__((sentinel));
/* The name of the label to use for a count n: "NAME-one" when n is 1 and
 * the outline has it, else NAME. */
const char *stage_plural(struct stage_ctx *ctx, const char *name, double n);
/* The caption of the current block: its own, else the label. */
const char *stage_caption(struct stage_ctx *ctx, const char *label);

/* Formatting into ctx->arena. */
const char *stage_money(struct stage_ctx *ctx, double amount);       /* "1,250,000 USD" */
const char *stage_number(struct stage_ctx *ctx, double value, int decimals);
const char *stage_percent(struct stage_ctx *ctx, double share);       /* 0.234 -> "23%" */
const char *stage_score(struct stage_ctx *ctx, double score);         /* always one decimal: "57.0" */
const char *stage_printf(struct stage_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The label "PREFIX-VALUE" of an enum value ("region-africa"); the
 * "unknown" label for -1. */
const char *stage_enum(struct stage_ctx *ctx, const char *prefix, const char *const *names, int value);
/* A KPI value with its unit ("45%", "62 minutes"); "unknown" for NAN. */
const char *stage_kpi_value(struct stage_ctx *ctx, const struct kpi_def *k, double value);
/* A capability id as words ("route-optimisation" -> "route optimisation"). */
const char *stage_capability(struct stage_ctx *ctx, const char *id);
/* A list of strings joined with ", ". */
const char *stage_join(struct stage_ctx *ctx, const char *const *items, size_t n);

/* An amount for the JSON data: an integer when it is whole, null for NAN. */
json_t *stage_json_amount(double amount);
/* Round an amount in the city's currency to whole units. */
double stage_round(double amount);
/* What a solution costs the city. */
void stage_cost_of(const struct stage_ctx *ctx, uint32_t sol, struct stage_cost *out);
/* Names for documents. */
const char *stage_problem_title(const struct stage_ctx *ctx, int problem);
const char *stage_vendor_name(const struct stage_ctx *ctx, uint32_t sol);
/* The domain of a problem as ranked (given or classified), or -1. */
int stage_problem_domain(const struct stage_ctx *ctx, int problem);

/* The package (stage_finder.c), computed on first use; NULL with
 * ctx->failed set when a pin cannot be placed. */
struct stage_plan *stage_plan_need(struct stage_ctx *ctx);
void stage_plan_free(struct stage_plan *plan, size_t n_problems);

/* The financial analysis (stage_implementer.c), computed on first use. */
struct stage_finance *stage_finance_need(struct stage_ctx *ctx);
void stage_finance_free(struct stage_finance *f);

/* --- the package search (stage_finder.c) ------------------------------------------------ */

/* Choose at most one option per problem, maximising the sum of option
 * scores plus bonus(a, b) for every pair of distinct chosen ids, with the
 * summed capex and opex of distinct ids within the limits (INFINITY: none).
 * An option's id names the solution: two problems may choose the same id,
 * which is then paid for once. Exact depth-first branch and bound; when
 * max_nodes is reached the best package found so far is kept and exact is
 * 0. Ties keep the first package found, options tried in the order given. */
struct knap_option {
    int id;
    double score, capex, opex;
};

struct knap_problem {
    const struct knap_option *options;
    size_t n;
    int required;       /* 1: must take one of its options (a pinned choice) */
};

struct knap_input {
    const struct knap_problem *problems;
    size_t n;
    double capex_limit, opex_limit;
    double (*bonus)(void *data, int a, int b); /* NULL: none; must be >= 0 */
    void *data;
    size_t max_nodes;   /* 0: no limit */
};

struct knap_result {
    int *choice;        /* per problem: option index or -1; caller frees */
    double value, score, bonus, capex, opex;
    int found;          /* 0: no choice satisfies the limits */
    int exact;
    size_t nodes;
};

void knap_solve(const struct knap_input *in, struct knap_result *out);

/* --- the financial analysis (stage_implementer.c) --------------------------------------- */

/* Cash flows of a package over years 0..years: year 0 the investment
 * (-capex), then each year benefit - opex, the first year's benefit
 * scaled by first_year_share. flows must hold years + 1 values. */
void finance_cash_flows(double capex, double opex_year, double benefit_year, double first_year_share,
                        int years, double *flows);
/* Net present value at rate (flow t discounted by (1 + rate)^t). */
double finance_npv(const double *flows, size_t n, double rate);
/* Years until the cumulative (undiscounted) flow turns non-negative,
 * interpolated within the year; NAN when it never does within n - 1 years. */
double finance_payback(const double *flows, size_t n);

#endif
