/* stage_implementer.c - the Project Implementer's feasibility study and
 * pilot plan for the proposed package (or the pinned solutions): technical
 * checks against the city's infrastructure, the financial analysis (cash
 * flow, NPV, payback, sensitivity) on the rule set's stated assumptions,
 * data residency and procurement, a risk register, pilot plans, the KPI
 * framework, stakeholders and the questions to put to the city. */
#include "stage.h"
#include "index.h"
#include "iso.h"
#include "model.h"
#include "outline.h"
#include "registry.h"
#include "schema.h"
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- finance ------------------------------------------------------------------------------------- */

void finance_cash_flows(double capex, double opex_year, double benefit_year, double first_year_share,
                        int years, double *flows)
{
    flows[0] = -capex;
    for (int t = 1; t <= years; t++)
        flows[t] = benefit_year * (t == 1 ? first_year_share : 1) - opex_year;
}

double finance_npv(const double *flows, size_t n, double rate)
{
    double npv = 0, factor = 1;

    for (size_t t = 0; t < n; t++) {
        npv += flows[t] / factor;
        factor *= 1 + rate;
    }
    return npv;
}

double finance_payback(const double *flows, size_t n)
{
    double cum = 0;

    for (size_t t = 0; t < n; t++) {
        double before = cum;
        cum += flows[t];
        if (cum >= 0) {
            /* Within year t the flow is spread evenly; year 0 is an instant. */
            if (t == 0 || flows[t] <= 0)
                return (double)t;
            return (double)(t - 1) + -before / flows[t];
        }
    }
    return NAN;
}

struct stage_finance {
    int available;             /* the rule set states a benefit assumption */
    int years;
    double capex, opex, benefit; /* whole units; benefit: yearly at full operation */
    double *flows;             /* years + 1 */
    double npv, payback;
    double sens[3][3];         /* NPV: costs (-s, 0, +s) x benefits (-s, 0, +s) */
};

struct stage_finance *stage_finance_need(struct stage_ctx *ctx)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct finance_rules *fr = &ctx->rules->finance;
    struct stage_finance *f;
    double h = ctx->rules->horizon_years, r = ctx->rules->discount_rate;
    json_t *data, *flows;

    if (ctx->finance || !plan)
        return ctx->finance;
    f = xcalloc(1, sizeof(*f));
    ctx->finance = f;
    f->years = (int)h;
    f->capex = plan->proposed.capex;
    f->opex = plan->proposed.opex_year;
    f->available = !isnan(fr->benefit_ratio);
    f->benefit = f->available ? stage_round(fr->benefit_ratio * (f->capex / h + f->opex)) : 0;
    f->flows = xcalloc((size_t)f->years + 1, sizeof(double));
    finance_cash_flows(f->capex, f->opex, f->benefit, f->available ? fr->first_year_benefit : 0, f->years, f->flows);
    f->npv = finance_npv(f->flows, (size_t)f->years + 1, r);
    f->payback = finance_payback(f->flows, (size_t)f->years + 1);
    if (f->available) {
        double *tmp = xcalloc((size_t)f->years + 1, sizeof(double));
        for (int ci = 0; ci < 3; ci++)
            for (int bi = 0; bi < 3; bi++) {
                double cf = 1 + (ci - 1) * fr->sensitivity, bf = 1 + (bi - 1) * fr->sensitivity;
                finance_cash_flows(f->capex * cf, f->opex * cf, f->benefit * bf, fr->first_year_benefit, f->years, tmp);
                f->sens[ci][bi] = finance_npv(tmp, (size_t)f->years + 1, r);
            }
        free(tmp);
    }
    data = json_object();
    flows = json_array();
    for (int t = 0; t <= f->years; t++)
        json_array_append_new(flows, stage_json_amount(stage_round(f->flows[t])));
    json_object_set_new(data, "capex", stage_json_amount(f->capex));
    json_object_set_new(data, "opex_year", stage_json_amount(f->opex));
    json_object_set_new(data, "benefit_year", f->available ? stage_json_amount(f->benefit) : json_null());
    json_object_set_new(data, "discount_rate", json_real(r));
    json_object_set_new(data, "years", json_integer(f->years));
    json_object_set_new(data, "cash_flows", flows);
    json_object_set_new(data, "npv", f->available ? stage_json_amount(stage_round(f->npv)) : json_null());
    json_object_set_new(data, "payback_years",
                        f->available && !isnan(f->payback) ? json_real(round(f->payback * 10) / 10) : json_null());
    if (f->available) {
        json_t *grid = json_array();
        for (int ci = 0; ci < 3; ci++) {
            json_t *row = json_array();
            for (int bi = 0; bi < 3; bi++)
                json_array_append_new(row, stage_json_amount(stage_round(f->sens[ci][bi])));
            json_array_append_new(grid, row);
        }
        json_object_set_new(data, "sensitivity", grid);
    } else {
        json_object_set_new(data, "sensitivity", json_null());
    }
    json_object_set_new(ctx->data, "finance", data);
    return f;
}

void stage_finance_free(struct stage_finance *f)
{
    if (!f)
        return;
    free(f->flows);
    free(f);
}

/* --- technical checks ----------------------------------------------------------------------------- */

enum check_id { CHECK_CONNECTIVITY, CHECK_POWER, CHECK_HOSTING, CHECK_RESIDENCY, CHECK_LANGUAGE, CHECK_REGION,
                CHECK_CAPEX, CHECK_OPEX, CHECK_TIMELINE, CHECK_LOCAL, CHECK_MATURITY, CHECK_COUNT };
enum verdict { VERDICT_PASS, VERDICT_RISK, VERDICT_FAIL };

/* Each check: its label, the fields it compares, and what a failure costs
 * (impact; likelihood follows the verdict: high when it fails, medium when
 * it is at risk). */
static const struct {
    const char *name;
    const char *sol_field, *city_field;
    const char *impact;     /* label */
} checks[CHECK_COUNT] = {
    { "connectivity", "requirements.connectivity", "infrastructure.connectivity", "level-high" },
    { "power", "requirements.power", "infrastructure.power_reliability", "level-high" },
    { "hosting", "requirements.hosting", "infrastructure.data_centre, infrastructure.cloud_allowed", "level-high" },
    { "data-residency", "requirements.cloud_countries", "problems[].constraints.data_residency", "level-high" },
    { "language", "requirements.languages", "languages", "level-medium" },
    { "region", "regions_served", "region", "level-medium" },
    { "capex", "cost (up-front estimate)", "problems[].constraints.max_capex, budget.capex_ceiling", "level-high" },
    { "opex", "cost (yearly estimate)", "budget.opex_per_year", "level-medium" },
    { "timeline", "pilot.duration_months", "problems[].constraints.deadline_months", "level-medium" },
    { "local", "vendor presence, local_partners", "country", "level-medium" },
    { "maturity", "maturity.trl, maturity.deployments", "", "level-low" },
};

struct check {
    size_t problem;
    uint32_t sol;
    enum check_id id;
    enum verdict verdict;
    const char *needs, *has, *detail;
};

struct checks {
    struct check *items;
    size_t n, alloc;
    size_t count[3];
};

static const char *names_of(struct stage_ctx *ctx, const char *prefix, const char *const *names, const int *items,
                            size_t n)
{
    const char **out = arena_calloc(&ctx->arena, n + 1, sizeof(*out));

    for (size_t i = 0; i < n; i++)
        out[i] = stage_enum(ctx, prefix, names, items[i]);
    return n ? stage_join(ctx, out, n) : stage_label(ctx, "none");
}

