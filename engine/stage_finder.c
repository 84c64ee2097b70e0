/* stage_finder.c - the Solution Finder's package: at most one solution per
 * problem, the most match score within the city's capex ceiling and yearly
 * opex, plus a bonus for solutions that share open standards or a vendor
 * (an exact multiple-choice knapsack by branch and bound); the two
 * alternatives (cheapest adequate, highest score regardless of budget);
 * and the figures of the solution package proposal. */
#include "stage.h"
#include "index.h"
#include "model.h"
#include "outline.h"
#include "registry.h"
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9
#define MAX_NODES 20000000

/* --- the search ------------------------------------------------------------------------------- */

struct knap {
    const struct knap_input *in;
    size_t *base;           /* per problem: index of its first option in the flat numbering */
    size_t n_flat;
    double *pair;           /* bonus between flat options, n_flat x n_flat */
    double *pmax;           /* per problem pair: the largest bonus between their options */
    double *smax;           /* per problem: its best option score (0 when it may stay empty) */
    int *cur;
    int *ids;               /* distinct ids chosen so far ... */
    size_t *idcount;        /* ... how many problems chose each ... */
    size_t *idflat;         /* ... and the flat option that brought it in */
    size_t n_ids;
    double score, bonus, capex, opex;
    struct knap_result *out;
    double best;
    int stopped;
};

static double bound(const struct knap *k, size_t depth)
{
    const struct knap_input *in = k->in;
    double ub = k->score + k->bonus;

    for (size_t q = depth; q < in->n; q++) {
        ub += k->smax[q];
        for (size_t p = 0; p < depth; p++)
            if (k->cur[p] >= 0)
                ub += k->pmax[q * in->n + p];
        for (size_t r = q + 1; r < in->n; r++)
            ub += k->pmax[q * in->n + r];
    }
    return ub;
}

static void search(struct knap *k, size_t depth)
{
    const struct knap_input *in = k->in;
    const struct knap_problem *pr;

    if (k->stopped)
        return;
    k->out->nodes++;
    if (in->max_nodes && k->out->nodes >= in->max_nodes) {
        k->stopped = 1;
        return;
    }
    if (depth == in->n) {
        double value = k->score + k->bonus;
        if (!k->out->found || value > k->best + EPS) {
            k->best = value;
            k->out->found = 1;
            k->out->value = value;
            k->out->score = k->score;
            k->out->bonus = k->bonus;
            k->out->capex = k->capex;
            k->out->opex = k->opex;
            memcpy(k->out->choice, k->cur, in->n * sizeof(int));
        }
        return;
    }
    if (k->out->found && bound(k, depth) <= k->best + EPS)
        return;
    pr = &in->problems[depth];
    for (size_t o = 0; o <= pr->n; o++) {
        size_t j;

        if (o == pr->n) {
            /* Leave the problem uncovered, unless its choice is pinned. */
            if (pr->required && pr->n)
                break;
            k->cur[depth] = -1;
            search(k, depth + 1);
            break;
        }
        for (j = 0; j < k->n_ids && k->ids[j] != pr->options[o].id; j++)
            ;
        if (j < k->n_ids) {
            /* Already paid for by another problem: its score counts, its cost not again. */
            k->idcount[j]++;
            k->cur[depth] = (int)o;
            k->score += pr->options[o].score;
            search(k, depth + 1);
            k->score -= pr->options[o].score;
            k->idcount[j]--;
        } else {
            double capex = k->capex + pr->options[o].capex, opex = k->opex + pr->options[o].opex, add = 0;
            size_t flat = k->base[depth] + o;

            if (capex > in->capex_limit + EPS || opex > in->opex_limit + EPS)
                continue;
            for (size_t i = 0; i < k->n_ids; i++)
                add += k->pair[flat * k->n_flat + k->idflat[i]];
            k->ids[k->n_ids] = pr->options[o].id;
            k->idcount[k->n_ids] = 1;
            k->idflat[k->n_ids++] = flat;
            k->cur[depth] = (int)o;
            k->score += pr->options[o].score;
            k->bonus += add;
            k->capex = capex;
            k->opex = opex;
            search(k, depth + 1);
            k->capex -= pr->options[o].capex;
            k->opex -= pr->options[o].opex;
            k->bonus -= add;
            k->score -= pr->options[o].score;
            k->n_ids--;
        }
    }
}

void knap_solve(const struct knap_input *in, struct knap_result *out)
{
    struct knap k;
    size_t n = in->n;

    memset(&k, 0, sizeof(k));
    memset(out, 0, sizeof(*out));
    out->choice = xcalloc(n + 1, sizeof(int));
    for (size_t p = 0; p < n; p++)
        out->choice[p] = -1;
    k.in = in;
    k.out = out;
    k.base = xcalloc(n + 1, sizeof(size_t));
    for (size_t p = 0; p < n; p++) {
        k.base[p] = k.n_flat;
        k.n_flat += in->problems[p].n;
    }
    k.pair = xcalloc(k.n_flat * k.n_flat + 1, sizeof(double));
    k.pmax = xcalloc(n * n + 1, sizeof(double));
    k.smax = xcalloc(n + 1, sizeof(double));
    for (size_t p = 0; p < n; p++) {
        const struct knap_problem *a = &in->problems[p];
        for (size_t o = 0; o < a->n; o++)
            if (o == 0 || a->options[o].score > k.smax[p])
                k.smax[p] = a->options[o].score;
        /* An empty choice scores 0: the bound must allow for it. */
        if ((!a->required || !a->n) && k.smax[p] < 0)
            k.smax[p] = 0;
        for (size_t q = 0; q < n; q++) {
            const struct knap_problem *b = &in->problems[q];
            if (q == p)
                continue;
            for (size_t o = 0; o < a->n; o++)
                for (size_t r = 0; r < b->n; r++) {
                    double v = 0;
                    if (in->bonus && a->options[o].id != b->options[r].id)
                        v = in->bonus(in->data, a->options[o].id, b->options[r].id);
                    k.pair[(k.base[p] + o) * k.n_flat + k.base[q] + r] = v;
                    if (v > k.pmax[p * n + q])
                        k.pmax[p * n + q] = v;
                }
        }
    }
    k.cur = xcalloc(n + 1, sizeof(int));
    k.ids = xcalloc(n + 1, sizeof(int));
    k.idcount = xcalloc(n + 1, sizeof(size_t));
    k.idflat = xcalloc(n + 1, sizeof(size_t));
    search(&k, 0);
    out->exact = !k.stopped;
    free(k.base);
    free(k.pair);
    free(k.pmax);
    free(k.smax);
    free(k.cur);
    free(k.ids);
    free(k.idcount);
    free(k.idflat);
}

