/* outline.c - the outline file kind: its schema, the checks beyond it, and
 * the catalogue of figures an outline may place, with the labels each
 * writes with and its parameters. */
#include "outline.h"
#include "arena.h"
#include "catalog.h"
#include "diag.h"
#include "doc.h"
#include "rank.h"
#include "schema.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

const char *const outline_repeat_names[] = { "problem", "package-problem", "package-solution", NULL };

/* --- the catalogue ------------------------------------------------------------------------------- */

const char *const outline_common_labels[] = {
    "contents", "unknown", "not-stated", "none", "yes", "no", "months",
    "region-asia-pacific", "region-africa", "region-europe", "region-eurasia", "region-latin-america",
    "region-middle-east", "region-north-america",
    "income-low", "income-lower-middle", "income-upper-middle", "income-high",
    "net-fiber", "net-5g", "net-4g", "net-3g", "net-lorawan", "net-nb-iot", "net-wifi", "net-satellite",
    "power-low", "power-medium", "power-high",
    "priority-high", "priority-medium", "priority-low",
    "residency-in-country", "residency-in-region", "residency-none",
    "hosting-cloud", "hosting-on-premise", "hosting-hybrid",
    "size-startup", "size-sme", "size-large",
    "direction-lower-is-better", "direction-higher-is-better",
    "filter-budget", "filter-connectivity", "filter-power", "filter-hosting", "filter-data-residency",
    "filter-language", "filter-region",
    "scorer-domain", "scorer-text", "scorer-kpi", "scorer-capability", "scorer-budget", "scorer-context",
    "scorer-maturity", "scorer-timeline", "scorer-local",
    "stage-activator", "stage-finder", "stage-implementer",
    NULL
};

const char *const outline_variables[] = {
    /* every template */
    "city", "country", "currency", "horizon", "rules", "problem", "solution", "vendor",
    /* the figures' own */
    "amount", "baseline", "benefit", "best_problem", "bonus", "capabilities", "capability", "capex", "capex_limit", "capex_share",
    "change", "check", "checks", "cloud", "confidence", "contact", "countries", "data_centre", "deployments",
    "detail", "domain", "duration", "email", "expected", "first_year", "from", "kpi", "kpis", "limit", "min_score",
    "n", "n_checks", "n_covered", "n_fail", "n_pass", "n_problems", "n_risk", "n_solutions", "n_vendors", "name",
    "needs", "nodes", "npv", "opex", "opex_limit", "opex_share", "payback", "points", "population", "problems", "procurement", "proposed_score", "proposed_tco",
    "rate", "rates_date", "ratio", "reason", "ref_city", "ref_country", "result", "rules_id", "score",
    "scorers", "share", "size", "solution_name", "solutions", "stage", "standards_bonus", "tco", "tco_share", "text",
    "threshold", "to", "top", "total", "trl", "unit", "units", "value", "vendor_bonus", "vendor_name", "year", "years",
    NULL
};

#define L(...) (const char *const[]){ __VA_ARGS__, NULL }

/* Labels of helpers several figures share. */
static const char *const labels_domain[] = { "domain-given", "domain-classified", "domain-unknown", NULL };
static const char *const labels_hosting[] = { "data-cloud", "data-on-premise", "data-hybrid", NULL };
static const char *const labels_checks[] = {
    "check-connectivity", "check-power", "check-hosting", "check-data-residency", "check-language", "check-region",
    "check-capex", "check-opex", "check-timeline", "check-local", "check-maturity",
    "check-pass", "check-risk", "check-fail", "check-capex-ceiling", "check-capex-limit", "check-city-unknown",
    "check-hosting-city", "check-local-none", "check-maturity-low", "check-maturity-value", "check-needs-none",
    "check-opex-budget", "check-over", "check-timeline-over", "check-residency-premises",
    "data-cloud", "data-on-premise", "data-hybrid", NULL
};
static const char *const labels_package[] = { "package-unaffordable", "package-uncovered", "package-over-limit", NULL };
static const char *const labels_payback[] = { "payback-never", "payback-years", NULL };
static const char *const labels_scale[] = { "scale-units", "scale-whole", "unit-default", NULL };

