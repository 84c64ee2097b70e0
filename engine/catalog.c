/* catalog.c - names, parameters and meaning of every filter and scorer. */
#include "catalog.h"

#include <string.h>

static const struct catalog_param budget_filter_params[] = {
    { "capex_tolerance", 0, 5, 0, "share above the capex ceiling still accepted (0.2 = 20%)" },
    { "opex_tolerance", 0, 5, 0, "share above the yearly opex budget still accepted" },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param no_params[] = { { NULL, 0, 0, 0, NULL } };

const struct catalog_entry catalog_filters[] = {
    { "budget", "estimated capex and opex against the city's budget (or the problem's max_capex)",
      budget_filter_params },
    { "connectivity", "the solution needs a network the city does not have", no_params },
    { "power", "the solution needs more reliable power than the city has", no_params },
    { "hosting", "on-premise needs a data centre; cloud needs cloud to be allowed", no_params },
    { "data-residency", "the data would leave the country or region the problem requires", no_params },
    { "language", "the solution speaks none of the city's languages", no_params },
    { "region", "the vendor does not serve the city's region", no_params },
};
const size_t catalog_filter_count = sizeof(catalog_filters) / sizeof(catalog_filters[0]);

static const struct catalog_param domain_params[] = {
    { "parent_credit", 0, 1, 0.6, "credit when the solution serves the problem's parent domain" },
    { "child_credit", 0, 1, 0.8, "credit when the solution serves a sub-domain of the problem's domain" },
    { "sibling_credit", 0, 1, 0.25, "credit when the solution serves a sibling domain" },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param text_params[] = {
    { "k1", 0, 3, 1.2, "BM25 term-frequency saturation" },
    { "b", 0, 1, 0.75, "BM25 length normalisation" },
    { "saturation", 0.1, 1000, 8, "BM25 score that maps to 0.5" },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param budget_scorer_params[] = {
    { "comfort_share", 0.01, 1, 0.5, "share of the budget below which the fit is full" },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param context_params[] = {
    { "population_weight", 0, 1, 0.4, "weight of population similarity" },
    { "income_weight", 0, 1, 0.4, "weight of income-level similarity" },
    { "region_weight", 0, 1, 0.2, "weight of a reference in the same country" },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param maturity_params[] = {
    { "trl_weight", 0, 1, 0.6, "share of the score from the technology readiness level" },
    { "deployments_half", 1, 10000, 10, "deployments that give half of the deployment credit" },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param local_params[] = {
    { "country_credit", 0, 1, 1, "credit for an office or partner in the city's country" },
    { "region_credit", 0, 1, 0.5, "credit for serving the city's region only" },
    { NULL, 0, 0, 0, NULL }
};

const struct catalog_entry catalog_scorers[] = {
    { "domain", "how close the solution's domains are to the problem's", domain_params },
    { "text", "BM25 relevance of the solution's text to the problem's, across languages", text_params },
    { "kpi", "share of the problem's KPIs the solution improves", no_params },
    { "capability", "share of the required capabilities the solution has", no_params },
    { "budget", "total cost of ownership over the horizon against the budget", budget_scorer_params },
    { "context", "how much the reference cities resemble this city", context_params },
    { "maturity", "technology readiness and deployments", maturity_params },
    { "timeline", "pilot duration against the problem's deadline", no_params },
    { "local", "the vendor's presence in the city's country and region", local_params },
};
const size_t catalog_scorer_count = sizeof(catalog_scorers) / sizeof(catalog_scorers[0]);

const struct catalog_entry *catalog_find(const struct catalog_entry *table, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(table[i].name, name))
            return &table[i];
    return NULL;
}

double catalog_fallback(const struct catalog_entry *table, size_t n, const char *entry, const char *param)
{
    const struct catalog_entry *e = catalog_find(table, n, entry);
    const struct catalog_param *p = e ? catalog_find_param(e, param) : NULL;

    return p ? p->fallback : 0;
}

const struct catalog_param *catalog_find_param(const struct catalog_entry *entry, const char *name)
{
    for (const struct catalog_param *p = entry->params; p->name; p++)
        if (!strcmp(p->name, name))
            return p;
    return NULL;
}
