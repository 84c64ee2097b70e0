/* stage.c - build a stage document: walk the outline, run each figure,
 * fill the outline's labels in; and the figures every stage shares (the
 * city, its problems, how the document was made). */
#include "stage.h"
#include "index.h"
#include "iso.h"
#include "model.h"
#include "money.h"
#include "outline.h"
#include "registry.h"
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- labels and templates ---------------------------------------------------------------- */

static int declared(const char *const *list, const char *name)
{
    for (size_t i = 0; list && list[i]; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

/* name-one is the optional singular form of a label (see stage_text). */
static int declared_by(const struct stage_ctx *ctx, const char *name)
{
    size_t len = strlen(name);
    char base[128];

    if (declared(outline_common_labels, name))
        return 1;
    for (size_t g = 0; ctx->figure && g < ARRAY_SIZE(ctx->figure->labels); g++)
        if (declared(ctx->figure->labels[g], name))
            return 1;
    if (len > 4 && len < sizeof(base) && !strcmp(name + len - 4, "-one")) {
        memcpy(base, name, len - 4);
        base[len - 4] = '\0';
        return declared_by(ctx, base);
    }
    return 0;
}

const char *stage_label(struct stage_ctx *ctx, const char *name)
{
    const char *text = outline_label(ctx->outline, name);

    /* A figure may only use the labels the catalogue says it needs: that
     * list is what `scd validate` checks an outline against. */
    if (!declared_by(ctx, name)) {
        strbuf_addf(ctx->err, "internal error: figure '%s' uses label '%s' it does not declare\n",
                    ctx->figure ? ctx->figure->name : "(document)", name);
        if (!ctx->failed)
            ctx->failed = STAGE_EINVALID;
    }
    if (text)
        return text;
    strbuf_addf(ctx->err, "outline has no label '%s'%s%s%s\n", name, ctx->figure ? " (needed by figure '" : "",
                ctx->figure ? ctx->figure->name : "", ctx->figure ? "')" : "");
    ctx->missing++;
    if (!ctx->failed)
        ctx->failed = STAGE_EINVALID;
    return arena_printf(&ctx->arena, "[%s]", name);
}

struct var {
    const char *name, *value;
};

/* The values every template may use. */
static const char *standard_var(struct stage_ctx *ctx, const char *name, size_t len)
{
#define IS(s) (len == strlen(s) && !memcmp(name, s, len))
    if (IS("city"))
        return ctx->city->name;
    if (IS("country")) {
        const char *c = iso_country_name(ctx->city->country);
        return c ? c : ctx->city->country;
    }
    if (IS("currency"))
        return ctx->currency;
    if (IS("horizon"))
        return stage_number(ctx, ctx->rules->horizon_years, 0);
    if (IS("rules"))
        return ctx->rules->name;
    if (IS("problem") && ctx->problem >= 0)
        return stage_problem_title(ctx, ctx->problem);
    if (IS("solution") && ctx->solution >= 0)
        return ctx->idx->sols[ctx->solution].sol->name;
    if (IS("vendor") && ctx->solution >= 0)
        return stage_vendor_name(ctx, (uint32_t)ctx->solution);
    return NULL;
#undef IS
}

static const char *fill(struct stage_ctx *ctx, const char *templ, const struct var *vars, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    const char *result;

    for (const char *s = templ; *s; s++) {
        const char *end, *value = NULL;
        size_t len;

        if (*s != '{' || !(end = strchr(s + 1, '}'))) {
            strbuf_addch(&sb, *s);
            continue;
        }
        len = (size_t)(end - s - 1);
        for (size_t i = 0; i < n && !value; i++)
            if (strlen(vars[i].name) == len && !memcmp(vars[i].name, s + 1, len))
                value = vars[i].value;
        if (!value)
            value = standard_var(ctx, s + 1, len);
        if (!value) {
            strbuf_addch(&sb, *s);
            continue;
        }
        strbuf_addstr(&sb, value);
        s = end;
    }
    result = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return result;
}

static size_t collect_vars(va_list ap, struct var *vars, size_t max)
{
    size_t n = 0;
    const char *name;

    while ((name = va_arg(ap, const char *))) {
        const char *value = va_arg(ap, const char *);
        if (n < max) {
            vars[n].name = name;
            vars[n++].value = value ? value : "";
        }
    }
    return n;
}

const char *stage_text(struct stage_ctx *ctx, const char *name, ...)
{
    struct var vars[24];
    va_list ap;
    size_t n;

    va_start(ap, name);
    n = collect_vars(ap, vars, ARRAY_SIZE(vars));
    va_end(ap);
    return fill(ctx, stage_label(ctx, name), vars, n);
}

const char *stage_fill(struct stage_ctx *ctx, const char *templ, ...)
{
    struct var vars[24];
    va_list ap;
    size_t n;

    va_start(ap, templ);
    n = collect_vars(ap, vars, ARRAY_SIZE(vars));
    va_end(ap);
    return fill(ctx, templ, vars, n);
}

const char *stage_plural(struct stage_ctx *ctx, const char *name, double n)
{
    const char *one = stage_printf(ctx, "%s-one", name);

    return n == 1 && outline_label(ctx->outline, one) ? one : name;
}

const char *stage_caption(struct stage_ctx *ctx, const char *label)
{
    if (ctx->block && ctx->block->caption)
        return stage_fill(ctx, ctx->block->caption, NULL);
    return stage_text(ctx, label, NULL);
}

/* --- formatting ------------------------------------------------------------------------------ */

json_t *stage_json_amount(double amount)
{
    if (isnan(amount))
        return json_null();
    if (fabs(amount) < 9e15 && amount == floor(amount))
        return json_integer((json_int_t)amount);
    return json_real(amount);
}

double stage_round(double amount)
{
    double r = round(amount);
    return r == 0 ? 0 : r;
}

const char *stage_money(struct stage_ctx *ctx, double amount)
{
    struct strbuf sb = STRBUF_INIT;
    const char *s;

    if (isnan(amount))
        return stage_label(ctx, "unknown");
    money_format(&sb, amount, ctx->currency);
    s = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

const char *stage_number(struct stage_ctx *ctx, double value, int decimals)
{
    struct strbuf sb = STRBUF_INIT;
    const char *s;

    if (isnan(value))
        return stage_label(ctx, "unknown");
    /* 12.0 reads better as 12. */
    if (decimals > 0 && fabs(value * pow(10, decimals) - round(value) * pow(10, decimals)) < 0.5)
        decimals = 0;
    number_format(&sb, value, decimals);
    s = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

const char *stage_score(struct stage_ctx *ctx, double score)
{
    struct strbuf sb = STRBUF_INIT;
    const char *s;

    number_format(&sb, score, 1);
    s = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

const char *stage_percent(struct stage_ctx *ctx, double share)
{
    double v = 100 * share;

    if (isnan(share))
        return stage_label(ctx, "unknown");
    return arena_printf(&ctx->arena, "%s%%", stage_number(ctx, v, fabs(v) < 10 ? 1 : 0));
}

const char *stage_printf(struct stage_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    char *p;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("bad format string");
    p = arena_alloc(&ctx->arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

const char *stage_enum(struct stage_ctx *ctx, const char *prefix, const char *const *names, int value)
{
    if (value < 0)
        return stage_label(ctx, "unknown");
    return stage_label(ctx, stage_printf(ctx, "%s-%s", prefix, names[value]));
}

const char *stage_kpi_value(struct stage_ctx *ctx, const struct kpi_def *k, double value)
{
    const char *num;

    if (isnan(value))
        return stage_label(ctx, "unknown");
    num = stage_number(ctx, value, fabs(value) < 100 ? 1 : 0);
    if (!k || !k->unit)
        return num;
    if (!strcmp(k->unit, "%"))
        return stage_printf(ctx, "%s%%", num);
    return stage_printf(ctx, "%s %s", num, k->unit);
}

const char *stage_capability(struct stage_ctx *ctx, const char *id)
{
    char *s = arena_strdup(&ctx->arena, id);

    for (char *p = s; *p; p++)
        if (*p == '-')
            *p = ' ';
    return s;
}

const char *stage_join(struct stage_ctx *ctx, const char *const *items, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    const char *s;

    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", items[i]);
    s = arena_strdup(&ctx->arena, sb.buf);
    strbuf_release(&sb);
    return s;
}

void stage_cost_of(const struct stage_ctx *ctx, uint32_t sol, struct stage_cost *out)
{
    struct cost_estimate e;
    double h = ctx->rules->horizon_years;

    rank_estimate_cost(&ctx->idx->sols[sol], ctx->city->population, h, &e);
    out->units = e.units;
    out->capex = stage_round(registry_from_base(ctx->reg, e.capex, ctx->currency));
    out->opex_year = stage_round(registry_from_base(ctx->reg, e.opex_year, ctx->currency));
    out->tco = out->capex + out->opex_year * h;
}

const char *stage_problem_title(const struct stage_ctx *ctx, int problem)
{
    return ctx->city->problems.items[problem].title;
}

const char *stage_vendor_name(const struct stage_ctx *ctx, uint32_t sol)
{
    const struct sol_features *f = &ctx->idx->sols[sol];
    return f->vendor ? f->vendor->name : f->sol->vendor;
}

int stage_problem_domain(const struct stage_ctx *ctx, int problem)
{
    return ctx->rankings[problem].domain;
}

/* --- figures every stage shares ------------------------------------------------------------ */

static const char *yes_no(struct stage_ctx *ctx, int v)
{
    return stage_label(ctx, v < 0 ? "unknown" : v ? "yes" : "no");
}

static void fig_city_profile(struct stage_ctx *ctx, json_t *section)
{
    const struct city *c = ctx->city;
    json_t *kv = stage_tree_kv(section);
    const char *country = iso_country_name(c->country);
    struct strbuf sb = STRBUF_INIT;

    stage_tree_kv_add(kv, stage_label(ctx, "kv-country"),
                      stage_printf(ctx, "%s (%s)", country ? country : c->country, c->country));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-region"), stage_enum(ctx, "region", region_names, c->region));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-population"), stage_number(ctx, c->population, 0));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-area"),
                      isnan(c->area_km2) ? stage_label(ctx, "not-stated")
                                         : stage_text(ctx, "area-value", "value", stage_number(ctx, c->area_km2, 0), NULL));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-income"),
                      stage_enum(ctx, "income", income_level_names, c->income_level));
    for (size_t i = 0; i < c->languages.n; i++) {
        const char *name = iso_language_name(c->languages.items[i]);
        strbuf_addf(&sb, "%s%s", i ? ", " : "", name ? name : c->languages.items[i]);
    }
    stage_tree_kv_add(kv, stage_label(ctx, "kv-languages"), sb.buf);
    strbuf_reset(&sb);
    strbuf_addstr(&sb, c->contact.name);
    if (c->contact.role)
        strbuf_addf(&sb, ", %s", c->contact.role);
    if (c->contact.email)
        strbuf_addf(&sb, ", %s", c->contact.email);
    if (c->contact.phone)
        strbuf_addf(&sb, ", %s", c->contact.phone);
    stage_tree_kv_add(kv, stage_label(ctx, "kv-contact"), sb.buf);
    strbuf_release(&sb);
}

static void fig_city_infrastructure(struct stage_ctx *ctx, json_t *section)
{
    const struct infrastructure *in = &ctx->city->infrastructure;
    json_t *kv = stage_tree_kv(section);
    const char **nets = arena_calloc(&ctx->arena, in->connectivity.n + 1, sizeof(*nets));

    for (size_t i = 0; i < in->connectivity.n; i++)
        nets[i] = stage_enum(ctx, "net", connectivity_names, in->connectivity.items[i]);
    stage_tree_kv_add(kv, stage_label(ctx, "kv-connectivity"),
                      in->connectivity.n ? stage_join(ctx, nets, in->connectivity.n) : stage_label(ctx, "not-stated"));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-power"),
                      stage_enum(ctx, "power", reliability_names, in->power_reliability));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-data-centre"), yes_no(ctx, in->data_centre));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-cloud"), yes_no(ctx, in->cloud_allowed));
}

