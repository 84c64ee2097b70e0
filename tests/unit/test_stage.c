/* test_stage.c - the stage documents: the package search (knap_solve)
 * against brute force on random instances, the financial arithmetic
 * (finance_*) on hand-computed cases, the document tree's structure check,
 * the outline checks with their places, every shipped city's three documents
 * built from the shipped registry and checked against the documented
 * structure, and HTML escaping on a registry copy whose city is named
 * "<script>alert(1)</script>". Runs from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "index.h"
#include "model.h"
#include "outline.h"
#include "registry.h"
#include "render.h"
#include "stage.h"
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"
#include "test_tmp.h"

#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --- the package search against brute force ----------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
    /* xorshift64*: the same instances on every run. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

#define MAX_IDS 8
static double bonus_table[MAX_IDS][MAX_IDS];

static double table_bonus(void *data, int a, int b)
{
    (void)data;
    return bonus_table[a][b];
}

/* Value of one assignment under the solver's rules, or -1 when infeasible. */
static double assignment_value(const struct knap_input *in, const int *choice)
{
    int ids[16];
    size_t n = 0;
    double score = 0, bonus = 0, capex = 0, opex = 0;

    for (size_t p = 0; p < in->n; p++) {
        const struct knap_option *o;
        size_t j;

        if (choice[p] < 0) {
            if (in->problems[p].required && in->problems[p].n)
                return -1;
            continue;
        }
        o = &in->problems[p].options[choice[p]];
        score += o->score;
        for (j = 0; j < n && ids[j] != o->id; j++)
            ;
        if (j < n)
            continue;
        for (size_t i = 0; i < n; i++)
            bonus += in->bonus ? in->bonus(in->data, o->id, ids[i]) : 0;
        ids[n++] = o->id;
        capex += o->capex;
        opex += o->opex;
    }
    if (capex > in->capex_limit + 1e-9 || opex > in->opex_limit + 1e-9)
        return -1;
    return score + bonus;
}

static double brute_force(const struct knap_input *in, int *choice, size_t p)
{
    double best = -1;

    if (p == in->n)
        return assignment_value(in, choice);
    for (int o = -1; o < (int)in->problems[p].n; o++) {
        double v;
        choice[p] = o;
        v = brute_force(in, choice, p + 1);
        if (v > best)
            best = v;
    }
    return best;
}

static void test_knapsack_brute_force(void **state)
{
    (void)state;
    for (int round = 0; round < 400; round++) {
        struct knap_option opts[6][4];
        struct knap_problem probs[6];
        struct knap_input in;
        struct knap_result res;
        int choice[6];
        size_t n = 1 + rnd(6);
        double expect;

        memset(&in, 0, sizeof(in));
        for (int a = 0; a < MAX_IDS; a++)
            for (int b = 0; b <= a; b++)
                bonus_table[a][b] = bonus_table[b][a] = a == b ? 0 : rnd(4) == 0 ? (double)rnd(5) : 0;
        for (size_t p = 0; p < n; p++) {
            probs[p].n = rnd(5);
            probs[p].options = opts[p];
            probs[p].required = rnd(8) == 0;
            for (size_t o = 0; o < probs[p].n; o++) {
                /* Few ids, so problems often share a solution. */
                opts[p][o].id = (int)rnd(MAX_IDS);
                opts[p][o].score = 20 + rnd(800) / 10.0;
                opts[p][o].capex = rnd(10) * 100000.0;
                opts[p][o].opex = rnd(6) * 10000.0;
            }
        }
        in.problems = probs;
        in.n = n;
        in.capex_limit = rnd(4) == 0 ? INFINITY : rnd(30) * 100000.0;
        in.opex_limit = rnd(4) == 0 ? INFINITY : rnd(15) * 10000.0;
        in.bonus = rnd(3) ? table_bonus : NULL;
        expect = brute_force(&in, choice, 0);
        knap_solve(&in, &res);
        assert_true(res.exact);
        if (expect < 0) {
            assert_false(res.found);
        } else {
            assert_true(res.found);
            assert_true(fabs(res.value - expect) < 1e-6);
            /* The choice it reports is feasible and worth what it says. */
            assert_true(fabs(assignment_value(&in, res.choice) - res.value) < 1e-6);
            assert_true(fabs(res.score + res.bonus - res.value) < 1e-6);
        }
        free(res.choice);
    }
}