static enum verdict filter_verdict(struct stage_ctx *ctx, size_t p, uint32_t sol, enum filter_id f, const char **why)
{
    struct strbuf sb = STRBUF_INIT;
    int fails = rank_filter_fails(ctx->idx, &ctx->params, ctx->city, &ctx->city->problems.items[p], sol, f);

    *why = "";
    if (!fails)
        return VERDICT_PASS;
    rank_explain_filter(ctx->idx, &ctx->params, ctx->city, &ctx->city->problems.items[p], sol, f, &sb);
    *why = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return ctx->params.mode[f] == FILTER_EXCLUDE ? VERDICT_FAIL : VERDICT_RISK;
}

/* The residency filter passes a solution that can run on the city's own
 * premises; the check says that this is the condition. */
static enum verdict residency_verdict(struct stage_ctx *ctx, size_t p, uint32_t sol, const char **why)
{
    const struct problem *pr = &ctx->city->problems.items[p];
    const struct solution *s = ctx->idx->sols[sol].sol;
    enum verdict v = filter_verdict(ctx, p, sol, FILTER_RESIDENCY, why);
    int need = pr->constraints.data_residency;

    if (v == VERDICT_PASS && need >= 0 && need != RESIDENCY_NONE && s->requirements.hosting != HOSTING_CLOUD) {
        /* Would the vendor cloud alone have kept it in place? */
        int cloud_ok = need == RESIDENCY_IN_COUNTRY ? 0 : 1;
        for (size_t i = 0; i < s->requirements.cloud_countries.n && need == RESIDENCY_IN_COUNTRY; i++)
            cloud_ok |= !strcmp(s->requirements.cloud_countries.items[i], ctx->city->country);
        if (!cloud_ok || need == RESIDENCY_IN_REGION)
            *why = stage_label(ctx, "check-residency-premises");
    }
    return v;
}

static void add_check(struct checks *cs, size_t p, uint32_t sol, enum check_id id, enum verdict v, const char *needs,
                      const char *has, const char *detail)
{
    struct check *c;

    ALLOC_GROW(cs->items, cs->n + 1, cs->alloc);
    c = &cs->items[cs->n++];
    c->problem = p;
    c->sol = sol;
    c->id = id;
    c->verdict = v;
    c->needs = needs;
    c->has = has;
    c->detail = detail ? detail : "";
    cs->count[v]++;
}

static int vendor_in_country(const struct vendor *v, const char *country)
{
    if (!v)
        return 0;
    if (!strcmp(v->country, country))
        return 1;
    for (size_t i = 0; i < v->presence.n; i++)
        if (!strcmp(v->presence.items[i], country))
            return 1;
    for (size_t i = 0; i < v->local_partners.n; i++)
        if (!strcmp(v->local_partners.items[i].country, country))
            return 1;
    return 0;
}

static const char *data_location(struct stage_ctx *ctx, const struct solution *s)
{
    const char *where = s->requirements.cloud_countries.n
                            ? stage_join(ctx, s->requirements.cloud_countries.items, s->requirements.cloud_countries.n)
                            : stage_label(ctx, "not-stated");

    return stage_text(ctx, stage_printf(ctx, "data-%s", hosting_names[s->requirements.hosting]), "countries", where,
                      NULL);
}

/* Every check of every (problem, solution) pair of the package. */
static void run_checks(struct stage_ctx *ctx, struct checks *cs)
{
    struct stage_plan *plan = ctx->plan;
    const struct city *c = ctx->city;
    const struct infrastructure *in = &c->infrastructure;

    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem *pr = &c->problems.items[p];
        const struct stage_option *o;
        const struct sol_features *f;
        const struct solution *s;
        const char *why;
        enum verdict v;
        double limit;

        if (plan->proposed.option[p] < 0)
            continue;
        o = &plan->options[p].items[plan->proposed.option[p]];
        f = &ctx->idx->sols[o->sol];
        s = f->sol;

        v = filter_verdict(ctx, p, o->sol, FILTER_CONNECTIVITY, &why);
        if (!s->requirements.connectivity.n)
            v = VERDICT_PASS;
        else if (!in->connectivity.n && v == VERDICT_PASS)
            v = VERDICT_RISK, why = stage_label(ctx, "check-city-unknown");
        add_check(cs, p, o->sol, CHECK_CONNECTIVITY, v,
                  s->requirements.connectivity.n ? names_of(ctx, "net", connectivity_names,
                                                            s->requirements.connectivity.items,
                                                            s->requirements.connectivity.n)
                                                 : stage_label(ctx, "check-needs-none"),
                  in->connectivity.n ? names_of(ctx, "net", connectivity_names, in->connectivity.items,
                                                in->connectivity.n)
                                     : stage_label(ctx, "not-stated"), why);

        v = filter_verdict(ctx, p, o->sol, FILTER_POWER, &why);
        add_check(cs, p, o->sol, CHECK_POWER, v, stage_enum(ctx, "power", reliability_names, s->requirements.power),
                  stage_enum(ctx, "power", reliability_names, in->power_reliability), why);

        v = filter_verdict(ctx, p, o->sol, FILTER_HOSTING, &why);
        if (v == VERDICT_PASS && ((s->requirements.hosting == HOSTING_ON_PREMISE && in->data_centre < 0) ||
                                  (s->requirements.hosting == HOSTING_CLOUD && in->cloud_allowed < 0)))
            v = VERDICT_RISK, why = stage_label(ctx, "check-city-unknown");
        add_check(cs, p, o->sol, CHECK_HOSTING, v, stage_enum(ctx, "hosting", hosting_names, s->requirements.hosting),
                  stage_text(ctx, "check-hosting-city", "data_centre",
                             stage_label(ctx, in->data_centre < 0 ? "unknown" : in->data_centre ? "yes" : "no"),
                             "cloud", stage_label(ctx, in->cloud_allowed < 0 ? "unknown" : in->cloud_allowed ? "yes" : "no"),
                             NULL), why);

        v = residency_verdict(ctx, p, o->sol, &why);
        add_check(cs, p, o->sol, CHECK_RESIDENCY, v, data_location(ctx, s),
                  pr->constraints.data_residency < 0
                      ? stage_label(ctx, "not-stated")
                      : stage_enum(ctx, "residency", residency_names, pr->constraints.data_residency), why);

        v = filter_verdict(ctx, p, o->sol, FILTER_LANGUAGE, &why);
        {
            const char **a = arena_calloc(&ctx->arena, s->requirements.languages.n + 1, sizeof(*a));
            const char **b = arena_calloc(&ctx->arena, c->languages.n + 1, sizeof(*b));
            for (size_t i = 0; i < s->requirements.languages.n; i++) {
                a[i] = iso_language_name(s->requirements.languages.items[i]);
                a[i] = a[i] ? a[i] : s->requirements.languages.items[i];
            }
            for (size_t i = 0; i < c->languages.n; i++) {
                b[i] = iso_language_name(c->languages.items[i]);
                b[i] = b[i] ? b[i] : c->languages.items[i];
            }
            add_check(cs, p, o->sol, CHECK_LANGUAGE, v, stage_join(ctx, a, s->requirements.languages.n),
                      stage_join(ctx, b, c->languages.n), why);
        }

        v = filter_verdict(ctx, p, o->sol, FILTER_REGION, &why);
        add_check(cs, p, o->sol, CHECK_REGION, v,
                  names_of(ctx, "region", region_names, s->regions_served.items, s->regions_served.n),
                  stage_enum(ctx, "region", region_names, c->region), why);

        /* Budget: within the limit passes; within the rule set's tolerance is
         * a risk; beyond it, the stage's budget mode decides. */
        limit = isnan(pr->constraints.max_capex) ? c->budget.capex_ceiling
                                                 : fmin(pr->constraints.max_capex, c->budget.capex_ceiling);
        v = o->cost.capex <= limit ? VERDICT_PASS
            : o->cost.capex <= limit * (1 + ctx->params.capex_tolerance) || ctx->params.mode[FILTER_BUDGET] != FILTER_EXCLUDE
                ? VERDICT_RISK : VERDICT_FAIL;
        add_check(cs, p, o->sol, CHECK_CAPEX, v, stage_money(ctx, o->cost.capex),
                  stage_text(ctx, isnan(pr->constraints.max_capex) ? "check-capex-ceiling" : "check-capex-limit",
                             "amount", stage_money(ctx, limit), NULL),
                  v == VERDICT_PASS ? "" : stage_text(ctx, "check-over", "share",
                                                      stage_percent(ctx, o->cost.capex / limit - 1), NULL));
        limit = c->budget.opex_per_year;
        v = o->cost.opex_year <= limit ? VERDICT_PASS
            : o->cost.opex_year <= limit * (1 + ctx->params.opex_tolerance) ||
                      ctx->params.mode[FILTER_BUDGET] != FILTER_EXCLUDE
                ? VERDICT_RISK : VERDICT_FAIL;
        add_check(cs, p, o->sol, CHECK_OPEX, v, stage_money(ctx, o->cost.opex_year),
                  stage_text(ctx, "check-opex-budget", "amount", stage_money(ctx, limit), NULL),
                  v == VERDICT_PASS ? "" : stage_text(ctx, "check-over", "share",
                                                      stage_percent(ctx, o->cost.opex_year / limit - 1), NULL));

        v = isnan(pr->constraints.deadline_months) || s->pilot.duration_months <= pr->constraints.deadline_months
                ? VERDICT_PASS : VERDICT_RISK;
        add_check(cs, p, o->sol, CHECK_TIMELINE, v,
                  stage_text(ctx, "months", "n", stage_number(ctx, s->pilot.duration_months, 0), NULL),
                  isnan(pr->constraints.deadline_months)
                      ? stage_label(ctx, "not-stated")
                      : stage_text(ctx, "months", "n", stage_number(ctx, pr->constraints.deadline_months, 0), NULL),
                  v == VERDICT_PASS ? "" : stage_label(ctx, "check-timeline-over"));

        v = vendor_in_country(f->vendor, c->country) ? VERDICT_PASS : VERDICT_RISK;
        add_check(cs, p, o->sol, CHECK_LOCAL, v,
                  f->vendor && f->vendor->presence.n ? stage_join(ctx, f->vendor->presence.items, f->vendor->presence.n)
                                                     : (f->vendor ? f->vendor->country : ""),
                  c->country, v == VERDICT_PASS ? "" : stage_label(ctx, "check-local-none"));

        v = s->maturity.trl >= 7 ? VERDICT_PASS : VERDICT_RISK;
        add_check(cs, p, o->sol, CHECK_MATURITY, v,
                  stage_text(ctx, "check-maturity-value", "trl", stage_number(ctx, s->maturity.trl, 0), "deployments",
                             stage_number(ctx, s->maturity.deployments, 0), NULL),
                  "", v == VERDICT_PASS ? "" : stage_label(ctx, "check-maturity-low"));
    }
}