/* --- the plan ---------------------------------------------------------------------------------- */

static int shares_standard(const struct solution *a, const struct solution *b)
{
    for (size_t i = 0; i < a->standards.n; i++)
        for (size_t j = 0; j < b->standards.n; j++)
            if (!strcmp(a->standards.items[i], b->standards.items[j]))
                return 1;
    return 0;
}

static double pair_bonus(const struct stage_ctx *ctx, uint32_t a, uint32_t b)
{
    const struct solution *x = ctx->idx->sols[a].sol, *y = ctx->idx->sols[b].sol;
    const struct package_rules *pk = &ctx->rules->package;
    double v = 0;

    if (a == b)
        return 0;
    if (!isnan(pk->standards_bonus) && shares_standard(x, y))
        v += pk->standards_bonus;
    if (!isnan(pk->vendor_bonus) && !strcmp(x->vendor, y->vendor))
        v += pk->vendor_bonus;
    return v;
}

static double knap_bonus(void *data, int a, int b)
{
    return pair_bonus(data, (uint32_t)a, (uint32_t)b);
}

/* Totals of a package; distinct solutions are paid for once. */
static void package_totals(struct stage_ctx *ctx, struct stage_plan *plan, struct stage_package *pkg)
{
    const struct city *c = ctx->city;
    uint32_t *sols = arena_calloc(&ctx->arena, c->problems.n + 1, sizeof(uint32_t));
    size_t n = 0;
    int eligible = 1;

    pkg->score = pkg->bonus = pkg->capex = pkg->opex_year = pkg->tco = 0;
    pkg->covered = 0;
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct stage_option *o;
        size_t j;

        if (pkg->option[p] < 0)
            continue;
        o = &plan->options[p].items[pkg->option[p]];
        pkg->covered++;
        pkg->score += o->result.score;
        eligible &= o->eligible || plan->pinned[p];
        for (j = 0; j < n && sols[j] != o->sol; j++)
            ;
        if (j < n)
            continue;
        for (size_t i = 0; i < n; i++)
            pkg->bonus += pair_bonus(ctx, sols[i], o->sol);
        sols[n++] = o->sol;
        pkg->capex += o->cost.capex;
        pkg->opex_year += o->cost.opex_year;
    }
    pkg->solutions = n;
    pkg->tco = pkg->capex + pkg->opex_year * ctx->rules->horizon_years;
    pkg->within_budget = eligible && pkg->capex <= c->budget.capex_ceiling + EPS &&
                         pkg->opex_year <= c->budget.opex_per_year + EPS;
}

static void option_init(struct stage_ctx *ctx, struct stage_plan *plan, size_t p, struct stage_option *o,
                        uint32_t sol, const struct rank_result *res)
{
    double max_capex = ctx->city->problems.items[p].constraints.max_capex;

    memset(o, 0, sizeof(*o));
    o->sol = sol;
    o->result = *res;
    o->excluded_by = -1;
    stage_cost_of(ctx, sol, &o->cost);
    o->eligible = isnan(max_capex) || o->cost.capex <= max_capex + EPS;
    (void)plan;
}

/* The score a pinned solution gets for problem p, the way rank_problem
 * scores it; excluded_by is the first exclude-mode filter it fails. */
static void score_pin(struct stage_ctx *ctx, struct stage_plan *plan, size_t p, uint32_t sol,
                      struct rank_result *out, int *excluded_by)
{
    const struct rank_params *rp = &plan->params;
    const struct problem *pr = &ctx->city->problems.items[p];
    int domain = plan->rankings[p].domain;
    double sum = 0;

    memset(out, 0, sizeof(*out));
    out->sol = sol;
    *excluded_by = -1;
    for (int f = 0; f < FILTER_COUNT; f++) {
        if (rp->mode[f] == FILTER_OFF || !rank_filter_fails(ctx->idx, rp, ctx->city, pr, sol, (enum filter_id)f))
            continue;
        if (rp->mode[f] == FILTER_EXCLUDE && *excluded_by < 0)
            *excluded_by = f;
        else if (rp->mode[f] == FILTER_PENALTY) {
            out->penalty += rp->penalty[f];
            out->penalised |= (uint8_t)(1u << f);
        }
    }
    for (int s = 0; s < SCORER_COUNT; s++) {
        if (rp->weight[s] <= 0)
            continue;
        out->value[s] = rank_scorer_value(ctx->idx, rp, ctx->city, pr, domain, sol, (enum scorer_id)s);
        sum += rp->weight[s] * out->value[s];
    }
    out->score = rp->weight_sum > 0 ? 100 * sum / rp->weight_sum : 0;
    out->score = round(fmax(0, out->score - out->penalty) * 100) / 100;
}