/* Outline parameters fall back per figure, where each figure reads them. */
static const struct catalog_param params_max[] = {
    { "max", 1, 100, 0, "How many to show." },
    { NULL, 0, 0, 0, NULL }
};
static const struct catalog_param params_pilot[] = {
    { "procurement_months", 0, 24, 0, "Months of procurement and contracting before the pilot starts." },
    { "setup_share", 0, 0.9, 0, "Share of the pilot's months spent setting up and installing." },
    { "evaluation_share", 0, 0.9, 0, "Share of the pilot's months spent evaluating." },
    { "success_share", 0.05, 1, 0, "Share of the expected KPI change the pilot must show to succeed." },
    { NULL, 0, 0, 0, NULL }
};

const struct outline_figure outline_figures[] = {
    /* every stage */
    { "city-profile", SCOPE_DOCUMENT, "The city: country, network, population, income, languages, contact.",
      { L("kv-country", "kv-region", "kv-population", "kv-area", "area-value", "kv-income", "kv-languages",
          "kv-contact") }, NULL },
    { "city-infrastructure", SCOPE_DOCUMENT, "Networks, power, data centre and cloud.",
      { L("kv-connectivity", "kv-power", "kv-data-centre", "kv-cloud") }, NULL },
    { "city-budget", SCOPE_DOCUMENT, "Capex ceiling, yearly opex and the budget over the horizon.",
      { L("kv-capex-ceiling", "kv-opex-budget", "kv-horizon-budget") }, NULL },
    { "problem-overview", SCOPE_DOCUMENT, "A table of the city's problems.",
      { L("problems-caption", "col-number", "col-problem", "col-priority", "col-domain", "col-deadline") }, NULL },
    { "problem-statement", SCOPE_PROBLEM, "The problem in the city's words.", { NULL }, NULL },
    { "problem-facts", SCOPE_PROBLEM, "Priority, domain, required capabilities, constraints, stakeholders.",
      { L("kv-priority", "kv-domain", "kv-capabilities", "kv-deadline", "kv-residency", "kv-max-capex",
          "kv-stakeholders"), labels_domain }, NULL },
    { "problem-kpis", SCOPE_PROBLEM, "The problem's KPIs with baselines and targets.",
      { L("kpis-caption", "kpis-none", "col-kpi", "col-baseline", "col-target", "col-direction", "col-reference") },
      NULL },
    { "method", SCOPE_DOCUMENT, "The rule set, the stage's checks and the currency rates used.",
      { L("method-rules", "method-money", "checks-caption", "col-check", "col-mode", "mode-exclude", "mode-penalty",
          "mode-off") }, NULL },
    /* Activator */
    { "activator-summary", SCOPE_DOCUMENT, "What the brief found, in a few sentences.",
      { L("activator-summary", "activator-summary-best", "activator-summary-gaps", "activator-summary-no-gaps") },
      NULL },
    { "shortlist", SCOPE_PROBLEM, "The shortlisted solutions with scores and reasons.",
      { L("shortlist-caption", "shortlist-none", "shortlist-source", "col-rank", "col-solution", "col-vendor",
          "col-score", "col-why") }, NULL },
    { "excluded", SCOPE_PROBLEM, "The strongest solutions left out, and why.",
      { L("excluded-caption", "excluded-none", "excluded-source", "col-solution", "col-vendor", "col-would-score",
          "col-left-out") }, params_max },
    { "gaps", SCOPE_PROBLEM, "Needed capabilities and KPIs no shortlisted solution covers.",
      { L("gaps-intro", "gaps-none", "gaps-no-shortlist", "gap-capability", "gap-kpi") }, NULL },
    { "call-for-solutions", SCOPE_DOCUMENT, "The gaps as a call for solutions to vendors.",
      { L("call-intro", "call-item", "call-capabilities", "call-kpis", "call-closing", "call-none") }, NULL },
    { "meetings", SCOPE_DOCUMENT, "Suggested city-vendor one-to-one meetings, best match first.",
      { L("meetings-intro", "meetings-caption", "meetings-none", "meetings-source", "meeting-parties", "col-number",
          "col-meeting", "col-best-solution", "col-problems", "col-best-score") }, params_max },
    /* Solution Finder */
    { "finder-summary", SCOPE_DOCUMENT, "The proposed package in a few sentences.",
      { L("finder-summary", "finder-summary-bonus", "finder-summary-cost", "finder-summary-over", "finder-summary-empty",
          "finder-summary-unaffordable", "finder-summary-uncovered", "finder-summary-over-limit") }, NULL },
    { "package", SCOPE_DOCUMENT, "The proposed package: a solution per problem, with scores.",
      { L("package-caption", "package-source", "pinned-name", "total-score", "bonus-score", "col-problem",
          "col-priority", "col-proposed", "col-vendor", "col-score"), labels_package }, NULL },
    { "package-costs", SCOPE_DOCUMENT, "Capex, opex, cost of ownership and share of budget.",
      { L("costs-caption", "costs-none", "costs-source", "total-package", "total-budget", "total-share",
          "col-solution", "col-scale", "col-capex", "col-opex", "col-tco", "col-budget-share"), labels_scale }, NULL },
    { "package-choices", SCOPE_DOCUMENT, "Why each choice beat the runner-up.",
      { L("choices-caption", "col-problem", "col-proposed", "col-runner-up", "col-why", "why-higher",
          "why-higher-plain", "why-penalties", "why-over-problem-capex", "why-over-capex", "why-over-opex", "why-bonus",
          "why-pinned", "why-pinned-fails", "why-none-fits", "why-over-ceiling", "why-over-opex-budget", "why-over-limit", "why-no-candidate", "why-only"), labels_package }, NULL },
    { "interoperability", SCOPE_DOCUMENT, "The open standards of the chosen solutions, and which they share.",
      { L("standards-caption", "interop-caption", "interop-source", "interop-single", "interop-same-vendor",
          "interop-nothing", "col-solution", "col-standards") }, NULL },
    { "alternatives", SCOPE_DOCUMENT, "Cheapest adequate and highest-scoring packages, and the trade-offs.",
      { L("alternatives-caption", "alt-proposed", "alt-cheapest", "alt-best", "alt-cheapest-same",
          "alt-cheapest-none", "alt-cheapest-text", "alt-best-same", "alt-best-text", "alt-over-budget", "col-package", "col-solutions", "col-covered", "col-score-bonus", "col-capex", "col-opex",
          "col-tco", "col-within-budget") }, NULL },
    { "package-method", SCOPE_DOCUMENT, "How the package was composed.",
      { L("package-method", "package-method-bonus", "package-method-no-bonus", "package-method-exact",
          "package-method-limit", "package-method-pins", "package-method-pins-only") }, NULL },
    /* Project Implementer */
    { "executive-summary", SCOPE_DOCUMENT, "The study in a few sentences.",
      { L("exec-empty", "exec-package", "exec-package-pinned", "exec-cost", "exec-checks", "exec-finance",
          "exec-finance-none", "exec-verdict-fail", "exec-verdict-risk", "exec-verdict-pass"), labels_checks,
        labels_payback }, NULL },
    { "architecture", SCOPE_DOCUMENT, "Components, standards, hosting and networks of each solution.",
      { L("architecture-caption", "architecture-source", "exec-empty", "check-needs-none", "col-problem",
          "col-solution", "col-components", "col-standards", "col-hosting", "col-networks"), labels_hosting }, NULL },
    { "solution-profile", SCOPE_SOLUTION, "One solution: summary, vendor, maturity, hosting, references.",
      { L("kv-vendor", "vendor-value", "kv-maturity", "check-maturity-value", "kv-hosting", "references-intro",
          "reference-item", "reference-item-plain"), labels_hosting }, NULL },
    { "technical-feasibility", SCOPE_DOCUMENT, "Every requirement checked against the city: pass, risk or fail.",
      { L("feasibility-intro", "feasibility-caption", "feasibility-source", "exec-empty", "col-solution",
          "col-check", "col-needs", "col-city-has", "col-fields", "col-result"), labels_checks }, NULL },
    { "cash-flow", SCOPE_DOCUMENT, "The benefit assumption and the cash flow over the horizon.",
      { L("finance-assumption", "finance-no-assumption", "cash-flow-caption", "cash-flow-source", "total-npv",
          "total-npv-costs", "col-year", "col-investment", "col-running", "col-benefit", "col-net", "col-cumulative",
          "col-discounted") }, NULL },
    { "npv", SCOPE_DOCUMENT, "NPV, payback and benefit-cost ratio.",
      { L("finance-no-assumption", "kv-npv", "kv-payback", "kv-benefit", "kv-bcr", "npv-positive", "npv-negative"),
        labels_payback }, NULL },
    { "sensitivity", SCOPE_DOCUMENT, "NPV with costs and benefits moved up and down.",
      { L("finance-no-assumption", "sensitivity-caption", "sensitivity-source", "col-costs", "sens-benefit",
          "sens-benefit-base", "sens-cost", "sens-cost-base", "sens-robust", "sens-fragile") }, NULL },
    { "data-residency", SCOPE_DOCUMENT, "Where each solution keeps data, against the city's requirement.",
      { L("residency-caption", "residency-note", "exec-empty", "col-problem", "col-requirement", "col-solution",
          "col-data-kept", "col-result"), labels_checks }, NULL },
    { "procurement", SCOPE_DOCUMENT, "Contract values, vendors and local partners.",
      { L("procurement-intro", "procurement-caption", "procurement-domestic", "procurement-foreign",
          "procurement-foreign-local", "vendor-value", "exec-empty", "col-solution", "col-vendor",
          "col-contract-value", "col-local-partner", "col-notes") }, NULL },
    { "risk-register", SCOPE_DOCUMENT, "Every failed or risky check as a risk, with mitigation.",
      { L("risks-caption", "risks-none", "risks-source", "risk-text", "risk-package-budget", "risk-finance",
          "level-high", "level-medium", "level-low", "mitigation-connectivity", "mitigation-power", "mitigation-hosting",
          "mitigation-data-residency", "mitigation-language", "mitigation-region", "mitigation-capex",
          "mitigation-opex", "mitigation-timeline", "mitigation-local", "mitigation-maturity",
          "mitigation-package-budget", "mitigation-finance", "col-number", "col-risk", "col-likelihood", "col-impact",
          "col-mitigation"), labels_checks }, NULL },
    { "pilot-plan", SCOPE_SOLUTION, "Phases and months, scale, cost and success criteria of one pilot.",
      { L("pilot-vendor", "pilot-caption", "pilot-source", "phase-procurement", "phase-setup", "phase-operation",
          "phase-evaluation", "phase-procurement-what", "phase-setup-what", "phase-operation-what",
          "phase-evaluation-what", "month-one", "month-range", "kv-pilot-scale", "kv-rollout-scale", "kv-pilot-cost",
          "pilot-scale-unknown", "pilot-cost-value", "pilot-cost-source", "success-intro", "success-item",
          "success-no-baseline", "success-none", "col-phase", "col-months", "col-activities"), labels_scale },
      params_pilot },
    { "kpi-framework", SCOPE_DOCUMENT, "Baseline, expected value and target of every KPI.",
      { L("kpi-framework-caption", "kpi-framework-source", "kpi-framework-none", "kpi-not-addressed", "kpi-basis",
          "col-problem", "col-kpi", "col-baseline", "col-expected", "col-target", "col-basis") }, NULL },
    { "stakeholders", SCOPE_DOCUMENT, "Who is involved and in what role.",
      { L("stakeholders-caption", "role-city-contact", "role-concerned", "role-supplier", "role-partner", "col-who",
          "col-role") }, NULL },
    { "open-questions", SCOPE_DOCUMENT, "Every input left out, to ask the city and the vendors.",
      { L("questions-intro", "questions-city-caption", "questions-vendor-caption", "questions-vendor-none",
          "question-benefits", "question-benefits-field", "col-about", "col-question", "col-field") }, NULL },
};
const size_t outline_figure_count = ARRAY_SIZE(outline_figures);