static void checks_release(struct checks *cs)
{
    free(cs->items);
    memset(cs, 0, sizeof(*cs));
}

static const char *verdict_label(struct stage_ctx *ctx, enum verdict v)
{
    return stage_label(ctx, v == VERDICT_PASS ? "check-pass" : v == VERDICT_RISK ? "check-risk" : "check-fail");
}

/* --- figures --------------------------------------------------------------------------------------- */

static size_t package_sols(struct stage_ctx *ctx, uint32_t **out)
{
    struct stage_plan *plan = ctx->plan;
    uint32_t *sols = arena_calloc(&ctx->arena, ctx->city->problems.n + 1, sizeof(uint32_t));
    size_t n = 0;

    for (size_t p = 0; p < ctx->city->problems.n; p++) {
        size_t j;
        uint32_t sol;
        if (plan->proposed.option[p] < 0)
            continue;
        sol = plan->options[p].items[plan->proposed.option[p]].sol;
        for (j = 0; j < n && sols[j] != sol; j++)
            ;
        if (j == n)
            sols[n++] = sol;
    }
    *out = sols;
    return n;
}

static const char *payback_text(struct stage_ctx *ctx, const struct stage_finance *f)
{
    if (isnan(f->payback))
        return stage_text(ctx, "payback-never", NULL);
    return stage_text(ctx, "payback-years", "years", stage_number(ctx, f->payback, 1), NULL);
}

static void fig_executive_summary(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    struct stage_finance *f;
    struct checks cs = { NULL, 0, 0, { 0, 0, 0 } };
    uint32_t *sols;
    size_t n;
    const char **names;

    if (!plan)
        return;
    n = package_sols(ctx, &sols);
    if (!n) {
        stage_tree_paragraph(section, stage_text(ctx, "exec-empty", NULL));
        return;
    }
    names = arena_calloc(&ctx->arena, n + 1, sizeof(*names));
    for (size_t i = 0; i < n; i++)
        names[i] = stage_printf(ctx, "%s (%s)", ctx->idx->sols[sols[i]].sol->name, stage_vendor_name(ctx, sols[i]));
    f = stage_finance_need(ctx);
    run_checks(ctx, &cs);
    stage_tree_paragraph(section, stage_text(ctx, plan->pins_only ? "exec-package-pinned" : "exec-package",
                                             "solutions", stage_join(ctx, names, n),
                                             "n_covered", stage_number(ctx, (double)plan->proposed.covered, 0),
                                             "n_problems", stage_number(ctx, (double)c->problems.n, 0), NULL));
    stage_tree_paragraph(section, stage_text(ctx, "exec-cost", "capex", stage_money(ctx, f->capex), "capex_share",
                                             stage_percent(ctx, f->capex / c->budget.capex_ceiling), "opex",
                                             stage_money(ctx, f->opex), "opex_share",
                                             stage_percent(ctx, f->opex / c->budget.opex_per_year), NULL));
    stage_tree_paragraph(section, stage_text(ctx, "exec-checks", "n_checks", stage_number(ctx, (double)cs.n, 0),
                                             "n_pass", stage_number(ctx, (double)cs.count[VERDICT_PASS], 0),
                                             "n_risk", stage_number(ctx, (double)cs.count[VERDICT_RISK], 0),
                                             "n_fail", stage_number(ctx, (double)cs.count[VERDICT_FAIL], 0), NULL));
    if (f->available)
        stage_tree_paragraph(section, stage_text(ctx, "exec-finance", "npv", stage_money(ctx, stage_round(f->npv)),
                                                 "rate", stage_percent(ctx, ctx->rules->discount_rate),
                                                 "payback", payback_text(ctx, f), "ratio",
                                                 stage_number(ctx, ctx->rules->finance.benefit_ratio, 2), NULL));
    else
        stage_tree_paragraph(section, stage_text(ctx, "exec-finance-none", NULL));
    if (cs.count[VERDICT_FAIL])
        stage_tree_paragraph(section, stage_text(ctx, "exec-verdict-fail", NULL));
    else if (cs.count[VERDICT_RISK])
        stage_tree_paragraph(section, stage_text(ctx, "exec-verdict-risk", NULL));
    else
        stage_tree_paragraph(section, stage_text(ctx, "exec-verdict-pass", NULL));
    checks_release(&cs);
}