/* Two problems may take the same solution: it is paid for once. */
static void test_knapsack_shared_solution(void **state)
{
    struct knap_option a[] = { { 1, 60, 900, 0 }, { 2, 50, 500, 0 } };
    struct knap_option b[] = { { 1, 40, 900, 0 }, { 3, 45, 500, 0 } };
    struct knap_problem probs[] = { { a, 2, 0 }, { b, 2, 0 } };
    struct knap_input in = { probs, 2, 1000, INFINITY, NULL, NULL, 0 };
    struct knap_result res;

    (void)state;
    knap_solve(&in, &res);
    assert_true(res.found);
    assert_int_equal(res.choice[0], 0);
    assert_int_equal(res.choice[1], 0);
    assert_true(res.value == 100);
    assert_true(res.capex == 900);
    free(res.choice);
}

/* A pinned (required) choice is kept even when leaving it out scores more room for others. */
static void test_knapsack_required(void **state)
{
    struct knap_option a[] = { { 1, 30, 800, 0 } };
    struct knap_option b[] = { { 2, 90, 700, 0 } };
    struct knap_problem probs[] = { { a, 1, 1 }, { b, 1, 0 } };
    struct knap_input in = { probs, 2, 1000, INFINITY, NULL, NULL, 0 };
    struct knap_result res;

    (void)state;
    knap_solve(&in, &res);
    assert_true(res.found);
    assert_int_equal(res.choice[0], 0);
    assert_int_equal(res.choice[1], -1);
    free(res.choice);
    /* Over the limit on its own: nothing satisfies the constraints. */
    in.capex_limit = 500;
    knap_solve(&in, &res);
    assert_false(res.found);
    free(res.choice);
}

static void test_knapsack_node_limit(void **state)
{
    struct knap_option opts[12][3];
    struct knap_problem probs[12];
    struct knap_input in;
    struct knap_result res;

    (void)state;
    memset(&in, 0, sizeof(in));
    for (int p = 0; p < 12; p++) {
        for (int o = 0; o < 3; o++) {
            opts[p][o].id = p * 3 + o;
            opts[p][o].score = 50 + o;
            opts[p][o].capex = 100 + o;
            opts[p][o].opex = 0;
        }
        probs[p].options = opts[p];
        probs[p].n = 3;
        probs[p].required = 0;
    }
    in.problems = probs;
    in.n = 12;
    in.capex_limit = 700;
    in.opex_limit = INFINITY;
    in.max_nodes = 50;
    knap_solve(&in, &res);
    assert_false(res.exact);
    assert_true(res.found);
    assert_true(res.nodes <= 50);
    free(res.choice);
}

/* --- finance ------------------------------------------------------------------------------ */

static void test_finance_npv(void **state)
{
    const double flows[] = { -1000, 500, 500, 500 };
    const double flat[] = { -1000, 300, 300, 300, 300 };

    (void)state;
    /* -1000 + 500/1.1 + 500/1.21 + 500/1.331 = 243.4259... */
    assert_true(fabs(finance_npv(flows, 4, 0.10) - 243.42599549) < 1e-6);
    /* Rate 0: the plain sum. */
    assert_true(finance_npv(flows, 4, 0) == 500);
    /* -1000 + 300 * (1/1.06 + 1/1.06^2 + 1/1.06^3 + 1/1.06^4) = 39.5317... */
    assert_true(fabs(finance_npv(flat, 5, 0.06) - 39.53168381) < 1e-6);
}