const struct outline_figure *outline_find_figure(const char *name)
{
    for (size_t i = 0; i < outline_figure_count; i++)
        if (!strcmp(outline_figures[i].name, name))
            return &outline_figures[i];
    return NULL;
}

/* --- the schema ------------------------------------------------------------------------------------- */

#define F(st, mem) .offset = offsetof(struct st, mem)
#define RANGE(lo, hi) .flags = SCHEMA_RANGE, .min = (lo), .max = (hi)
#define RANGE_REQ(lo, hi) .flags = SCHEMA_RANGE | SCHEMA_REQUIRED, .min = (lo), .max = (hi)
#define END { .name = NULL }

static const struct schema_field item_param = { .name = "item", .type = SCHEMA_NUMBER,
    .offset = offsetof(struct named_number, value) };
static const struct schema_field item_label = { .name = "item", .type = SCHEMA_STRING,
    .offset = offsetof(struct named_text, text), RANGE(1, 2000) };

static const struct schema_field block_fields[] = {
    { .name = "figure", .type = SCHEMA_STRING, F(outline_block, figure), .format = FORMAT_ID,
      .doc = "A figure the program computes (see the figure table in README).", .example = "shortlist" },
    { .name = "text", .type = SCHEMA_STRING, F(outline_block, text), RANGE(1, 5000),
      .doc = "A paragraph instead of a figure; may use placeholders such as {city}." },
    { .name = "note", .type = SCHEMA_STRING, F(outline_block, note), RANGE(1, 5000),
      .doc = "A highlighted paragraph instead of a figure." },
    { .name = "caption", .type = SCHEMA_STRING, F(outline_block, caption), RANGE(1, 300), .format = FORMAT_LINE,
      .doc = "Caption of the figure's table, instead of its label." },
    { .name = "params", .type = SCHEMA_MAP, F(outline_block, params), .format = FORMAT_LINE,
      .elem = &item_param, .elem_size = sizeof(struct named_number),
      .doc = "Parameters of the figure.", .example = "{max: 6}" },
    END
};
static const struct schema_object block_object = {
    "block", sizeof(struct outline_block), offsetof(struct outline_block, pos), block_fields };
