/* match.c - run the ranking over many problems and render it. */
#include "match.h"
#include "cli.h"
#include "diag.h"
#include "index.h"
#include "model.h"
#include "registry.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

double match_round(double v, int decimals)
{
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;

    return r == 0 ? 0 : r; /* no "-0" */
}

struct work {
    const struct index *idx;
    const struct rank_params *params;
    struct problem_ranking *rankings;
    const struct city **cities;
    const struct problem **problems;
    size_t n;
    atomic_size_t next;
};

static void *worker(void *arg)
{
    struct work *w = arg;
    size_t i;

    while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
        rank_problem(w->idx, w->params, w->cities[i], w->problems[i], &w->rankings[i]);
    rank_release_thread();
    return NULL;
}

static int wanted_city(const struct match_options *o, const struct city *c)
{
    if (!o->n_city_ids)
        return 1;
    for (size_t i = 0; i < o->n_city_ids; i++)
        if (!strcmp(o->city_ids[i], c->id))
            return 1;
    return 0;
}

int match_run(struct match_run *out, const struct index *idx, const struct rule_set *rules,
              const struct match_options *opts)
{
    const struct registry *reg = idx->reg;
    struct work w;
    pthread_t threads[8];
    int nthreads = opts->threads;
    size_t alloc = 0;
    int found_problem = 0;

    memset(out, 0, sizeof(*out));
    memset(&w, 0, sizeof(w));
    out->idx = idx;
    out->rules = rules;
    rank_params_init(&out->params, rules, opts->stage);
    out->params.full_scan = opts->full_scan;
    if (opts->top > 0)
        out->params.top = opts->top;
    for (size_t i = 0; i < opts->n_city_ids; i++)
        if (!registry_city(reg, opts->city_ids[i])) {
            fprintf(stderr, "scd match: no city '%s' in the registry\n", opts->city_ids[i]);
            return -1;
        }
    for (size_t c = 0; c < reg->n_cities; c++) {
        const struct city *city = reg->cities[c];
        if (!wanted_city(opts, city))
            continue;
        for (size_t p = 0; p < city->problems.n; p++) {
            if (opts->problem_id && strcmp(opts->problem_id, city->problems.items[p].id))
                continue;
            found_problem = 1;
            if (w.n == alloc) {
                alloc = alloc ? alloc * 2 : 64;
                w.cities = xrealloc(w.cities, alloc * sizeof(*w.cities));
                w.problems = xrealloc(w.problems, alloc * sizeof(*w.problems));
            }
            w.cities[w.n] = city;
            w.problems[w.n++] = &city->problems.items[p];
        }
    }
    if (opts->problem_id && !found_problem) {
        fprintf(stderr, "scd match: no problem '%s'%s\n", opts->problem_id,
                opts->n_city_ids ? " in the chosen cities" : "");
        free(w.cities);
        free(w.problems);
        return -1;
    }
    w.idx = idx;
    w.params = &out->params;
    w.rankings = xcalloc(w.n + 1, sizeof(*w.rankings));
    atomic_init(&w.next, 0);
    nthreads = thread_count(nthreads, w.n < ARRAY_SIZE(threads) ? w.n : ARRAY_SIZE(threads));
    if (nthreads <= 1) {
        worker(&w);
    } else {
        for (int t = 0; t < nthreads; t++)
            if (pthread_create(&threads[t], NULL, worker, &w))
                die("cannot start a ranking thread");
        for (int t = 0; t < nthreads; t++)
            pthread_join(threads[t], NULL);
    }
    out->rankings = w.rankings;
    out->n = w.n;
    free(w.cities);
    free(w.problems);
    return 0;
}

void match_run_release(struct match_run *run)
{
    for (size_t i = 0; i < run->n; i++)
        problem_ranking_release(&run->rankings[i]);
    free(run->rankings);
    memset(run, 0, sizeof(*run));
}

/* --- JSON ------------------------------------------------------------------------ */

static void add_reason(void *data, const char *reason)
{
    json_array_append_new((json_t *)data, json_string(reason));
}