static void test_finance_payback(void **state)
{
    const double even[] = { -1000, 500, 500, 500 };
    const double third[] = { -1000, 300, 300, 300, 300 };
    const double never[] = { -1000, 100, 100 };
    const double at_once[] = { 0, -100, 200 };

    (void)state;
    assert_true(finance_payback(even, 4) == 2);                       /* -1000, -500, 0 */
    assert_true(fabs(finance_payback(third, 5) - (3 + 100.0 / 300)) < 1e-12); /* -100 left in year 4 */
    assert_true(isnan(finance_payback(never, 3)));
    assert_true(finance_payback(at_once, 3) == 0);
}

static void test_finance_cash_flows(void **state)
{
    double flows[4];

    (void)state;
    finance_cash_flows(1000, 100, 400, 0.5, 3, flows);
    assert_true(flows[0] == -1000);
    assert_true(flows[1] == 100);  /* 400 * 0.5 - 100 */
    assert_true(flows[2] == 300);
    assert_true(flows[3] == 300);
}

/* --- the tree's structure check ------------------------------------------------------------- */

static void test_tree_check(void **state)
{
    json_t *doc = stage_tree_new("finder", "en", "Title", "Sub"), *s, *t, *row;
    struct strbuf err = STRBUF_INIT;

    (void)state;
    json_object_set_new(json_object_get(doc, "city"), "id", json_string("x"));
    json_object_set_new(json_object_get(doc, "city"), "name", json_string("X"));
    json_object_set_new(json_object_get(doc, "rules"), "id", json_string("r"));
    json_object_set_new(json_object_get(doc, "rules"), "name", json_string("R"));
    s = stage_tree_section(doc, "a", "A");
    stage_tree_paragraph(s, "text");
    stage_tree_note(s, "note");
    stage_tree_list_add(stage_tree_list(s, 1), "item");
    stage_tree_kv_add(stage_tree_kv(s), "k", "v");
    t = stage_tree_table(s, "caption");
    stage_tree_column(t, "one", 0);
    stage_tree_column(t, "two", STAGE_ALIGN_RIGHT | STAGE_CODE);
    row = stage_tree_row(t);
    stage_tree_cell(row, "1");
    stage_tree_cell(row, "2");
    stage_tree_section(s, "b", "B");
    assert_int_equal(stage_tree_check(doc, &err), 0);

    /* A short row, an unknown block, a missing key, a wrong type. */
    stage_tree_cell(stage_tree_row(t), "only one");
    json_array_append_new(json_object_get(s, "blocks"), json_pack("{s:s}", "type", "chart"));
    json_object_del(json_object_get(doc, "city"), "name");
    json_object_set_new(doc, "title", json_integer(3));
    assert_int_equal(stage_tree_check(doc, &err), 4);
    assert_non_null(strstr(err.buf, "sections[0].blocks[4].rows[1]: a row must have as many cells"));
    assert_non_null(strstr(err.buf, "sections[0].blocks[5]: unknown block type 'chart'"));
    assert_non_null(strstr(err.buf, "city.name: missing key 'name'"));
    assert_non_null(strstr(err.buf, "title: expected a string"));
    strbuf_release(&err);
    json_decref(doc);
}

/* --- outline checks ------------------------------------------------------------------------------ */

static size_t check_outline(const char *text, struct diag_list *diags)
{
    struct arena arena = ARENA_INIT;
    struct doc_node *root;
    struct outline o;
    size_t n;

    if (doc_load_buffer(&root, &arena, "bad.yaml", text, strlen(text), NULL, diags) < 0) {
        arena_release(&arena);
        return (size_t)-1;
    }
    n = outline_bind(&o, root, "bad.yaml", &arena, diags);
    arena_release(&arena);
    diag_sort(diags);
    return n;
}