/* Place one pin: "SOLUTION" on the problem it fits best, or "SOLUTION@PROBLEM". */
static int place_pin(struct stage_ctx *ctx, struct stage_plan *plan, const char *pin)
{
    const struct city *c = ctx->city;
    const char *at = strchr(pin, '@');
    char *sol_id = at ? xstrndup(pin, (size_t)(at - pin)) : xstrdup(pin);
    const struct solution *s = registry_solution(ctx->reg, sol_id);
    long best_p = -1;
    double best = -1;
    uint32_t sol = 0;
    struct rank_result res;
    int excluded_by;
    int rc = 0;

    if (!s) {
        strbuf_addf(ctx->err, "no solution '%s' in the registry\n", sol_id);
        rc = STAGE_EUSAGE;
        goto cleanup;
    }
    while (ctx->idx->sols[sol].sol != s)
        sol++;
    for (size_t p = 0; p < c->problems.n; p++) {
        double score;
        if (at && strcmp(at + 1, c->problems.items[p].id))
            continue;
        double fit = rank_scorer_value(ctx->idx, &plan->params, c, &c->problems.items[p], plan->rankings[p].domain,
                                       sol, SCORER_DOMAIN);
        score_pin(ctx, plan, p, sol, &res, &excluded_by);
        /* Without a named problem, only problems of its domain count. */
        if (!at && fit <= 0)
            continue;
        score = fit * 1000 + res.score;
        if (score > best) {
            best = score;
            best_p = (long)p;
        }
    }
    if (best_p < 0) {
        if (at)
            strbuf_addf(ctx->err, "%s has no problem '%s'\n", c->name, at + 1);
        else
            strbuf_addf(ctx->err, "solution '%s' answers none of %s's problems; name one as %s@PROBLEM\n", sol_id,
                        c->name, sol_id);
        rc = STAGE_EUSAGE;
        goto cleanup;
    }
    if (plan->pinned[best_p]) {
        strbuf_addf(ctx->err, "two solutions pinned for problem '%s'\n", c->problems.items[best_p].id);
        rc = STAGE_EUSAGE;
        goto cleanup;
    }
    score_pin(ctx, plan, (size_t)best_p, sol, &res, &excluded_by);
    plan->pinned[best_p] = 1;
    plan->options[best_p].items = arena_calloc(&ctx->arena, 1, sizeof(struct stage_option));
    plan->options[best_p].n = 1;
    option_init(ctx, plan, (size_t)best_p, &plan->options[best_p].items[0], sol, &res);
    plan->options[best_p].items[0].excluded_by = excluded_by;
cleanup:
    free(sol_id);
    return rc;
}

static void package_alloc(struct stage_ctx *ctx, struct stage_package *pkg)
{
    pkg->option = arena_calloc(&ctx->arena, ctx->city->problems.n + 1, sizeof(int));
    for (size_t p = 0; p < ctx->city->problems.n; p++)
        pkg->option[p] = -1;
}

/* Run the search over plan's options: only_eligible keeps options within
 * their problem's capex limit; limited applies the city's budget. */
static void solve(struct stage_ctx *ctx, struct stage_plan *plan, int only_eligible, int limited,
                  struct stage_package *pkg)
{
    size_t n = ctx->city->problems.n;
    struct knap_problem *probs = xcalloc(n + 1, sizeof(*probs));
    struct knap_option **opts = xcalloc(n + 1, sizeof(*opts));
    size_t **map = xcalloc(n + 1, sizeof(*map));
    struct knap_input in;
    struct knap_result res;

    for (size_t p = 0; p < n; p++) {
        opts[p] = xcalloc(plan->options[p].n + 1, sizeof(**opts));
        map[p] = xcalloc(plan->options[p].n + 1, sizeof(**map));
        for (size_t o = 0; o < plan->options[p].n; o++) {
            const struct stage_option *so = &plan->options[p].items[o];
            if (only_eligible && !so->eligible && !plan->pinned[p])
                continue;
            map[p][probs[p].n] = o;
            opts[p][probs[p].n].id = (int)so->sol;
            opts[p][probs[p].n].score = so->result.score;
            opts[p][probs[p].n].capex = so->cost.capex;
            opts[p][probs[p].n++].opex = so->cost.opex_year;
        }
        probs[p].options = opts[p];
        probs[p].required = plan->pinned[p];
    }
    memset(&in, 0, sizeof(in));
    in.problems = probs;
    in.n = n;
    in.capex_limit = limited ? ctx->city->budget.capex_ceiling : INFINITY;
    in.opex_limit = limited ? ctx->city->budget.opex_per_year : INFINITY;
    in.bonus = knap_bonus;
    in.data = ctx;
    in.max_nodes = MAX_NODES;
    knap_solve(&in, &res);
    package_alloc(ctx, pkg);
    pkg->found = res.found;
    if (res.found)
        for (size_t p = 0; p < n; p++)
            pkg->option[p] = res.choice[p] < 0 ? -1 : (int)map[p][res.choice[p]];
    if (limited && only_eligible) {
        plan->exact = res.exact;
        plan->nodes = res.nodes;
    }
    package_totals(ctx, plan, pkg);
    free(res.choice);
    for (size_t p = 0; p < n; p++) {
        free(opts[p]);
        free(map[p]);
    }
    free(opts);
    free(map);
    free(probs);
}

static json_t *package_json(struct stage_ctx *ctx, struct stage_plan *plan, const struct stage_package *pkg)
{
    json_t *o = json_object(), *choices = json_array();

    for (size_t p = 0; p < ctx->city->problems.n; p++) {
        const struct stage_option *so = pkg->option[p] >= 0 ? &plan->options[p].items[pkg->option[p]] : NULL;
        json_t *c = json_object();

        json_object_set_new(c, "problem", json_string(ctx->city->problems.items[p].id));
        json_object_set_new(c, "solution", so ? json_string(ctx->idx->sols[so->sol].sol->id) : json_null());
        json_object_set_new(c, "vendor", so ? json_string(ctx->idx->sols[so->sol].sol->vendor) : json_null());
        json_object_set_new(c, "score", so ? json_real(so->result.score) : json_null());
        json_object_set_new(c, "capex", so ? stage_json_amount(so->cost.capex) : json_null());
        json_object_set_new(c, "opex_year", so ? stage_json_amount(so->cost.opex_year) : json_null());
        json_object_set_new(c, "pinned", json_boolean(plan->pinned[p]));
        json_array_append_new(choices, c);
    }
    json_object_set_new(o, "choices", choices);
    json_object_set_new(o, "score", json_real(round(pkg->score * 100) / 100));
    json_object_set_new(o, "bonus", json_real(round(pkg->bonus * 100) / 100));
    json_object_set_new(o, "capex", stage_json_amount(pkg->capex));
    json_object_set_new(o, "opex_year", stage_json_amount(pkg->opex_year));
    json_object_set_new(o, "tco", stage_json_amount(pkg->tco));
    json_object_set_new(o, "covered", json_integer((json_int_t)pkg->covered));
    json_object_set_new(o, "within_budget", json_boolean(pkg->within_budget));
    return o;
}