static json_t *gaps_json(const struct match_run *run, const struct problem_ranking *r)
{
    const struct index *idx = run->idx;
    json_t *gaps = json_array();

    for (size_t i = 0; i < r->n_gap_capabilities; i++)
        json_array_append_new(gaps, json_pack("{s:s, s:s}", "kind", "capability", "id",
                                              idx->capability_names[r->gap_capabilities[i]]));
    for (size_t i = 0; i < r->n_gap_kpis; i++) {
        const struct kpi_def *k = &idx->reg->kpis->kpis.items[r->gap_kpis[i]];
        json_array_append_new(gaps, json_pack("{s:s, s:s, s:s}", "kind", "kpi", "id", k->id, "name", k->name));
    }
    return gaps;
}

json_t *match_ranking_to_json(const struct match_run *run, const struct problem_ranking *r, int explain)
{
    const struct index *idx = run->idx;
    const struct rank_params *p = &run->params;
    json_t *prob = json_object(), *results = json_array(), *excluded = json_array();

    json_object_set_new(prob, "id", json_string(r->problem->id));
    json_object_set_new(prob, "title", json_string(r->problem->title));
    json_object_set_new(prob, "domain", r->domain >= 0 ? json_string(idx->domains[r->domain].id) : json_null());
    json_object_set_new(prob, "domain_source", json_string(r->domain_given ? "given" : "classified"));
    json_object_set_new(prob, "domain_confidence", json_real(match_round(r->classification.confidence, 3)));
    if (explain)
        json_object_set_new(prob, "candidates", json_integer((json_int_t)r->candidates));
    for (size_t i = 0; i < r->n_results; i++) {
        const struct rank_result *res = &r->results[i];
        const struct sol_features *f = &idx->sols[res->sol];
        json_t *o = json_object(), *contrib = json_object(), *reasons = json_array();

        json_object_set_new(o, "rank", json_integer((json_int_t)(i + 1)));
        json_object_set_new(o, "solution", json_string(f->sol->id));
        json_object_set_new(o, "vendor", json_string(f->sol->vendor));
        json_object_set_new(o, "score", json_real(match_round(res->score, 2)));
        for (int s = 0; s < SCORER_COUNT; s++) {
            if (p->weight[s] <= 0)
                continue;
            json_object_set_new(contrib, scorer_name((enum scorer_id)s),
                                json_pack("{s:f, s:f, s:f}", "value", match_round(res->value[s], 3),
                                          "weight", p->weight[s], "points",
                                          match_round(100 * p->weight[s] * res->value[s] / p->weight_sum, 2)));
        }
        json_object_set_new(o, "contributions", contrib);
        if (res->penalised || explain) {
            json_t *pen = json_array();
            for (int k = 0; k < FILTER_COUNT; k++)
                if (res->penalised & (1u << k)) {
                    struct strbuf why = STRBUF_INIT;
                    rank_explain_filter(idx, p, r->city, r->problem, res->sol, (enum filter_id)k, &why);
                    json_array_append_new(pen, json_pack("{s:s, s:f, s:s}", "filter", filter_name((enum filter_id)k),
                                                         "points", p->penalty[k], "reason", why.buf));
                    strbuf_release(&why);
                }
            json_object_set_new(o, "penalties", pen);
        }
        rank_reasons(idx, p, r->city, r->problem, r->domain, res, add_reason, reasons);
        json_object_set_new(o, "reasons", reasons);
        json_array_append_new(results, o);
    }
    json_object_set_new(prob, "results", results);
    for (size_t i = 0; i < r->n_excluded; i++) {
        const struct rank_exclusion *e = &r->excluded[i];
        struct strbuf why = STRBUF_INIT;

        rank_explain_filter(idx, p, r->city, r->problem, e->sol, e->filter, &why);
        json_array_append_new(excluded, json_pack("{s:s, s:s, s:s, s:f}", "solution", idx->sols[e->sol].sol->id,
                                                  "filter", filter_name(e->filter), "reason", why.buf,
                                                  "score", match_round(e->score, 2)));
        strbuf_release(&why);
    }
    json_object_set_new(prob, "excluded", excluded);
    json_object_set_new(prob, "gaps", gaps_json(run, r));
    return prob;
}

