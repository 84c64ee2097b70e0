/* rank.c - filters, scorers, top-K and explanations for one problem. */
#include "rank.h"
#include "candidates.h"
#include "catalog.h"
#include "index.h"
#include "iso.h"
#include "model.h"
#include "money.h"
#include "registry.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *const stage_names[] = { "activator", "finder", "implementer", NULL };

/* Table order matches enum filter_id / enum scorer_id and catalog.c. */
static const char *const filter_names[FILTER_COUNT] = { "budget", "connectivity", "power", "hosting",
                                                        "data-residency", "language", "region" };
static const char *const scorer_names[SCORER_COUNT] = { "domain", "text", "kpi", "capability", "budget",
                                                        "context", "maturity", "timeline", "local" };

const char *filter_name(enum filter_id f)
{
    return filter_names[f];
}

const char *scorer_name(enum scorer_id s)
{
    return scorer_names[s];
}

/* --- parameters ------------------------------------------------------------- */

static double param(const struct named_number *items, size_t n, const char *name, double fallback)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].name && !strcmp(items[i].name, name) && !isnan(items[i].value))
            return items[i].value;
    return fallback;
}

void rank_params_init(struct rank_params *p, const struct rule_set *rs, enum stage stage)
{
    const struct stage_profile *sp = stage == STAGE_ACTIVATOR ? &rs->activator
                                   : stage == STAGE_FINDER ? &rs->finder : &rs->implementer;

    memset(p, 0, sizeof(*p));
    p->rules_id = rs->id;
    p->stage = stage;
    p->top = (int)sp->top;
    p->min_score = sp->min_score;
    p->horizon_years = rs->horizon_years;
    p->discount_rate = rs->discount_rate;
    p->explain_excluded = 5;
    for (int f = 0; f < FILTER_COUNT; f++)
        p->mode[f] = FILTER_OFF;
    /* Fallbacks from the catalogue, overridden by the rule set below. */
#define SCORER_FALLBACK(scorer, name) catalog_fallback(catalog_scorers, catalog_scorer_count, scorer, name)
    p->capex_tolerance = catalog_fallback(catalog_filters, catalog_filter_count, "budget", "capex_tolerance");
    p->opex_tolerance = catalog_fallback(catalog_filters, catalog_filter_count, "budget", "opex_tolerance");
    p->parent_credit = SCORER_FALLBACK("domain", "parent_credit");
    p->child_credit = SCORER_FALLBACK("domain", "child_credit");
    p->sibling_credit = SCORER_FALLBACK("domain", "sibling_credit");
    p->bm25_k1 = SCORER_FALLBACK("text", "k1");
    p->bm25_b = SCORER_FALLBACK("text", "b");
    p->bm25_saturation = SCORER_FALLBACK("text", "saturation");
    p->comfort_share = SCORER_FALLBACK("budget", "comfort_share");
    p->population_weight = SCORER_FALLBACK("context", "population_weight");
    p->income_weight = SCORER_FALLBACK("context", "income_weight");
    p->region_weight = SCORER_FALLBACK("context", "region_weight");
    p->trl_weight = SCORER_FALLBACK("maturity", "trl_weight");
    p->deployments_half = SCORER_FALLBACK("maturity", "deployments_half");
    p->country_credit = SCORER_FALLBACK("local", "country_credit");
    p->region_credit = SCORER_FALLBACK("local", "region_credit");
#undef SCORER_FALLBACK

    for (size_t i = 0; i < rs->filters.n; i++) {
        const struct filter_rule *fr = &rs->filters.items[i];
        for (int f = 0; f < FILTER_COUNT; f++) {
            if (strcmp(fr->name, filter_names[f]))
                continue;
            p->mode[f] = fr->mode;
            p->penalty[f] = isnan(fr->penalty) ? 0 : fr->penalty;
            if (f == FILTER_BUDGET) {
                p->capex_tolerance = param(fr->params.items, fr->params.n, "capex_tolerance", p->capex_tolerance);
                p->opex_tolerance = param(fr->params.items, fr->params.n, "opex_tolerance", p->opex_tolerance);
            }
        }
    }
    for (size_t i = 0; i < rs->scorers.n; i++) {
        const struct scorer_rule *sr = &rs->scorers.items[i];
        const struct named_number *pp = sr->params.items;
        size_t pn = sr->params.n;
        for (int s = 0; s < SCORER_COUNT; s++)
            if (!strcmp(sr->name, scorer_names[s]))
                p->weight[s] = sr->weight;
        if (!strcmp(sr->name, "domain")) {
            p->parent_credit = param(pp, pn, "parent_credit", p->parent_credit);
            p->child_credit = param(pp, pn, "child_credit", p->child_credit);
            p->sibling_credit = param(pp, pn, "sibling_credit", p->sibling_credit);
        } else if (!strcmp(sr->name, "text")) {
            p->bm25_k1 = param(pp, pn, "k1", p->bm25_k1);
            p->bm25_b = param(pp, pn, "b", p->bm25_b);
            p->bm25_saturation = param(pp, pn, "saturation", p->bm25_saturation);
        } else if (!strcmp(sr->name, "budget")) {
            p->comfort_share = param(pp, pn, "comfort_share", p->comfort_share);
        } else if (!strcmp(sr->name, "context")) {
            p->population_weight = param(pp, pn, "population_weight", p->population_weight);
            p->income_weight = param(pp, pn, "income_weight", p->income_weight);
            p->region_weight = param(pp, pn, "region_weight", p->region_weight);
        } else if (!strcmp(sr->name, "maturity")) {
            p->trl_weight = param(pp, pn, "trl_weight", p->trl_weight);
            p->deployments_half = param(pp, pn, "deployments_half", p->deployments_half);
        } else if (!strcmp(sr->name, "local")) {
            p->country_credit = param(pp, pn, "country_credit", p->country_credit);
            p->region_credit = param(pp, pn, "region_credit", p->region_credit);
        }
    }
    /* The stage profile has the last word. */
    for (size_t i = 0; i < sp->filters.n; i++)
        for (int f = 0; f < FILTER_COUNT; f++)
            if (!strcmp(sp->filters.items[i].name, filter_names[f])) {
                p->mode[f] = sp->filters.items[i].mode;
                if (p->mode[f] == FILTER_PENALTY && p->penalty[f] <= 0)
                    p->penalty[f] = 10;
            }
    for (size_t i = 0; i < sp->weights.n; i++)
        for (int s = 0; s < SCORER_COUNT; s++)
            if (!strcmp(sp->weights.items[i].name, scorer_names[s]))
                p->weight[s] = sp->weights.items[i].value;
    for (int s = 0; s < SCORER_COUNT; s++)
        p->weight_sum += p->weight[s];
}

