/* model.h - the typed registry the rest of the program uses: city profiles,
 * vendors, solution packages and the rule files, as bound from YAML by the
 * schema validator (schema.h). Every pointer points into the registry's arena.
 *
 * Unknown values: numbers are NAN, enums and booleans -1, strings NULL,
 * lists empty. That is how a document says "not known" and how the stage
 * documents find the questions to ask a city. */
#ifndef SCD_MODEL_H
#define SCD_MODEL_H

#include <stddef.h>

struct src_pos {
    const char *file;
    unsigned line, col;
};

struct str_list {
    const char **items;
    size_t n;
};

/* Enumerations; each has a NULL-terminated name table in model.c. */
enum region { REGION_ASIA_PACIFIC, REGION_AFRICA, REGION_EUROPE, REGION_EURASIA,
              REGION_LATIN_AMERICA, REGION_MIDDLE_EAST, REGION_NORTH_AMERICA, REGION_COUNT };
enum income_level { INCOME_LOW, INCOME_LOWER_MIDDLE, INCOME_UPPER_MIDDLE, INCOME_HIGH, INCOME_COUNT };
enum connectivity { NET_FIBER, NET_5G, NET_4G, NET_3G, NET_LORAWAN, NET_NB_IOT, NET_WIFI,
                    NET_SATELLITE, NET_COUNT };
enum reliability { RELIABILITY_LOW, RELIABILITY_MEDIUM, RELIABILITY_HIGH, RELIABILITY_COUNT };
enum priority { PRIORITY_HIGH, PRIORITY_MEDIUM, PRIORITY_LOW, PRIORITY_COUNT };
enum vendor_size { VENDOR_STARTUP, VENDOR_SME, VENDOR_LARGE, VENDOR_SIZE_COUNT };
enum hosting { HOSTING_CLOUD, HOSTING_ON_PREMISE, HOSTING_HYBRID, HOSTING_COUNT };
enum residency { RESIDENCY_IN_COUNTRY, RESIDENCY_IN_REGION, RESIDENCY_NONE, RESIDENCY_COUNT };
enum kpi_direction { KPI_LOWER_IS_BETTER, KPI_HIGHER_IS_BETTER, KPI_DIRECTION_COUNT };
enum standard_kind { STANDARD_API, STANDARD_DATA_MODEL, STANDARD_PROTOCOL, STANDARD_KIND_COUNT };
enum filter_mode { FILTER_EXCLUDE, FILTER_PENALTY, FILTER_OFF, FILTER_MODE_COUNT };
enum rules_kind { RULES_TAXONOMY, RULES_KPI_CATALOGUE, RULES_CURRENCY_RATES, RULES_RULE_SET,
                  RULES_KIND_COUNT };

extern const char *const region_names[];
extern const char *const income_level_names[];
extern const char *const connectivity_names[];
extern const char *const reliability_names[];
extern const char *const priority_names[];
extern const char *const vendor_size_names[];
extern const char *const hosting_names[];
extern const char *const residency_names[];
extern const char *const kpi_direction_names[];
extern const char *const standard_kind_names[];
extern const char *const filter_mode_names[];
extern const char *const rules_kind_names[];

/* Name of an enum value, or "unknown" for -1. */
const char *enum_name(const char *const *names, int value);

/* --- city profile ------------------------------------------------------ */

struct contact {
    const char *name, *role, *email, *phone;
};

struct infrastructure {
    struct { int *items; size_t n; } connectivity; /* enum connectivity */
    int power_reliability;                           /* enum reliability */
    int data_centre;                                 /* bool, -1 unknown */
    int cloud_allowed;                               /* bool, -1 unknown */
};

struct budget {
    const char *currency;
    double capex_ceiling;
    double opex_per_year;
};

struct problem_kpi {
    const char *id;
    double baseline, target;
};

struct constraints {
    int data_residency;     /* enum residency */
    double deadline_months;
    double max_capex;       /* in the city's budget currency */
};

struct problem {
    struct src_pos pos;
    const char *id, *title, *description, *domain;
    int priority;           /* enum priority */
    struct { struct problem_kpi *items; size_t n; } kpis;
    struct str_list required_capabilities;
    struct constraints constraints;
    struct str_list stakeholders;
};

struct city {
    struct src_pos pos;
    const char *id, *name, *country;
    int region;             /* enum region */
    double population, area_km2;
    int income_level;       /* enum income_level */
    struct str_list languages;
    struct contact contact;
    struct infrastructure infrastructure;
    struct budget budget;
    struct { struct problem *items; size_t n; } problems;
};

