/* test_index.c - the index is built on several threads, each indexing a run
 * of solutions with its own term dictionary, then merged in registry order.
 * These tests build the shipped registry's index (plus one solution whose
 * word counts need the merge's wide encoding) on 1 to 8 threads and check
 * that every term, posting, feature and list is the same, and that the
 * postings agree with each solution's own term count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "index.h"
#include "model.h"
#include "registry.h"
#include "strbuf.h"
#include "util.h"
#include "test_tmp.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* More repeats of one word than the merge's packed form holds (255). */
#define REPEATS 300

struct fixture {
    char root[256];
    struct registry reg;
    int loaded;
};

static struct fixture *fx;

static int write_repeating_solution(const char *root)
{
    struct strbuf path = STRBUF_INIT;
    FILE *f;
    int rc;

    strbuf_addf(&path, "%s/solutions/test-repeats.yaml", root);
    f = fopen(path.buf, "w");
    strbuf_release(&path);
    if (!f)
        return -1;
    fputs("id: test-repeats\n"
          "name: Repeat Monitor\n"
          "vendor: aerosense\n"
          "domains: [environment/noise]\n"
          "summary: A solution whose description says one word very many times.\n"
          "description: >-\n  ",
          f);
    for (int i = 0; i < REPEATS; i++)
        fputs("decibel ", f);
    fputs("\ncapabilities: [noise-monitoring]\n"
          "kpis_improved:\n  - kpi: noise-complaints-per-10k\n    change: -0.1\n"
          "maturity:\n  trl: 6\n  deployments: 1\n"
          "requirements:\n  connectivity: [4g]\n  power: low\n  hosting: cloud\n  languages: [en]\n"
          "cost:\n  currency: USD\n  capex_fixed: 1000\n  opex_per_year: 100\n"
          "regions_served: [europe]\n"
          "pilot:\n  duration_months: 3\n",
          f);
    rc = ferror(f);
    rc |= fclose(f);
    return rc ? -1 : 0;
}

static int setup(void **state)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct strbuf cmd = STRBUF_INIT;
    struct fixture *f = xcalloc(1, sizeof(*f));
    int rc;

    (void)state;
    fx = f;
    snprintf(f->root, sizeof(f->root), "%s/scd-test-index-XXXXXX", test_tmp_base());
    if (!mkdtemp(f->root)) {
        *f->root = '\0';
        return -1;
    }
    strbuf_addf(&cmd, "cp -R rules vendors cities solutions '%s'/", f->root);
    rc = system(cmd.buf);
    strbuf_release(&cmd);
    if (rc != 0 || write_repeating_solution(f->root) < 0)
        return -1;
    f->loaded = 1;
    rc = registry_load(&f->reg, f->root, NULL, &diags);
    if (rc != 0)
        diag_print_text(&diags, stderr);
    diag_list_release(&diags);
    return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (!fx)
        return 0;
    if (fx->loaded)
        registry_release(&fx->reg);
    if (*fx->root)
        test_remove_tree(fx->root);
    free(fx);
    fx = NULL;
    return 0;
}

static void assert_lists_equal(const struct id_list *a, const struct id_list *b)
{
    assert_int_equal(a->n, b->n);
    if (a->n)
        assert_memory_equal(a->items, b->items, a->n * sizeof(*a->items));
}

static void assert_features_equal(const struct sol_features *a, const struct sol_features *b)
{
    assert_ptr_equal(a->sol, b->sol);
    assert_ptr_equal(a->vendor, b->vendor);
    assert_int_equal(a->doc_len, b->doc_len);
    assert_int_equal(a->n_domains, b->n_domains);
    assert_memory_equal(a->domains, b->domains, a->n_domains * sizeof(*a->domains));
    assert_int_equal(a->n_caps, b->n_caps);
    assert_memory_equal(a->caps, b->caps, a->n_caps * sizeof(*a->caps));
    assert_int_equal(a->n_kpis, b->n_kpis);
    for (size_t i = 0; i < a->n_kpis; i++) { /* field by field: the struct has padding */
        assert_int_equal(a->kpis[i].kpi, b->kpis[i].kpi);
        assert_true(a->kpis[i].change == b->kpis[i].change);
    }
    assert_int_equal(a->n_refs, b->n_refs);
    assert_int_equal(a->languages, b->languages);
    assert_int_equal(a->n_cloud, b->n_cloud);
    assert_int_equal(a->connectivity, b->connectivity);
    assert_int_equal(a->regions, b->regions);
    assert_memory_equal(&a->capex_fixed, &b->capex_fixed, sizeof(double));
    assert_memory_equal(&a->opex_year, &b->opex_year, sizeof(double));
}