/* --- per-problem context -------------------------------------------------------- */

struct rank_ctx {
    const struct index *idx;
    const struct rank_params *p;
    const struct city *city;
    const struct problem *problem;
    int domain;
    uint8_t city_net;
    uint64_t city_languages;        /* index_language_bit of each */
    uint64_t city_language_set[11]; /* bit index_code2 of each: 676 two-letter codes */
    uint16_t city_country;          /* index_code2 */
    double capex_limit, opex_limit; /* base currency */
    int *req_caps;
    size_t n_req_caps;
    int *kpis;
    size_t n_kpis;
    float bm25;                     /* BM25 of the solution being scored */
    const struct sol_features *bm25_for;
    const struct sol_features *estimate_for; /* the solution `estimate` is for */
    struct cost_estimate estimate;
};

static void ctx_init(struct rank_ctx *c, const struct index *idx, const struct rank_params *p,
                     const struct city *city, const struct problem *problem, int domain)
{
    const struct registry *reg = idx->reg;
    double max_capex = problem->constraints.max_capex;

    memset(c, 0, sizeof(*c));
    c->idx = idx;
    c->p = p;
    c->city = city;
    c->problem = problem;
    c->domain = domain;
    for (size_t i = 0; i < city->languages.n; i++) {
        uint16_t code = index_code2(city->languages.items[i]);
        c->city_languages |= index_language_bit(city->languages.items[i]);
        if (code < 676)
            c->city_language_set[code / 64] |= (uint64_t)1 << (code % 64);
    }
    c->city_country = index_code2(city->country);
    for (size_t i = 0; i < city->infrastructure.connectivity.n; i++)
        c->city_net |= (uint8_t)(1u << city->infrastructure.connectivity.items[i]);
    c->capex_limit = registry_to_base(reg, city->budget.capex_ceiling, city->budget.currency);
    if (!isnan(max_capex))
        c->capex_limit = fmin(c->capex_limit, registry_to_base(reg, max_capex, city->budget.currency));
    c->opex_limit = registry_to_base(reg, city->budget.opex_per_year, city->budget.currency);
    c->req_caps = xcalloc(problem->required_capabilities.n + 1, sizeof(int));
    for (size_t i = 0; i < problem->required_capabilities.n; i++) {
        int k = index_capability(idx, problem->required_capabilities.items[i]);
        if (k >= 0)
            c->req_caps[c->n_req_caps++] = k;
    }
    c->kpis = xcalloc(problem->kpis.n + 1, sizeof(int));
    for (size_t i = 0; i < problem->kpis.n; i++) {
        int k = index_kpi(idx, problem->kpis.items[i].id);
        if (k >= 0)
            c->kpis[c->n_kpis++] = k;
    }
}

static void ctx_release(struct rank_ctx *c)
{
    free(c->req_caps);
    free(c->kpis);
}

void rank_estimate_cost(const struct sol_features *f, double population, double horizon_years,
                        struct cost_estimate *out)
{
    double units = 0;

    if (!isnan(f->capex_per_unit) || !isnan(f->opex_per_unit_year)) {
        if (!isnan(f->units_per_100k))
            units = ceil(f->units_per_100k * population / 100000.0);
        else if (!isnan(f->pilot_units))
            units = f->pilot_units;
    }
    out->units = units;
    out->capex = f->capex_fixed + (isnan(f->capex_per_unit) ? 0 : f->capex_per_unit * units);
    out->opex_year = f->opex_year + (isnan(f->opex_per_unit_year) ? 0 : f->opex_per_unit_year * units);
    out->tco = out->capex + out->opex_year * horizon_years;
}

/* The solution's cost for this city, computed once per candidate. */
static void cost_of(const struct rank_ctx *c, const struct sol_features *f, struct cost_estimate *e)
{
    if (c->estimate_for == f)
        *e = c->estimate;
    else
        rank_estimate_cost(f, c->city->population, c->p->horizon_years, e);
}

static int has_cap(const struct sol_features *f, int cap)
{
    size_t lo = 0, hi = f->n_caps;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->caps[mid] == cap)
            return 1;
        if (f->caps[mid] < cap)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static double kpi_gain(const struct sol_features *f, int kpi)
{
    for (size_t i = 0; i < f->n_kpis; i++)
        if (f->kpis[i].kpi == kpi)
            return f->kpis[i].change;
    return NAN;
}

static int list_has(const struct str_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i], s))
            return 1;
    return 0;
}

static void add_names(struct strbuf *why, const char *const *names, unsigned mask, const char *joiner)
{
    int first = 1;

    for (int i = 0; names[i]; i++)
        if (mask & (1u << i)) {
            strbuf_addf(why, "%s%s", first ? "" : joiner, names[i]);
            first = 0;
        }
    if (first)
        strbuf_addstr(why, "none");
}

/* --- filters: return 1 when the solution fails --------------------------------- */

static void add_money(struct strbuf *why, const struct rank_ctx *c, double base_amount)
{
    const char *cur = c->city->budget.currency;
    money_format(why, registry_from_base(c->idx->reg, base_amount, cur), cur);
}