static void fig_architecture(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    json_t *t;

    if (!plan)
        return;
    if (!plan->proposed.covered) {
        stage_tree_paragraph(section, stage_text(ctx, "exec-empty", NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "architecture-caption"));
    stage_tree_column(t, stage_label(ctx, "col-problem"), 0);
    stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-components"), 0);
    stage_tree_column(t, stage_label(ctx, "col-standards"), 0);
    stage_tree_column(t, stage_label(ctx, "col-hosting"), 0);
    stage_tree_column(t, stage_label(ctx, "col-networks"), 0);
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct solution *s;
        const char **caps;
        json_t *row;

        if (plan->proposed.option[p] < 0)
            continue;
        s = ctx->idx->sols[plan->options[p].items[plan->proposed.option[p]].sol].sol;
        caps = arena_calloc(&ctx->arena, s->capabilities.n + 1, sizeof(*caps));
        for (size_t i = 0; i < s->capabilities.n; i++)
            caps[i] = stage_capability(ctx, s->capabilities.items[i]);
        row = stage_tree_row(t);
        stage_tree_cell(row, c->problems.items[p].title);
        stage_tree_cell(row, stage_printf(ctx, "%s (%s)", s->name,
                                          stage_vendor_name(ctx, plan->options[p].items[plan->proposed.option[p]].sol)));
        stage_tree_cell(row, stage_join(ctx, caps, s->capabilities.n));
        stage_tree_cell(row, s->standards.n ? stage_join(ctx, s->standards.items, s->standards.n)
                                            : stage_label(ctx, "none"));
        stage_tree_cell(row, data_location(ctx, s));
        stage_tree_cell(row, s->requirements.connectivity.n
                                 ? names_of(ctx, "net", connectivity_names, s->requirements.connectivity.items,
                                            s->requirements.connectivity.n)
                                 : stage_label(ctx, "check-needs-none"));
    }
    stage_tree_source(t, stage_text(ctx, "architecture-source", NULL));
}

static void fig_solution_profile(struct stage_ctx *ctx, json_t *section)
{
    const struct sol_features *f = &ctx->idx->sols[ctx->solution];
    const struct solution *s = f->sol;
    const struct vendor *v = f->vendor;
    json_t *kv;

    stage_tree_paragraph(section, s->summary);
    kv = stage_tree_kv(section);
    if (v) {
        const char *country = iso_country_name(v->country);
        stage_tree_kv_add(kv, stage_label(ctx, "kv-vendor"),
                          stage_text(ctx, "vendor-value", "name", v->name, "country", country ? country : v->country,
                                     "size", stage_enum(ctx, "size", vendor_size_names, v->size), NULL));
    }
    stage_tree_kv_add(kv, stage_label(ctx, "kv-maturity"),
                      stage_text(ctx, "check-maturity-value", "trl", stage_number(ctx, s->maturity.trl, 0),
                                 "deployments", stage_number(ctx, s->maturity.deployments, 0), NULL));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-hosting"), data_location(ctx, s));
    if (s->references.n) {
        json_t *list;
        stage_tree_paragraph(section, stage_text(ctx, "references-intro", NULL));
        list = stage_tree_list(section, 0);
        for (size_t i = 0; i < s->references.n; i++) {
            const struct reference_city *r = &s->references.items[i];
            const char *country = iso_country_name(r->country);
            stage_tree_list_add(list, stage_text(ctx, r->result ? "reference-item" : "reference-item-plain",
                                                 "ref_city", r->city, "ref_country", country ? country : r->country,
                                                 "year", stage_printf(ctx, "%.0f", r->year), "population",
                                                 stage_number(ctx, r->population, 0), "result",
                                                 r->result ? r->result : "", NULL));
        }
    }
}

static void fig_feasibility(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    struct checks cs = { NULL, 0, 0, { 0, 0, 0 } };
    json_t *t;

    if (!plan)
        return;
    run_checks(ctx, &cs);
    if (!cs.n) {
        stage_tree_paragraph(section, stage_text(ctx, "exec-empty", NULL));
        return;
    }
    stage_tree_paragraph(section, stage_text(ctx, "feasibility-intro", "stage",
                                             stage_label(ctx, stage_printf(ctx, "stage-%s", stage_names[ctx->params.stage])),
                                             NULL));
    /* One table per solution (and problem it serves), checks in a fixed order. */
    t = NULL;
    for (size_t i = 0; i < cs.n; i++) {
        const struct check *k = &cs.items[i];
        json_t *row;

        if (!t || k->sol != cs.items[i - 1].sol || k->problem != cs.items[i - 1].problem) {
            if (t)
                stage_tree_source(t, stage_text(ctx, "feasibility-source", NULL));
            ctx->problem = (int)k->problem;
            t = stage_tree_table(section, stage_text(ctx, "feasibility-caption", "solution_name",
                                                     ctx->idx->sols[k->sol].sol->name, NULL));
            ctx->problem = -1;
            stage_tree_column(t, stage_label(ctx, "col-check"), 0);
            stage_tree_column(t, stage_label(ctx, "col-needs"), 0);
            stage_tree_column(t, stage_label(ctx, "col-city-has"), 0);
            stage_tree_column(t, stage_label(ctx, "col-fields"), STAGE_CODE);
            stage_tree_column(t, stage_label(ctx, "col-result"), 0);
        }
        row = stage_tree_row(t);
        stage_tree_cell(row, stage_label(ctx, stage_printf(ctx, "check-%s", checks[k->id].name)));
        stage_tree_cell(row, k->needs);
        stage_tree_cell(row, k->has);
        stage_tree_cell(row, *checks[k->id].city_field ? stage_printf(ctx, "%s / %s", checks[k->id].sol_field,
                                                                      checks[k->id].city_field)
                                                       : checks[k->id].sol_field);
        stage_tree_cell(row, *k->detail ? stage_printf(ctx, "%s: %s", verdict_label(ctx, k->verdict), k->detail)
                                        : verdict_label(ctx, k->verdict));
    }
    stage_tree_source(t, stage_text(ctx, "feasibility-source", NULL));
    checks_release(&cs);
}

