/* schemas.c - the file kinds, described as tables: the single source of truth
 * for what a city profile, vendor, solution package and rule file may hold.
 * `scd schema KIND` prints these tables; README's field reference is made
 * from them. */
#include "schema.h"
#include "model.h"

#include <stddef.h>

#define F(st, mem) .offset = offsetof(struct st, mem)
#define RANGE(lo, hi) .flags = SCHEMA_RANGE, .min = (lo), .max = (hi)
#define RANGE_REQ(lo, hi) .flags = SCHEMA_RANGE | SCHEMA_REQUIRED, .min = (lo), .max = (hi)
#define NO_LIMIT 1e18
#define END { .name = NULL }

/* List elements: the value sits at offset 0 of each element. */
static const struct schema_field item_text = { .name = "item", .type = SCHEMA_STRING, RANGE(1, 300) };
static const struct schema_field item_country = { .name = "item", .type = SCHEMA_STRING, .format = FORMAT_COUNTRY };
static const struct schema_field item_language = { .name = "item", .type = SCHEMA_STRING, .format = FORMAT_LANGUAGE };
static const struct schema_field item_domain = { .name = "item", .type = SCHEMA_STRING, .format = FORMAT_DOMAIN_ID, .ref = REF_DOMAIN };
static const struct schema_field item_capability = { .name = "item", .type = SCHEMA_STRING, .format = FORMAT_ID, .ref = REF_CAPABILITY };
static const struct schema_field item_capability_def = { .name = "item", .type = SCHEMA_STRING, .format = FORMAT_ID, .ref = REF_CAPABILITY, .flags = SCHEMA_DEFINES };
static const struct schema_field item_standard = { .name = "item", .type = SCHEMA_STRING, .format = FORMAT_ID, .ref = REF_STANDARD };
static const struct schema_field item_connectivity = { .name = "item", .type = SCHEMA_ENUM, .values = connectivity_names };
static const struct schema_field item_region = { .name = "item", .type = SCHEMA_ENUM, .values = region_names };
static const struct schema_field item_keyword = { .name = "item", .type = SCHEMA_STRING, RANGE(1, 80) };

/* --- shared pieces -------------------------------------------------------- */

static const struct schema_field contact_fields[] = {
    { .name = "name", .type = SCHEMA_STRING, F(contact, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Person to contact.", .example = "Grace Namuli" },
    { .name = "role", .type = SCHEMA_STRING, F(contact, role), RANGE(1, 200), .format = FORMAT_LINE,
      .doc = "Their position.", .example = "Head of Smart City Unit" },
    { .name = "email", .type = SCHEMA_STRING, F(contact, email), .format = FORMAT_EMAIL,
      .doc = "E-mail address.", .example = "g.namuli@kcca.example" },
    { .name = "phone", .type = SCHEMA_STRING, F(contact, phone), RANGE(3, 40), .format = FORMAT_LINE,
      .doc = "Phone number with country prefix.", .example = "+256 414 000 000" },
    END
};
static const struct schema_object contact_object = { "contact", sizeof(struct contact), -1, contact_fields };

/* --- city profile ---------------------------------------------------------- */

static const struct schema_field infrastructure_fields[] = {
    { .name = "connectivity", .type = SCHEMA_LIST, F(infrastructure, connectivity), .flags = SCHEMA_UNIQUE,
      .elem = &item_connectivity, .doc = "Networks available where solutions would be deployed.",
      .example = "[fiber, 4g, lorawan]" },
    { .name = "power_reliability", .type = SCHEMA_ENUM, F(infrastructure, power_reliability),
      .flags = SCHEMA_REQUIRED, .values = reliability_names,
      .doc = "How reliable grid power is (low: daily outages).", .example = "medium" },
    { .name = "data_centre", .type = SCHEMA_BOOL, F(infrastructure, data_centre),
      .doc = "A municipal or government data centre can host on-premise systems.", .example = "true" },
    { .name = "cloud_allowed", .type = SCHEMA_BOOL, F(infrastructure, cloud_allowed),
      .doc = "Municipal data may be hosted in a public cloud.", .example = "false" },
    END
};
static const struct schema_object infrastructure_object = {
    "infrastructure", sizeof(struct infrastructure), -1, infrastructure_fields };

static const struct schema_field budget_fields[] = {
    { .name = "currency", .type = SCHEMA_STRING, F(budget, currency), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_CURRENCY, .ref = REF_RATE, .doc = "Currency of the amounts below.", .example = "USD" },
    { .name = "capex_ceiling", .type = SCHEMA_NUMBER, F(budget, capex_ceiling), RANGE_REQ(0, NO_LIMIT),
      .doc = "Most the city can invest up front, for all problems together.", .example = "1500000" },
    { .name = "opex_per_year", .type = SCHEMA_NUMBER, F(budget, opex_per_year), RANGE_REQ(0, NO_LIMIT),
      .doc = "Most the city can spend to run solutions each year.", .example = "250000" },
    END
};
static const struct schema_object budget_object = { "budget", sizeof(struct budget), -1, budget_fields };

static const struct schema_field problem_kpi_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(problem_kpi, id), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_ID, .ref = REF_KPI, .doc = "KPI measured.", .example = "avg-commute-time" },
    { .name = "baseline", .type = SCHEMA_NUMBER, F(problem_kpi, baseline),
      .doc = "Value today, in the KPI's unit; leave out when unknown.", .example = "62" },
    { .name = "target", .type = SCHEMA_NUMBER, F(problem_kpi, target),
      .doc = "Value the city wants to reach.", .example = "45" },
    END
};
static const struct schema_object problem_kpi_object = {
    "KPI", sizeof(struct problem_kpi), -1, problem_kpi_fields };