static int has_diag(const struct diag_list *d, unsigned line, unsigned col, const char *path, const char *msg)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].line == line && d->items[i].col == col && !strcmp(d->items[i].path, path) &&
            strstr(d->items[i].message, msg))
            return 1;
    for (size_t i = 0; i < d->n; i++)
        fprintf(stderr, "  got %u:%u: %s: %s\n", d->items[i].line, d->items[i].col, d->items[i].path,
                d->items[i].message);
    return 0;
}

static void test_outline_errors(void **state)
{
    static const char bad[] =
        "stage: activator\n"
        "language: en\n"
        "title: \"Brief: {cty}\"\n"
        "sections:\n"
        "  - id: a\n"
        "    title: A\n"
        "    blocks:\n"
        "      - figure: shortlst\n"
        "      - figure: shortlist\n"
        "      - figure: meetings\n"
        "        params: {max: 500, min: 2}\n"
        "      - {figure: gaps, text: both}\n"
        "labels:\n"
        "  contents: Contents\n"
        "  col-scroe: Score\n";
    struct diag_list d = DIAG_LIST_INIT;

    (void)state;
    assert_true(check_outline(bad, &d) > 0);
    assert_true(has_diag(&d, 3, 8, "title", "unknown placeholder '{cty}' (did you mean '{city}'?)"));
    assert_true(has_diag(&d, 8, 17, "sections[0].blocks[0].figure", "unknown figure 'shortlst' (did you mean 'shortlist'?)"));
    assert_true(has_diag(&d, 9, 17, "sections[0].blocks[1].figure", "is about one problem"));
    assert_true(has_diag(&d, 11, 23, "sections[0].blocks[2].params.max", "must be between 1 and 100, got 500"));
    assert_true(has_diag(&d, 11, 33, "sections[0].blocks[2].params.min", "has no parameter 'min'"));
    assert_true(has_diag(&d, 12, 9, "sections[0].blocks[3]", "one of figure, text or note"));
    assert_true(has_diag(&d, 15, 3, "labels.col-scroe", "unknown label 'col-scroe' (did you mean 'col-score'?)"));
    assert_true(has_diag(&d, 14, 3, "labels", "missing label 'meetings-caption' (needed by figure 'meetings')"));
    assert_true(has_diag(&d, 14, 3, "labels", "missing label 'yes' (every document needs it)"));
    diag_list_release(&d);
}

/* Every figure of the catalogue has an implementation and every shipped outline passes. */
static void test_outline_catalogue(void **state)
{
    static const char *const stages[] = { "activator", "finder", "implementer" };
    struct arena arena = ARENA_INIT;

    (void)state;
    for (size_t i = 0; i < outline_figure_count; i++)
        assert_non_null(stage_figure_lookup(outline_figures[i].name));
    for (size_t i = 0; i < ARRAY_SIZE(stages); i++) {
        struct diag_list d = DIAG_LIST_INIT;
        struct outline o;
        char path[64];
        snprintf(path, sizeof(path), "rules/outlines/%s.en.yaml", stages[i]);
        if (outline_load(&o, path, &arena, &d) != 0)
            diag_print_text(&d, stderr);
        assert_int_equal(d.n, 0);
        assert_string_equal(stage_names[o.stage], stages[i]);
        diag_list_release(&d);
    }
    arena_release(&arena);
}

/* --- documents of the shipped registry --------------------------------------------------------- */

struct shipped {
    struct registry reg;
    struct index idx;
    struct arena arena;
    struct outline outlines[STAGE_COUNT];
};

static int load_root(struct shipped *s, const char *root)
{
    struct diag_list d = DIAG_LIST_INIT;

    memset(s, 0, sizeof(*s));
    if (registry_load(&s->reg, root, NULL, &d) != 0 || index_build(&s->idx, &s->reg) != 0) {
        diag_print_text(&d, stderr);
        diag_list_release(&d);
        return -1;
    }
    for (int st = 0; st < STAGE_COUNT; st++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/rules/outlines/%s.en.yaml", root, stage_names[st]);
        if (outline_load(&s->outlines[st], path, &s->arena, &d) != 0) {
            diag_print_text(&d, stderr);
            diag_list_release(&d);
            return -1;
        }
    }
    diag_list_release(&d);
    return 0;
}