static const struct schema_field item_block = { .name = "item", .type = SCHEMA_OBJECT, .object = &block_object };

#define SECTION_FIELDS                                                                                           \
    { .name = "id", .type = SCHEMA_STRING, F(outline_section, id), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,  \
      .doc = "Section id, stable across languages.", .example = "shortlist" },                                     \
    { .name = "title", .type = SCHEMA_STRING, F(outline_section, title), RANGE_REQ(1, 300), .format = FORMAT_LINE, \
      .doc = "Heading; may use placeholders such as {problem}.", .example = "City context" },                     \
    { .name = "text", .type = SCHEMA_STRING, F(outline_section, text), RANGE(1, 5000),                             \
      .doc = "A first paragraph; may use placeholders." },                                                         \
    { .name = "repeat", .type = SCHEMA_ENUM, F(outline_section, repeat), .values = outline_repeat_names,           \
      .doc = "Repeat the section for each problem, each problem of the package, or each solution of the package.", \
      .example = "problem" },                                                                                      \
    { .name = "blocks", .type = SCHEMA_LIST, F(outline_section, blocks), .elem = &item_block,                      \
      .doc = "Figures and paragraphs, in order." }

static const struct schema_field subsection_fields[] = { SECTION_FIELDS, END };
static const struct schema_object subsection_object = {
    "subsection", sizeof(struct outline_section), offsetof(struct outline_section, pos), subsection_fields };