static const struct schema_field item_problem_kpi = { .name = "item", .type = SCHEMA_OBJECT, .object = &problem_kpi_object };

static const struct schema_field constraints_fields[] = {
    { .name = "data_residency", .type = SCHEMA_ENUM, F(constraints, data_residency), .values = residency_names,
      .doc = "Where the data must stay.", .example = "in-country" },
    { .name = "deadline_months", .type = SCHEMA_NUMBER, F(constraints, deadline_months), RANGE(1, 120),
      .doc = "Months until results are needed.", .example = "18" },
    { .name = "max_capex", .type = SCHEMA_NUMBER, F(constraints, max_capex), RANGE(0, NO_LIMIT),
      .doc = "Most to invest in this problem, in the city's budget currency.", .example = "400000" },
    END
};
static const struct schema_object constraints_object = {
    "constraints", sizeof(struct constraints), -1, constraints_fields };

static const struct schema_field problem_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(problem, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_ID, .ref = REF_PROBLEM,
      .doc = "Unique within the city.", .example = "northern-bypass-congestion" },
    { .name = "title", .type = SCHEMA_STRING, F(problem, title), RANGE_REQ(3, 200), .format = FORMAT_LINE,
      .doc = "One line a person would say.", .example = "Gridlock on the Northern Bypass" },
    { .name = "description", .type = SCHEMA_STRING, F(problem, description), RANGE_REQ(20, 20000),
      .doc = "The problem as the city sees it, in any language.", .example = "Every weekday from 7 am ..." },
    { .name = "domain", .type = SCHEMA_STRING, F(problem, domain), .format = FORMAT_DOMAIN_ID, .ref = REF_DOMAIN,
      .doc = "Domain, when the city knows it; otherwise classified from the text.", .example = "mobility/traffic" },
    { .name = "priority", .type = SCHEMA_ENUM, F(problem, priority), .flags = SCHEMA_REQUIRED,
      .values = priority_names, .doc = "How urgent it is for the city.", .example = "high" },
    { .name = "kpis", .type = SCHEMA_LIST, F(problem, kpis), RANGE(0, 30), .elem = &item_problem_kpi,
      .doc = "Indicators the city tracks for this problem." },
    { .name = "required_capabilities", .type = SCHEMA_LIST, F(problem, required_capabilities),
      .flags = SCHEMA_UNIQUE, .elem = &item_capability, .doc = "What a solution must be able to do.",
      .example = "[adaptive-signal-control]" },
    { .name = "constraints", .type = SCHEMA_OBJECT, F(problem, constraints), .object = &constraints_object,
      .doc = "Limits any solution must respect." },
    { .name = "stakeholders", .type = SCHEMA_LIST, F(problem, stakeholders), .elem = &item_text,
      .doc = "Departments and groups involved.", .example = "[Traffic Police, Transport Directorate]" },
    END
};
static const struct schema_object problem_object = {
    "problem", sizeof(struct problem), offsetof(struct problem, pos), problem_fields };
static const struct schema_field item_problem = { .name = "item", .type = SCHEMA_OBJECT, .object = &problem_object };