/* Dump j with every line after the first indented by indent spaces: the
 * bytes it has as a value nested that deep in a JSON_INDENT(2) document. */
static void dump_nested(json_t *j, int indent, FILE *out)
{
    char *text = json_dumps(j, MATCH_JSON_FLAGS);

    if (!text)
        die("cannot render the match results");
    for (const char *p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fprintf(out, "%*s", indent, "");
    }
    free(text);
}

static json_t *rules_json(const struct match_run *run);
static json_t *city_json(const struct match_run *run, size_t *i, int explain);

void match_write_json(const struct match_run *run, int explain, FILE *out)
{
    json_t *rules = rules_json(run);

    /* One city at a time: a run over a thousand cities never holds its
     * whole document as a tree. The bytes are json_dumpf's of the tree. */
    fputs("{\n  \"rules\": ", out);
    dump_nested(rules, 2, out);
    json_decref(rules);
    fputs(",\n  \"cities\": [", out);
    for (size_t i = 0; i < run->n;) {
        json_t *city = city_json(run, &i, explain);
        fputs("\n    ", out);
        dump_nested(city, 4, out);
        json_decref(city);
        if (i < run->n)
            fputc(',', out);
    }
    fputs(run->n ? "\n  ]\n}" : "]\n}", out);
}

static json_t *rules_json(const struct match_run *run)
{
    json_t *rules = json_object(), *weights = json_object();

    json_object_set_new(rules, "id", json_string(run->rules->id));
    json_object_set_new(rules, "name", json_string(run->rules->name));
    json_object_set_new(rules, "stage", json_string(stage_names[run->params.stage]));
    json_object_set_new(rules, "top", json_integer(run->params.top));
    json_object_set_new(rules, "min_score", json_real(run->params.min_score));
    for (int s = 0; s < SCORER_COUNT; s++)
        if (run->params.weight[s] > 0)
            json_object_set_new(weights, scorer_name((enum scorer_id)s), json_real(run->params.weight[s]));
    json_object_set_new(rules, "weights", weights);
    return rules;
}

/* The city of ranking *i and all its problems; *i moves past them. */
static json_t *city_json(const struct match_run *run, size_t *i, int explain)
{
    const struct city *c = run->rankings[*i].city;
    json_t *city = json_object(), *problems = json_array();

    json_object_set_new(city, "id", json_string(c->id));
    json_object_set_new(city, "name", json_string(c->name));
    json_object_set_new(city, "problems", problems);
    for (; *i < run->n && run->rankings[*i].city == c; (*i)++)
        json_array_append_new(problems, match_ranking_to_json(run, &run->rankings[*i], explain));
    return city;
}

/* --- text ------------------------------------------------------------------------ */

static void print_reason(void *data, const char *reason)
{
    fprintf((FILE *)data, "       - %s\n", reason);
}

