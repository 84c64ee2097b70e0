/* stage_activator.c - the figures of the Activator's problem brief and
 * shortlist: the shortlist of each problem with its reasons, the strongest
 * solutions left out, the gaps, a call for solutions for vendors, and the
 * one-to-one meetings to book at a matchmaking session. */
#include "stage.h"
#include "index.h"
#include "iso.h"
#include "model.h"
#include "outline.h"
#include "registry.h"
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void add_reason(void *data, const char *reason)
{
    struct strbuf *sb = data;

    if (sb->len)
        strbuf_addstr(sb, "; ");
    strbuf_addstr(sb, reason);
}

static int problem_has_gaps(const struct problem_ranking *r)
{
    return r->n_gap_capabilities || r->n_gap_kpis;
}

static void fig_summary(struct stage_ctx *ctx, json_t *section)
{
    const struct city *c = ctx->city;
    size_t covered = 0, gaps = 0;
    double best = -1;
    const char *best_problem = "";

    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem_ranking *r = &ctx->rankings[p];
        covered += r->n_results > 0;
        gaps += problem_has_gaps(r);
        if (r->n_results && r->results[0].score > best) {
            best = r->results[0].score;
            best_problem = c->problems.items[p].title;
        }
    }
    stage_tree_paragraph(section, stage_text(ctx, stage_plural(ctx, "activator-summary", (double)c->problems.n),
                                             "n_problems", stage_number(ctx, (double)c->problems.n, 0),
                                             "n_solutions", stage_number(ctx, (double)ctx->idx->n_sols, 0),
                                             "n_vendors", stage_number(ctx, (double)ctx->reg->n_vendors, 0),
                                             "n_covered", stage_number(ctx, (double)covered, 0), NULL));
    if (best >= 0)
        stage_tree_paragraph(section, stage_text(ctx, "activator-summary-best", "score",
                                                 stage_score(ctx, best), "best_problem", best_problem, NULL));
    if (gaps)
        stage_tree_paragraph(section, stage_text(ctx, stage_plural(ctx, "activator-summary-gaps", (double)gaps),
                                                 "n", stage_number(ctx, (double)gaps, 0), NULL));
    else
        stage_tree_paragraph(section, stage_text(ctx, "activator-summary-no-gaps", NULL));
}