static const struct schema_field city_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(city, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_ID, .ref = REF_CITY, .doc = "Unique city id.", .example = "kampala" },
    { .name = "name", .type = SCHEMA_STRING, F(city, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "City name as it should appear in documents.", .example = "Kampala" },
    { .name = "country", .type = SCHEMA_STRING, F(city, country), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_COUNTRY, .doc = "ISO 3166-1 alpha-2.", .example = "UG" },
    { .name = "region", .type = SCHEMA_ENUM, F(city, region), .flags = SCHEMA_REQUIRED, .values = region_names,
      .doc = "Regional network the city belongs to.", .example = "africa" },
    { .name = "population", .type = SCHEMA_INT, F(city, population), RANGE_REQ(1, 100000000),
      .doc = "Inhabitants.", .example = "1680000" },
    { .name = "area_km2", .type = SCHEMA_NUMBER, F(city, area_km2), RANGE(0.1, 100000),
      .doc = "Area in square kilometres.", .example = "189" },
    { .name = "income_level", .type = SCHEMA_ENUM, F(city, income_level), .flags = SCHEMA_REQUIRED,
      .values = income_level_names, .doc = "World Bank income group of the country.", .example = "low" },
    { .name = "languages", .type = SCHEMA_LIST, F(city, languages), RANGE_REQ(1, 20), .elem = &item_language,
      .doc = "Working languages, ISO 639-1, most used first.", .example = "[en, sw]" },
    { .name = "contact", .type = SCHEMA_OBJECT, F(city, contact), .flags = SCHEMA_REQUIRED,
      .object = &contact_object, .doc = "Who answers questions about this profile." },
    { .name = "infrastructure", .type = SCHEMA_OBJECT, F(city, infrastructure), .flags = SCHEMA_REQUIRED,
      .object = &infrastructure_object, .doc = "What solutions can rely on." },
    { .name = "budget", .type = SCHEMA_OBJECT, F(city, budget), .flags = SCHEMA_REQUIRED,
      .object = &budget_object, .doc = "Money available for the programme." },
    { .name = "problems", .type = SCHEMA_LIST, F(city, problems), RANGE_REQ(1, 20), .elem = &item_problem,
      .doc = "The problems the city wants solved." },
    END
};
const struct schema_object schema_city = { "city profile", sizeof(struct city), offsetof(struct city, pos), city_fields };

/* --- vendor ---------------------------------------------------------------- */