static int filter_budget(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    struct cost_estimate e;
    int over_capex, over_opex;

    cost_of(c, f, &e);
    over_capex = !isnan(c->capex_limit) && e.capex > c->capex_limit * (1 + c->p->capex_tolerance);
    over_opex = !isnan(c->opex_limit) && e.opex_year > c->opex_limit * (1 + c->p->opex_tolerance);
    if (why && over_capex) {
        strbuf_addstr(why, "up-front cost of about ");
        add_money(why, c, e.capex);
        strbuf_addf(why, " is %.0f%% over the %s of ", 100 * (e.capex / c->capex_limit - 1),
                    isnan(c->problem->constraints.max_capex) ? "city's capex ceiling" : "problem's capex limit");
        add_money(why, c, c->capex_limit);
    } else if (why && over_opex) {
        strbuf_addstr(why, "running cost of about ");
        add_money(why, c, e.opex_year);
        strbuf_addf(why, " a year is %.0f%% over the yearly budget of ", 100 * (e.opex_year / c->opex_limit - 1));
        add_money(why, c, c->opex_limit);
    }
    return over_capex || over_opex;
}

static int filter_connectivity(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    if (!f->connectivity || (f->connectivity & c->city_net))
        return 0;
    if (why) {
        strbuf_addstr(why, "needs ");
        add_names(why, connectivity_names, f->connectivity, " or ");
        strbuf_addstr(why, "; the city has ");
        add_names(why, connectivity_names, c->city_net, ", ");
    }
    return 1;
}

static int filter_power(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    int have = c->city->infrastructure.power_reliability;

    if (f->power < 0 || have < 0 || f->power <= have)
        return 0;
    if (why)
        strbuf_addf(why, "needs %s power reliability; the city's is %s", reliability_names[f->power],
                    reliability_names[have]);
    return 1;
}

static int filter_hosting(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    int dc = c->city->infrastructure.data_centre, cloud = c->city->infrastructure.cloud_allowed;

    if (f->hosting == HOSTING_ON_PREMISE && dc == 0) {
        if (why)
            strbuf_addstr(why, "runs on premise only, and the city has no data centre");
        return 1;
    }
    if (f->hosting == HOSTING_CLOUD && cloud == 0) {
        if (why)
            strbuf_addstr(why, "runs in the vendor's cloud only, and the city does not allow public cloud");
        return 1;
    }
    if (f->hosting == HOSTING_HYBRID && dc == 0 && cloud == 0) {
        if (why)
            strbuf_addstr(why, "needs a data centre or public cloud; the city allows neither");
        return 1;
    }
    return 0;
}

static int filter_residency(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    int need = c->problem->constraints.data_residency;
    const struct str_list *where = &f->sol->requirements.cloud_countries;
    int can_stay_home = f->hosting != HOSTING_CLOUD && c->city->infrastructure.data_centre != 0;
    int at_home = 0;

    if (need < 0 || need == RESIDENCY_NONE || can_stay_home)
        return 0;
    for (size_t i = 0; i < f->n_cloud && !at_home; i++)
        at_home = f->cloud_codes[i] == c->city_country;
    if (need == RESIDENCY_IN_COUNTRY && !at_home) {
        if (why) {
            if (!where->n) {
                strbuf_addstr(why, "does not say where its cloud keeps data; the problem requires data in-country");
            } else {
                strbuf_addstr(why, "keeps data in ");
                for (size_t i = 0; i < where->n; i++)
                    strbuf_addf(why, "%s%s", i ? ", " : "", where->items[i]);
                strbuf_addf(why, "; the problem requires data to stay in %s", c->city->country);
            }
        }
        return 1;
    }
    if (need == RESIDENCY_IN_REGION) {
        const char *home = region_names[c->city->region];
        int inside = f->n_cloud > 0;
        for (size_t i = 0; i < f->n_cloud; i++)
            inside &= f->cloud_regions[i] == c->city->region;
        if (!inside) {
            if (why)
                strbuf_addf(why, where->n ? "keeps data outside the city's region (%s)"
                                          : "does not say where its cloud keeps data; the problem requires data "
                                            "in the region (%s)", home);
            return 1;
        }
    }
    return 0;
}

static int filter_language(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    const struct str_list *speaks = &f->sol->requirements.languages;

    /* Only the features are read here: f->sol is a cache miss per candidate. */
    if (!f->n_language_codes)
        return 0;
    /* No bit in common means no language in common; a bit in common is checked. */
    if (f->languages & c->city_languages)
        for (size_t i = 0; i < f->n_language_codes; i++) {
            uint16_t code = f->language_codes[i];
            if (code < 676 && (c->city_language_set[code / 64] >> (code % 64) & 1))
                return 0;
        }
    if (why) {
        strbuf_addstr(why, "works in ");
        for (size_t i = 0; i < speaks->n; i++)
            strbuf_addf(why, "%s%s", i ? ", " : "", speaks->items[i]);
        strbuf_addstr(why, "; the city works in ");
        for (size_t i = 0; i < c->city->languages.n; i++)
            strbuf_addf(why, "%s%s", i ? ", " : "", c->city->languages.items[i]);
    }
    return 1;
}

static int filter_region(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    if (f->regions & (1u << c->city->region))
        return 0;
    if (why) {
        strbuf_addstr(why, "the vendor serves ");
        add_names(why, region_names, f->regions, ", ");
        strbuf_addf(why, ", not %s", region_names[c->city->region]);
    }
    return 1;
}

typedef int (*filter_fn)(const struct rank_ctx *, const struct sol_features *, struct strbuf *);
static const filter_fn filters[FILTER_COUNT] = { filter_budget, filter_connectivity, filter_power,
                                                 filter_hosting, filter_residency, filter_language,
                                                 filter_region };

/* --- scorers: each in [0,1] -------------------------------------------------------- */

static int is_ancestor(const struct index *idx, int ancestor, int d)
{
    for (d = idx->domains[d].parent; d >= 0; d = idx->domains[d].parent)
        if (d == ancestor)
            return 1;
    return 0;
}

static double score_domain(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    const struct index *idx = c->idx;
    double best = 0;
    int best_d = -1;

    if (c->domain < 0)
        return 0;
    for (size_t i = 0; i < f->n_domains; i++) {
        int d = f->domains[i];
        double v = 0;
        if (d == c->domain)
            v = 1;
        else if (is_ancestor(idx, c->domain, d))
            v = c->p->child_credit;
        else if (is_ancestor(idx, d, c->domain))
            v = c->p->parent_credit;
        else if (idx->domains[d].parent >= 0 && idx->domains[d].parent == idx->domains[c->domain].parent)
            v = c->p->sibling_credit;
        if (v > best) {
            best = v;
            best_d = d;
        }
    }
    if (why && best_d >= 0)
        strbuf_addf(why, best == 1 ? "built for %s" : "serves %s, close to the problem's %s",
                    idx->domains[best_d].name, idx->domains[c->domain].name);
    return best;
}