static int compare_options(const void *a, const void *b)
{
    const struct stage_option *x = a, *y = b;

    if (x->result.score != y->result.score)
        return x->result.score > y->result.score ? -1 : 1;
    return x->sol < y->sol ? -1 : x->sol > y->sol;
}

struct stage_plan *stage_plan_need(struct stage_ctx *ctx)
{
    const struct city *c = ctx->city;
    struct stage_plan *plan;
    size_t n = c->problems.n;
    json_t *data;

    if (ctx->plan || ctx->failed)
        return ctx->plan;
    plan = xcalloc(1, sizeof(*plan));
    rank_params_init(&plan->params, ctx->rules, STAGE_FINDER);
    plan->rankings = xcalloc(n + 1, sizeof(*plan->rankings));
    plan->options = xcalloc(n + 1, sizeof(*plan->options));
    plan->pinned = xcalloc(n + 1, sizeof(int));
    plan->pins_only = ctx->params.stage == STAGE_IMPLEMENTER && ctx->opts && ctx->opts->n_pins;
    for (size_t p = 0; p < n; p++)
        rank_problem(ctx->idx, &plan->params, c, &c->problems.items[p], &plan->rankings[p]);
    ctx->plan = plan;
    for (size_t i = 0; ctx->opts && i < ctx->opts->n_pins; i++) {
        int rc = place_pin(ctx, plan, ctx->opts->pins[i]);
        if (rc) {
            ctx->failed = rc;
            return NULL;
        }
    }
    for (size_t p = 0; p < n; p++) {
        const struct problem_ranking *r = &plan->rankings[p];
        if (plan->pinned[p] || plan->pins_only)
            continue;
        plan->options[p].items = arena_calloc(&ctx->arena, r->n_results + 1, sizeof(struct stage_option));
        plan->options[p].n = r->n_results;
        for (size_t i = 0; i < r->n_results; i++)
            option_init(ctx, plan, p, &plan->options[p].items[i], r->results[i].sol, &r->results[i]);
        qsort(plan->options[p].items, plan->options[p].n, sizeof(struct stage_option), compare_options);
    }

    solve(ctx, plan, 1, 1, &plan->proposed);
    if (!plan->proposed.found) {
        /* Only pinned choices can make the budget unreachable: keep them, say so. */
        for (size_t p = 0; p < n; p++)
            plan->proposed.option[p] = plan->pinned[p] ? 0 : -1;
        package_totals(ctx, plan, &plan->proposed);
    }
    solve(ctx, plan, 0, 0, &plan->best);
    /* Cheapest adequate: the problems the proposal covers, each with its
     * cheapest candidate over the horizon (a pinned choice stays). */
    package_alloc(ctx, &plan->cheapest);
    plan->cheapest.found = 1;
    for (size_t p = 0; p < n; p++)
        for (size_t o = 0; o < plan->options[p].n && plan->proposed.option[p] >= 0; o++) {
            int cur = plan->cheapest.option[p];
            if (cur < 0 || plan->options[p].items[o].cost.tco < plan->options[p].items[cur].cost.tco - EPS)
                plan->cheapest.option[p] = (int)o;
        }
    package_totals(ctx, plan, &plan->cheapest);

    data = json_object();
    json_object_set_new(data, "proposed", package_json(ctx, plan, &plan->proposed));
    json_object_set_new(data, "cheapest_adequate", package_json(ctx, plan, &plan->cheapest));
    json_object_set_new(data, "highest_score", package_json(ctx, plan, &plan->best));
    json_object_set_new(data, "exact", json_boolean(plan->exact));
    json_object_set_new(ctx->data, "package", data);
    return plan;
}

void stage_plan_free(struct stage_plan *plan, size_t n_problems)
{
    if (!plan)
        return;
    for (size_t p = 0; p < n_problems; p++)
        problem_ranking_release(&plan->rankings[p]);
    free(plan->rankings);
    free(plan->options);
    free(plan->pinned);
    free(plan);
}

/* --- figures -------------------------------------------------------------------------------------- */

/* Why a problem has no choice: no candidate, every candidate over the
 * problem's own limit, or none fits what the budget leaves. */
static const char *uncovered_label(const struct stage_plan *plan, size_t p, const char *prefix)
{
    int eligible = 0;

    for (size_t o = 0; o < plan->options[p].n; o++)
        eligible |= plan->options[p].items[o].eligible;
    if (!plan->options[p].n)
        return !strcmp(prefix, "package") ? "package-uncovered" : "finder-summary-uncovered";
    if (!eligible)
        return !strcmp(prefix, "package") ? "package-over-limit" : "finder-summary-over-limit";
    return !strcmp(prefix, "package") ? "package-unaffordable" : "finder-summary-unaffordable";
}

static const struct stage_option *chosen(const struct stage_plan *plan, const struct stage_package *pkg, size_t p)
{
    return pkg->option[p] >= 0 ? &plan->options[p].items[pkg->option[p]] : NULL;
}

static const char *share(struct stage_ctx *ctx, double part, double whole)
{
    if (!(whole > 0))
        return stage_label(ctx, "unknown");
    return stage_percent(ctx, part / whole);
}

static void fig_summary(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    const struct stage_package *pk;
    double h = ctx->rules->horizon_years;

    if (!plan)
        return;
    pk = &plan->proposed;
    if (!pk->covered) {
        stage_tree_paragraph(section, stage_text(ctx, "finder-summary-empty", NULL));
        return;
    }
    stage_tree_paragraph(section, stage_printf(ctx, "%s%s%s",
                                               stage_text(ctx, stage_plural(ctx, "finder-summary", (double)pk->solutions),
                                                          "n_solutions", stage_number(ctx, (double)pk->solutions, 0),
                                                          "n_covered", stage_number(ctx, (double)pk->covered, 0),
                                                          "n_problems", stage_number(ctx, (double)c->problems.n, 0),
                                                          "score", stage_score(ctx, pk->score), NULL),
                                               pk->bonus > 0 ? " " : "",
                                               pk->bonus > 0 ? stage_text(ctx, "finder-summary-bonus", "bonus",
                                                                          stage_number(ctx, pk->bonus, 1), NULL)
                                                             : ""));
    stage_tree_paragraph(section, stage_text(ctx, pk->within_budget ? "finder-summary-cost" : "finder-summary-over",
                                             "capex", stage_money(ctx, pk->capex),
                                             "capex_share", share(ctx, pk->capex, c->budget.capex_ceiling),
                                             "opex", stage_money(ctx, pk->opex_year),
                                             "opex_share", share(ctx, pk->opex_year, c->budget.opex_per_year),
                                             "tco", stage_money(ctx, pk->tco),
                                             "tco_share", share(ctx, pk->tco, c->budget.capex_ceiling +
                                                                               c->budget.opex_per_year * h), NULL));
    for (size_t p = 0; p < c->problems.n; p++)
        if (pk->option[p] < 0)
            stage_tree_paragraph(section, stage_text(ctx, uncovered_label(plan, p, "summary"), "problem",
                                                     c->problems.items[p].title, NULL));
}