static void fig_shortlist(struct stage_ctx *ctx, json_t *section)
{
    const struct problem_ranking *r = &ctx->rankings[ctx->problem];
    json_t *t;

    if (!r->n_results) {
        stage_tree_paragraph(section, stage_text(ctx, "shortlist-none", "min_score",
                                                 stage_number(ctx, ctx->params.min_score, 1), NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "shortlist-caption"));
    stage_tree_column(t, stage_label(ctx, "col-rank"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-vendor"), 0);
    stage_tree_column(t, stage_label(ctx, "col-score"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-why"), 0);
    for (size_t i = 0; i < r->n_results; i++) {
        const struct rank_result *res = &r->results[i];
        struct strbuf why = STRBUF_INIT;
        json_t *row = stage_tree_row(t);

        rank_reasons(ctx->idx, &ctx->params, ctx->city, r->problem, r->domain, res, add_reason, &why);
        stage_tree_cell(row, stage_printf(ctx, "%zu", i + 1));
        stage_tree_cell(row, ctx->idx->sols[res->sol].sol->name);
        stage_tree_cell(row, stage_vendor_name(ctx, res->sol));
        stage_tree_cell(row, stage_score(ctx, res->score));
        stage_tree_cell(row, why.buf);
        strbuf_release(&why);
    }
    stage_tree_source(t, stage_text(ctx, "shortlist-source", "min_score", stage_number(ctx, ctx->params.min_score, 1),
                                    NULL));
}

static void fig_excluded(struct stage_ctx *ctx, json_t *section)
{
    const struct problem_ranking *r = &ctx->rankings[ctx->problem];
    size_t max = (size_t)outline_param(ctx->block, "max", 3);
    json_t *t;

    if (!r->n_excluded) {
        stage_tree_paragraph(section, stage_text(ctx, "excluded-none", NULL));
        return;
    }
    t = stage_tree_table(section, stage_caption(ctx, "excluded-caption"));
    stage_tree_column(t, stage_label(ctx, "col-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-vendor"), 0);
    stage_tree_column(t, stage_label(ctx, "col-would-score"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-left-out"), 0);
    for (size_t i = 0; i < r->n_excluded && i < max; i++) {
        const struct rank_exclusion *e = &r->excluded[i];
        struct strbuf why = STRBUF_INIT;
        json_t *row = stage_tree_row(t);

        rank_explain_filter(ctx->idx, &ctx->params, ctx->city, r->problem, e->sol, e->filter, &why);
        stage_tree_cell(row, ctx->idx->sols[e->sol].sol->name);
        stage_tree_cell(row, stage_vendor_name(ctx, e->sol));
        stage_tree_cell(row, stage_score(ctx, e->score));
        stage_tree_cell(row, stage_printf(ctx, "%s: %s", stage_label(ctx, stage_printf(ctx, "filter-%s",
                                                                                       filter_name(e->filter))),
                                          why.buf));
        strbuf_release(&why);
    }
    if (r->n_excluded_total > max && max < r->n_excluded_total)
        stage_tree_source(t, stage_text(ctx, "excluded-source", "n",
                                        stage_number(ctx, (double)r->n_excluded_total, 0), NULL));
}

static const char *gap_kpi_name(const struct stage_ctx *ctx, int kpi)
{
    return ctx->reg->kpis->kpis.items[kpi].name;
}

static void fig_gaps(struct stage_ctx *ctx, json_t *section)
{
    const struct problem_ranking *r = &ctx->rankings[ctx->problem];
    json_t *list;

    if (!problem_has_gaps(r)) {
        stage_tree_paragraph(section, stage_text(ctx, r->n_results ? "gaps-none" : "gaps-no-shortlist", NULL));
        return;
    }
    stage_tree_paragraph(section, stage_text(ctx, "gaps-intro", NULL));
    list = stage_tree_list(section, 0);
    for (size_t i = 0; i < r->n_gap_capabilities; i++)
        stage_tree_list_add(list, stage_text(ctx, "gap-capability", "capability",
                                             stage_capability(ctx, ctx->idx->capability_names[r->gap_capabilities[i]]),
                                             NULL));
    for (size_t i = 0; i < r->n_gap_kpis; i++)
        stage_tree_list_add(list, stage_text(ctx, "gap-kpi", "kpi", gap_kpi_name(ctx, r->gap_kpis[i]), NULL));
}

static void fig_call(struct stage_ctx *ctx, json_t *section)
{
    const struct city *c = ctx->city;
    json_t *list = NULL;

    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem_ranking *r = &ctx->rankings[p];
        struct strbuf needs = STRBUF_INIT;

        if (!problem_has_gaps(r))
            continue;
        if (!list) {
            stage_tree_paragraph(section, stage_text(ctx, "call-intro", "population",
                                                     stage_number(ctx, c->population, 0), NULL));
            list = stage_tree_list(section, 0);
        }
        if (r->n_gap_capabilities) {
            const char **caps = arena_calloc(&ctx->arena, r->n_gap_capabilities + 1, sizeof(*caps));
            for (size_t i = 0; i < r->n_gap_capabilities; i++)
                caps[i] = stage_capability(ctx, ctx->idx->capability_names[r->gap_capabilities[i]]);
            strbuf_addstr(&needs, stage_text(ctx, "call-capabilities", "capabilities",
                                             stage_join(ctx, caps, r->n_gap_capabilities), NULL));
        }
        if (r->n_gap_kpis) {
            const char **kpis = arena_calloc(&ctx->arena, r->n_gap_kpis + 1, sizeof(*kpis));
            for (size_t i = 0; i < r->n_gap_kpis; i++)
                kpis[i] = gap_kpi_name(ctx, r->gap_kpis[i]);
            strbuf_addf(&needs, "%s%s", needs.len ? "; " : "",
                        stage_text(ctx, "call-kpis", "kpis", stage_join(ctx, kpis, r->n_gap_kpis), NULL));
        }
        stage_tree_list_add(list, stage_text(ctx, "call-item", "problem", c->problems.items[p].title, "needs",
                                             needs.buf, NULL));
        strbuf_release(&needs);
    }
    if (!list) {
        stage_tree_paragraph(section, stage_text(ctx, "call-none", NULL));
        return;
    }
    stage_tree_paragraph(section, stage_text(ctx, "call-closing", "contact", c->contact.name, "email",
                                             c->contact.email ? c->contact.email : c->contact.name, NULL));
}

/* --- meetings ------------------------------------------------------------------------------ */

struct meeting {
    const struct vendor *vendor;
    const char *vendor_id;
    double score;          /* the vendor's best score for this city */
    uint32_t best_sol;
    uint8_t *problems;     /* per problem: a solution of this vendor is shortlisted */
};

static int compare_meetings(const void *a, const void *b)
{
    const struct meeting *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->vendor_id, y->vendor_id);
}

static void fig_meetings(struct stage_ctx *ctx, json_t *section)
{
    const struct city *c = ctx->city;
    size_t max = (size_t)outline_param(ctx->block, "max", 6), n = 0, alloc = 0;
    struct meeting *m = NULL;
    json_t *t, *data = json_array();

    for (size_t p = 0; p < c->problems.n; p++) {
        const struct problem_ranking *r = &ctx->rankings[p];
        for (size_t i = 0; i < r->n_results; i++) {
            const struct sol_features *f = &ctx->idx->sols[r->results[i].sol];
            size_t k;
            for (k = 0; k < n && strcmp(m[k].vendor_id, f->sol->vendor); k++)
                ;
            if (k == n) {
                ALLOC_GROW(m, n + 1, alloc);
                memset(&m[n], 0, sizeof(m[n]));
                m[n].vendor = f->vendor;
                m[n].vendor_id = f->sol->vendor;
                m[n].score = -1;
                m[n].problems = arena_calloc(&ctx->arena, c->problems.n + 1, 1);
                n++;
            }
            m[k].problems[p] = 1;
            if (r->results[i].score > m[k].score) {
                m[k].score = r->results[i].score;
                m[k].best_sol = r->results[i].sol;
            }
        }
    }
    if (!n) {
        stage_tree_paragraph(section, stage_text(ctx, "meetings-none", NULL));
        json_object_set_new(ctx->data, "meetings", data);
        free(m);
        return;
    }
    qsort(m, n, sizeof(*m), compare_meetings);
    if (n > max)
        n = max;
    stage_tree_paragraph(section, stage_text(ctx, "meetings-intro", "n", stage_number(ctx, (double)n, 0), NULL));
    t = stage_tree_table(section, stage_caption(ctx, "meetings-caption"));
    stage_tree_column(t, stage_label(ctx, "col-number"), STAGE_ALIGN_RIGHT);
    stage_tree_column(t, stage_label(ctx, "col-meeting"), 0);
    stage_tree_column(t, stage_label(ctx, "col-best-solution"), 0);
    stage_tree_column(t, stage_label(ctx, "col-problems"), 0);
    stage_tree_column(t, stage_label(ctx, "col-best-score"), STAGE_ALIGN_RIGHT);
    for (size_t i = 0; i < n; i++) {
        struct strbuf probs = STRBUF_INIT;
        json_t *row = stage_tree_row(t), *ids = json_array();
        const char *vname = m[i].vendor ? m[i].vendor->name : m[i].vendor_id;

        for (size_t p = 0; p < c->problems.n; p++)
            if (m[i].problems[p]) {
                strbuf_addf(&probs, "%s%s", probs.len ? "; " : "", c->problems.items[p].title);
                json_array_append_new(ids, json_string(c->problems.items[p].id));
            }
        stage_tree_cell(row, stage_printf(ctx, "%zu", i + 1));
        stage_tree_cell(row, stage_text(ctx, "meeting-parties", "vendor_name", vname, NULL));
        stage_tree_cell(row, ctx->idx->sols[m[i].best_sol].sol->name);
        stage_tree_cell(row, probs.buf);
        stage_tree_cell(row, stage_score(ctx, m[i].score));
        json_array_append_new(data, json_pack("{s:s, s:s, s:s, s:f, s:o}", "city", c->id, "vendor", m[i].vendor_id,
                                              "solution", ctx->idx->sols[m[i].best_sol].sol->id, "score",
                                              m[i].score, "problems", ids));
        strbuf_release(&probs);
    }
    stage_tree_source(t, stage_text(ctx, "meetings-source", NULL));
    json_object_set_new(ctx->data, "meetings", data);
    free(m);
}

const struct stage_figure_impl stage_activator_figures[] = {
    { "activator-summary", fig_summary },
    { "shortlist", fig_shortlist },
    { "excluded", fig_excluded },
    { "gaps", fig_gaps },
    { "call-for-solutions", fig_call },
    { "meetings", fig_meetings },
    { NULL, NULL }
};