static const struct schema_field item_subsection = { .name = "item", .type = SCHEMA_OBJECT,
    .object = &subsection_object };

static const struct schema_field section_fields[] = {
    SECTION_FIELDS,
    { .name = "sections", .type = SCHEMA_LIST, F(outline_section, sections), .elem = &item_subsection,
      .doc = "Subsections (one level)." },
    END
};
static const struct schema_object section_object = {
    "section", sizeof(struct outline_section), offsetof(struct outline_section, pos), section_fields };
static const struct schema_field item_section = { .name = "item", .type = SCHEMA_OBJECT, .object = &section_object };

static const struct schema_field outline_fields[] = {
    { .name = "stage", .type = SCHEMA_ENUM, F(outline, stage), .flags = SCHEMA_REQUIRED, .values = stage_names,
      .doc = "The stage whose document this is; its rule set profile ranks the solutions.", .example = "activator" },
    { .name = "language", .type = SCHEMA_STRING, F(outline, language), .flags = SCHEMA_REQUIRED,
      .format = FORMAT_LANGUAGE, .doc = "Language of the titles and labels, ISO 639-1.", .example = "en" },
    { .name = "title", .type = SCHEMA_STRING, F(outline, title), RANGE_REQ(1, 300), .format = FORMAT_LINE,
      .doc = "Document title; may use placeholders.", .example = "Problem brief and shortlist: {city}" },
    { .name = "subtitle", .type = SCHEMA_STRING, F(outline, subtitle), RANGE(1, 300), .format = FORMAT_LINE,
      .doc = "Line under the title." },
    { .name = "sections", .type = SCHEMA_LIST, F(outline, sections), RANGE_REQ(1, 50), .elem = &item_section,
      .doc = "The sections, in order." },
    { .name = "labels", .type = SCHEMA_MAP, F(outline, labels), .flags = SCHEMA_REQUIRED, .format = FORMAT_ID,
      .elem = &item_label, .elem_size = sizeof(struct named_text),
      .doc = "Every word the figures write, by name; placeholders in braces.",
      .example = "{col-score: Score}" },
    END
};
const struct schema_object schema_outline = {
    "outline", sizeof(struct outline), offsetof(struct outline, pos), outline_fields };

