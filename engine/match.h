/* match.h - a match run: rank every problem of the chosen cities against the
 * index (in parallel), and render the rankings as JSON (stable keys) or as
 * text for people. The same inputs and rule set give byte-identical output. */
#ifndef SCD_MATCH_H
#define SCD_MATCH_H

#include "rank.h"

#include <jansson.h>
#include <stdio.h>

struct index;
struct rule_set;

struct match_options {
    const char *const *city_ids;  /* NULL/0: every city */
    size_t n_city_ids;
    const char *problem_id;       /* NULL: every problem */
    enum stage stage;
    int top;                      /* 0: the stage's */
    int threads;                  /* 0: one per core, at most 8 */
    int full_scan;                /* score every solution (benchmarking the index) */
};

struct match_run {
    const struct index *idx;
    const struct rule_set *rules;
    struct rank_params params;
    struct problem_ranking *rankings; /* city by city, problem by problem, in registry order */
    size_t n;
};

/* 0 on success; -1 when a city or problem id is unknown (message on stderr). */
int match_run(struct match_run *out, const struct index *idx, const struct rule_set *rules,
              const struct match_options *opts);
void match_run_release(struct match_run *run);

/* One problem's object of the documented JSON; explain adds every scorer,
 * filter and exclusion reason. Caller owns the result. */
json_t *match_ranking_to_json(const struct match_run *run, const struct problem_ranking *r, int explain);
/* The documented JSON of a run, written a city at a time so a run over a
 * thousand cities never holds its whole document as a tree (no trailing
 * newline). match_ranking_to_json builds one problem's object. */
void match_write_json(const struct match_run *run, int explain, FILE *out);
void match_print_text(const struct match_run *run, int explain, FILE *out);

struct registry;

/* Load the registry at root, build its index and pick the rule set (the
 * registry's default, or rules_path) the way every ranking command needs
 * them. Problems go to stderr prefixed with "scd CMD". Returns 0 when ready,
 * else an exit code (cli.h); reg and idx must be released either way. */
int match_prepare(const char *root, const char *rules_path, struct registry *reg, struct index *idx,
                  const struct rule_set **rules, const char *cmd);

/* "activator", "finder", "implementer" -> enum stage; -1 for anything else. */
int parse_stage(const char *arg, enum stage *out);

/* Flags for json_dumpf that keep output stable and free of float noise. */
#define MATCH_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

/* Round to a fixed number of decimals for output. */
double match_round(double v, int decimals);

#endif