static void fig_city_budget(struct stage_ctx *ctx, json_t *section)
{
    const struct budget *b = &ctx->city->budget;
    json_t *kv = stage_tree_kv(section);
    double h = ctx->rules->horizon_years;

    stage_tree_kv_add(kv, stage_label(ctx, "kv-capex-ceiling"), stage_money(ctx, b->capex_ceiling));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-opex-budget"), stage_money(ctx, b->opex_per_year));
    stage_tree_kv_add(kv, stage_text(ctx, "kv-horizon-budget", NULL),
                      stage_money(ctx, b->capex_ceiling + b->opex_per_year * h));
}

static const char *domain_text(struct stage_ctx *ctx, int p)
{
    const struct problem_ranking *r = &ctx->rankings[p];

    if (r->domain < 0)
        return stage_label(ctx, "domain-unknown");
    if (r->domain_given)
        return stage_text(ctx, "domain-given", "domain", ctx->idx->domains[r->domain].name, NULL);
    return stage_text(ctx, "domain-classified", "domain", ctx->idx->domains[r->domain].name, "confidence",
                      stage_percent(ctx, r->classification.confidence), NULL);
}

static void fig_problem_overview(struct stage_ctx *ctx, json_t *section)
{
    json_t *t = stage_tree_table(section, stage_caption(ctx, "problems-caption"));

    stage_tree_column(t, stage_label(ctx, "col-number"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-problem"), 0);
    stage_tree_column(t, stage_label(ctx, "col-priority"), 0);
    stage_tree_column(t, stage_label(ctx, "col-domain"), 0);
    stage_tree_column(t, stage_label(ctx, "col-deadline"), STAGE_ALIGN_RIGHT);
    for (size_t p = 0; p < ctx->city->problems.n; p++) {
        const struct problem *pr = &ctx->city->problems.items[p];
        int d = ctx->rankings[p].domain;
        json_t *row = stage_tree_row(t);

        stage_tree_cell(row, stage_printf(ctx, "%zu", p + 1));
        stage_tree_cell(row, pr->title);
        stage_tree_cell(row, stage_enum(ctx, "priority", priority_names, pr->priority));
        stage_tree_cell(row, d >= 0 ? ctx->idx->domains[d].name : stage_label(ctx, "unknown"));
        stage_tree_cell(row, isnan(pr->constraints.deadline_months)
                                 ? stage_label(ctx, "not-stated")
                                 : stage_text(ctx, "months", "n", stage_number(ctx, pr->constraints.deadline_months, 0),
                                              NULL));
    }
}

/* The city's own words, a paragraph per blank-line-separated block. */
static void fig_problem_statement(struct stage_ctx *ctx, json_t *section)
{
    const char *s = ctx->city->problems.items[ctx->problem].description;
    struct strbuf para = STRBUF_INIT;

    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        int blank = 1;

        for (size_t i = 0; i < len; i++)
            blank &= s[i] == ' ' || s[i] == '\t' || s[i] == '\r';
        if (blank) {
            if (para.len)
                stage_tree_paragraph(section, para.buf);
            strbuf_reset(&para);
        } else {
            while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
                len--;
            while (len && (*s == ' ' || *s == '\t')) {
                s++;
                len--;
            }
            if (para.len)
                strbuf_addch(&para, ' ');
            strbuf_add(&para, s, len);
        }
        s = nl ? nl + 1 : s + strlen(s);
    }
    if (para.len)
        stage_tree_paragraph(section, para.buf);
    strbuf_release(&para);
}

static void fig_problem_facts(struct stage_ctx *ctx, json_t *section)
{
    const struct problem *pr = &ctx->city->problems.items[ctx->problem];
    const struct constraints *c = &pr->constraints;
    json_t *kv = stage_tree_kv(section);
    const char **caps = arena_calloc(&ctx->arena, pr->required_capabilities.n + 1, sizeof(*caps));

    stage_tree_kv_add(kv, stage_label(ctx, "kv-priority"), stage_enum(ctx, "priority", priority_names, pr->priority));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-domain"), domain_text(ctx, ctx->problem));
    for (size_t i = 0; i < pr->required_capabilities.n; i++)
        caps[i] = stage_capability(ctx, pr->required_capabilities.items[i]);
    stage_tree_kv_add(kv, stage_label(ctx, "kv-capabilities"),
                      pr->required_capabilities.n ? stage_join(ctx, caps, pr->required_capabilities.n)
                                                  : stage_label(ctx, "not-stated"));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-deadline"),
                      isnan(c->deadline_months)
                          ? stage_label(ctx, "not-stated")
                          : stage_text(ctx, "months", "n", stage_number(ctx, c->deadline_months, 0), NULL));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-residency"),
                      c->data_residency < 0 ? stage_label(ctx, "not-stated")
                                            : stage_enum(ctx, "residency", residency_names, c->data_residency));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-max-capex"),
                      isnan(c->max_capex) ? stage_label(ctx, "not-stated") : stage_money(ctx, c->max_capex));
    stage_tree_kv_add(kv, stage_label(ctx, "kv-stakeholders"),
                      pr->stakeholders.n ? stage_join(ctx, pr->stakeholders.items, pr->stakeholders.n)
                                         : stage_label(ctx, "not-stated"));
}