/* --- the checks beyond the schema ----------------------------------------------------------------------- */

struct needed {
    const char *label, *by; /* by: a figure, or NULL for every document */
};

struct checker {
    const char *file;
    const struct doc_node *root;
    struct diag_list *diags;
    size_t problems;
    struct needed *needed;    /* labels the placed figures need */
    size_t n_needed, alloc_needed;
};

static void need_labels(struct checker *c, const char *const *labels, const char *by)
{
    for (size_t i = 0; labels && labels[i]; i++) {
        size_t j;
        for (j = 0; j < c->n_needed && strcmp(c->needed[j].label, labels[i]); j++)
            ;
        if (j == c->n_needed) {
            ALLOC_GROW(c->needed, c->n_needed + 1, c->alloc_needed);
            c->needed[c->n_needed].label = labels[i];
            c->needed[c->n_needed++].by = by;
        }
    }
}

/* The node at a path of keys and indexes, for positions. */
static const struct doc_node *node_at(const struct doc_node *n, const char *key, long index)
{
    n = doc_map_get(n, key);
    if (n && index >= 0)
        n = n->kind == DOC_SEQ && (size_t)index < n->n ? n->v.items[index] : NULL;
    return n;
}

static void problem_at(struct checker *c, const struct doc_node *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem_at(struct checker *c, const struct doc_node *at, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    diag_add(c->diags, c->file, at ? at->line : 1, at ? at->col : 1, path, "%s", msg);
    c->problems++;
}

/* Placeholders: {name} with a known name. */
static void check_template(struct checker *c, const char *text, const struct doc_node *at, const char *path)
{
    size_t nvars = 0;

    while (outline_variables[nvars])
        nvars++;
    for (const char *s = text ? strchr(text, '{') : NULL; s; s = strchr(s + 1, '{')) {
        const char *end = strchr(s + 1, '}');
        char name[64];
        size_t len;
        int known = 0;

        if (!end)
            break;
        len = (size_t)(end - s - 1);
        if (len == 0 || len >= sizeof(name))
            continue;
        memcpy(name, s + 1, len);
        name[len] = '\0';
        for (size_t i = 0; i < nvars && !known; i++)
            known = !strcmp(outline_variables[i], name);
        if (!known) {
            const char *hint = schema_suggest(name, outline_variables, nvars);
            problem_at(c, at, path, "unknown placeholder '{%s}'%s%s%s", name, hint ? " (did you mean '{" : "",
                       hint ? hint : "", hint ? "}'?)" : "");
        }
    }
}

static const char *figure_names[ARRAY_SIZE(outline_figures)];

static void check_block(struct checker *c, const struct outline_block *b, const struct doc_node *node,
                        const char *path, int repeat)
{
    const struct outline_figure *fig;
    int kinds = (b->figure != NULL) + (b->text != NULL) + (b->note != NULL);
    struct strbuf sub = STRBUF_INIT;

    if (kinds != 1) {
        problem_at(c, node, path, kinds ? "a block is one of figure, text or note, not several"
                                        : "a block needs a figure, a text or a note");
        return;
    }
    strbuf_addf(&sub, "%s.text", path);
    check_template(c, b->text, doc_map_get(node, "text"), sub.buf);
    strbuf_reset(&sub);
    strbuf_addf(&sub, "%s.note", path);
    check_template(c, b->note, doc_map_get(node, "note"), sub.buf);
    strbuf_reset(&sub);
    strbuf_addf(&sub, "%s.caption", path);
    check_template(c, b->caption, doc_map_get(node, "caption"), sub.buf);
    strbuf_reset(&sub);
    if (!b->figure) {
        strbuf_release(&sub);
        return;
    }
    strbuf_addf(&sub, "%s.figure", path);
    fig = outline_find_figure(b->figure);
    if (!fig) {
        const char *hint;
        for (size_t i = 0; i < outline_figure_count; i++)
            figure_names[i] = outline_figures[i].name;
        hint = schema_suggest(b->figure, figure_names, outline_figure_count);
        problem_at(c, doc_map_get(node, "figure"), sub.buf, "unknown figure '%s'%s%s%s", b->figure,
                   hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        strbuf_release(&sub);
        return;
    }
    if (fig->scope == SCOPE_PROBLEM && repeat != REPEAT_PROBLEM && repeat != REPEAT_PACKAGE_PROBLEM &&
        repeat != REPEAT_PACKAGE_SOLUTION)
        problem_at(c, doc_map_get(node, "figure"), sub.buf,
                   "figure '%s' is about one problem: put it in a section with repeat: problem or package-problem",
                   b->figure);
    if (fig->scope == SCOPE_SOLUTION && repeat != REPEAT_PACKAGE_SOLUTION && repeat != REPEAT_PACKAGE_PROBLEM)
        problem_at(c, doc_map_get(node, "figure"), sub.buf,
                   "figure '%s' is about one solution: put it in a section with repeat: package-solution", b->figure);
    for (size_t i = 0; i < ARRAY_SIZE(fig->labels); i++)
        need_labels(c, fig->labels[i], fig->name);
    for (size_t i = 0; i < b->params.n; i++) {
        const struct named_number *p = &b->params.items[i];
        const struct catalog_param *cp = NULL;
        const struct doc_node *pn = doc_map_get(doc_map_get(node, "params"), p->name);

        strbuf_reset(&sub);
        strbuf_addf(&sub, "%s.params.%s", path, p->name);
        for (size_t j = 0; fig->params && fig->params[j].name && !cp; j++)
            if (!strcmp(fig->params[j].name, p->name))
                cp = &fig->params[j];
        if (!cp)
            problem_at(c, pn, sub.buf, "figure '%s' has no parameter '%s'", b->figure, p->name);
        else if (!isnan(p->value) && (p->value < cp->min || p->value > cp->max))
            problem_at(c, pn, sub.buf, "must be between %g and %g, got %g", cp->min, cp->max, p->value);
    }
    strbuf_release(&sub);
}

static void check_section(struct checker *c, const struct outline_section *s, const struct doc_node *node,
                          const char *path, int outer_repeat)
{
    int repeat = s->repeat >= 0 ? s->repeat : outer_repeat;
    struct strbuf sub = STRBUF_INIT;

    if (s->repeat >= 0 && outer_repeat >= 0)
        problem_at(c, doc_map_get(node, "repeat"), path, "a repeated section cannot repeat again inside");
    strbuf_addf(&sub, "%s.title", path);
    check_template(c, s->title, doc_map_get(node, "title"), sub.buf);
    strbuf_reset(&sub);
    strbuf_addf(&sub, "%s.text", path);
    check_template(c, s->text, doc_map_get(node, "text"), sub.buf);
    for (size_t i = 0; i < s->blocks.n; i++) {
        strbuf_reset(&sub);
        strbuf_addf(&sub, "%s.blocks[%zu]", path, i);
        check_block(c, &s->blocks.items[i], node_at(node, "blocks", (long)i), sub.buf, repeat);
    }
    for (size_t i = 0; i < s->sections.n; i++) {
        strbuf_reset(&sub);
        strbuf_addf(&sub, "%s.sections[%zu]", path, i);
        check_section(c, &s->sections.items[i], node_at(node, "sections", (long)i), sub.buf, repeat);
    }
    strbuf_release(&sub);
}

/* Every label name the catalogue knows, for "did you mean". */
static size_t all_labels(const char ***out)
{
    const char **names = NULL;
    size_t n = 0, alloc = 0;

    for (size_t i = 0; outline_common_labels[i]; i++) {
        ALLOC_GROW(names, n + 1, alloc);
        names[n++] = outline_common_labels[i];
    }
    for (size_t f = 0; f < outline_figure_count; f++)
        for (size_t g = 0; g < ARRAY_SIZE(outline_figures[f].labels); g++)
            for (size_t i = 0; outline_figures[f].labels[g] && outline_figures[f].labels[g][i]; i++) {
                ALLOC_GROW(names, n + 1, alloc);
                names[n++] = outline_figures[f].labels[g][i];
            }
    *out = names;
    return n;
}

static int in_list(const char *const *names, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && !memcmp(names[i], name, len))
            return 1;
    return 0;
}

static void check_labels(struct checker *c, const struct outline *o)
{
    const struct doc_node *labels = doc_map_get(c->root, "labels");
    const char **names;
    size_t n = all_labels(&names);

    need_labels(c, outline_common_labels, NULL);
    for (size_t i = 0; i < o->labels.n; i++) {
        const struct named_text *l = &o->labels.items[i];
        const struct doc_node *key = labels && labels->kind == DOC_MAP && i < labels->n ? labels->v.pairs[i].key : NULL;
        struct strbuf path = STRBUF_INIT;
        size_t len;

        if (!l->name)
            continue;
        strbuf_addf(&path, "labels.%s", l->name);
        len = strlen(l->name);
        /* NAME-one is the singular of NAME. */
        if (!in_list(names, n, l->name, len) &&
            !(len > 4 && !strcmp(l->name + len - 4, "-one") && in_list(names, n, l->name, len - 4))) {
            const char *hint = schema_suggest(l->name, names, n);
            problem_at(c, key, path.buf, "unknown label '%s'%s%s%s", l->name, hint ? " (did you mean '" : "",
                       hint ? hint : "", hint ? "'?)" : "");
        }
        check_template(c, l->text, key ? labels->v.pairs[i].value : NULL, path.buf);
        strbuf_release(&path);
    }
    for (size_t i = 0; i < c->n_needed; i++)
        if (!outline_label(o, c->needed[i].label)) {
            if (c->needed[i].by)
                problem_at(c, labels ? labels : c->root, "labels", "missing label '%s' (needed by figure '%s')",
                           c->needed[i].label, c->needed[i].by);
            else
                problem_at(c, labels ? labels : c->root, "labels", "missing label '%s' (every document needs it)",
                           c->needed[i].label);
        }
    free(names);
}

size_t outline_bind(struct outline *out, const struct doc_node *root, const char *file, struct arena *arena,
                    struct diag_list *diags)
{
    struct checker c;
    size_t problems = schema_bind(out, &schema_outline, root, file, arena, NULL, diags);

    if (problems)
        return problems;
    memset(&c, 0, sizeof(c));
    c.file = file;
    c.root = root;
    c.diags = diags;
    check_template(&c, out->title, doc_map_get(root, "title"), "title");
    check_template(&c, out->subtitle, doc_map_get(root, "subtitle"), "subtitle");
    for (size_t i = 0; i < out->sections.n; i++) {
        char path[48];
        snprintf(path, sizeof(path), "sections[%zu]", i);
        check_section(&c, &out->sections.items[i], node_at(root, "sections", (long)i), path, -1);
    }
    check_labels(&c, out);
    free(c.needed);
    return c.problems;
}

int outline_load(struct outline *out, const char *path, struct arena *arena, struct diag_list *diags)
{
    struct arena doc_arena = ARENA_INIT;
    struct doc_node *root = NULL;
    size_t before = diags->n;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    if (doc_load_file(&root, &doc_arena, path, NULL, diags) < 0) {
        rc = diags->n > before && diags->items[before].line == 0 ? OUTLINE_USAGE : OUTLINE_INVALID;
    } else if (outline_bind(out, root, arena_strdup(arena, path), arena, diags)) {
        rc = OUTLINE_INVALID;
    }
    arena_release(&doc_arena);
    diag_sort(diags);
    return rc;
}

const char *outline_label(const struct outline *o, const char *name)
{
    for (size_t i = 0; i < o->labels.n; i++)
        if (o->labels.items[i].name && !strcmp(o->labels.items[i].name, name))
            return o->labels.items[i].text;
    return NULL;
}

double outline_param(const struct outline_block *b, const char *name, double fallback)
{
    for (size_t i = 0; b && i < b->params.n; i++)
        if (b->params.items[i].name && !strcmp(b->params.items[i].name, name) && !isnan(b->params.items[i].value))
            return b->params.items[i].value;
    return fallback;
}