static double score_text(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    double s = c->bm25_for == f ? c->bm25 : 0;
    double v = s / (s + c->p->bm25_saturation);

    if (why)
        strbuf_addf(why, "its description matches the problem's wording (text relevance %.2f)", v);
    return v;
}

static void describe_gain(struct strbuf *why, const struct kpi_def *k, double change)
{
    strbuf_addf(why, "expected to improve %s by %.0f%%", k->name, fabs(100 * change));
}

static double score_kpi(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    size_t covered = 0;

    if (!c->n_kpis) {
        /* No KPIs named: credit a solution that moves any KPI of the problem's family. */
        if (c->domain < 0)
            return 0;
        for (size_t i = 0; i < f->n_kpis; i++) {
            const struct kpi_def *k = &c->idx->reg->kpis->kpis.items[f->kpis[i].kpi];
            int d = index_domain(c->idx, k->domain);
            if (d >= 0 && c->idx->domains[d].family == c->idx->domains[c->domain].family) {
                if (why)
                    describe_gain(why, k, f->kpis[i].change);
                return 1;
            }
        }
        return 0;
    }
    for (size_t i = 0; i < c->n_kpis; i++)
        if (!isnan(kpi_gain(f, c->kpis[i]))) {
            if (why && !covered)
                describe_gain(why, &c->idx->reg->kpis->kpis.items[c->kpis[i]], kpi_gain(f, c->kpis[i]));
            covered++;
        }
    if (why && covered > 1)
        strbuf_addf(why, " (%zu of the problem's %zu KPIs)", covered, c->n_kpis);
    return (double)covered / (double)c->n_kpis;
}

static double score_capability(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    size_t covered = 0;

    if (!c->n_req_caps) {
        /* Nothing required: credit capabilities of the problem's own domain. */
        if (c->domain < 0)
            return 0;
        for (size_t i = 0; i < f->n_caps; i++) {
            int owner = c->idx->capability_domain[f->caps[i]];
            covered += owner == c->domain || is_ancestor(c->idx, owner, c->domain) ||
                       is_ancestor(c->idx, c->domain, owner);
        }
        if (why)
            strbuf_addf(why, "has %zu capabilit%s of %s", covered, covered == 1 ? "y" : "ies",
                        c->idx->domains[c->domain].name);
        return covered >= 2 ? 1 : covered * 0.5;
    }
    for (size_t i = 0; i < c->n_req_caps; i++)
        covered += has_cap(f, c->req_caps[i]);
    if (why) {
        strbuf_addf(why, "covers %zu of %zu required capabilities", covered, c->n_req_caps);
        if (covered) {
            int first = 1;
            strbuf_addstr(why, " (");
            for (size_t i = 0; i < c->n_req_caps; i++)
                if (has_cap(f, c->req_caps[i])) {
                    strbuf_addf(why, "%s%s", first ? "" : ", ", c->idx->capability_names[c->req_caps[i]]);
                    first = 0;
                }
            strbuf_addch(why, ')');
        }
    }
    return (double)covered / (double)c->n_req_caps;
}

static double score_budget(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    struct cost_estimate e;
    double capacity = c->capex_limit + c->opex_limit * c->p->horizon_years;
    double share, v;

    cost_of(c, f, &e);
    if (isnan(capacity) || capacity <= 0 || isnan(e.tco))
        return 0;
    share = e.tco / capacity;
    v = share <= c->p->comfort_share ? 1 : share >= 1 ? 0 : (1 - share) / (1 - c->p->comfort_share);
    if (why) {
        strbuf_addf(why, "%g-year cost of ownership about ", c->p->horizon_years);
        add_money(why, c, e.tco);
        strbuf_addf(why, ", %.0f%% of the city's %g-year budget", 100 * share, c->p->horizon_years);
    }
    return v;
}

static double score_context(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    double best = 0;
    size_t best_i = 0;

    for (size_t i = 0; i < f->n_refs; i++) {
        const struct ref_city *r = &f->refs[i];
        double pop = 1 - fabs(log10(fmax(r->population, 1) / fmax(c->city->population, 1))) / 1.5;
        double inc = r->income < 0 ? 0.5 : 1 - fabs((double)(r->income - c->city->income_level)) / 3;
        double same = !strcmp(r->country, c->city->country) ? 1 : 0;
        double v = c->p->population_weight * fmax(pop, 0) + c->p->income_weight * inc + c->p->region_weight * same;
        if (v > best) {
            best = v;
            best_i = i;
        }
    }
    best = fmin(best, 1);
    if (why && f->n_refs) {
        const struct reference_city *r = &f->sol->references.items[best_i];
        strbuf_addf(why, "runs in %s (%s), a city like this one", r->city, r->country);
    }
    return best;
}

static double score_maturity(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    double trl = isnan(f->trl) ? 0 : (f->trl - 1) / 8;
    double dep = isnan(f->deployments) ? 0 : f->deployments / (f->deployments + c->p->deployments_half);

    if (why)
        strbuf_addf(why, "proven: TRL %.0f, %.0f deployment%s", f->trl, f->deployments, f->deployments == 1 ? "" : "s");
    return c->p->trl_weight * trl + (1 - c->p->trl_weight) * dep;
}

static double score_timeline(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    double d = c->problem->constraints.deadline_months, m = f->pilot_months, v;

    if (isnan(m))
        return 0;
    if (isnan(d))
        v = fmin(1, fmax(0.3, 1 - (m - 6) / 18));
    else if (m > d)
        v = 0;
    else
        v = m <= d / 2 ? 1 : fmax(0.2, 1 - 0.8 * (m - d / 2) / (d / 2));
    if (why) {
        if (isnan(d))
            strbuf_addf(why, "a pilot takes %.0f months", m);
        else
            strbuf_addf(why, "a %.0f-month pilot fits the %.0f-month deadline", m, d);
    }
    return v;
}