static void fig_problem_kpis(struct stage_ctx *ctx, json_t *section)
{
    const struct problem *pr = &ctx->city->problems.items[ctx->problem];
    json_t *t;

    if (!pr->kpis.n) {
        stage_tree_paragraph(section, stage_text(ctx, "kpis-none", NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "kpis-caption"));
    stage_tree_column(t, stage_label(ctx, "col-kpi"), 0);
    stage_tree_column(t, stage_label(ctx, "col-baseline"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-target"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-direction"), 0);
    stage_tree_column(t, stage_label(ctx, "col-reference"), 0);
    for (size_t i = 0; i < pr->kpis.n; i++) {
        const struct kpi_def *k = registry_kpi(ctx->reg, pr->kpis.items[i].id);
        json_t *row = stage_tree_row(t);

        stage_tree_cell(row, k ? k->name : pr->kpis.items[i].id);
        stage_tree_cell(row, stage_kpi_value(ctx, k, pr->kpis.items[i].baseline));
        stage_tree_cell(row, isnan(pr->kpis.items[i].target) ? stage_label(ctx, "not-stated")
                                                              : stage_kpi_value(ctx, k, pr->kpis.items[i].target));
        stage_tree_cell(row, k ? stage_enum(ctx, "direction", kpi_direction_names, k->direction) : "");
        stage_tree_cell(row, k && k->reference ? k->reference : "");
    }
}

static void fig_method(struct stage_ctx *ctx, json_t *section)
{
    const struct rank_params *p = &ctx->params;
    json_t *t;

    stage_tree_paragraph(section, stage_text(ctx, "method-rules", "rules_id", ctx->rules->id, "stage",
                                             stage_label(ctx, stage_printf(ctx, "stage-%s", stage_names[p->stage])),
                                             "top", stage_number(ctx, p->top, 0), "min_score",
                                             stage_number(ctx, p->min_score, 1), NULL));
    t = stage_tree_table(section, stage_caption(ctx, "checks-caption"));
    stage_tree_column(t, stage_label(ctx, "col-check"), 0);
    stage_tree_column(t, stage_label(ctx, "col-mode"), 0);
    for (int f = 0; f < FILTER_COUNT; f++) {
        json_t *row = stage_tree_row(t);
        stage_tree_cell(row, stage_label(ctx, stage_printf(ctx, "filter-%s", filter_name((enum filter_id)f))));
        if (p->mode[f] == FILTER_PENALTY)
            stage_tree_cell(row, stage_text(ctx, "mode-penalty", "points", stage_number(ctx, p->penalty[f], 1), NULL));
        else
            stage_tree_cell(row, stage_label(ctx, p->mode[f] == FILTER_EXCLUDE ? "mode-exclude" : "mode-off"));
    }
    stage_tree_paragraph(section, stage_text(ctx, "method-money", "rates_date",
                                             ctx->reg->rates ? ctx->reg->rates->as_of : "", NULL));
}

const struct stage_figure_impl stage_common_figures[] = {
    { "city-profile", fig_city_profile },
    { "city-infrastructure", fig_city_infrastructure },
    { "city-budget", fig_city_budget },
    { "problem-overview", fig_problem_overview },
    { "problem-statement", fig_problem_statement },
    { "problem-facts", fig_problem_facts },
    { "problem-kpis", fig_problem_kpis },
    { "method", fig_method },
    { NULL, NULL }
};

stage_figure_fn stage_figure_lookup(const char *name)
{
    const struct stage_figure_impl *const tables[] = { stage_common_figures, stage_activator_figures,
                                                       stage_finder_figures, stage_implementer_figures };

    for (size_t t = 0; t < ARRAY_SIZE(tables); t++)
        for (const struct stage_figure_impl *f = tables[t]; f->name; f++)
            if (!strcmp(f->name, name))
                return f->fn;
    return NULL;
}

/* --- the walk over the outline ---------------------------------------------------------------- */

static void run_blocks(struct stage_ctx *ctx, const struct outline_section *os, json_t *section)
{
    if (os->text)
        stage_tree_paragraph(section, stage_fill(ctx, os->text, NULL));
    for (size_t i = 0; i < os->blocks.n && !ctx->failed; i++) {
        const struct outline_block *b = &os->blocks.items[i];
        stage_figure_fn fn;

        ctx->block = b;
        if (b->text) {
            stage_tree_paragraph(section, stage_fill(ctx, b->text, NULL));
        } else if (b->note) {
            stage_tree_note(section, stage_fill(ctx, b->note, NULL));
        } else if (b->figure) {
            ctx->figure = outline_find_figure(b->figure);
            fn = stage_figure_lookup(b->figure);
            if (!ctx->figure || !fn)
                die("figure '%s' has no implementation", b->figure);
            fn(ctx, section);
            ctx->figure = NULL;
        }
        ctx->block = NULL;
    }
}

static void build_section(struct stage_ctx *ctx, const struct outline_section *os, json_t *parent);

static void build_one(struct stage_ctx *ctx, const struct outline_section *os, json_t *parent, const char *id)
{
    json_t *section = stage_tree_section(parent, id, stage_fill(ctx, os->title, NULL));

    run_blocks(ctx, os, section);
    for (size_t i = 0; i < os->sections.n && !ctx->failed; i++)
        build_section(ctx, &os->sections.items[i], section);
}

static void build_section(struct stage_ctx *ctx, const struct outline_section *os, json_t *parent)
{
    const struct city *c = ctx->city;

    if (os->repeat < 0) {
        build_one(ctx, os, parent, os->id);
        return;
    }
    if (os->repeat == REPEAT_PROBLEM) {
        for (size_t p = 0; p < c->problems.n && !ctx->failed; p++) {
            ctx->problem = (int)p;
            build_one(ctx, os, parent, stage_printf(ctx, "%s-%s", os->id, c->problems.items[p].id));
        }
    } else {
        struct stage_plan *plan = stage_plan_need(ctx);
        uint8_t *seen;

        if (!plan)
            return;
        seen = arena_calloc(&ctx->arena, ctx->idx->n_sols + 1, 1);
        for (size_t p = 0; p < c->problems.n && !ctx->failed; p++) {
            int o = plan->proposed.option[p];
            uint32_t sol;

            if (o < 0)
                continue;
            sol = plan->options[p].items[o].sol;
            if (os->repeat == REPEAT_PACKAGE_PROBLEM) {
                ctx->problem = (int)p;
                ctx->solution = (int)sol;
                build_one(ctx, os, parent, stage_printf(ctx, "%s-%s", os->id, c->problems.items[p].id));
            } else if (!seen[sol]) {
                seen[sol] = 1;
                ctx->problem = (int)p;
                ctx->solution = (int)sol;
                build_one(ctx, os, parent, stage_printf(ctx, "%s-%s", os->id, ctx->idx->sols[sol].sol->id));
            }
        }
    }
    ctx->problem = -1;
    ctx->solution = -1;
}

static json_t *problems_data(struct stage_ctx *ctx)
{
    json_t *arr = json_array();

    for (size_t p = 0; p < ctx->city->problems.n; p++) {
        const struct problem_ranking *r = &ctx->rankings[p];
        json_t *o = json_object(), *list = json_array();

        json_object_set_new(o, "id", json_string(r->problem->id));
        json_object_set_new(o, "domain", r->domain >= 0 ? json_string(ctx->idx->domains[r->domain].id) : json_null());
        json_object_set_new(o, "domain_source", json_string(r->domain_given ? "given" : "classified"));
        json_object_set_new(o, "domain_confidence", json_real(round(r->classification.confidence * 1000) / 1000));
        for (size_t i = 0; i < r->n_results; i++)
            json_array_append_new(list, json_pack("{s:s, s:s, s:f}", "solution",
                                                  ctx->idx->sols[r->results[i].sol].sol->id, "vendor",
                                                  ctx->idx->sols[r->results[i].sol].sol->vendor, "score",
                                                  r->results[i].score));
        json_object_set_new(o, "shortlist", list);
        json_array_append_new(arr, o);
    }
    return arr;
}

int stage_build(json_t **out, const struct index *idx, const struct rule_set *rules, const struct city *city,
                const struct outline *outline, const struct stage_options *opts, struct strbuf *err)
{
    struct stage_ctx ctx;
    json_t *doc;
    int rc;

    *out = NULL;
    memset(&ctx, 0, sizeof(ctx));
    arena_init(&ctx.arena);
    ctx.reg = idx->reg;
    ctx.idx = idx;
    ctx.rules = rules;
    ctx.city = city;
    ctx.outline = outline;
    ctx.opts = opts;
    ctx.currency = city->budget.currency;
    ctx.problem = ctx.solution = -1;
    ctx.err = err;
    rank_params_init(&ctx.params, rules, (enum stage)outline->stage);
    ctx.rankings = xcalloc(city->problems.n + 1, sizeof(*ctx.rankings));
    for (size_t p = 0; p < city->problems.n; p++)
        rank_problem(idx, &ctx.params, city, &city->problems.items[p], &ctx.rankings[p]);

    doc = stage_tree_new(stage_names[outline->stage], outline->language, stage_fill(&ctx, outline->title, NULL),
                         outline->subtitle ? stage_fill(&ctx, outline->subtitle, NULL) : "");
    ctx.doc = doc;
    ctx.data = json_object_get(doc, "data");
    json_object_set_new(doc, "contents", json_string(stage_label(&ctx, "contents")));
    json_object_set_new(json_object_get(doc, "city"), "id", json_string(city->id));
    json_object_set_new(json_object_get(doc, "city"), "name", json_string(city->name));
    json_object_set_new(doc, "currency", json_string(ctx.currency));
    json_object_set_new(json_object_get(doc, "rules"), "id", json_string(rules->id));
    json_object_set_new(json_object_get(doc, "rules"), "name", json_string(rules->name));
    json_object_set_new(doc, "outline", json_string(opts && opts->outline_name ? opts->outline_name : ""));
    json_object_set_new(ctx.data, "problems", problems_data(&ctx));

    /* Pins are checked before anything is written, whatever the outline shows. */
    if (opts && opts->n_pins)
        stage_plan_need(&ctx);
    for (size_t i = 0; i < outline->sections.n && !ctx.failed; i++)
        build_section(&ctx, &outline->sections.items[i], doc);

    rc = ctx.failed;
    if (rc)
        json_decref(doc);
    else
        *out = doc;
    stage_finance_free(ctx.finance);
    stage_plan_free(ctx.plan, city->problems.n);
    for (size_t p = 0; p < city->problems.n; p++)
        problem_ranking_release(&ctx.rankings[p]);
    free(ctx.rankings);
    arena_release(&ctx.arena);
    return rc;
}