static void fig_package(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    json_t *t, *row;

    if (!plan)
        return;
    t = stage_tree_table(section, stage_caption(ctx, "package-caption"));
    stage_tree_column(t, stage_label(ctx, "col-problem"), 0);
    stage_tree_column(t, stage_label(ctx, "col-priority"), 0);
    stage_tree_column(t, stage_label(ctx, "col-proposed"), 0);
    stage_tree_column(t, stage_label(ctx, "col-vendor"), 0);
    stage_tree_column(t, stage_label(ctx, "col-score"), STAGE_ALIGN_RIGHT);
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct stage_option *o = chosen(plan, &plan->proposed, p);

        row = stage_tree_row(t);
        stage_tree_cell(row, c->problems.items[p].title);
        stage_tree_cell(row, stage_enum(ctx, "priority", priority_names, c->problems.items[p].priority));
        if (o) {
            stage_tree_cell(row, plan->pinned[p] ? stage_text(ctx, "pinned-name", "name",
                                                              ctx->idx->sols[o->sol].sol->name, NULL)
                                                 : ctx->idx->sols[o->sol].sol->name);
            stage_tree_cell(row, stage_vendor_name(ctx, o->sol));
            stage_tree_cell(row, stage_score(ctx, o->result.score));
        } else {
            stage_tree_cell(row, stage_label(ctx, uncovered_label(plan, p, "package")));
            stage_tree_cell(row, "");
            stage_tree_cell(row, "");
        }
    }
    row = stage_tree_footer(t);
    stage_tree_cell(row, stage_label(ctx, "total-score"));
    stage_tree_cell(row, "");
    stage_tree_cell(row, "");
    stage_tree_cell(row, "");
    stage_tree_cell(row, stage_score(ctx, plan->proposed.score));
    if (plan->proposed.bonus > 0) {
        row = stage_tree_footer(t);
        stage_tree_cell(row, stage_label(ctx, "bonus-score"));
        stage_tree_cell(row, "");
        stage_tree_cell(row, "");
        stage_tree_cell(row, "");
        stage_tree_cell(row, stage_printf(ctx, "+%s", stage_number(ctx, plan->proposed.bonus, 1)));
    }
    stage_tree_source(t, stage_text(ctx, "package-source", "min_score",
                                    stage_number(ctx, plan->params.min_score, 1), NULL));
}

static const char *scale_text(struct stage_ctx *ctx, uint32_t sol, const struct stage_cost *cost)
{
    const struct solution *s = ctx->idx->sols[sol].sol;

    if (!(cost->units > 0))
        return stage_label(ctx, "scale-whole");
    return stage_text(ctx, "scale-units", "units", stage_number(ctx, cost->units, 0), "unit",
                      s->cost.unit ? s->cost.unit : stage_label(ctx, "unit-default"), NULL);
}