static double score_local(const struct rank_ctx *c, const struct sol_features *f, struct strbuf *why)
{
    const struct vendor *v = f->vendor;
    int in_country = 0;

    if (v) {
        in_country = !strcmp(v->country, c->city->country) || list_has(&v->presence, c->city->country);
        for (size_t i = 0; i < v->local_partners.n && !in_country; i++)
            in_country = !strcmp(v->local_partners.items[i].country, c->city->country);
    }
    if (in_country) {
        if (why)
            strbuf_addf(why, "the vendor has an office or partner in %s", c->city->country);
        return c->p->country_credit;
    }
    if (f->regions & (1u << c->city->region)) {
        if (why)
            strbuf_addf(why, "the vendor serves %s", region_names[c->city->region]);
        return c->p->region_credit;
    }
    return 0;
}

typedef double (*scorer_fn)(const struct rank_ctx *, const struct sol_features *, struct strbuf *);
static const scorer_fn scorers[SCORER_COUNT] = { score_domain, score_text, score_kpi, score_capability,
                                                 score_budget, score_context, score_maturity,
                                                 score_timeline, score_local };

/* --- ranking ------------------------------------------------------------------------- */

/* Best score first; equal scores by solution id, never file or hash order. */
static int compare_scored(const struct index *idx, double sa, double sb, uint32_t da, uint32_t db)
{
    if (sa != sb)
        return sa > sb ? -1 : 1;
    return strcmp(idx->sols[da].sol->id, idx->sols[db].sol->id);
}

static int compare_rank_results(const void *a, const void *b, void *idx)
{
    const struct rank_result *x = a, *y = b;
    return compare_scored(idx, x->score, y->score, x->sol, y->sol);
}

static int compare_exclusions(const void *a, const void *b, void *idx)
{
    const struct rank_exclusion *x = a, *y = b;
    return compare_scored(idx, x->score, y->score, x->sol, y->sol);
}

/* The problem as a query: title, description and required capabilities. */
static void problem_query(const struct index *idx, const struct problem *problem, struct query *q)
{
    struct token_list tl = TOKEN_LIST_INIT;
    struct strbuf text = STRBUF_INIT;

    strbuf_addf(&text, "%s. %s", problem->title, problem->description);
    for (size_t i = 0; i < problem->required_capabilities.n; i++) {
        strbuf_addch(&text, ' ');
        text_add_id_words(&text, problem->required_capabilities.items[i]);
    }
    text_tokenize(&tl, text.buf, text.len, 1);
    index_query(idx, &tl, q);
    token_list_release(&tl);
    strbuf_release(&text);
}

/* Scorers that read only numbers already in the index; the others (costs,
 * reference cities, vendor presence) run only for solutions that can still
 * make the list. */
static const int scorer_is_cheap[SCORER_COUNT] = { 1, 1, 1, 1, 0, 0, 1, 1, 0 };

void rank_release_thread(void)
{
    candidates_release_thread();
}

/* The best scores kept so far for a list (the shortlist, or the best
 * excluded), best first: a solution whose bound is below the last of a
 * full list cannot enter it. */
struct bar {
    double *best;
    size_t n, max;
};

static void bar_init(struct bar *b, size_t max)
{
    b->best = xcalloc(max + 1, sizeof(double));
    b->n = 0;
    b->max = max;
}

static int bar_shuts_out(const struct bar *b, double bound)
{
    return b->n >= b->max && (!b->max || bound < b->best[b->n - 1]);
}

static void bar_add(struct bar *b, double score)
{
    size_t i;

    if (!b->max)
        return;
    if (b->n == b->max && score <= b->best[b->max - 1])
        return;
    i = b->n < b->max ? b->n++ : b->max - 1;
    while (i > 0 && b->best[i - 1] < score) {
        b->best[i] = b->best[i - 1];
        i--;
    }
    b->best[i] = score;
}

/* A full list's last score: what an entry needs to stay in it. */
static double bar_last(const struct bar *b)
{
    return b->max && b->n >= b->max ? b->best[b->n - 1] : -INFINITY;
}

static size_t keep_reachable_results(struct rank_result *items, size_t n, const struct bar *b)
{
    size_t kept = 0;

    for (size_t i = 0; i < n; i++)
        if (items[i].score >= bar_last(b))
            items[kept++] = items[i];
    return kept;
}

static size_t keep_reachable_exclusions(struct rank_exclusion *items, size_t n, const struct bar *b)
{
    size_t kept = 0;

    for (size_t i = 0; i < n; i++)
        if (items[i].score >= bar_last(b))
            items[kept++] = items[i];
    return kept;
}

/* Filters that read only the solution's own struct, not the arrays it
 * points to: a candidate's struct is read ahead, so these are cheap to run
 * before deciding whether the candidate is worth the arrays. */
static const int filter_reads_struct_only[FILTER_COUNT] = { 1, 1, 1, 1, 0, 0, 1 };

/* The most a candidate can score, in points, summed from what is known of
 * it before its feature arrays are read: the posting lists holding it
 * (capability and KPI coverage cannot exceed them; a solution outside the
 * domain's list declares neither the domain nor one below it), its BM25,
 * and the scalars of its struct. Each part is the weighted most of one
 * scorer; base holds the costly scorers at their most, and the margin.
 *
 * Summed in another order than a score, so off by rounding, far below the
 * margin: a candidate that can make a list scores at least the list's bar
 * less 0.005 (scores are rounded to 0.01) before rounding, so its ceiling,
 * 0.01 over that, stays above the bar. */
struct ceiling {
    double base;
    double domain[2];              /* outside / inside the domain's list */
    double kpi[256], capability[256]; /* by the number of lists holding it */
    double text, maturity, timeline; /* points per unit of the scorer's value */
};

/* The points scorer k gives at value v. */
static double scorer_points(const struct rank_params *p, int k, double v)
{
    return p->weight[k] > 0 && p->weight_sum > 0 ? 100 * p->weight[k] * v / p->weight_sum : 0;
}

/* The most a coverage scorer gives a solution that `hits` of the n lists
 * hold: with nothing required (n == 0) the scorer looks elsewhere, and 255
 * stands for 255 or more. */