void match_print_text(const struct match_run *run, int explain, FILE *out)
{
    const struct index *idx = run->idx;
    const struct rank_params *p = &run->params;
    const struct city *current = NULL;

    fprintf(out, "rules: %s (%s), stage %s: top %d, minimum score %g\n", run->rules->name, run->rules->id,
            stage_names[p->stage], p->top, p->min_score);
    for (size_t i = 0; i < run->n; i++) {
        const struct problem_ranking *r = &run->rankings[i];

        if (r->city != current) {
            current = r->city;
            fprintf(out, "\n== %s (%s), %s\n", current->name, current->country, region_names[current->region]);
        }
        fprintf(out, "\n%s: %s [priority %s]\n", r->problem->id, r->problem->title,
                enum_name(priority_names, r->problem->priority));
        if (r->domain < 0)
            fprintf(out, "  domain: unknown (the text names no domain of the taxonomy)\n");
        else if (r->domain_given)
            fprintf(out, "  domain: %s (given)\n", idx->domains[r->domain].id);
        else
            fprintf(out, "  domain: %s (classified from the text, confidence %.2f)\n", idx->domains[r->domain].id,
                    r->classification.confidence);
        if (!r->n_results)
            fprintf(out, "  no solution reaches the minimum score of %g\n", p->min_score);
        for (size_t j = 0; j < r->n_results; j++) {
            const struct rank_result *res = &r->results[j];
            const struct sol_features *f = &idx->sols[res->sol];
            fprintf(out, "  %2zu. %-34s %-30.30s %6.1f\n", j + 1, f->sol->id,
                    f->vendor ? f->vendor->name : f->sol->vendor, res->score);
            rank_reasons(idx, p, r->city, r->problem, r->domain, res, print_reason, out);
            if (explain) {
                fprintf(out, "       %-12s %7s %7s %7s\n", "scorer", "value", "weight", "points");
                for (int s = 0; s < SCORER_COUNT; s++)
                    if (p->weight[s] > 0)
                        fprintf(out, "       %-12s %7.3f %7g %7.2f\n", scorer_name((enum scorer_id)s), res->value[s],
                                p->weight[s], 100 * p->weight[s] * res->value[s] / p->weight_sum);
                if (res->penalty > 0)
                    fprintf(out, "       %-12s %7s %7s %7.2f\n", "penalties", "", "", -res->penalty);
            }
        }
        if (explain && r->n_excluded) {
            fprintf(out, "  excluded (%zu in all; the best %zu):\n", r->n_excluded_total, r->n_excluded);
            for (size_t j = 0; j < r->n_excluded; j++) {
                struct strbuf why = STRBUF_INIT;
                rank_explain_filter(idx, p, r->city, r->problem, r->excluded[j].sol, r->excluded[j].filter, &why);
                fprintf(out, "     %s (would score %.1f): %s: %s\n", idx->sols[r->excluded[j].sol].sol->id,
                        r->excluded[j].score, filter_name(r->excluded[j].filter), why.buf);
                strbuf_release(&why);
            }
        }
        if (r->n_gap_capabilities || r->n_gap_kpis) {
            fprintf(out, "  gaps (nothing shortlisted covers):");
            for (size_t j = 0; j < r->n_gap_capabilities; j++)
                fprintf(out, " %s", idx->capability_names[r->gap_capabilities[j]]);
            for (size_t j = 0; j < r->n_gap_kpis; j++)
                fprintf(out, " KPI %s", idx->reg->kpis->kpis.items[r->gap_kpis[j]].id);
            fputc('\n', out);
        }
    }
}

/* --- setting up a run ------------------------------------------------------------ */

int match_prepare(const char *root, const char *rules_path, struct registry *reg, struct index *idx,
                  const struct rule_set **rules, const char *cmd)
{
    struct diag_list diags = DIAG_LIST_INIT;
    int rc;

    if (registry_load(reg, root, NULL, &diags) == REGISTRY_USAGE) {
        diag_print_text(&diags, stderr);
        diag_list_release(&diags);
        return EXIT_USAGE;
    }
    if (diags.n) {
        /* A broken file must not stop a session: it is left out, loudly. */
        diag_print_text(&diags, stderr);
        fprintf(stderr, "scd %s: warning: %zu file%s with problems left out; run 'scd validate'\n", cmd,
                reg->files_invalid, reg->files_invalid == 1 ? "" : "s");
        diag_list_release(&diags);
    }
    if (index_build(idx, reg) < 0)
        return EXIT_INVALID;
    if (rules_path) {
        rc = registry_load_rule_set(reg, rules_path, rules, &diags);
        if (rc) {
            diag_print_text(&diags, stderr);
            diag_list_release(&diags);
            return rc == REGISTRY_USAGE ? EXIT_USAGE : EXIT_INVALID;
        }
    } else {
        *rules = registry_rule_set(reg, NULL);
        if (!*rules) {
            fprintf(stderr, "scd %s: no valid rule set in %s/rules; run 'scd validate rules/'\n", cmd, root);
            return EXIT_INVALID;
        }
    }
    return 0;
}

int parse_stage(const char *arg, enum stage *out)
{
    for (int s = 0; s < STAGE_COUNT; s++)
        if (!strcmp(arg, stage_names[s])) {
            *out = (enum stage)s;
            return 0;
        }
    return -1;
}

