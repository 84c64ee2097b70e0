/* test_docdiff.c - the field-path diff: one table row per case, each row a
 * pair of YAML texts and the exact text `scd diff` prints for them. */
#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "docdiff.h"
#include "util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct row {
    const char *name;
    const char *a, *b;
    const char *expect; /* docdiff_print_text output */
};

static const struct row rows[] = {
    { "identical", "id: x\nn: 1\n", "id: x\nn: 1\n", "no field changes\n" },
    { "scalar changed", "id: x\nn: 1\n", "id: x\nn: 2\n", "n: 1 → 2\n" },
    { "string quoted", "name: Kampala\n", "name: \"Kampala City\"\n", "name: \"Kampala\" → \"Kampala City\"\n" },
    { "escapes", "s: a\n", "s: \"tab\\there \\\"q\\\"\"\n", "s: \"a\" → \"tab\\there \\\"q\\\"\"\n" },
    { "added and removed keys", "a: 1\nb: 2\n", "b: 2\nc: 3\n", "a: 1 → (absent)\nc: (absent) → 3\n" },
    { "nested path", "budget:\n  capex: 1\n  opex: 2\n", "budget:\n  capex: 1\n  opex: 5\n",
      "budget.opex: 2 → 5\n" },
    { "type change", "n: 1\n", "n: 1.0\n", "n: 1 → 1.0\n" },
    { "same float", "x: 1.50\n", "x: 1.5\n", "no field changes\n" },
    { "bool and null", "a: true\nb: null\n", "a: false\nb: ~\n", "a: true → false\n" },
    { "scalar list whole", "l: [en, fr]\n", "l: [en, fr, sw]\n", "l: [\"en\", \"fr\"] → [\"en\", \"fr\", \"sw\"]\n" },
    { "id list matched by id",
      "p:\n  - {id: a, t: 1}\n  - {id: b, t: 2}\n", "p:\n  - {id: new, t: 0}\n  - {id: a, t: 1}\n  - {id: b, t: 3}\n",
      "p[id=b].t: 2 → 3\np[id=new]: (absent) → {id: \"new\", t: 0}\n" },
    { "id list removal", "p:\n  - {id: a}\n  - {id: b}\n", "p:\n  - {id: b}\n", "p[id=a]: {id: \"a\"} → (absent)\n" },
    { "positional list", "r:\n  - {y: 1}\n  - {y: 2}\n", "r:\n  - {y: 1}\n  - {y: 3}\n  - {y: 4}\n",
      "r[1].y: 2 → 3\nr[2]: (absent) → {y: 4}\n" },
    { "duplicate ids fall back to positions", "p:\n  - {id: a, t: 1}\n  - {id: a, t: 2}\n",
      "p:\n  - {id: a, t: 1}\n  - {id: a, t: 9}\n", "p[1].t: 2 → 9\n" },
    { "map became list", "m: {a: 1}\n", "m: [1]\n", "m: {a: 1} → [1]\n" },
    { "long value shortened",
      "d: short\n",
      "d: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
      "d: \"short\" → \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\n" },
    { "utf-8 kept whole when shortened",
      "d: x\n",
      "d: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n",
      NULL /* checked separately: valid UTF-8 */ },
};

static struct doc_node *parse(struct arena *arena, const char *text)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct doc_node *root = NULL;

    assert_int_equal(doc_load_buffer(&root, arena, "t", text, strlen(text), NULL, &diags), 0);
    diag_list_release(&diags);
    return root;
}

static char *render(const struct docdiff *diff)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    docdiff_print_text(diff, f, "");
    fclose(f);
    return buf;
}

static void test_row(void **state)
{
    const struct row *r = *state;
    struct arena arena = ARENA_INIT;
    struct docdiff diff = DOCDIFF_INIT;
    char *text;

    docdiff_compute(&diff, parse(&arena, r->a), parse(&arena, r->b));
    text = render(&diff);
    if (r->expect)
        assert_string_equal(text, r->expect);
    else
        assert_true(utf8_valid(text, strlen(text)));
    free(text);
    docdiff_release(&diff);
    arena_release(&arena);
}

static void test_json(void **state)
{
    struct arena arena = ARENA_INIT;
    struct docdiff diff = DOCDIFF_INIT;
    json_t *j;
    char *s;

    (void)state;
    docdiff_compute(&diff, parse(&arena, "a: 1\nb: [x]\n"), parse(&arena, "a: 2\nc: {d: 1.5}\n"));
    j = docdiff_to_json(&diff);
    s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(s, "[{\"path\":\"a\",\"change\":\"changed\",\"old\":1,\"new\":2},"
                           "{\"path\":\"b\",\"change\":\"removed\",\"old\":[\"x\"]},"
                           "{\"path\":\"c\",\"change\":\"added\",\"new\":{\"d\":1.5}}]");
    free(s);
    json_decref(j);
    docdiff_release(&diff);
    arena_release(&arena);
}

static void test_null_sides(void **state)
{
    struct arena arena = ARENA_INIT;
    struct docdiff diff = DOCDIFF_INIT;

    (void)state;
    docdiff_compute(&diff, NULL, NULL);
    assert_int_equal(diff.n, 0);
    docdiff_compute(&diff, NULL, parse(&arena, "a: 1\n"));
    assert_int_equal(diff.n, 1);
    assert_int_equal(diff.items[0].change, DOCDIFF_ADDED);
    assert_string_equal(diff.items[0].path, "");
    docdiff_release(&diff);
    arena_release(&arena);
}

int main(void)
{
    struct CMUnitTest tests[ARRAY_SIZE(rows) + 2];
    size_t n = 0;

    for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
        tests[n++] = (struct CMUnitTest){ rows[i].name, test_row, NULL, NULL, (void *)&rows[i] };
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_json);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_null_sides);
    return _cmocka_run_group_tests("docdiff", tests, n, NULL, NULL);
}