static double coverage_ceiling(size_t hits, size_t n, int listed)
{
    if (!listed || !n || hits >= 255)
        return 1;
    return (double)(hits < n ? hits : n) / (double)n;
}

static void ceiling_init(struct ceiling *ce, const struct rank_params *p, const struct rank_ctx *c, int listed,
                         double expensive_weight)
{
    double in = fmax(fmax(1, p->child_credit), fmax(p->parent_credit, p->sibling_credit));
    double out = fmax(0, fmax(p->parent_credit, p->sibling_credit));

    ce->base = (p->weight_sum > 0 ? 100 * expensive_weight / p->weight_sum : 0) + 0.01;
    ce->domain[1] = scorer_points(p, SCORER_DOMAIN, in);
    ce->domain[0] = listed ? scorer_points(p, SCORER_DOMAIN, out) : ce->domain[1];
    for (size_t h = 0; h < 256; h++) {
        ce->kpi[h] = scorer_points(p, SCORER_KPI, coverage_ceiling(h, c->n_kpis, listed));
        ce->capability[h] = scorer_points(p, SCORER_CAPABILITY, coverage_ceiling(h, c->n_req_caps, listed));
    }
    ce->text = scorer_points(p, SCORER_TEXT, 1);
    ce->maturity = scorer_points(p, SCORER_MATURITY, 1);
    ce->timeline = scorer_points(p, SCORER_TIMELINE, 1);
}

/* One problem's ranking in progress. */
struct ranking {
    const struct index *idx;
    const struct rank_params *p;
    struct rank_ctx c;
    struct candidates cand;
    double expensive_weight;       /* of the scorers not in scorer_is_cheap */
    struct ceiling ceiling;
    int excluding[FILTER_COUNT];   /* the filters in exclude mode, in order */
    size_t n_excluding;
    int early_penalties[FILTER_COUNT]; /* those in penalty mode the ceiling runs */
    size_t n_early_penalties;
    struct bar best, excl_best;
    struct rank_result *all;       /* kept results, in no order yet */
    size_t n_all, alloc_all;
    struct rank_exclusion *excl;   /* kept exclusions, in no order yet */
    size_t n_excl, alloc_excl, n_excl_total;
};

/* Which filters the screening runs: every exclusion, and the penalties
 * that read only the struct (unless one is negative: then a part of the
 * penalties could exceed the whole). */
static void plan_filters(struct ranking *rk)
{
    const struct rank_params *p = rk->p;
    int penalties_add_up = 1;

    for (int k = 0; k < FILTER_COUNT; k++)
        if (p->mode[k] == FILTER_PENALTY && p->penalty[k] < 0)
            penalties_add_up = 0;
    for (int k = 0; k < FILTER_COUNT; k++) {
        if (p->mode[k] == FILTER_EXCLUDE)
            rk->excluding[rk->n_excluding++] = k;
        else if (p->mode[k] == FILTER_PENALTY && filter_reads_struct_only[k] && penalties_add_up)
            rk->early_penalties[rk->n_early_penalties++] = k;
    }
}

/* A candidate past the screening, waiting for its arrays. */
struct live {
    size_t ci;
    int excluded_by;
    double ceiling;
};

static inline int shut_out(const struct ranking *rk, int excluded_by, double bound)
{
    if (excluded_by >= 0)
        return bar_shuts_out(&rk->excl_best, bound);
    return bound < rk->p->min_score || bar_shuts_out(&rk->best, bound);
}

/* Every candidate: its exclusion (every one is counted), then the most it
 * can score, first from the lists and its maturity, then from the rest of
 * what its struct holds. Returns 1 when that can still make its list. */
static int screen(struct ranking *rk, size_t ci, struct live *live)
{
    const struct rank_params *p = rk->p;
    const struct ceiling *ce = &rk->ceiling;
    struct rank_ctx *c = &rk->c;
    const struct sol_features *f = &rk->idx->sols[rk->cand.items[ci]];
    double points;

    live->ci = ci;
    /* The first filter in exclude mode it fails, -1 when none. */
    live->excluded_by = -1;
    for (size_t i = 0; i < rk->n_excluding && live->excluded_by < 0; i++)
        if (filters[rk->excluding[i]](c, f, NULL))
            live->excluded_by = rk->excluding[i];
    rk->n_excl_total += live->excluded_by >= 0;
    c->bm25 = rk->cand.bm25[ci];
    c->bm25_for = f;
    points = ce->base + ce->domain[rk->cand.flags[ci] & CANDIDATE_IN_DOMAIN ? 1 : 0] +
             ce->kpi[rk->cand.kpi_hits[ci]] + ce->capability[rk->cand.cap_hits[ci]];
    if (ce->text > 0)
        points += ce->text * score_text(c, f, NULL);
    if (ce->maturity > 0)
        points += ce->maturity * score_maturity(c, f, NULL);
    live->ceiling = points + ce->timeline;
    if (shut_out(rk, live->excluded_by, live->ceiling))
        return 0;
    if (ce->timeline > 0)
        points += ce->timeline * score_timeline(c, f, NULL);
    for (size_t i = 0; i < rk->n_early_penalties; i++)
        if (filters[rk->early_penalties[i]](c, f, NULL))
            points -= p->penalty[rk->early_penalties[i]];
    /* A score never goes below 0, penalties or not. */
    live->ceiling = fmax(points, 0.01);
    return !shut_out(rk, live->excluded_by, live->ceiling);
}

/* A screened candidate in full: penalties, cheap scorers, and the costly
 * ones only when the bound says it can still make its list. */