/* --- vendor ------------------------------------------------------------- */

struct local_partner {
    const char *name, *country;
};

struct vendor {
    struct src_pos pos;
    const char *id, *name, *country;
    int size;               /* enum vendor_size */
    double founded;
    const char *website, *description;
    struct str_list presence; /* ISO country codes */
    struct { struct local_partner *items; size_t n; } local_partners;
    struct contact contact;
};

/* --- solution package --------------------------------------------------- */

struct kpi_effect {
    const char *kpi;
    double change;          /* relative: -0.30 is -30% */
};

struct reference_city {
    const char *city, *country;
    double year, population;
    int income_level;
    const char *result;
};

struct maturity {
    double trl;
    double deployments;
};

struct requirements {
    struct { int *items; size_t n; } connectivity; /* any one of these */
    int power;              /* minimum enum reliability */
    int hosting;            /* enum hosting */
    struct str_list cloud_countries;
    struct str_list languages;
};

struct cost {
    const char *currency;
    double capex_fixed, capex_per_unit;
    const char *unit;
    double units_per_100k;
    double opex_per_year, opex_per_unit_year;
};

struct pilot {
    double duration_months;
    double minimum_units;
    const char *description;
};

struct solution {
    struct src_pos pos;
    const char *id, *name, *vendor, *summary, *description;
    struct str_list domains;
    struct str_list capabilities;
    struct { struct kpi_effect *items; size_t n; } kpis_improved;
    struct str_list standards;
    struct maturity maturity;
    struct { struct reference_city *items; size_t n; } references;
    struct requirements requirements;
    struct cost cost;
    struct { int *items; size_t n; } regions_served; /* enum region */
    struct pilot pilot;
};

/* --- rules: taxonomy, KPI catalogue, currency rates, rule sets ----------- */

struct keyword_set {
    const char *language;   /* ISO 639-1 */
    struct str_list words;
};

struct domain {
    struct src_pos pos;
    const char *id, *name, *description;
    struct { struct keyword_set *items; size_t n; } keywords;
    struct str_list capabilities;
};

struct standard {
    const char *id, *name;
    int kind;               /* enum standard_kind */
};

struct taxonomy {
    struct src_pos pos;
    int kind;
    struct str_list languages;
    struct { struct domain *items; size_t n; } domains;
    struct { struct standard *items; size_t n; } standards;
};

struct kpi_def {
    struct src_pos pos;
    const char *id, *name, *unit;
    int direction;          /* enum kpi_direction */
    const char *domain, *reference;
};

struct kpi_catalogue {
    struct src_pos pos;
    int kind;
    struct { struct kpi_def *items; size_t n; } kpis;
};

struct currency_rate {
    const char *currency;
    double per_base;        /* units of currency per one base unit */
};

struct currency_rates {
    struct src_pos pos;
    int kind;
    const char *base, *as_of;
    struct { struct currency_rate *items; size_t n; } rates;
};

struct named_number {
    const char *name;
    double value;
};

struct named_mode {
    const char *name;
    int mode;               /* enum filter_mode */
};

struct filter_rule {
    struct src_pos pos;
    const char *name;
    int mode;               /* enum filter_mode */
    double penalty;         /* points taken off in penalty mode */
    struct { struct named_number *items; size_t n; } params;
};

struct scorer_rule {
    struct src_pos pos;
    const char *name;
    double weight;
    struct { struct named_number *items; size_t n; } params;
};

struct stage_profile {
    double top;
    double min_score;
    struct { struct named_mode *items; size_t n; } filters; /* overrides */
    struct { struct named_number *items; size_t n; } weights; /* overrides */
};

/* How the Solution Finder composes a package (NAN when left out: no bonus). */
struct package_rules {
    double standards_bonus; /* points per pair of chosen solutions sharing an open standard */
    double vendor_bonus;    /* points per pair of chosen solutions from one vendor */
};

/* Assumptions of the Implementer's financial analysis (NAN when left out:
 * the study shows costs but no NPV or payback). */
struct finance_rules {
    double benefit_ratio;      /* yearly benefit / the package's yearly cost */
    double first_year_benefit; /* share of the yearly benefit reached in year 1 */
    double sensitivity;        /* +- change of costs and benefits tested */
};

struct rule_set {
    struct src_pos pos;
    int kind;
    const char *id, *name, *description, *currency;
    double horizon_years, discount_rate;
    struct { struct filter_rule *items; size_t n; } filters;
    struct { struct scorer_rule *items; size_t n; } scorers;
    struct stage_profile activator, finder, implementer;
    struct package_rules package;
    struct finance_rules finance;
};

#endif
