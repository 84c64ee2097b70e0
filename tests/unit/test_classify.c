/* test_classify.c - the domain classifier on the labelled set of problem
 * statements in tests/classify/statements.yaml, against the shipped registry.
 * Fails when top-1 accuracy drops below 85%. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arena.h"
#include "classify.h"
#include "diag.h"
#include "doc.h"
#include "index.h"
#include "registry.h"

#include <stdio.h>
#include <string.h>

struct fixture {
    struct registry reg;
    struct index idx;
    struct arena arena;
    const struct doc_node *statements;
};

static int setup(void **state)
{
    static struct fixture fx;
    struct diag_list diags = DIAG_LIST_INIT;
    struct doc_node *root;

    if (registry_load(&fx.reg, ".", NULL, &diags) != 0) {
        diag_print_text(&diags, stderr);
        return -1;
    }
    if (index_build(&fx.idx, &fx.reg) != 0)
        return -1;
    arena_init(&fx.arena);
    if (doc_load_file(&root, &fx.arena, "tests/classify/statements.yaml", NULL, &diags) != 0) {
        diag_print_text(&diags, stderr);
        return -1;
    }
    fx.statements = doc_map_get(root, "statements");
    diag_list_release(&diags);
    *state = &fx;
    return fx.statements ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    index_release(&fx->idx);
    registry_release(&fx->reg);
    arena_release(&fx->arena);
    return 0;
}

/* A label names the most specific domain that fits; a family label is met
 * by the family or any of its sub-domains. */
static int matches(const struct index *idx, int predicted, const char *label)
{
    const char *id;
    size_t len = strlen(label);

    if (predicted < 0)
        return 0;
    id = idx->domains[predicted].id;
    if (!strcmp(id, label))
        return 1;
    return !strchr(label, '/') && !strncmp(id, label, len) && id[len] == '/';
}

static void test_accuracy(void **state)
{
    struct fixture *fx = *state;
    const struct doc_node *list = fx->statements;
    size_t top1 = 0, top3 = 0, n = 0;
    size_t languages = 0, domains_seen = 0;
    char seen_lang[32][8];
    char seen_dom[64][64];

    assert_int_equal(list->kind, DOC_SEQ);
    for (size_t i = 0; i < list->n; i++) {
        const struct doc_node *s = list->v.items[i];
        const char *label = doc_map_get(s, "domain")->text;
        const char *lang = doc_map_get(s, "language")->text;
        struct classification c;
        int hit3 = 0, known = 0;

        assert_true(index_domain(&fx->idx, label) >= 0);
        classify_text(&fx->idx, NULL, doc_map_get(s, "text")->text, &c);
        n++;
        top1 += matches(&fx->idx, c.domain, label);
        for (int k = 0; k < 3; k++)
            hit3 |= matches(&fx->idx, c.ranked[k], label);
        top3 += hit3;
        if (!matches(&fx->idx, c.domain, label))
            fprintf(stderr, "  miss %s (%s): want %s, got %s\n", doc_map_get(s, "id")->text, lang, label,
                    c.domain >= 0 ? fx->idx.domains[c.domain].id : "nothing");
        for (size_t k = 0; k < languages; k++)
            known |= !strcmp(seen_lang[k], lang);
        if (!known && languages < 32)
            snprintf(seen_lang[languages++], sizeof(seen_lang[0]), "%s", lang);
        known = 0;
        for (size_t k = 0; k < domains_seen; k++)
            known |= !strcmp(seen_dom[k], label);
        if (!known && domains_seen < 64)
            snprintf(seen_dom[domains_seen++], sizeof(seen_dom[0]), "%s", label);
    }
    printf("classifier: %zu statements, %zu domains, %zu languages: top-1 %.1f%%, top-3 %.1f%%\n", n,
           domains_seen, languages, 100.0 * top1 / n, 100.0 * top3 / n);
    /* The set itself must stay meaningful. */
    assert_true(n >= 80);
    assert_true(domains_seen >= 12);
    assert_true(languages >= 3);
    assert_true(top1 * 100 >= 85 * n);
    assert_true(top3 >= top1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accuracy),
    };
    return cmocka_run_group_tests_name("classify", tests, setup, teardown);
}