static void fig_cash_flow(struct stage_ctx *ctx, json_t *section)
{
    struct stage_finance *f = stage_finance_need(ctx);
    const struct finance_rules *fr = &ctx->rules->finance;
    double cum = 0, disc = 1, r = ctx->rules->discount_rate;
    json_t *t, *row;

    if (!f)
        return;
    if (f->available)
        stage_tree_note(section, stage_text(ctx, "finance-assumption", "ratio", stage_number(ctx, fr->benefit_ratio, 2),
                                            "benefit", stage_money(ctx, f->benefit), "first_year",
                                            stage_percent(ctx, fr->first_year_benefit), NULL));
    else
        stage_tree_note(section, stage_text(ctx, "finance-no-assumption", NULL));
    t = stage_tree_table(section, stage_caption(ctx, "cash-flow-caption"));
    stage_tree_column(t, stage_label(ctx, "col-year"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-investment"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-running"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-benefit"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-net"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-cumulative"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_text(ctx, "col-discounted", "rate", stage_percent(ctx, r), NULL), STAGE_ALIGN_RIGHT);
    for (int y = 0; y <= f->years; y++) {
        double benefit = y == 0 ? 0 : f->flows[y] + f->opex;
        row = stage_tree_row(t);
        cum += f->flows[y];
        stage_tree_cell(row, stage_printf(ctx, "%d", y));
        stage_tree_cell(row, y == 0 ? stage_money(ctx, -f->capex) : stage_money(ctx, 0));
        stage_tree_cell(row, y == 0 ? stage_money(ctx, 0) : stage_money(ctx, -f->opex));
        stage_tree_cell(row, f->available ? stage_money(ctx, stage_round(benefit)) : stage_label(ctx, "unknown"));
        stage_tree_cell(row, stage_money(ctx, stage_round(f->flows[y])));
        stage_tree_cell(row, stage_money(ctx, stage_round(cum)));
        stage_tree_cell(row, stage_money(ctx, stage_round(f->flows[y] / disc)));
        disc *= 1 + r;
    }
    row = stage_tree_footer(t);
    stage_tree_cell(row, stage_label(ctx, f->available ? "total-npv" : "total-npv-costs"));
    for (int i = 0; i < 5; i++)
        stage_tree_cell(row, "");
    stage_tree_cell(row, stage_money(ctx, stage_round(f->npv)));
    stage_tree_source(t, stage_text(ctx, "cash-flow-source", NULL));
}

static void fig_npv(struct stage_ctx *ctx, json_t *section)
{
    struct stage_finance *f = stage_finance_need(ctx);
    json_t *kv;

    if (!f)
        return;
    if (!f->available) {
        stage_tree_paragraph(section, stage_text(ctx, "finance-no-assumption", NULL));
        return;
    }
    kv = stage_tree_kv(section);
    stage_tree_kv_add(kv, stage_text(ctx, "kv-npv", "rate", stage_percent(ctx, ctx->rules->discount_rate), NULL),
                      stage_money(ctx, stage_round(f->npv)));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-payback"), payback_text(ctx, f));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-benefit"), stage_money(ctx, f->benefit));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-bcr"),
                      stage_number(ctx, (f->capex + f->opex * f->years) > 0
                                            ? (f->benefit * (f->years - 1 + ctx->rules->finance.first_year_benefit)) /
                                                  (f->capex + f->opex * f->years)
                                            : NAN, 2));
    stage_tree_paragraph(section, stage_text(ctx, f->npv >= 0 ? "npv-positive" : "npv-negative", NULL));
}