/* b, built on more threads, is a's equal in everything ranking reads. */
static void assert_indexes_equal(const struct index *a, const struct index *b)
{
    assert_int_equal(a->n_terms, b->n_terms);
    assert_true(a->avg_doc_len == b->avg_doc_len);
    for (size_t i = 0; i < a->terms.cap; i++) {
        const char *key = a->terms.slots[i].key;
        int t;
        if (!key)
            continue;
        t = index_term(a, key);
        assert_int_equal(index_term(b, key), t);
        assert_int_equal(a->postings[t].n, b->postings[t].n);
        assert_memory_equal(a->postings[t].items, b->postings[t].items, a->postings[t].n * sizeof(struct posting));
    }
    assert_int_equal(a->n_sols, b->n_sols);
    for (size_t i = 0; i < a->n_sols; i++)
        assert_features_equal(&a->sols[i], &b->sols[i]);
    for (size_t d = 0; d < a->n_domains; d++) {
        assert_lists_equal(&a->by_domain[d], &b->by_domain[d]);
        assert_lists_equal(&a->by_declared[d], &b->by_declared[d]);
    }
    for (size_t k = 0; k < a->n_capabilities; k++)
        assert_lists_equal(&a->by_capability[k], &b->by_capability[k]);
    for (size_t k = 0; k < a->n_kpis; k++)
        assert_lists_equal(&a->by_kpi[k], &b->by_kpi[k]);
    for (size_t r = 0; r < 8; r++)
        assert_lists_equal(&a->by_region[r], &b->by_region[r]);
    assert_memory_equal(a->domain_tf, b->domain_tf, a->n_domains * a->n_terms * sizeof(float));
    assert_memory_equal(a->domain_total, b->domain_total, a->n_domains * sizeof(double));
}

static void test_same_index_on_any_number_of_threads(void **state)
{
    static const int counts[] = { 2, 3, 5, 8 };
    struct index one;

    (void)state;
    assert_int_equal(index_build_threads(&one, &fx->reg, 1), 0);
    assert_true(one.n_sols > 50);
    for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
        struct index many;
        assert_int_equal(index_build_threads(&many, &fx->reg, counts[i]), 0);
        assert_int_equal(many.n_feature_arenas, (size_t)counts[i]);
        assert_indexes_equal(&one, &many);
        index_release(&many);
    }
    index_release(&one);
}

/* Every solution's word postings add up to its term count; concept terms
 * ("@domain") are extra and not counted in it. */
static void test_postings_add_up_to_each_solution(void **state)
{
    struct index idx;
    size_t *words;

    (void)state;
    assert_int_equal(index_build_threads(&idx, &fx->reg, 3), 0);
    words = xcalloc(idx.n_sols, sizeof(*words));
    for (size_t i = 0; i < idx.terms.cap; i++) {
        const char *key = idx.terms.slots[i].key;
        const struct posting_list *pl;
        if (!key || key[0] == '@')
            continue;
        pl = &idx.postings[index_term(&idx, key)];
        for (size_t j = 0; j < pl->n; j++) {
            if (j)
                assert_true(pl->items[j - 1].doc < pl->items[j].doc);
            words[pl->items[j].doc] += pl->items[j].tf;
        }
    }
    for (size_t s = 0; s < idx.n_sols; s++)
        assert_int_equal(words[s], idx.sols[s].doc_len);
    free(words);
    index_release(&idx);
}

/* A count past the packed form's byte survives the merge whole. */
static void test_large_counts_survive_the_merge(void **state)
{
    struct index idx;
    const struct solution *s = registry_solution(&fx->reg, "test-repeats");
    const struct posting_list *pl;
    int t, found = 0;

    (void)state;
    assert_non_null(s);
    assert_int_equal(index_build_threads(&idx, &fx->reg, 4), 0);
    t = index_term(&idx, "decibel");
    assert_true(t >= 0);
    pl = &idx.postings[t];
    for (size_t j = 0; j < pl->n; j++)
        if (idx.sols[pl->items[j].doc].sol == s) {
            assert_int_equal(pl->items[j].tf, REPEATS);
            found = 1;
        }
    assert_true(found);
    index_release(&idx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_index_on_any_number_of_threads),
        cmocka_unit_test(test_postings_add_up_to_each_solution),
        cmocka_unit_test(test_large_counts_survive_the_merge),
    };

    return cmocka_run_group_tests_name("index", tests, setup, teardown);
}