static void unload(struct shipped *s)
{
    index_release(&s->idx);
    registry_release(&s->reg);
    arena_release(&s->arena);
}

/* "1250000.000001" or "3.5e+06": a number printed without formatting. */
static int float_noise(const char *text)
{
    for (const char *s = text; *s; s++) {
        size_t digits = 0;
        if (*s == '.')
            while (s[1 + digits] >= '0' && s[1 + digits] <= '9')
                digits++;
        if (digits >= 4 || ((*s == 'e' || *s == 'E') && s > text && s[-1] >= '0' && s[-1] <= '9' &&
                            (s[1] == '+' || s[1] == '-')))
            return 1;
    }
    return 0;
}

static void test_shipped_documents(void **state)
{
    struct shipped s;
    size_t docs = 0;

    (void)state;
    assert_int_equal(load_root(&s, "."), 0);
    assert_true(s.reg.n_cities >= 3);
    for (size_t c = 0; c < s.reg.n_cities; c++)
        for (int st = 0; st < STAGE_COUNT; st++) {
            struct strbuf err = STRBUF_INIT, md = STRBUF_INIT, html = STRBUF_INIT;
            struct stage_options so;
            json_t *doc = NULL;

            memset(&so, 0, sizeof(so));
            if (stage_build(&doc, &s.idx, registry_rule_set(&s.reg, NULL), s.reg.cities[c], &s.outlines[st], &so,
                            &err) != 0)
                fprintf(stderr, "%s %s: %s", s.reg.cities[c]->id, stage_names[st], err.buf);
            assert_non_null(doc);
            if (stage_tree_check(doc, &err))
                fprintf(stderr, "%s %s:\n%s", s.reg.cities[c]->id, stage_names[st], err.buf);
            assert_int_equal(err.len, 0);
            assert_string_equal(json_string_value(json_object_get(doc, "stage")), stage_names[st]);
            assert_string_equal(json_string_value(json_object_get(doc, "currency")),
                                s.reg.cities[c]->budget.currency);
            render_markdown(doc, &md);
            render_html(doc, &html);
            /* Every label was found, and money never shows float noise. */
            assert_null(strstr(md.buf, "[unknown"));
            assert_null(strstr(md.buf, "{"));
            assert_false(float_noise(md.buf));
            assert_null(strstr(html.buf, "http://"));
            assert_null(strstr(html.buf, "https://"));
            assert_null(strstr(html.buf, "<script"));
            docs++;
            json_decref(doc);
            strbuf_release(&err);
            strbuf_release(&md);
            strbuf_release(&html);
        }
    assert_int_equal(docs, s.reg.n_cities * STAGE_COUNT);
    unload(&s);
}