static void fig_sensitivity(struct stage_ctx *ctx, json_t *section)
{
    struct stage_finance *f = stage_finance_need(ctx);
    double s = ctx->rules->finance.sensitivity;
    json_t *t;

    if (!f)
        return;
    if (!f->available) {
        stage_tree_paragraph(section, stage_text(ctx, "finance-no-assumption", NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "sensitivity-caption"));
    stage_tree_column(t, stage_label(ctx, "col-costs"), 0);
    for (int b = 0; b < 3; b++)
        stage_tree_column(t, stage_text(ctx, b == 1 ? "sens-benefit-base" : "sens-benefit", "change",
                                        stage_printf(ctx, "%s%s", b == 2 ? "+" : b == 0 ? "−" : "",
                                                     stage_percent(ctx, s)), NULL),
                          STAGE_ALIGN_RIGHT);
    for (int ci = 0; ci < 3; ci++) {
        json_t *row = stage_tree_row(t);
        stage_tree_cell(row, stage_text(ctx, ci == 1 ? "sens-cost-base" : "sens-cost", "change",
                                        stage_printf(ctx, "%s%s", ci == 2 ? "+" : ci == 0 ? "−" : "",
                                                     stage_percent(ctx, s)), NULL));
        for (int bi = 0; bi < 3; bi++)
            stage_tree_cell(row, stage_money(ctx, stage_round(f->sens[ci][bi])));
    }
    stage_tree_source(t, stage_text(ctx, "sensitivity-source", NULL));
    /* The worst case in words. */
    stage_tree_paragraph(section, stage_text(ctx, f->sens[2][0] >= 0 ? "sens-robust" : "sens-fragile", "npv",
                                             stage_money(ctx, stage_round(f->sens[2][0])), NULL));
}

static void fig_residency(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    json_t *t;

    if (!plan)
        return;
    if (!plan->proposed.covered) {
        stage_tree_paragraph(section, stage_text(ctx, "exec-empty", NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "residency-caption"));
    stage_tree_column(t, stage_label(ctx, "col-problem"), 0);
    stage_tree_column(t, stage_label(ctx, "col-requirement"), 0);
    stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-data-kept"), 0);
    stage_tree_column(t, stage_label(ctx, "col-result"), 0);
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem *pr = &c->problems.items[p];
        const struct stage_option *o;
        const char *why;
        enum verdict v;
        json_t *row;

        if (plan->proposed.option[p] < 0)
            continue;
        o = &plan->options[p].items[plan->proposed.option[p]];
        v = residency_verdict(ctx, p, o->sol, &why);
        row = stage_tree_row(t);
        stage_tree_cell(row, pr->title);
        stage_tree_cell(row, pr->constraints.data_residency < 0
                                 ? stage_label(ctx, "not-stated")
                                 : stage_enum(ctx, "residency", residency_names, pr->constraints.data_residency));
        stage_tree_cell(row, ctx->idx->sols[o->sol].sol->name);
        stage_tree_cell(row, data_location(ctx, ctx->idx->sols[o->sol].sol));
        stage_tree_cell(row, *why ? stage_printf(ctx, "%s: %s", verdict_label(ctx, v), why) : verdict_label(ctx, v));
    }
    stage_tree_paragraph(section, stage_text(ctx, "residency-note", NULL));
}

static void fig_procurement(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    uint32_t *sols;
    size_t n;
    json_t *t;

    if (!plan)
        return;
    n = package_sols(ctx, &sols);
    if (!n) {
        stage_tree_paragraph(section, stage_text(ctx, "exec-empty", NULL));
        return;
    }
    stage_tree_paragraph(section, stage_text(ctx, "procurement-intro", "tco", stage_money(ctx, plan->proposed.tco), NULL));
    t = stage_tree_table(section, stage_caption(ctx, "procurement-caption"));
    stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-vendor"), 0);
    stage_tree_column(t, stage_text(ctx, "col-contract-value", NULL), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-local-partner"), 0);
    stage_tree_column(t, stage_label(ctx, "col-notes"), 0);
    for (size_t i = 0; i < n; i++) {
        const struct sol_features *f = &ctx->idx->sols[sols[i]];
        const struct vendor *v = f->vendor;
        struct stage_cost cost;
        struct strbuf partners = STRBUF_INIT;
        json_t *row = stage_tree_row(t);
        const char *country = v ? iso_country_name(v->country) : NULL;
        int domestic = v && !strcmp(v->country, c->country);

        stage_cost_of(ctx, sols[i], &cost);
        for (size_t j = 0; v && j < v->local_partners.n; j++)
            if (!strcmp(v->local_partners.items[j].country, c->country))
                strbuf_addf(&partners, "%s%s", partners.len ? ", " : "", v->local_partners.items[j].name);
        stage_tree_cell(row, f->sol->name);
        stage_tree_cell(row, v ? stage_text(ctx, "vendor-value", "name", v->name, "country",
                                            country ? country : v->country, "size",
                                            stage_enum(ctx, "size", vendor_size_names, v->size), NULL)
                               : f->sol->vendor);
        stage_tree_cell(row, stage_money(ctx, cost.tco));
        stage_tree_cell(row, partners.len ? partners.buf : stage_label(ctx, "none"));
        stage_tree_cell(row, stage_label(ctx, domestic ? "procurement-domestic"
                                              : partners.len || vendor_in_country(v, c->country)
                                                  ? "procurement-foreign-local"
                                                  : "procurement-foreign"));
        strbuf_release(&partners);
    }
}

static void fig_risks(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    struct stage_finance *f;
    struct checks cs = { NULL, 0, 0, { 0, 0, 0 } };
    size_t number = 0;
    json_t *t;

    if (!plan)
        return;
    f = stage_finance_need(ctx);
    run_checks(ctx, &cs);
    t = stage_tree_table(section, stage_caption(ctx, "risks-caption"));
    stage_tree_column(t, stage_label(ctx, "col-number"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-risk"), 0);
    stage_tree_column(t, stage_label(ctx, "col-likelihood"), 0);
    stage_tree_column(t, stage_label(ctx, "col-impact"), 0);
    stage_tree_column(t, stage_label(ctx, "col-mitigation"), 0);
    /* Failures first, then risks, each in check order. */
    for (int want = VERDICT_FAIL; want >= VERDICT_RISK; want--)
        for (size_t i = 0; i < cs.n; i++) {
            const struct check *k = &cs.items[i];
            json_t *row;
            if ((int)k->verdict != want)
                continue;
            row = stage_tree_row(t);
            stage_tree_cell(row, stage_printf(ctx, "R%zu", ++number));
            stage_tree_cell(row, stage_text(ctx, "risk-text", "solution_name", ctx->idx->sols[k->sol].sol->name,
                                            "check", stage_label(ctx, stage_printf(ctx, "check-%s", checks[k->id].name)),
                                            "detail", *k->detail ? k->detail : stage_label(ctx, "check-city-unknown"),
                                            NULL));
            stage_tree_cell(row, stage_label(ctx, k->verdict == VERDICT_FAIL ? "level-high" : "level-medium"));
            stage_tree_cell(row, stage_label(ctx, checks[k->id].impact));
            stage_tree_cell(row, stage_text(ctx, stage_printf(ctx, "mitigation-%s", checks[k->id].name), "vendor",
                                            stage_vendor_name(ctx, k->sol), NULL));
        }
    if (!plan->proposed.within_budget && plan->proposed.covered) {
        json_t *row = stage_tree_row(t);
        stage_tree_cell(row, stage_printf(ctx, "R%zu", ++number));
        stage_tree_cell(row, stage_text(ctx, "risk-package-budget", "capex", stage_money(ctx, plan->proposed.capex),
                                        "opex", stage_money(ctx, plan->proposed.opex_year), NULL));
        stage_tree_cell(row, stage_label(ctx, "level-high"));
        stage_tree_cell(row, stage_label(ctx, "level-high"));
        stage_tree_cell(row, stage_text(ctx, "mitigation-package-budget", NULL));
    }
    if (f && f->available && f->sens[2][0] < 0) {
        json_t *row = stage_tree_row(t);
        stage_tree_cell(row, stage_printf(ctx, "R%zu", ++number));
        stage_tree_cell(row, stage_text(ctx, "risk-finance", "npv", stage_money(ctx, stage_round(f->sens[2][0])), NULL));
        stage_tree_cell(row, stage_label(ctx, "level-medium"));
        stage_tree_cell(row, stage_label(ctx, "level-medium"));
        stage_tree_cell(row, stage_text(ctx, "mitigation-finance", NULL));
    }
    if (!number) {
        stage_tree_drop_last(section);
        stage_tree_paragraph(section, stage_text(ctx, "risks-none", NULL));
    } else {
        stage_tree_source(t, stage_text(ctx, "risks-source", NULL));
    }
    checks_release(&cs);
}

/* Months of one pilot's phases: set-up, operation, evaluation. */
static void pilot_phases(double duration, double setup_share, double eval_share, int *setup, int *operate, int *eval)
{
    int d = (int)ceil(duration);

    *setup = (int)lround(d * setup_share);
    *eval = (int)lround(d * eval_share);
    if (*setup < 1)
        *setup = 1;
    if (*eval < 1 && d >= 3)
        *eval = 1;
    if (*setup + *eval > d - 1) {
        *eval = d >= 3 ? 1 : 0;
        *setup = d - 1 - *eval > 0 ? d - 1 - *eval : (d > 1 ? 1 : 0);
    }
    *operate = d - *setup - *eval;
    if (*operate < 0)
        *operate = 0;
}

static const char *months_range(struct stage_ctx *ctx, int from, int len)
{
    if (len <= 1)
        return stage_text(ctx, "month-one", "from", stage_printf(ctx, "%d", from), NULL);
    return stage_text(ctx, "month-range", "from", stage_printf(ctx, "%d", from), "to",
                      stage_printf(ctx, "%d", from + len - 1), NULL);
}

static double kpi_change(const struct solution *s, const char *kpi)
{
    for (size_t i = 0; i < s->kpis_improved.n; i++)
        if (!strcmp(s->kpis_improved.items[i].kpi, kpi))
            return s->kpis_improved.items[i].change;
    return NAN;
}

static void fig_pilot_plan(struct stage_ctx *ctx, json_t *section)
{
    const struct sol_features *f = &ctx->idx->sols[ctx->solution];
    const struct solution *s = f->sol;
    const struct city *c = ctx->city;
    struct stage_plan *plan = stage_plan_need(ctx);
    double procurement = outline_param(ctx->block, "procurement_months", 3);
    double success_share = outline_param(ctx->block, "success_share", 0.5);
    int setup, operate, eval, month = 1;
    struct stage_cost full;
    double units = isnan(s->pilot.minimum_units) ? NAN : s->pilot.minimum_units, pilot_capex, pilot_opex;
    const char *unit = s->cost.unit ? s->cost.unit : stage_label(ctx, "unit-default");
    json_t *t, *row, *kv, *list = NULL;

    if (!plan)
        return;
    pilot_phases(s->pilot.duration_months, outline_param(ctx->block, "setup_share", 0.25),
                 outline_param(ctx->block, "evaluation_share", 0.25), &setup, &operate, &eval);
    stage_cost_of(ctx, (uint32_t)ctx->solution, &full);
    if (s->pilot.description)
        stage_tree_paragraph(section, stage_text(ctx, "pilot-vendor", "text", s->pilot.description, NULL));

    t = stage_tree_table(section, stage_caption(ctx, "pilot-caption"));
    stage_tree_column(t, stage_label(ctx, "col-phase"), 0);
    stage_tree_column(t, stage_label(ctx, "col-months"), 0);
    stage_tree_column(t, stage_label(ctx, "col-activities"), 0);
    {
        const char *names[4] = { "phase-procurement", "phase-setup", "phase-operation", "phase-evaluation" };
        int lens[4] = { (int)procurement, setup, operate, eval };
        for (int i = 0; i < 4; i++) {
            if (lens[i] <= 0)
                continue;
            row = stage_tree_row(t);
            stage_tree_cell(row, stage_label(ctx, names[i]));
            stage_tree_cell(row, months_range(ctx, month, lens[i]));
            stage_tree_cell(row, stage_text(ctx, stage_printf(ctx, "%s-what", names[i]), "units",
                                            isnan(units) ? stage_label(ctx, "unknown") : stage_number(ctx, units, 0),
                                            "unit", unit, NULL));
            month += lens[i];
        }
    }
    stage_tree_source(t, stage_text(ctx, "pilot-source", "duration", stage_number(ctx, s->pilot.duration_months, 0),
                                    "procurement", stage_number(ctx, procurement, 0), NULL));

    /* Scale and what the pilot costs. */
    {
        const struct sol_features *sf = f;
        double per_unit_capex = isnan(sf->capex_per_unit) ? 0 : sf->capex_per_unit;
        double per_unit_opex = isnan(sf->opex_per_unit_year) ? 0 : sf->opex_per_unit_year;
        double u = isnan(units) ? 0 : units;
        pilot_capex = stage_round(registry_from_base(ctx->reg, sf->capex_fixed + per_unit_capex * u, ctx->currency));
        pilot_opex = stage_round(registry_from_base(ctx->reg, (sf->opex_year + per_unit_opex * u) *
                                                                  s->pilot.duration_months / 12, ctx->currency));
    }
    kv = stage_tree_kv(section);
    stage_tree_kv_add(kv, stage_label(ctx, "kv-pilot-scale"),
                      isnan(units) ? stage_label(ctx, "pilot-scale-unknown")
                                   : stage_text(ctx, "scale-units", "units", stage_number(ctx, units, 0), "unit", unit,
                                                NULL));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-rollout-scale"),
                      full.units > 0 ? stage_text(ctx, "scale-units", "units", stage_number(ctx, full.units, 0), "unit",
                                                  unit, NULL)
                                     : stage_label(ctx, "scale-whole"));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-pilot-cost"),
                      stage_text(ctx, "pilot-cost-value", "capex", stage_money(ctx, pilot_capex), "opex",
                                 stage_money(ctx, pilot_opex), "total", stage_money(ctx, pilot_capex + pilot_opex),
                                 NULL));
    stage_tree_note(section, stage_text(ctx, "pilot-cost-source", NULL));

    /* Success criteria: part of the expected change, on the problems this solution serves. */
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem *pr = &c->problems.items[p];
        if (plan->proposed.option[p] < 0 || plan->options[p].items[plan->proposed.option[p]].sol != (uint32_t)ctx->solution)
            continue;
        for (size_t i = 0; i < pr->kpis.n; i++) {
            const struct kpi_def *k = registry_kpi(ctx->reg, pr->kpis.items[i].id);
            double change = kpi_change(s, pr->kpis.items[i].id), base = pr->kpis.items[i].baseline;
            if (isnan(change) || !k)
                continue;
            if (!list) {
                stage_tree_paragraph(section, stage_text(ctx, "success-intro", "share",
                                                         stage_percent(ctx, success_share), NULL));
                list = stage_tree_list(section, 0);
            }
            if (isnan(base))
                stage_tree_list_add(list, stage_text(ctx, "success-no-baseline", "kpi", k->name, "change",
                                                     stage_percent(ctx, fabs(change * success_share)), NULL));
            else
                stage_tree_list_add(list, stage_text(ctx, "success-item", "kpi", k->name, "baseline",
                                                     stage_kpi_value(ctx, k, base), "threshold",
                                                     stage_kpi_value(ctx, k, base * (1 + change * success_share)),
                                                     "expected", stage_kpi_value(ctx, k, base * (1 + change)), NULL));
        }
    }
    if (!list)
        stage_tree_paragraph(section, stage_text(ctx, "success-none", NULL));
}

static void fig_kpi_framework(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    json_t *t;
    size_t rows = 0;

    if (!plan)
        return;
    t = stage_tree_table(section, stage_caption(ctx, "kpi-framework-caption"));
    stage_tree_column(t, stage_label(ctx, "col-problem"), 0);
    stage_tree_column(t, stage_label(ctx, "col-kpi"), 0);
    stage_tree_column(t, stage_label(ctx, "col-baseline"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-expected"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-target"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-basis"), 0);
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem *pr = &c->problems.items[p];
        const struct solution *s;

        if (plan->proposed.option[p] < 0)
            continue;
        s = ctx->idx->sols[plan->options[p].items[plan->proposed.option[p]].sol].sol;
        for (size_t i = 0; i < pr->kpis.n; i++) {
            const struct kpi_def *k = registry_kpi(ctx->reg, pr->kpis.items[i].id);
            double change = kpi_change(s, pr->kpis.items[i].id), base = pr->kpis.items[i].baseline;
            json_t *row = stage_tree_row(t);

            rows++;
            stage_tree_cell(row, pr->title);
            stage_tree_cell(row, k ? k->name : pr->kpis.items[i].id);
            stage_tree_cell(row, stage_kpi_value(ctx, k, base));
            stage_tree_cell(row, isnan(change) ? stage_label(ctx, "kpi-not-addressed")
                                 : isnan(base) ? stage_label(ctx, "unknown")
                                               : stage_kpi_value(ctx, k, base * (1 + change)));
            stage_tree_cell(row, isnan(pr->kpis.items[i].target) ? stage_label(ctx, "not-stated")
                                                                 : stage_kpi_value(ctx, k, pr->kpis.items[i].target));
            stage_tree_cell(row, isnan(change) ? ""
                                               : stage_text(ctx, "kpi-basis", "solution_name", s->name, "change",
                                                            stage_printf(ctx, "%s%s", change > 0 ? "+" : "−",
                                                                         stage_percent(ctx, fabs(change))),
                                                            NULL));
        }
    }
    if (!rows) {
        stage_tree_drop_last(section);
        stage_tree_paragraph(section, stage_text(ctx, "kpi-framework-none", NULL));
        return;
    }
    stage_tree_source(t, stage_text(ctx, "kpi-framework-source", NULL));
}

struct person {
    const char *name, *role;
};

static void add_person(struct stage_ctx *ctx, struct person **items, size_t *n, size_t *alloc, const char *name,
                       const char *role)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*items)[i].name, name)) {
            (*items)[i].role = stage_printf(ctx, "%s; %s", (*items)[i].role, role);
            return;
        }
    ALLOC_GROW(*items, *n + 1, *alloc);
    (*items)[*n].name = name;
    (*items)[(*n)++].role = role;
}