static void fig_costs(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    double h = ctx->rules->horizon_years, horizon_budget;
    uint8_t *seen;
    json_t *t, *row;

    if (!plan)
        return;
    if (!plan->proposed.covered) {
        stage_tree_paragraph(section, stage_text(ctx, "costs-none", NULL));
        return;
    }
    horizon_budget = c->budget.capex_ceiling + c->budget.opex_per_year * h;
    seen = arena_calloc(&ctx->arena, ctx->idx->n_sols + 1, 1);
    t = stage_tree_table(section, stage_caption(ctx, "costs-caption"));
    stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-scale"), 0);
    stage_tree_column(t, stage_label(ctx, "col-capex"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-opex"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_text(ctx, "col-tco", NULL), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_text(ctx, "col-budget-share", NULL), STAGE_ALIGN_RIGHT);
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct stage_option *o = chosen(plan, &plan->proposed, p);
        if (!o || seen[o->sol])
            continue;
        seen[o->sol] = 1;
        row = stage_tree_row(t);
        stage_tree_cell(row, ctx->idx->sols[o->sol].sol->name);
        stage_tree_cell(row, scale_text(ctx, o->sol, &o->cost));
        stage_tree_cell(row, stage_money(ctx, o->cost.capex));
        stage_tree_cell(row, stage_money(ctx, o->cost.opex_year));
        stage_tree_cell(row, stage_money(ctx, o->cost.tco));
        stage_tree_cell(row, share(ctx, o->cost.tco, horizon_budget));
    }
    row = stage_tree_footer(t);
    stage_tree_cell(row, stage_label(ctx, "total-package"));
    stage_tree_cell(row, "");
    stage_tree_cell(row, stage_money(ctx, plan->proposed.capex));
    stage_tree_cell(row, stage_money(ctx, plan->proposed.opex_year));
    stage_tree_cell(row, stage_money(ctx, plan->proposed.tco));
    stage_tree_cell(row, share(ctx, plan->proposed.tco, horizon_budget));
    row = stage_tree_footer(t);
    stage_tree_cell(row, stage_label(ctx, "total-budget"));
    stage_tree_cell(row, "");
    stage_tree_cell(row, stage_money(ctx, c->budget.capex_ceiling));
    stage_tree_cell(row, stage_money(ctx, c->budget.opex_per_year));
    stage_tree_cell(row, stage_money(ctx, horizon_budget));
    stage_tree_cell(row, "100%");
    row = stage_tree_footer(t);
    stage_tree_cell(row, stage_label(ctx, "total-share"));
    stage_tree_cell(row, "");
    stage_tree_cell(row, share(ctx, plan->proposed.capex, c->budget.capex_ceiling));
    stage_tree_cell(row, share(ctx, plan->proposed.opex_year, c->budget.opex_per_year));
    stage_tree_cell(row, share(ctx, plan->proposed.tco, horizon_budget));
    stage_tree_cell(row, "");
    stage_tree_source(t, stage_text(ctx, "costs-source", "rates_date",
                                    ctx->reg->rates ? ctx->reg->rates->as_of : "", "population",
                                    stage_number(ctx, c->population, 0), NULL));
}

/* The scorers that set the chosen solution apart from the runner-up, in words. */
static const char *score_difference(struct stage_ctx *ctx, const struct stage_plan *plan,
                                    const struct rank_result *a, const struct rank_result *b, int sign)
{
    const struct rank_params *rp = &plan->params;
    struct strbuf sb = STRBUF_INIT;
    int order[SCORER_COUNT], n = 0;
    const char *s;

    for (int k = 0; k < SCORER_COUNT; k++)
        if (rp->weight[k] > 0 && sign * (a->value[k] - b->value[k]) * rp->weight[k] * 100 / rp->weight_sum >= 0.5)
            order[n++] = k;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            double x = sign * (a->value[order[j]] - b->value[order[j]]) * rp->weight[order[j]];
            double y = sign * (a->value[order[j - 1]] - b->value[order[j - 1]]) * rp->weight[order[j - 1]];
            if (x > y) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
    for (int i = 0; i < n && i < 3; i++) {
        double pts = (a->value[order[i]] - b->value[order[i]]) * rp->weight[order[i]] * 100 / rp->weight_sum;
        strbuf_addf(&sb, "%s%s (%s%s)", i ? ", " : "",
                    stage_label(ctx, stage_printf(ctx, "scorer-%s", scorer_name((enum scorer_id)order[i]))),
                    pts >= 0 ? "+" : "", stage_number(ctx, pts, 1));
    }
    s = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

static const char *filters_text(struct stage_ctx *ctx, uint8_t mask)
{
    struct strbuf sb = STRBUF_INIT;
    const char *s;

    for (int f = 0; f < FILTER_COUNT; f++)
        if (mask & (1u << f))
            strbuf_addf(&sb, "%s%s", sb.len ? ", " : "",
                        stage_label(ctx, stage_printf(ctx, "filter-%s", filter_name((enum filter_id)f))));
    s = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

/* Why the proposal holds o for problem p rather than runner-up r. */
static const char *why_chosen(struct stage_ctx *ctx, struct stage_plan *plan, size_t p, const struct stage_option *o,
                              int ri)
{
    const struct city *c = ctx->city;
    const struct stage_option *r = &plan->options[p].items[ri];
    struct stage_package swap;

    if (o->result.score >= r->result.score) {
        const char *diff = score_difference(ctx, plan, &o->result, &r->result, 1);
        const char *why = stage_text(ctx, *diff ? "why-higher" : "why-higher-plain", "points",
                                     stage_score(ctx, o->result.score - r->result.score), "scorers", diff, NULL);
        if (r->result.penalty > o->result.penalty)
            why = stage_printf(ctx, "%s %s", why, stage_text(ctx, "why-penalties", "points",
                                                             stage_number(ctx, r->result.penalty, 1), "checks",
                                                             filters_text(ctx, r->result.penalised), NULL));
        return why;
    }
    /* The runner-up scores higher: the budget or the package decided. */
    if (!r->eligible)
        return stage_text(ctx, "why-over-problem-capex", "capex", stage_money(ctx, r->cost.capex), "limit",
                          stage_money(ctx, c->problems.items[p].constraints.max_capex), NULL);
    package_alloc(ctx, &swap);
    memcpy(swap.option, plan->proposed.option, c->problems.n * sizeof(int));
    swap.option[p] = ri;
    package_totals(ctx, plan, &swap);
    if (swap.capex > c->budget.capex_ceiling + EPS)
        return stage_text(ctx, "why-over-capex", "capex", stage_money(ctx, swap.capex), "limit",
                          stage_money(ctx, c->budget.capex_ceiling), NULL);
    if (swap.opex_year > c->budget.opex_per_year + EPS)
        return stage_text(ctx, "why-over-opex", "opex", stage_money(ctx, swap.opex_year), "limit",
                          stage_money(ctx, c->budget.opex_per_year), NULL);
    return stage_text(ctx, "why-bonus", "points", stage_number(ctx, plan->proposed.bonus - swap.bonus, 1), NULL);
}

static void fig_choices(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    json_t *t;

    if (!plan)
        return;
    t = stage_tree_table(section, stage_caption(ctx, "choices-caption"));
    stage_tree_column(t, stage_label(ctx, "col-problem"), 0);
    stage_tree_column(t, stage_label(ctx, "col-proposed"), 0);
    stage_tree_column(t, stage_label(ctx, "col-runner-up"), 0);
    stage_tree_column(t, stage_label(ctx, "col-why"), 0);
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct stage_option *o = chosen(plan, &plan->proposed, p);
        const struct sol_features *sf = o ? &ctx->idx->sols[o->sol] : NULL;
        json_t *row = stage_tree_row(t);
        int ri = -1;
        const char *why;

        for (size_t i = 0; i < plan->options[p].n; i++)
            if ((int)i != plan->proposed.option[p] && ri < 0)
                ri = (int)i;
        stage_tree_cell(row, c->problems.items[p].title);
        stage_tree_cell(row, o ? stage_printf(ctx, "%s (%s)", sf->sol->name, stage_score(ctx, o->result.score))
                               : stage_label(ctx, uncovered_label(plan, p, "package")));
        if (plan->pinned[p]) {
            stage_tree_cell(row, "");
            why = stage_text(ctx, "why-pinned", NULL);
            if (o->excluded_by >= 0) {
                struct strbuf sb = STRBUF_INIT;
                rank_explain_filter(ctx->idx, &plan->params, c, &c->problems.items[p], o->sol,
                                    (enum filter_id)o->excluded_by, &sb);
                why = stage_printf(ctx, "%s %s", why, stage_text(ctx, "why-pinned-fails", "check",
                                                                 stage_label(ctx, stage_printf(ctx, "filter-%s",
                                                                        filter_name((enum filter_id)o->excluded_by))),
                                                                 "reason", sb.buf, NULL));
                strbuf_release(&sb);
            }
            stage_tree_cell(row, why);
            continue;
        }
        if (!o) {
            const struct stage_option *cheapest = NULL;
            for (size_t i = 0; i < plan->options[p].n; i++)
                if (!cheapest || plan->options[p].items[i].cost.capex < cheapest->cost.capex)
                    cheapest = &plan->options[p].items[i];
            stage_tree_cell(row, cheapest ? stage_printf(ctx, "%s (%s)", ctx->idx->sols[cheapest->sol].sol->name,
                                                         stage_score(ctx, cheapest->result.score))
                                          : "");
            if (!cheapest)
                why = stage_text(ctx, "why-no-candidate", "min_score", stage_number(ctx, plan->params.min_score, 1),
                                 NULL);
            else if (!cheapest->eligible)
                /* The cheapest is over the problem's own limit, so all are. */
                why = stage_text(ctx, "why-over-limit", "capex", stage_money(ctx, cheapest->cost.capex), "limit",
                                 stage_money(ctx, c->problems.items[p].constraints.max_capex), NULL);
            else if (cheapest->cost.capex > c->budget.capex_ceiling + EPS)
                why = stage_text(ctx, "why-over-ceiling", "capex", stage_money(ctx, cheapest->cost.capex), "limit",
                                 stage_money(ctx, c->budget.capex_ceiling), NULL);
            else if (cheapest->cost.opex_year > c->budget.opex_per_year + EPS)
                why = stage_text(ctx, "why-over-opex-budget", "opex", stage_money(ctx, cheapest->cost.opex_year),
                                 "limit", stage_money(ctx, c->budget.opex_per_year), NULL);
            else
                why = stage_text(ctx, "why-none-fits", "capex", stage_money(ctx, cheapest->cost.capex), "opex",
                                 stage_money(ctx, cheapest->cost.opex_year), NULL);
            stage_tree_cell(row, why);
            continue;
        }
        if (ri < 0) {
            stage_tree_cell(row, "");
            stage_tree_cell(row, stage_text(ctx, "why-only", "min_score", stage_number(ctx, plan->params.min_score, 1),
                                            NULL));
            continue;
        }
        stage_tree_cell(row, stage_printf(ctx, "%s (%s)", ctx->idx->sols[plan->options[p].items[ri].sol].sol->name,
                                          stage_score(ctx, plan->options[p].items[ri].result.score)));
        stage_tree_cell(row, why_chosen(ctx, plan, p, o, ri));
    }
}

/* The distinct chosen solutions, in problem order. */
static size_t package_solutions(struct stage_ctx *ctx, const struct stage_plan *plan, const struct stage_package *pkg,
                                uint32_t *out)
{
    size_t n = 0;

    for (size_t p = 0; p < ctx->city->problems.n; p++) {
        const struct stage_option *o = chosen(plan, pkg, p);
        size_t j;
        if (!o)
            continue;
        for (j = 0; j < n && out[j] != o->sol; j++)
            ;
        if (j == n)
            out[n++] = o->sol;
    }
    return n;
}

static const char *standard_name(const struct stage_ctx *ctx, const char *id)
{
    const struct standard *s = strmap_get(&ctx->reg->standards, id);
    return s ? s->name : id;
}

static void fig_interop(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    uint32_t *sols;
    size_t n;
    json_t *t;

    if (!plan)
        return;
    sols = arena_calloc(&ctx->arena, ctx->city->problems.n + 1, sizeof(uint32_t));
    n = package_solutions(ctx, plan, &plan->proposed, sols);
    /* What each speaks. */
    if (n) {
        t = stage_tree_table(section, stage_caption(ctx, "standards-caption"));
        stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
        stage_tree_column(t, stage_label(ctx, "col-standards"), 0);
        for (size_t i = 0; i < n; i++) {
            const struct solution *s = ctx->idx->sols[sols[i]].sol;
            const char **names = arena_calloc(&ctx->arena, s->standards.n + 1, sizeof(*names));
            json_t *row = stage_tree_row(t);
            for (size_t j = 0; j < s->standards.n; j++)
                names[j] = standard_name(ctx, s->standards.items[j]);
            stage_tree_cell(row, s->name);
            stage_tree_cell(row, s->standards.n ? stage_join(ctx, names, s->standards.n) : stage_label(ctx, "none"));
        }
    }
    if (n < 2) {
        stage_tree_paragraph(section, stage_text(ctx, "interop-single", NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "interop-caption"));
    stage_tree_column(t, "", 0);
    for (size_t i = 0; i < n; i++)
        stage_tree_column(t, ctx->idx->sols[sols[i]].sol->name, 0);
    for (size_t i = 0; i < n; i++) {
        json_t *row = stage_tree_row(t);
        const struct solution *a = ctx->idx->sols[sols[i]].sol;
        stage_tree_cell(row, a->name);
        for (size_t j = 0; j < n; j++) {
            const struct solution *b = ctx->idx->sols[sols[j]].sol;
            struct strbuf sb = STRBUF_INIT;
            if (i == j) {
                stage_tree_cell(row, "·");
                continue;
            }
            for (size_t x = 0; x < a->standards.n; x++)
                for (size_t y = 0; y < b->standards.n; y++)
                    if (!strcmp(a->standards.items[x], b->standards.items[y]))
                        strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", a->standards.items[x]);
            if (!strcmp(a->vendor, b->vendor))
                strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", stage_label(ctx, "interop-same-vendor"));
            stage_tree_cell(row, sb.len ? sb.buf : stage_label(ctx, "interop-nothing"));
            strbuf_release(&sb);
        }
    }
    stage_tree_source(t, stage_text(ctx, "interop-source", NULL));
}

static void alternative_row(struct stage_ctx *ctx, json_t *t, const char *name, const struct stage_plan *plan,
                            const struct stage_package *pkg)
{
    uint32_t *sols = arena_calloc(&ctx->arena, ctx->city->problems.n + 1, sizeof(uint32_t));
    size_t n = package_solutions(ctx, plan, pkg, sols);
    const char **names = arena_calloc(&ctx->arena, n + 1, sizeof(*names));
    json_t *row = stage_tree_row(t);

    for (size_t i = 0; i < n; i++)
        names[i] = ctx->idx->sols[sols[i]].sol->name;
    stage_tree_cell(row, name);
    stage_tree_cell(row, n ? stage_join(ctx, names, n) : stage_label(ctx, "none"));
    stage_tree_cell(row, stage_printf(ctx, "%zu / %zu", pkg->covered, ctx->city->problems.n));
    stage_tree_cell(row, stage_score(ctx, pkg->score + pkg->bonus));
    stage_tree_cell(row, stage_money(ctx, pkg->capex));
    stage_tree_cell(row, stage_money(ctx, pkg->opex_year));
    stage_tree_cell(row, stage_money(ctx, pkg->tco));
    stage_tree_cell(row, stage_label(ctx, pkg->within_budget ? "yes" : "no"));
}

static int same_package(const struct stage_ctx *ctx, const struct stage_package *a, const struct stage_package *b)
{
    return !memcmp(a->option, b->option, ctx->city->problems.n * sizeof(int));
}

static void fig_alternatives(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    const struct stage_package *pr, *ch, *best;
    json_t *t;

    if (!plan)
        return;
    pr = &plan->proposed;
    ch = &plan->cheapest;
    best = &plan->best;
    t = stage_tree_table(section, stage_caption(ctx, "alternatives-caption"));
    stage_tree_column(t, stage_label(ctx, "col-package"), 0);
    stage_tree_column(t, stage_label(ctx, "col-solutions"), 0);
    stage_tree_column(t, stage_label(ctx, "col-covered"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-score-bonus"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-capex"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-opex"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_text(ctx, "col-tco", NULL), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-within-budget"), 0);
    alternative_row(ctx, t, stage_label(ctx, "alt-proposed"), plan, pr);
    alternative_row(ctx, t, stage_label(ctx, "alt-cheapest"), plan, ch);
    alternative_row(ctx, t, stage_label(ctx, "alt-best"), plan, best);

    /* The trade-offs, in words. */
    if (same_package(ctx, ch, pr))
        stage_tree_paragraph(section, stage_text(ctx, "alt-cheapest-same", NULL));
    else if (ch->covered == 0)
        stage_tree_paragraph(section, stage_text(ctx, "alt-cheapest-none", NULL));
    else
        stage_tree_paragraph(section, stage_printf(ctx, "%s%s%s",
                                                   stage_text(ctx, "alt-cheapest-text",
                                                              "n_covered", stage_number(ctx, (double)ch->covered, 0),
                                                              "tco", stage_money(ctx, ch->tco),
                                                              "proposed_tco", stage_money(ctx, pr->tco),
                                                              "score", stage_score(ctx, ch->score + ch->bonus),
                                                              "proposed_score", stage_score(ctx, pr->score + pr->bonus),
                                                              NULL),
                                                   ch->within_budget ? "" : " ",
                                                   ch->within_budget ? "" : stage_text(ctx, "alt-over-budget", NULL)));
    if (same_package(ctx, best, pr))
        stage_tree_paragraph(section, stage_text(ctx, "alt-best-same", NULL));
    else
        stage_tree_paragraph(section, stage_printf(ctx, "%s%s%s",
                                                   stage_text(ctx, "alt-best-text",
                                                              "score", stage_score(ctx, best->score + best->bonus),
                                                              "proposed_score", stage_score(ctx, pr->score + pr->bonus),
                                                              "capex", stage_money(ctx, best->capex),
                                                              "opex", stage_money(ctx, best->opex_year),
                                                              "capex_share", share(ctx, best->capex, c->budget.capex_ceiling),
                                                              "opex_share", share(ctx, best->opex_year,
                                                                                  c->budget.opex_per_year),
                                                              NULL),
                                                   best->within_budget ? "" : " ",
                                                   best->within_budget ? "" : stage_text(ctx, "alt-over-budget", NULL)));
}

static void fig_package_method(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct package_rules *pk = &ctx->rules->package;
    int pins = 0;

    if (!plan)
        return;
    for (size_t p = 0; p < ctx->city->problems.n; p++)
        pins += plan->pinned[p];
    stage_tree_paragraph(section, stage_text(ctx, "package-method", "top", stage_number(ctx, plan->params.top, 0),
                                             "min_score", stage_number(ctx, plan->params.min_score, 1),
                                             "capex_limit", stage_money(ctx, ctx->city->budget.capex_ceiling),
                                             "opex_limit", stage_money(ctx, ctx->city->budget.opex_per_year), NULL));
    if ((!isnan(pk->standards_bonus) && pk->standards_bonus > 0) || (!isnan(pk->vendor_bonus) && pk->vendor_bonus > 0))
        stage_tree_paragraph(section, stage_text(ctx, "package-method-bonus", "standards_bonus",
                                                 stage_number(ctx, isnan(pk->standards_bonus) ? 0 : pk->standards_bonus, 1),
                                                 "vendor_bonus",
                                                 stage_number(ctx, isnan(pk->vendor_bonus) ? 0 : pk->vendor_bonus, 1),
                                                 NULL));
    else
        stage_tree_paragraph(section, stage_text(ctx, "package-method-no-bonus", NULL));
    stage_tree_paragraph(section, stage_text(ctx, plan->exact ? "package-method-exact" : "package-method-limit",
                                             "nodes", stage_number(ctx, (double)plan->nodes, 0), NULL));
    if (pins)
        stage_tree_paragraph(section, stage_text(ctx, stage_plural(ctx, plan->pins_only ? "package-method-pins-only"
                                                                                         : "package-method-pins", pins),
                                                 "n", stage_number(ctx, pins, 0), NULL));
}

const struct stage_figure_impl stage_finder_figures[] = {
    { "finder-summary", fig_summary },
    { "package", fig_package },
    { "package-costs", fig_costs },
    { "package-choices", fig_choices },
    { "interoperability", fig_interop },
    { "alternatives", fig_alternatives },
    { "package-method", fig_package_method },
    { NULL, NULL }
};