/* A pin: kept by the finder; the implementer studies it alone; an unknown one is a usage error. */
static void test_pins(void **state)
{
    static const char *const pin[] = { "terralog-land-registry" };
    static const char *const bad[] = { "no-such-solution" };
    static const char *const wrong[] = { "hydroguard-floodwatch@property-rates-register" };
    struct shipped s;
    struct stage_options so;
    struct strbuf err = STRBUF_INIT;
    const struct city *kampala;
    json_t *doc = NULL, *choices, *c;
    size_t i;
    int pinned = 0;

    (void)state;
    assert_int_equal(load_root(&s, "."), 0);
    kampala = registry_city(&s.reg, "kampala");
    assert_non_null(kampala);
    memset(&so, 0, sizeof(so));
    so.pins = pin;
    so.n_pins = 1;
    assert_int_equal(stage_build(&doc, &s.idx, registry_rule_set(&s.reg, NULL), kampala, &s.outlines[STAGE_FINDER],
                                 &so, &err), 0);
    choices = json_object_get(json_object_get(json_object_get(json_object_get(doc, "data"), "package"), "proposed"),
                              "choices");
    json_array_foreach(choices, i, c)
        if (json_is_true(json_object_get(c, "pinned"))) {
            pinned++;
            assert_string_equal(json_string_value(json_object_get(c, "solution")), "terralog-land-registry");
            assert_string_equal(json_string_value(json_object_get(c, "problem")), "property-rates-register");
        }
    assert_int_equal(pinned, 1);
    json_decref(doc);

    assert_int_equal(stage_build(&doc, &s.idx, registry_rule_set(&s.reg, NULL), kampala,
                                 &s.outlines[STAGE_IMPLEMENTER], &so, &err), 0);
    choices = json_object_get(json_object_get(json_object_get(json_object_get(doc, "data"), "package"), "proposed"),
                              "choices");
    json_array_foreach(choices, i, c)
        assert_true(json_is_null(json_object_get(c, "solution")) ||
                    !strcmp(json_string_value(json_object_get(c, "solution")), "terralog-land-registry"));
    json_decref(doc);

    so.pins = bad;
    assert_int_equal(stage_build(&doc, &s.idx, registry_rule_set(&s.reg, NULL), kampala, &s.outlines[STAGE_FINDER],
                                 &so, &err), STAGE_EUSAGE);
    assert_null(doc);
    assert_non_null(strstr(err.buf, "no solution 'no-such-solution'"));
    /* A pin on a named problem is kept even where it scores poorly. */
    so.pins = wrong;
    assert_int_equal(stage_build(&doc, &s.idx, registry_rule_set(&s.reg, NULL), kampala, &s.outlines[STAGE_FINDER],
                                 &so, &err), 0);
    json_decref(doc);
    strbuf_release(&err);
    unload(&s);
}

/* --- HTML escaping: a city named <script>alert(1)</script> ------------------------------------ */

/* Copy the YAML files of a folder; replace (when given) one line of one file. */
static int copy_folder(const char *from, const char *to, const char *file, const char *line, const char *with)
{
    DIR *d = opendir(from);
    struct dirent *de;
    int rc = 0;

    if (!d || mkdir(to, 0700) < 0) {
        if (d)
            closedir(d);
        return -1;
    }
    while (!rc && (de = readdir(d))) {
        struct strbuf src = STRBUF_INIT, dst = STRBUF_INIT, text = STRBUF_INIT;
        size_t len = strlen(de->d_name);
        FILE *f;

        if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
            continue;
        strbuf_addf(&src, "%s/%s", from, de->d_name);
        strbuf_addf(&dst, "%s/%s", to, de->d_name);
        rc = strbuf_read_file(&text, src.buf, 16 << 20);
        if (!rc && file && !strcmp(de->d_name, file)) {
            char *at = strstr(text.buf, line);
            struct strbuf edited = STRBUF_INIT;
            if (!at) {
                rc = -1;
            } else {
                strbuf_add(&edited, text.buf, (size_t)(at - text.buf));
                strbuf_addstr(&edited, with);
                strbuf_addstr(&edited, at + strlen(line));
                strbuf_reset(&text);
                strbuf_addstr(&text, edited.buf);
            }
            strbuf_release(&edited);
        }
        if (!rc && (f = fopen(dst.buf, "w"))) {
            rc = fputs(text.buf, f) < 0;
            rc |= fclose(f);
        } else if (!rc) {
            rc = -1;
        }
        strbuf_release(&src);
        strbuf_release(&dst);
        strbuf_release(&text);
    }
    closedir(d);
    return rc;
}