static void fig_stakeholders(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    struct person *people = NULL;
    size_t n = 0, alloc = 0;
    uint32_t *sols;
    size_t ns;
    json_t *t;

    if (!plan)
        return;
    add_person(ctx, &people, &n, &alloc,
               c->contact.role ? stage_printf(ctx, "%s (%s)", c->contact.name, c->contact.role) : c->contact.name,
               stage_label(ctx, "role-city-contact"));
    /* Each department once, with every problem of the package it is concerned by. */
    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem *pr = &c->problems.items[p];
        if (plan->proposed.option[p] < 0)
            continue;
        for (size_t i = 0; i < pr->stakeholders.n; i++) {
            const char *name = pr->stakeholders.items[i];
            struct strbuf titles = STRBUF_INIT;
            int seen = 0;

            for (size_t k = 0; k < n && !seen; k++)
                seen = !strcmp(people[k].name, name);
            if (seen)
                continue;
            for (size_t q = p; q < c->problems.n; q++)
                for (size_t j = 0; plan->proposed.option[q] >= 0 && j < c->problems.items[q].stakeholders.n; j++)
                    if (!strcmp(c->problems.items[q].stakeholders.items[j], name))
                        strbuf_addf(&titles, "%s“%s”", titles.len ? ", " : "", c->problems.items[q].title);
            add_person(ctx, &people, &n, &alloc, name, stage_text(ctx, "role-concerned", "problems", titles.buf, NULL));
            strbuf_release(&titles);
        }
    }
    ns = package_sols(ctx, &sols);
    for (size_t i = 0; i < ns; i++) {
        const struct sol_features *f = &ctx->idx->sols[sols[i]];
        const struct vendor *v = f->vendor;
        if (!v)
            continue;
        add_person(ctx, &people, &n, &alloc,
                   v->contact.name ? stage_printf(ctx, "%s (%s)", v->name, v->contact.name) : v->name,
                   stage_text(ctx, "role-supplier", "solution_name", f->sol->name, NULL));
        for (size_t j = 0; j < v->local_partners.n; j++)
            if (!strcmp(v->local_partners.items[j].country, c->country))
                add_person(ctx, &people, &n, &alloc, v->local_partners.items[j].name,
                           stage_text(ctx, "role-partner", "vendor_name", v->name, NULL));
    }
    t = stage_tree_table(section, stage_caption(ctx, "stakeholders-caption"));
    stage_tree_column(t, stage_label(ctx, "col-who"), 0);
    stage_tree_column(t, stage_label(ctx, "col-role"), 0);
    for (size_t i = 0; i < n; i++) {
        json_t *row = stage_tree_row(t);
        stage_tree_cell(row, people[i].name);
        stage_tree_cell(row, people[i].role);
    }
    free(people);
}

