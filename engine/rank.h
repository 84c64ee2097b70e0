/* rank.h - rank the solutions for one problem: candidates from the index's
 * posting lists, hard filters (exclude or penalty), scorers in [0,1],
 * weighted sum on a 0-100 scale, top-K with a deterministic tie-break, and
 * for every result the contribution of each scorer and a sentence a person
 * can read. Every weight, threshold and mode comes from the rule set.
 *
 * Thread safety: rank_problem only reads the index and params, so problems
 * can be ranked on several threads at once. */
#ifndef SCD_RANK_H
#define SCD_RANK_H

#include "classify.h"

#include <stddef.h>
#include <stdint.h>

struct index;
struct city;
struct problem;
struct rule_set;
struct strbuf;
struct sol_features;

enum filter_id { FILTER_BUDGET, FILTER_CONNECTIVITY, FILTER_POWER, FILTER_HOSTING, FILTER_RESIDENCY,
                 FILTER_LANGUAGE, FILTER_REGION, FILTER_COUNT };
enum scorer_id { SCORER_DOMAIN, SCORER_TEXT, SCORER_KPI, SCORER_CAPABILITY, SCORER_BUDGET, SCORER_CONTEXT,
                 SCORER_MATURITY, SCORER_TIMELINE, SCORER_LOCAL, SCORER_COUNT };
enum stage { STAGE_ACTIVATOR, STAGE_FINDER, STAGE_IMPLEMENTER, STAGE_COUNT };

extern const char *const stage_names[];
const char *filter_name(enum filter_id f);
const char *scorer_name(enum scorer_id s);

/* The rule set resolved for one stage: every filter's mode and penalty,
 * every scorer's weight and parameters. */
struct rank_params {
    const char *rules_id;
    enum stage stage;
    int top;
    double min_score;
    double horizon_years, discount_rate;
    int mode[FILTER_COUNT];        /* enum filter_mode; FILTER_OFF when the rule set omits it */
    double penalty[FILTER_COUNT];
    double capex_tolerance, opex_tolerance;
    double weight[SCORER_COUNT];   /* 0 when the rule set omits it */
    double weight_sum;
    double parent_credit, child_credit, sibling_credit;
    double bm25_k1, bm25_b, bm25_saturation;
    double comfort_share;
    double population_weight, income_weight, region_weight;
    double trl_weight, deployments_half;
    double country_credit, region_credit;
    int full_scan;                 /* score every solution: the index's candidates off */
    int explain_excluded;          /* how many excluded solutions to keep, best first */
};

/* Resolve rs for a stage. Parameters the rule set leaves out take the
 * fallbacks of catalog.c. */
void rank_params_init(struct rank_params *out, const struct rule_set *rs, enum stage stage);

struct rank_result {
    uint32_t sol;                  /* index into idx->sols */
    double score;                  /* 0-100 after penalties */
    double value[SCORER_COUNT];    /* each scorer in [0,1] */
    double penalty;                /* points taken off by penalty filters */
    uint8_t penalised;             /* bit per enum filter_id */
};

struct rank_exclusion {
    uint32_t sol;
    enum filter_id filter;
    double score;                  /* what it would have scored */
};

/* What a solution costs a city, in the rate table's base currency. */
struct cost_estimate {
    double units;                  /* units deployed; 0 when priced as a whole */
    double capex, opex_year, tco;  /* tco over the rule set's horizon */
};

struct problem_ranking {
    const struct city *city;
    const struct problem *problem;
    int domain;                    /* index, -1 when unknown */
    int domain_given;              /* 1 given by the city, 0 classified */
    struct classification classification;
    struct rank_result *results;   /* best first, at most params->top */
    size_t n_results;
    struct rank_exclusion *excluded; /* best first, at most params->explain_excluded */
    size_t n_excluded, n_excluded_total;
    size_t candidates;             /* the index's candidates (every solution in a full scan) */
    int *gap_capabilities;         /* required capabilities no result covers */
    size_t n_gap_capabilities;
    int *gap_kpis;                 /* problem KPIs no result improves */
    size_t n_gap_kpis;
};

/* Rank all solutions for a problem. out is owned by the caller: free with
 * problem_ranking_release. */
void rank_problem(const struct index *idx, const struct rank_params *params, const struct city *city,
                  const struct problem *problem, struct problem_ranking *out);
void problem_ranking_release(struct problem_ranking *r);

/* Free the calling thread's ranking scratch (threads that ranked call it
 * before they end; the main thread's goes at exit). */
void rank_release_thread(void);

/* Estimate cost for a city of a given population. */
void rank_estimate_cost(const struct sol_features *f, double population, double horizon_years,
                        struct cost_estimate *out);

/* One sentence on why a scorer gave what it gave ("covers 2 of 3 required
 * capabilities: ..."), or on why a filter fired. */
void rank_explain_scorer(const struct index *idx, const struct rank_params *params, const struct city *city,
                         const struct problem *problem, int domain, const struct rank_result *r,
                         enum scorer_id s, struct strbuf *out);
void rank_explain_filter(const struct index *idx, const struct rank_params *params, const struct city *city,
                         const struct problem *problem, uint32_t sol, enum filter_id f, struct strbuf *out);

/* One scorer's value in [0,1] / one filter's verdict (1: fails) for a
 * solution, as rank_problem computes them; for tests and explanations. */
double rank_scorer_value(const struct index *idx, const struct rank_params *params, const struct city *city,
                         const struct problem *problem, int domain, uint32_t sol, enum scorer_id s);
int rank_filter_fails(const struct index *idx, const struct rank_params *params, const struct city *city,
                      const struct problem *problem, uint32_t sol, enum filter_id f);

/* The two or three strongest reasons for a result, in words, each appended
 * to out as a separate string via the callback. */
void rank_reasons(const struct index *idx, const struct rank_params *params, const struct city *city,
                  const struct problem *problem, int domain, const struct rank_result *r,
                  void (*emit)(void *data, const char *reason), void *data);

#endif