static void score_live(struct ranking *rk, const struct live *live)
{
    const struct rank_params *p = rk->p;
    struct rank_ctx *c = &rk->c;
    uint32_t s = rk->cand.items[live->ci];
    const struct sol_features *f = &rk->idx->sols[s];
    struct rank_result r;
    double sum = 0, bound;

    /* The bar may have risen since the screening. */
    if (shut_out(rk, live->excluded_by, live->ceiling))
        return;
    rank_estimate_cost(f, c->city->population, p->horizon_years, &c->estimate);
    c->estimate_for = f;
    c->bm25 = rk->cand.bm25[live->ci];
    c->bm25_for = f;
    memset(&r, 0, sizeof(r));
    r.sol = s;
    for (int k = 0; k < FILTER_COUNT; k++)
        if (p->mode[k] == FILTER_PENALTY && filters[k](c, f, NULL)) {
            r.penalty += p->penalty[k];
            r.penalised |= (uint8_t)(1u << k);
        }
    for (int k = 0; k < SCORER_COUNT; k++) {
        if (p->weight[k] <= 0 || !scorer_is_cheap[k])
            continue;
        r.value[k] = scorers[k](c, f, NULL);
        sum += p->weight[k] * r.value[k];
    }
    /* The most this solution can still score. When that cannot reach
     * the shortlist (or the best excluded), the costly scorers are
     * skipped: the outcome is the same as scoring it in full. */
    bound = p->weight_sum > 0 ? fmax(0, 100 * (sum + rk->expensive_weight) / p->weight_sum - r.penalty) + 0.01 : 0;
    if (shut_out(rk, live->excluded_by, bound))
        return;
    for (int k = 0; k < SCORER_COUNT; k++) {
        if (p->weight[k] <= 0 || scorer_is_cheap[k])
            continue;
        r.value[k] = scorers[k](c, f, NULL);
        sum += p->weight[k] * r.value[k];
    }
    r.score = p->weight_sum > 0 ? 100 * sum / p->weight_sum : 0;
    r.score = fmax(0, r.score - r.penalty);
    /* Round to what is shown, so equal-looking scores tie-break by id. */
    r.score = round(r.score * 100) / 100;
    if (live->excluded_by >= 0) {
        ALLOC_GROW(rk->excl, rk->n_excl + 1, rk->alloc_excl);
        rk->excl[rk->n_excl].sol = s;
        rk->excl[rk->n_excl].filter = (enum filter_id)live->excluded_by;
        rk->excl[rk->n_excl++].score = r.score;
        bar_add(&rk->excl_best, r.score);
    } else if (r.score >= p->min_score) {
        ALLOC_GROW(rk->all, rk->n_all + 1, rk->alloc_all);
        rk->all[rk->n_all++] = r;
        bar_add(&rk->best, r.score);
    }
}

/* The candidates lie scattered over memory, and waiting for each read in
 * turn would be most of a ranking's time. So they go in blocks: while a
 * block is screened, the fields the screening reads are asked for some
 * candidates ahead; the rest of a survivor's struct as soon as it
 * survives, then what that points to, and only then are the block's
 * survivors scored. Blocks are small, so the bar the screening uses is
 * fresh. */
enum { BLOCK = 32, AHEAD = 16 };

/* What the screening reads: the scalars at the end of the struct. */
static void prefetch_screened(const struct sol_features *f)
{
    PREFETCH(&f->connectivity);
    PREFETCH(&f->doc_len);
}

/* The pointers at the start of the struct. */
static void prefetch_rest(const struct sol_features *f)
{
    PREFETCH(&f->sol);
    PREFETCH(&f->refs);
}

/* The arrays, allocated one after the other per solution, and the vendor. */
static void prefetch_arrays(const struct sol_features *f)
{
    PREFETCH(f->domains);
    PREFETCH((const char *)f->domains + 64);
    PREFETCH(f->vendor);
}

static void rank_candidates(struct ranking *rk)
{
    const struct sol_features *sols = rk->idx->sols;
    const uint32_t *items = rk->cand.items;
    struct live live[BLOCK];

    for (size_t lo = 0; lo < rk->cand.n; lo += BLOCK) {
        size_t hi = lo + BLOCK < rk->cand.n ? lo + BLOCK : rk->cand.n, n_live = 0;
        for (size_t ci = lo; ci < hi; ci++) {
            if (ci + AHEAD < rk->cand.n)
                prefetch_screened(&sols[items[ci + AHEAD]]);
            if (screen(rk, ci, &live[n_live]))
                prefetch_rest(&sols[items[live[n_live++].ci]]);
        }
        for (size_t i = 0; i < n_live; i++)
            prefetch_arrays(&sols[items[live[i].ci]]);
        for (size_t i = 0; i < n_live; i++)
            score_live(rk, &live[i]);
    }
}