/* --- open questions: every optional input left out -------------------------------------------------- */

struct question_walk {
    struct stage_ctx *ctx;
    json_t *table;
    const char *file;
    const char *about;
    const uint8_t *problems;   /* city problems to walk, NULL: all */
    size_t n;
};

/* Fields whose empty value says something, not "unknown". */
static int meaningful_empty(const char *path)
{
    return !strcmp(path, "requirements.connectivity");
}

static void walk(struct question_walk *w, const struct schema_object *obj, const void *base, const char *path);

/* The field's meaning from the schema, without the advice to its author
 * ("...; leave out when unknown"). */
static const char *question_text(struct stage_ctx *ctx, const char *doc)
{
    const char *semi;

    if (!doc)
        return "";
    semi = strstr(doc, "; ");
    if (!semi)
        return doc;
    return stage_printf(ctx, "%.*s.", (int)(semi - doc), doc);
}

static void ask(struct question_walk *w, const struct schema_field *f, const char *path)
{
    json_t *row = stage_tree_row(w->table);

    stage_tree_cell(row, w->about);
    stage_tree_cell(row, question_text(w->ctx, f->doc));
    stage_tree_cell(row, stage_printf(w->ctx, "%s: %s", w->file, path));
    w->n++;
}

static void walk_field(struct question_walk *w, const struct schema_field *f, const void *at, const char *path)
{
    struct stage_ctx *ctx = w->ctx;

    switch (f->type) {
    case SCHEMA_STRING:
        if (!*(const char *const *)at)
            ask(w, f, path);
        break;
    case SCHEMA_INT:
    case SCHEMA_NUMBER:
        if (isnan(*(const double *)at))
            ask(w, f, path);
        break;
    case SCHEMA_BOOL:
    case SCHEMA_ENUM:
        if (*(const int *)at < 0)
            ask(w, f, path);
        break;
    case SCHEMA_OBJECT:
        walk(w, f->object, at, path);
        break;
    case SCHEMA_MAP:
        if (!((const struct { void *items; size_t n; } *)at)->n)
            ask(w, f, path);
        break;
    case SCHEMA_LIST: {
        const struct { const char *items; size_t n; } *list = at;
        if (!list->n) {
            if (!meaningful_empty(path))
                ask(w, f, path);
            break;
        }
        if (f->elem->type != SCHEMA_OBJECT)
            break;
        for (size_t i = 0; i < list->n; i++) {
            const char *item = list->items + i * f->elem->object->size;
            const char *saved = w->about;
            if (!strcmp(path, "problems")) {
                if (w->problems && !w->problems[i])
                    continue;
                w->about = ((const struct problem *)(const void *)item)->title;
            } else if (!strcmp(f->elem->object->name, "KPI") && ((const struct problem_kpi *)(const void *)item)->id) {
                const struct kpi_def *k = registry_kpi(ctx->reg, ((const struct problem_kpi *)(const void *)item)->id);
                w->about = stage_printf(ctx, "%s — %s", w->about, k ? k->name : "");
            }
            walk(w, f->elem->object, item, stage_printf(ctx, "%s[%zu]", path, i));
            w->about = saved;
        }
        break;
    }
    }
}

static void walk(struct question_walk *w, const struct schema_object *obj, const void *base, const char *path)
{
    for (const struct schema_field *f = obj->fields; f->name; f++) {
        const char *sub = *path ? stage_printf(w->ctx, "%s.%s", path, f->name) : f->name;
        if (f->flags & SCHEMA_REQUIRED && f->type != SCHEMA_OBJECT && f->type != SCHEMA_LIST)
            continue;
        walk_field(w, f, (const char *)base + f->offset, sub);
    }
}

static json_t *question_table(struct stage_ctx *ctx, json_t *section, const char *caption)
{
    json_t *t = stage_tree_table(section, stage_caption(ctx, caption));

    stage_tree_column(t, stage_label(ctx, "col-about"), 0);
    stage_tree_column(t, stage_label(ctx, "col-question"), 0);
    stage_tree_column(t, stage_label(ctx, "col-field"), STAGE_CODE);
    return t;
}

static void fig_open_questions(struct stage_ctx *ctx, json_t *section)
{
    struct stage_plan *plan = stage_plan_need(ctx);
    const struct city *c = ctx->city;
    struct question_walk w;
    uint8_t *problems;
    uint32_t *sols;
    size_t ns;

    if (!plan)
        return;
    problems = arena_calloc(&ctx->arena, c->problems.n + 1, 1);
    for (size_t p = 0; p < c->problems.n; p++)
        problems[p] = plan->proposed.option[p] >= 0;
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;

    stage_tree_paragraph(section, stage_text(ctx, "questions-intro", NULL));
    w.table = question_table(ctx, section, "questions-city-caption");
    w.file = c->pos.file ? c->pos.file : stage_printf(ctx, "cities/%s.yaml", c->id);
    w.about = c->name;
    w.problems = problems;
    walk(&w, &schema_city, c, "");
    /* The benefits the financial analysis had to assume. */
    {
        json_t *row = stage_tree_row(w.table);
        stage_tree_cell(row, c->name);
        stage_tree_cell(row, stage_text(ctx, "question-benefits", NULL));
        stage_tree_cell(row, stage_label(ctx, "question-benefits-field"));
        w.n++;
    }
    ns = package_sols(ctx, &sols);
    w.table = question_table(ctx, section, "questions-vendor-caption");
    w.n = 0;
    for (size_t i = 0; i < ns; i++) {
        const struct sol_features *f = &ctx->idx->sols[sols[i]];
        w.file = f->sol->pos.file ? f->sol->pos.file : stage_printf(ctx, "solutions/%s.yaml", f->sol->id);
        w.about = f->sol->name;
        w.problems = NULL;
        walk(&w, &schema_solution, f->sol, "");
        if (f->vendor) {
            w.file = f->vendor->pos.file ? f->vendor->pos.file : stage_printf(ctx, "vendors/%s.yaml", f->vendor->id);
            w.about = f->vendor->name;
            walk(&w, &schema_vendor, f->vendor, "");
        }
    }
    if (!w.n) {
        stage_tree_drop_last(section);
        stage_tree_paragraph(section, stage_text(ctx, "questions-vendor-none", NULL));
    }
}

const struct stage_figure_impl stage_implementer_figures[] = {
    { "executive-summary", fig_executive_summary },
    { "architecture", fig_architecture },
    { "solution-profile", fig_solution_profile },
    { "technical-feasibility", fig_feasibility },
    { "cash-flow", fig_cash_flow },
    { "npv", fig_npv },
    { "sensitivity", fig_sensitivity },
    { "data-residency", fig_residency },
    { "procurement", fig_procurement },
    { "risk-register", fig_risks },
    { "pilot-plan", fig_pilot_plan },
    { "kpi-framework", fig_kpi_framework },
    { "stakeholders", fig_stakeholders },
    { "open-questions", fig_open_questions },
    { NULL, NULL }
};