static const struct schema_field partner_fields[] = {
    { .name = "name", .type = SCHEMA_STRING, F(local_partner, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Partner company.", .example = "Hanoi Urban Systems JSC" },
    { .name = "country", .type = SCHEMA_STRING, F(local_partner, country), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_COUNTRY, .doc = "Where it operates.", .example = "VN" },
    END
};
static const struct schema_object partner_object = { "partner", sizeof(struct local_partner), -1, partner_fields };
static const struct schema_field item_partner = { .name = "item", .type = SCHEMA_OBJECT, .object = &partner_object };

static const struct schema_field vendor_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(vendor, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_ID, .ref = REF_VENDOR, .doc = "Unique vendor id.", .example = "citysense" },
    { .name = "name", .type = SCHEMA_STRING, F(vendor, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Company name.", .example = "CitySense Technologies" },
    { .name = "country", .type = SCHEMA_STRING, F(vendor, country), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_COUNTRY, .doc = "Headquarters country.", .example = "KR" },
    { .name = "size", .type = SCHEMA_ENUM, F(vendor, size), .flags = SCHEMA_REQUIRED, .values = vendor_size_names,
      .doc = "Company size.", .example = "sme" },
    { .name = "founded", .type = SCHEMA_INT, F(vendor, founded), RANGE(1800, 2100),
      .doc = "Year founded.", .example = "2014" },
    { .name = "website", .type = SCHEMA_STRING, F(vendor, website), .format = FORMAT_URL,
      .doc = "Web site.", .example = "https://citysense.example" },
    { .name = "description", .type = SCHEMA_STRING, F(vendor, description), RANGE(1, 5000),
      .doc = "What the company does." },
    { .name = "presence", .type = SCHEMA_LIST, F(vendor, presence), .flags = SCHEMA_UNIQUE, .elem = &item_country,
      .doc = "Countries with an office or a local partner.", .example = "[KR, VN, ID]" },
    { .name = "local_partners", .type = SCHEMA_LIST, F(vendor, local_partners), .elem = &item_partner,
      .doc = "Integrators and partners on the ground." },
    { .name = "contact", .type = SCHEMA_OBJECT, F(vendor, contact), .object = &contact_object,
      .doc = "Sales or partnership contact." },
    END
};
const struct schema_object schema_vendor = { "vendor", sizeof(struct vendor), offsetof(struct vendor, pos), vendor_fields };

/* --- solution package --------------------------------------------------------- */

static const struct schema_field effect_fields[] = {
    { .name = "kpi", .type = SCHEMA_STRING, F(kpi_effect, kpi), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,
      .ref = REF_KPI, .doc = "KPI improved.", .example = "parking-search-time" },
    { .name = "change", .type = SCHEMA_NUMBER, F(kpi_effect, change), RANGE_REQ(-1, 10),
      .doc = "Expected relative change: -0.30 is 30% less.", .example = "-0.30" },
    END
};
static const struct schema_object effect_object = { "KPI effect", sizeof(struct kpi_effect), -1, effect_fields };
static const struct schema_field item_effect = { .name = "item", .type = SCHEMA_OBJECT, .object = &effect_object };

static const struct schema_field maturity_fields[] = {
    { .name = "trl", .type = SCHEMA_INT, F(maturity, trl), RANGE_REQ(1, 9),
      .doc = "Technology readiness level.", .example = "8" },
    { .name = "deployments", .type = SCHEMA_INT, F(maturity, deployments), RANGE_REQ(0, 100000),
      .doc = "Cities running it in production.", .example = "14" },
    END
};
static const struct schema_object maturity_object = { "maturity", sizeof(struct maturity), -1, maturity_fields };

static const struct schema_field reference_fields[] = {
    { .name = "city", .type = SCHEMA_STRING, F(reference_city, city), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Reference city.", .example = "Daejeon" },
    { .name = "country", .type = SCHEMA_STRING, F(reference_city, country), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_COUNTRY, .doc = "Its country.", .example = "KR" },
    { .name = "year", .type = SCHEMA_INT, F(reference_city, year), RANGE_REQ(1990, 2100),
      .doc = "Year of deployment.", .example = "2022" },
    { .name = "population", .type = SCHEMA_INT, F(reference_city, population), RANGE_REQ(1, 100000000),
      .doc = "Its population.", .example = "1450000" },
    { .name = "income_level", .type = SCHEMA_ENUM, F(reference_city, income_level), .values = income_level_names,
      .doc = "Its country's income group.", .example = "high" },
    { .name = "result", .type = SCHEMA_STRING, F(reference_city, result), RANGE(1, 500),
      .doc = "What it achieved there.", .example = "search time -27% in 12 months" },
    END
};
static const struct schema_object reference_object = {
    "reference", sizeof(struct reference_city), -1, reference_fields };
static const struct schema_field item_reference = { .name = "item", .type = SCHEMA_OBJECT, .object = &reference_object };

static const struct schema_field requirements_fields[] = {
    { .name = "connectivity", .type = SCHEMA_LIST, F(requirements, connectivity), .flags = SCHEMA_UNIQUE,
      .elem = &item_connectivity, .doc = "Works over any one of these networks; empty: needs none.",
      .example = "[lorawan, nb-iot]" },
    { .name = "power", .type = SCHEMA_ENUM, F(requirements, power), .flags = SCHEMA_REQUIRED,
      .values = reliability_names, .doc = "Least power reliability it tolerates.", .example = "medium" },
    { .name = "hosting", .type = SCHEMA_ENUM, F(requirements, hosting), .flags = SCHEMA_REQUIRED,
      .values = hosting_names, .doc = "Where it runs: vendor cloud, city premises, or either.", .example = "cloud" },
    { .name = "cloud_countries", .type = SCHEMA_LIST, F(requirements, cloud_countries), .flags = SCHEMA_UNIQUE,
      .elem = &item_country, .doc = "Countries where its cloud can keep the data.", .example = "[KR, SG]" },
    { .name = "languages", .type = SCHEMA_LIST, F(requirements, languages), RANGE_REQ(1, 50),
      .elem = &item_language, .doc = "Languages of its interface and support.", .example = "[en, ko, vi]" },
    END
};
static const struct schema_object requirements_object = {
    "requirements", sizeof(struct requirements), -1, requirements_fields };

static const struct schema_field cost_fields[] = {
    { .name = "currency", .type = SCHEMA_STRING, F(cost, currency), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_CURRENCY, .ref = REF_RATE, .doc = "Currency of the amounts below.", .example = "USD" },
    { .name = "capex_fixed", .type = SCHEMA_NUMBER, F(cost, capex_fixed), RANGE_REQ(0, NO_LIMIT),
      .doc = "One-off platform and set-up cost.", .example = "120000" },
    { .name = "capex_per_unit", .type = SCHEMA_NUMBER, F(cost, capex_per_unit), RANGE(0, NO_LIMIT),
      .doc = "One-off cost per deployed unit.", .example = "180" },
    { .name = "unit", .type = SCHEMA_STRING, F(cost, unit), RANGE(1, 80), .format = FORMAT_LINE,
      .doc = "What a unit is.", .example = "parking bay sensor" },
    { .name = "units_per_100k", .type = SCHEMA_NUMBER, F(cost, units_per_100k), RANGE(0, NO_LIMIT),
      .doc = "Units a city-wide roll-out needs per 100,000 inhabitants.", .example = "400" },
    { .name = "opex_per_year", .type = SCHEMA_NUMBER, F(cost, opex_per_year), RANGE_REQ(0, NO_LIMIT),
      .doc = "Yearly licences, hosting and support.", .example = "35000" },
    { .name = "opex_per_unit_year", .type = SCHEMA_NUMBER, F(cost, opex_per_unit_year), RANGE(0, NO_LIMIT),
      .doc = "Yearly cost per deployed unit.", .example = "6" },
    END
};
static const struct schema_object cost_object = { "cost", sizeof(struct cost), -1, cost_fields };

static const struct schema_field pilot_fields[] = {
    { .name = "duration_months", .type = SCHEMA_NUMBER, F(pilot, duration_months), RANGE_REQ(1, 60),
      .doc = "Length of a pilot.", .example = "6" },
    { .name = "minimum_units", .type = SCHEMA_INT, F(pilot, minimum_units), RANGE(0, 10000000),
      .doc = "Smallest meaningful pilot, in cost units.", .example = "200" },
    { .name = "description", .type = SCHEMA_STRING, F(pilot, description), RANGE(1, 5000),
      .doc = "How a pilot runs." },
    END
};
static const struct schema_object pilot_object = { "pilot", sizeof(struct pilot), -1, pilot_fields };

static const struct schema_field solution_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(solution, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_ID, .ref = REF_SOLUTION, .doc = "Unique solution id.", .example = "parkwise-sensor-network" },
    { .name = "name", .type = SCHEMA_STRING, F(solution, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Product name.", .example = "ParkWise Sensor Network" },
    { .name = "vendor", .type = SCHEMA_STRING, F(solution, vendor), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,
      .ref = REF_VENDOR, .doc = "Vendor id.", .example = "citysense" },
    { .name = "domains", .type = SCHEMA_LIST, F(solution, domains), .flags = SCHEMA_RANGE | SCHEMA_REQUIRED | SCHEMA_UNIQUE,
      .min = 1, .max = 10, .elem = &item_domain, .doc = "Domains it serves, most specific first.",
      .example = "[mobility/parking]" },
    { .name = "summary", .type = SCHEMA_STRING, F(solution, summary), RANGE_REQ(10, 300), .format = FORMAT_LINE,
      .doc = "One sentence.", .example = "Bay-level parking occupancy with guidance signs and an app." },
    { .name = "description", .type = SCHEMA_STRING, F(solution, description), RANGE_REQ(20, 20000),
      .doc = "What it does and how." },
    { .name = "capabilities", .type = SCHEMA_LIST, F(solution, capabilities),
      .flags = SCHEMA_RANGE | SCHEMA_REQUIRED | SCHEMA_UNIQUE, .min = 1, .max = 50, .elem = &item_capability,
      .doc = "What it can do.", .example = "[parking-occupancy-sensing, parking-guidance]" },
    { .name = "kpis_improved", .type = SCHEMA_LIST, F(solution, kpis_improved), .elem = &item_effect,
      .doc = "Indicators it moves, with the expected change." },
    { .name = "standards", .type = SCHEMA_LIST, F(solution, standards), .flags = SCHEMA_UNIQUE,
      .elem = &item_standard, .doc = "Open APIs and data standards it speaks.", .example = "[ngsi-ld, mqtt]" },
    { .name = "maturity", .type = SCHEMA_OBJECT, F(solution, maturity), .flags = SCHEMA_REQUIRED,
      .object = &maturity_object, .doc = "How proven it is." },
    { .name = "references", .type = SCHEMA_LIST, F(solution, references), .elem = &item_reference,
      .doc = "Cities where it runs." },
    { .name = "requirements", .type = SCHEMA_OBJECT, F(solution, requirements), .flags = SCHEMA_REQUIRED,
      .object = &requirements_object, .doc = "What it needs from the city." },
    { .name = "cost", .type = SCHEMA_OBJECT, F(solution, cost), .flags = SCHEMA_REQUIRED,
      .object = &cost_object, .doc = "What it costs." },
    { .name = "regions_served", .type = SCHEMA_LIST, F(solution, regions_served),
      .flags = SCHEMA_RANGE | SCHEMA_REQUIRED | SCHEMA_UNIQUE, .min = 1, .max = REGION_COUNT,
      .elem = &item_region, .doc = "Regions the vendor delivers and supports in.", .example = "[asia-pacific, africa]" },
    { .name = "pilot", .type = SCHEMA_OBJECT, F(solution, pilot), .flags = SCHEMA_REQUIRED,
      .object = &pilot_object, .doc = "How a pilot looks." },
    END
};
const struct schema_object schema_solution = {
    "solution package", sizeof(struct solution), offsetof(struct solution, pos), solution_fields };

/* --- taxonomy ------------------------------------------------------------------ */

static const struct schema_field item_keywords = { .name = "item", .type = SCHEMA_LIST,
    .offset = offsetof(struct keyword_set, words), .flags = SCHEMA_RANGE | SCHEMA_UNIQUE, .min = 1, .max = 500,
    .elem = &item_keyword };

static const struct schema_field domain_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(domain, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_DOMAIN_ID, .ref = REF_DOMAIN, .doc = "Domain id; its parent is the part before the last '/'.",
      .example = "mobility/parking" },
    { .name = "name", .type = SCHEMA_STRING, F(domain, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Name in documents.", .example = "Parking" },
    { .name = "description", .type = SCHEMA_STRING, F(domain, description), RANGE(1, 2000),
      .doc = "What belongs here." },
    { .name = "keywords", .type = SCHEMA_MAP, F(domain, keywords), .format = FORMAT_LANGUAGE,
      .elem = &item_keywords, .elem_size = sizeof(struct keyword_set),
      .doc = "Words and phrases that signal the domain, per language (ISO 639-1).",
      .example = "{en: [parking, car park], fr: [stationnement]}" },
    { .name = "capabilities", .type = SCHEMA_LIST, F(domain, capabilities), .flags = SCHEMA_UNIQUE,
      .elem = &item_capability_def, .doc = "Capability ids this domain owns (unique across the taxonomy).",
      .example = "[parking-occupancy-sensing]" },
    END
};
static const struct schema_object domain_object = {
    "domain", sizeof(struct domain), offsetof(struct domain, pos), domain_fields };
static const struct schema_field item_domain_def = { .name = "item", .type = SCHEMA_OBJECT, .object = &domain_object };

static const struct schema_field standard_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(standard, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_ID, .ref = REF_STANDARD, .doc = "Standard id.", .example = "ngsi-ld" },
    { .name = "name", .type = SCHEMA_STRING, F(standard, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Full name.", .example = "ETSI NGSI-LD" },
    { .name = "kind", .type = SCHEMA_ENUM, F(standard, kind), .flags = SCHEMA_REQUIRED,
      .values = standard_kind_names, .doc = "What it standardises.", .example = "api" },
    END
};
static const struct schema_object standard_object = { "standard", sizeof(struct standard), -1, standard_fields };
static const struct schema_field item_standard_def = { .name = "item", .type = SCHEMA_OBJECT, .object = &standard_object };

static const struct schema_field taxonomy_fields[] = {
    { .name = "kind", .type = SCHEMA_ENUM, F(taxonomy, kind), .flags = SCHEMA_REQUIRED, .values = rules_kind_names,
      .doc = "Which rule file this is.", .example = "taxonomy" },
    { .name = "languages", .type = SCHEMA_LIST, F(taxonomy, languages), .flags = SCHEMA_UNIQUE,
      .elem = &item_language, .doc = "Languages the keywords cover.", .example = "[en, fr, es, ko, vi]" },
    { .name = "domains", .type = SCHEMA_LIST, F(taxonomy, domains), RANGE_REQ(1, 10000), .elem = &item_domain_def,
      .doc = "The domain tree, as a flat list." },
    { .name = "standards", .type = SCHEMA_LIST, F(taxonomy, standards), .elem = &item_standard_def,
      .doc = "Open standards solutions may declare." },
    END
};
const struct schema_object schema_taxonomy = {
    "taxonomy", sizeof(struct taxonomy), offsetof(struct taxonomy, pos), taxonomy_fields };

/* --- KPI catalogue ---------------------------------------------------------------- */

static const struct schema_field kpi_fields[] = {
    { .name = "id", .type = SCHEMA_STRING, F(kpi_def, id), .flags = SCHEMA_REQUIRED | SCHEMA_DEFINES,
      .format = FORMAT_ID, .ref = REF_KPI, .doc = "KPI id.", .example = "avg-commute-time" },
    { .name = "name", .type = SCHEMA_STRING, F(kpi_def, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Name in documents.", .example = "Average commute time" },
    { .name = "unit", .type = SCHEMA_STRING, F(kpi_def, unit), RANGE_REQ(1, 60), .format = FORMAT_LINE,
      .doc = "Unit of values.", .example = "minutes" },
    { .name = "direction", .type = SCHEMA_ENUM, F(kpi_def, direction), .flags = SCHEMA_REQUIRED,
      .values = kpi_direction_names, .doc = "Which way is better.", .example = "lower-is-better" },
    { .name = "domain", .type = SCHEMA_STRING, F(kpi_def, domain), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_DOMAIN_ID, .ref = REF_DOMAIN, .doc = "Domain it measures.", .example = "mobility" },
    { .name = "reference", .type = SCHEMA_STRING, F(kpi_def, reference), RANGE(1, 200), .format = FORMAT_LINE,
      .doc = "Standard indicator it follows.", .example = "ISO 37120:2018" },
    END
};
static const struct schema_object kpi_object = { "KPI", sizeof(struct kpi_def), offsetof(struct kpi_def, pos), kpi_fields };
static const struct schema_field item_kpi_def = { .name = "item", .type = SCHEMA_OBJECT, .object = &kpi_object };

static const struct schema_field kpi_catalogue_fields[] = {
    { .name = "kind", .type = SCHEMA_ENUM, F(kpi_catalogue, kind), .flags = SCHEMA_REQUIRED,
      .values = rules_kind_names, .doc = "Which rule file this is.", .example = "kpi-catalogue" },
    { .name = "kpis", .type = SCHEMA_LIST, F(kpi_catalogue, kpis), RANGE_REQ(1, 10000), .elem = &item_kpi_def,
      .doc = "The indicators." },
    END
};
const struct schema_object schema_kpi_catalogue = {
    "KPI catalogue", sizeof(struct kpi_catalogue), offsetof(struct kpi_catalogue, pos), kpi_catalogue_fields };

/* --- currency rates ------------------------------------------------------------------ */

static const struct schema_field item_rate = { .name = "item", .type = SCHEMA_NUMBER,
    .offset = offsetof(struct currency_rate, per_base), RANGE(1e-9, 1e12) };

static const struct schema_field currency_rates_fields[] = {
    { .name = "kind", .type = SCHEMA_ENUM, F(currency_rates, kind), .flags = SCHEMA_REQUIRED,
      .values = rules_kind_names, .doc = "Which rule file this is.", .example = "currency-rates" },
    { .name = "base", .type = SCHEMA_STRING, F(currency_rates, base), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_CURRENCY, .doc = "Currency all rates are against.", .example = "USD" },
    { .name = "as_of", .type = SCHEMA_STRING, F(currency_rates, as_of), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_DATE, .doc = "Date of the rates.", .example = "2026-10-01" },
    { .name = "rates", .type = SCHEMA_MAP, F(currency_rates, rates), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_CURRENCY, .elem = &item_rate, .elem_size = sizeof(struct currency_rate),
      .doc = "Units of each currency per one unit of base.", .example = "{EUR: 0.92, KRW: 1380}" },
    END
};
const struct schema_object schema_currency_rates = {
    "currency rates", sizeof(struct currency_rates), offsetof(struct currency_rates, pos), currency_rates_fields };

/* --- rule set --------------------------------------------------------------------------- */

static const struct schema_field item_param_value = { .name = "item", .type = SCHEMA_NUMBER,
    .offset = offsetof(struct named_number, value) };
static const struct schema_field item_weight_value = { .name = "item", .type = SCHEMA_NUMBER,
    .offset = offsetof(struct named_number, value), RANGE(0, 1000) };
static const struct schema_field item_mode_value = { .name = "item", .type = SCHEMA_ENUM,
    .offset = offsetof(struct named_mode, mode), .values = filter_mode_names };

static const struct schema_field filter_fields[] = {
    { .name = "name", .type = SCHEMA_STRING, F(filter_rule, name), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,
      .ref = REF_FILTER, .doc = "Filter name (see the filter table in README).", .example = "budget" },
    { .name = "mode", .type = SCHEMA_ENUM, F(filter_rule, mode), .flags = SCHEMA_REQUIRED,
      .values = filter_mode_names, .doc = "exclude drops the solution; penalty takes points off; off skips.",
      .example = "exclude" },
    { .name = "penalty", .type = SCHEMA_NUMBER, F(filter_rule, penalty), RANGE(0, 100),
      .doc = "Points (of 100) taken off in penalty mode.", .example = "15" },
    { .name = "params", .type = SCHEMA_MAP, F(filter_rule, params), .format = FORMAT_LINE, .ref = REF_FILTER_PARAM,
      .elem = &item_param_value, .elem_size = sizeof(struct named_number),
      .doc = "Parameters of the filter.", .example = "{capex_tolerance: 0.1}" },
    END
};
static const struct schema_object filter_object = {
    "filter", sizeof(struct filter_rule), offsetof(struct filter_rule, pos), filter_fields };
static const struct schema_field item_filter = { .name = "item", .type = SCHEMA_OBJECT, .object = &filter_object };

static const struct schema_field scorer_fields[] = {
    { .name = "name", .type = SCHEMA_STRING, F(scorer_rule, name), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,
      .ref = REF_SCORER, .doc = "Scorer name (see the scorer table in README).", .example = "domain" },
    { .name = "weight", .type = SCHEMA_NUMBER, F(scorer_rule, weight), RANGE_REQ(0, 1000),
      .doc = "Relative weight; weights are normalised to a 0-100 scale.", .example = "25" },
    { .name = "params", .type = SCHEMA_MAP, F(scorer_rule, params), .format = FORMAT_LINE, .ref = REF_SCORER_PARAM,
      .elem = &item_param_value, .elem_size = sizeof(struct named_number),
      .doc = "Parameters of the scorer.", .example = "{parent_credit: 0.6}" },
    END
};
static const struct schema_object scorer_object = {
    "scorer", sizeof(struct scorer_rule), offsetof(struct scorer_rule, pos), scorer_fields };
static const struct schema_field item_scorer = { .name = "item", .type = SCHEMA_OBJECT, .object = &scorer_object };

static const struct schema_field stage_fields[] = {
    { .name = "top", .type = SCHEMA_INT, F(stage_profile, top), RANGE_REQ(1, 100),
      .doc = "Results kept per problem.", .example = "10" },
    { .name = "min_score", .type = SCHEMA_NUMBER, F(stage_profile, min_score), RANGE_REQ(0, 100),
      .doc = "Lowest score shown.", .example = "25" },
    { .name = "filters", .type = SCHEMA_MAP, F(stage_profile, filters), .format = FORMAT_ID, .ref = REF_FILTER,
      .elem = &item_mode_value, .elem_size = sizeof(struct named_mode),
      .doc = "Filter modes for this stage.", .example = "{budget: penalty}" },
    { .name = "weights", .type = SCHEMA_MAP, F(stage_profile, weights), .format = FORMAT_ID, .ref = REF_SCORER,
      .elem = &item_weight_value, .elem_size = sizeof(struct named_number),
      .doc = "Scorer weights for this stage.", .example = "{maturity: 15}" },
    END
};
static const struct schema_object stage_object = { "stage", sizeof(struct stage_profile), -1, stage_fields };

static const struct schema_field package_fields[] = {
    { .name = "standards_bonus", .type = SCHEMA_NUMBER, F(package_rules, standards_bonus), RANGE(0, 100),
      .doc = "Points added to a package for each pair of chosen solutions that share an open standard.",
      .example = "3" },
    { .name = "vendor_bonus", .type = SCHEMA_NUMBER, F(package_rules, vendor_bonus), RANGE(0, 100),
      .doc = "Points added for each pair of chosen solutions from the same vendor.", .example = "1" },
    END
};
static const struct schema_object package_object = {
    "package", sizeof(struct package_rules), -1, package_fields };

static const struct schema_field finance_fields[] = {
    { .name = "benefit_ratio", .type = SCHEMA_NUMBER, F(finance_rules, benefit_ratio), RANGE_REQ(0, 100),
      .doc = "Planning assumption: yearly benefit once running, as a multiple of the package's yearly cost "
             "(capex spread over the horizon plus opex). Documents state it.", .example = "1.3" },
    { .name = "first_year_benefit", .type = SCHEMA_NUMBER, F(finance_rules, first_year_benefit),
      RANGE_REQ(0, 1), .doc = "Share of the yearly benefit reached in the first year.", .example = "0.5" },
    { .name = "sensitivity", .type = SCHEMA_NUMBER, F(finance_rules, sensitivity), RANGE_REQ(0.01, 0.9),
      .doc = "Change of costs and of benefits (plus and minus) in the NPV sensitivity table.",
      .example = "0.2" },
    END
};
static const struct schema_object finance_object = {
    "finance", sizeof(struct finance_rules), -1, finance_fields };

static const struct schema_field rule_set_fields[] = {
    { .name = "kind", .type = SCHEMA_ENUM, F(rule_set, kind), .flags = SCHEMA_REQUIRED, .values = rules_kind_names,
      .doc = "Which rule file this is.", .example = "rule-set" },
    { .name = "id", .type = SCHEMA_STRING, F(rule_set, id), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,
      .doc = "Rule set id.", .example = "default" },
    { .name = "name", .type = SCHEMA_STRING, F(rule_set, name), RANGE_REQ(1, 200), .format = FORMAT_LINE,
      .doc = "Name in documents.", .example = "Programme default rules" },
    { .name = "description", .type = SCHEMA_STRING, F(rule_set, description), RANGE(1, 5000),
      .doc = "What these rules favour." },
    { .name = "currency", .type = SCHEMA_STRING, F(rule_set, currency), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_CURRENCY, .ref = REF_RATE, .doc = "Currency costs are compared in.", .example = "USD" },
    { .name = "horizon_years", .type = SCHEMA_INT, F(rule_set, horizon_years), RANGE_REQ(1, 30),
      .doc = "Years of total cost of ownership.", .example = "5" },
    { .name = "discount_rate", .type = SCHEMA_NUMBER, F(rule_set, discount_rate), RANGE_REQ(0, 0.5),
      .doc = "Yearly discount rate for NPV.", .example = "0.06" },
    { .name = "filters", .type = SCHEMA_LIST, F(rule_set, filters), .flags = SCHEMA_REQUIRED, .elem = &item_filter,
      .doc = "Hard filters." },
    { .name = "scorers", .type = SCHEMA_LIST, F(rule_set, scorers), RANGE_REQ(1, 64), .elem = &item_scorer,
      .doc = "Scorers and their weights." },
    { .name = "activator", .type = SCHEMA_OBJECT, F(rule_set, activator), .flags = SCHEMA_REQUIRED,
      .object = &stage_object, .doc = "Activator profile: a wide net." },
    { .name = "finder", .type = SCHEMA_OBJECT, F(rule_set, finder), .flags = SCHEMA_REQUIRED,
      .object = &stage_object, .doc = "Solution Finder profile." },
    { .name = "implementer", .type = SCHEMA_OBJECT, F(rule_set, implementer), .flags = SCHEMA_REQUIRED,
      .object = &stage_object, .doc = "Project Implementer profile: strict." },
    { .name = "package", .type = SCHEMA_OBJECT, F(rule_set, package), .object = &package_object,
      .doc = "How the Solution Finder composes a package; left out: no bonus." },
    { .name = "finance", .type = SCHEMA_OBJECT, F(rule_set, finance), .object = &finance_object,
      .doc = "Assumptions of the Implementer's financial analysis; left out: no NPV or payback." },
    END
};
const struct schema_object schema_rule_set = {
    "rule set", sizeof(struct rule_set), offsetof(struct rule_set, pos), rule_set_fields };