static void test_html_escaping(void **state)
{
    static const char *const folders[] = { "rules", "rules/outlines", "vendors", "cities", "solutions" };
    const char *base = getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 200 ? getenv("TMPDIR") : "/tmp";
    char root[256];
    struct shipped s;
    int rc = 0;

    (void)state;
    snprintf(root, sizeof(root), "%s/scd-test-stage-XXXXXX", *base ? base : "/tmp");
    assert_non_null(mkdtemp(root));
    for (size_t i = 0; i < ARRAY_SIZE(folders); i++) {
        char to[512];
        snprintf(to, sizeof(to), "%s/%s", root, folders[i]);
        rc |= copy_folder(folders[i], to, "kampala.yaml", "name: Kampala\n",
                          "name: \"<script>alert(1)</script> & 'Kampala' \\\"KCCA\\\"\"\n");
    }
    assert_int_equal(rc, 0);
    assert_int_equal(load_root(&s, root), 0);
    for (int st = 0; st < STAGE_COUNT; st++) {
        struct strbuf err = STRBUF_INIT, html = STRBUF_INIT, md = STRBUF_INIT;
        struct stage_options so;
        json_t *doc = NULL;

        memset(&so, 0, sizeof(so));
        assert_int_equal(stage_build(&doc, &s.idx, registry_rule_set(&s.reg, NULL), registry_city(&s.reg, "kampala"),
                                     &s.outlines[st], &so, &err), 0);
        render_html(doc, &html);
        render_markdown(doc, &md);
        assert_null(strstr(html.buf, "<script"));
        assert_null(strstr(html.buf, "'Kampala'"));
        assert_non_null(strstr(html.buf, "<title>"));
        assert_non_null(strstr(html.buf, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;Kampala&#39; &quot;KCCA&quot;"));
        /* Markdown shows the name as text too: every '<' escaped. */
        for (const char *p = strchr(md.buf, '<'); p; p = strchr(p + 1, '<'))
            assert_true(p > md.buf && p[-1] == '\\');
        assert_non_null(strstr(md.buf, "\\<script\\>alert(1)\\</script\\>"));
        /* The JSON keeps the name as it is. */
        assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "city"), "name")),
                            "<script>alert(1)</script> & 'Kampala' \"KCCA\"");
        json_decref(doc);
        strbuf_release(&err);
        strbuf_release(&html);
        strbuf_release(&md);
    }
    unload(&s);
    test_remove_tree(root);
}

static void test_markdown_escaping(void **state)
{
    json_t *doc = stage_tree_new("activator", "en", "*Bold* _it_ [link](x) # `code`", "");
    json_t *s = stage_tree_section(doc, "a", "A | B");
    json_t *t = stage_tree_table(s, "");
    struct strbuf md = STRBUF_INIT;

    (void)state;
    stage_tree_paragraph(s, "1. not a list\n- not a bullet\n# not a heading &amp; snake_case_name");
    stage_tree_column(t, "c", 0);
    stage_tree_cell(stage_tree_row(t), "a | b");
    render_markdown(doc, &md);
    assert_non_null(strstr(md.buf, "# \\*Bold\\* \\_it\\_ \\[link\\](x) # \\`code\\`"));
    assert_non_null(strstr(md.buf, "## 1. A \\| B"));
    assert_non_null(strstr(md.buf, "1\\. not a list\n\\- not a bullet\n\\# not a heading \\&amp; snake_case_name"));
    assert_non_null(strstr(md.buf, "| a \\| b |"));
    strbuf_release(&md);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_knapsack_brute_force),
        cmocka_unit_test(test_knapsack_shared_solution),
        cmocka_unit_test(test_knapsack_required),
        cmocka_unit_test(test_knapsack_node_limit),
        cmocka_unit_test(test_finance_npv),
        cmocka_unit_test(test_finance_payback),
        cmocka_unit_test(test_finance_cash_flows),
        cmocka_unit_test(test_tree_check),
        cmocka_unit_test(test_outline_errors),
        cmocka_unit_test(test_outline_catalogue),
        cmocka_unit_test(test_shipped_documents),
        cmocka_unit_test(test_pins),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_markdown_escaping),
    };

    return cmocka_run_group_tests_name("stage", tests, NULL, NULL);
}