void rank_problem(const struct index *idx, const struct rank_params *p, const struct city *city,
                  const struct problem *problem, struct problem_ranking *out)
{
    struct ranking rk;
    struct rank_ctx *c = &rk.c;
    struct query q = { NULL, 0, 0 };
    int domain = index_domain(idx, problem->domain), runner_up = -1;

    memset(out, 0, sizeof(*out));
    out->city = city;
    out->problem = problem;
    out->domain_given = domain >= 0;
    if (domain < 0) {
        const struct classification *cl = &out->classification;
        classify_text(idx, problem->title, problem->description, &out->classification);
        domain = cl->domain;
        /* An uncertain classification looks in its runner-up too. */
        if (cl->ranked[1] >= 0 && cl->ranked_confidence[1] >= 0.5 * cl->ranked_confidence[0])
            runner_up = cl->ranked[1];
    } else {
        out->classification.domain = domain;
        out->classification.confidence = 1;
        out->classification.ranked[0] = domain;
        out->classification.ranked[1] = out->classification.ranked[2] = -1;
        out->classification.ranked_confidence[0] = 1;
    }
    out->domain = domain;

    memset(&rk, 0, sizeof(rk));
    rk.idx = idx;
    rk.p = p;
    ctx_init(c, idx, p, city, problem, domain);
    problem_query(idx, problem, &q);
    candidates_find(&rk.cand, idx, domain, runner_up, c->req_caps, c->n_req_caps, c->kpis, c->n_kpis,
                    p->full_scan);
    candidates_bm25(&rk.cand, idx, &q, p->bm25_k1, p->bm25_b);
    bar_init(&rk.best, (size_t)p->top);
    bar_init(&rk.excl_best, (size_t)p->explain_excluded);
    for (int k = 0; k < SCORER_COUNT; k++)
        if (!scorer_is_cheap[k])
            rk.expensive_weight += p->weight[k];
    ceiling_init(&rk.ceiling, p, c, rk.cand.listed, rk.expensive_weight);
    plan_filters(&rk);
    rank_candidates(&rk);

    /* Only what can still make a list is sorted: scores below a full
     * list's last were kept before the bar rose past them. */
    rk.n_all = keep_reachable_results(rk.all, rk.n_all, &rk.best);
    rk.n_excl = keep_reachable_exclusions(rk.excl, rk.n_excl, &rk.excl_best);
    if (rk.n_all)
        qsort_r(rk.all, rk.n_all, sizeof(*rk.all), compare_rank_results, (void *)idx);
    if (rk.n_excl)
        qsort_r(rk.excl, rk.n_excl, sizeof(*rk.excl), compare_exclusions, (void *)idx);
    out->candidates = rk.cand.n;
    out->n_results = rk.n_all < (size_t)p->top ? rk.n_all : (size_t)p->top;
    out->results = rk.all;
    out->n_excluded_total = rk.n_excl_total;
    out->n_excluded = rk.n_excl < (size_t)p->explain_excluded ? rk.n_excl : (size_t)p->explain_excluded;
    out->excluded = rk.excl;

    /* Gaps: what the problem needs that no shortlisted solution brings. */
    out->gap_capabilities = xcalloc(c->n_req_caps + 1, sizeof(int));
    for (size_t i = 0; i < c->n_req_caps; i++) {
        int covered = 0;
        for (size_t j = 0; j < out->n_results && !covered; j++)
            covered = has_cap(&idx->sols[rk.all[j].sol], c->req_caps[i]);
        if (!covered)
            out->gap_capabilities[out->n_gap_capabilities++] = c->req_caps[i];
    }
    out->gap_kpis = xcalloc(c->n_kpis + 1, sizeof(int));
    for (size_t i = 0; i < c->n_kpis; i++) {
        int covered = 0;
        for (size_t j = 0; j < out->n_results && !covered; j++)
            covered = !isnan(kpi_gain(&idx->sols[rk.all[j].sol], c->kpis[i]));
        if (!covered)
            out->gap_kpis[out->n_gap_kpis++] = c->kpis[i];
    }

    candidates_done(&rk.cand);
    ctx_release(c);
    query_release(&q);
    free(rk.best.best);
    free(rk.excl_best.best);
}

void problem_ranking_release(struct problem_ranking *r)
{
    free(r->results);
    free(r->excluded);
    free(r->gap_capabilities);
    free(r->gap_kpis);
    memset(r, 0, sizeof(*r));
}

/* --- explanations ------------------------------------------------------------------------ */

/* BM25 of one solution for the problem: explaining a text score needs
 * only its own document's postings. */
static void bm25_of(struct rank_ctx *c, const struct index *idx, const struct problem *problem, uint32_t sol)
{
    struct query q = { NULL, 0, 0 };

    problem_query(idx, problem, &q);
    c->bm25 = candidates_bm25_one(idx, &q, sol, c->p->bm25_k1, c->p->bm25_b);
    c->bm25_for = &idx->sols[sol];
    query_release(&q);
}

void rank_explain_scorer(const struct index *idx, const struct rank_params *params, const struct city *city,
                         const struct problem *problem, int domain, const struct rank_result *r,
                         enum scorer_id s, struct strbuf *out)
{
    struct rank_ctx c;

    ctx_init(&c, idx, params, city, problem, domain);
    if (s == SCORER_TEXT)
        bm25_of(&c, idx, problem, r->sol);
    scorers[s](&c, &idx->sols[r->sol], out);
    ctx_release(&c);
}

void rank_explain_filter(const struct index *idx, const struct rank_params *params, const struct city *city,
                         const struct problem *problem, uint32_t sol, enum filter_id f, struct strbuf *out)
{
    struct rank_ctx c;

    ctx_init(&c, idx, params, city, problem, index_domain(idx, problem->domain));
    filters[f](&c, &idx->sols[sol], out);
    ctx_release(&c);
}

double rank_scorer_value(const struct index *idx, const struct rank_params *params, const struct city *city,
                         const struct problem *problem, int domain, uint32_t sol, enum scorer_id s)
{
    struct rank_ctx c;
    double v;

    ctx_init(&c, idx, params, city, problem, domain);
    if (s == SCORER_TEXT)
        bm25_of(&c, idx, problem, sol);
    v = scorers[s](&c, &idx->sols[sol], NULL);
    ctx_release(&c);
    return v;
}

int rank_filter_fails(const struct index *idx, const struct rank_params *params, const struct city *city,
                      const struct problem *problem, uint32_t sol, enum filter_id f)
{
    struct rank_ctx c;
    int fails;

    ctx_init(&c, idx, params, city, problem, index_domain(idx, problem->domain));
    fails = filters[f](&c, &idx->sols[sol], NULL);
    ctx_release(&c);
    return fails;
}

void rank_reasons(const struct index *idx, const struct rank_params *params, const struct city *city,
                  const struct problem *problem, int domain, const struct rank_result *r,
                  void (*emit)(void *data, const char *reason), void *data)
{
    int order[SCORER_COUNT];
    int n = 0;

    for (int s = 0; s < SCORER_COUNT; s++)
        if (params->weight[s] > 0 && r->value[s] > 0 && s != SCORER_TEXT)
            order[n++] = s;
    /* Strongest contributions first; ties in table order. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            double a = params->weight[order[j]] * r->value[order[j]];
            double b = params->weight[order[j - 1]] * r->value[order[j - 1]];
            if (a > b) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
    for (int i = 0; i < n && i < 3; i++) {
        struct strbuf sb = STRBUF_INIT;
        rank_explain_scorer(idx, params, city, problem, domain, r, (enum scorer_id)order[i], &sb);
        if (sb.len)
            emit(data, sb.buf);
        strbuf_release(&sb);
    }
    for (int k = 0; k < FILTER_COUNT; k++)
        if (r->penalised & (1u << k)) {
            struct strbuf sb = STRBUF_INIT;
            strbuf_addf(&sb, "%g points off: ", params->penalty[k]);
            rank_explain_filter(idx, params, city, problem, r->sol, (enum filter_id)k, &sb);
            emit(data, sb.buf);
            strbuf_release(&sb);
        }
}
