/* test_doc.c - the YAML loader: core-schema typing, positions, every rejection
 * with its place and message, the limits, and the public YAML test suite
 * (yaml-test-suite, data release 2022-01-17) from the shared folder.
 *
 * Every table row is its own cmocka test, named after the row, so a failure
 * says which input broke. */
#include "doc.h"
#include "arena.h"
#include "diag.h"
#include "strbuf.h"
#include "util.h"
#include "test_tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

extern char **environ;

/* ------------------------------------------------------------------------ */
/* Fixture: one arena and one diagnostic list per test, a temp dir on demand. */

struct fixture {
    struct arena arena;
    struct diag_list diags;
    struct doc_node *root;
    const void *row; /* the table row this test runs, or NULL */
    char tmp[64];    /* "" until fx_tmpdir() makes it */
};

static int setup(void **state)
{
    struct fixture *fx = xcalloc(1, sizeof(*fx));

    arena_init(&fx->arena);
    fx->row = *state; /* the prestate cmocka passes is the row */
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    test_remove_tree(fx->tmp);
    diag_list_release(&fx->diags);
    arena_release(&fx->arena);
    free(fx);
    return 0;
}

/* $TMPDIR when it is set and short enough for our buffers, else /tmp. */
static const char *fx_tmpdir(struct fixture *fx)
{
    if (!*fx->tmp) {
        snprintf(fx->tmp, sizeof(fx->tmp), "%s/scd-test-doc-XXXXXX", test_tmp_base());
        assert_non_null(mkdtemp(fx->tmp));
    }
    return fx->tmp;
}

static int load(struct fixture *fx, const char *yaml, size_t len, const struct doc_limits *lim)
{
    return doc_load_buffer(&fx->root, &fx->arena, "t.yaml", yaml, len, lim, &fx->diags);
}

static int load_str(struct fixture *fx, const char *yaml)
{
    return load(fx, yaml, strlen(yaml), NULL);
}

/* The one diagnostic, as the CLI prints it: "file:line:col: path: message". */
static void expect_diag(const struct fixture *fx, const char *want)
{
    struct strbuf sb = STRBUF_INIT;

    assert_int_equal(fx->diags.n, 1);
    diag_format(&sb, &fx->diags.items[0]);
    assert_string_equal(sb.buf, want);
    strbuf_release(&sb);
}

/* The node at a path like "city.zones[1].id" (keys without '.' or '['). */
static const struct doc_node *node_at(const struct doc_node *node, const char *path)
{
    const char *p = path;

    while (node && *p) {
        if (*p == '[') {
            char *end;
            unsigned long i = strtoul(p + 1, &end, 10);

            assert_int_equal(*end, ']');
            if (node->kind != DOC_SEQ || i >= node->n)
                return NULL;
            node = node->v.items[i];
            p = end + 1;
        } else {
            size_t n = strcspn(p, ".[");
            char key[64];

            assert_true(n < sizeof(key));
            memcpy(key, p, n);
            key[n] = '\0';
            node = doc_map_get(node, key);
            p += n;
        }
        if (*p == '.')
            p++;
    }
    return node;
}

/* ------------------------------------------------------------------------ */
/* Scalars under the YAML 1.2 core schema. Each row is loaded as "v: VALUE". */

struct scalar_case {
    const char *name;
    const char *value;
    enum doc_kind kind;
    const char *text; /* node->text after escapes */
    long long i;      /* DOC_INT, DOC_BOOL */
    double f;         /* DOC_FLOAT; NAN means "is a NaN" */
};

#define SS(v, t) { "scalar " v, v, DOC_STRING, t, 0, 0 }
#define SB(v, b) { "scalar " v, v, DOC_BOOL, v, b, 0 }
#define SI(v, n) { "scalar " v, v, DOC_INT, v, n, 0 }
#define SF(v, x) { "scalar " v, v, DOC_FLOAT, v, 0, x }
#define SN(v, t) { "scalar " v, v, DOC_NULL, t, 0, 0 }

static const struct scalar_case scalar_cases[] = {
    /* YAML 1.1 booleans are plain strings in 1.2. */
    SS("yes", "yes"), SS("no", "no"), SS("on", "on"), SS("off", "off"), SS("y", "y"),
    SS("n", "n"), SS("Yes", "Yes"), SS("ON", "ON"),
    SB("true", 1), SB("True", 1), SB("TRUE", 1), SB("false", 0), SB("False", 0), SB("FALSE", 0),
    SS("tRUE", "tRUE"),
    SI("42", 42), SI("-7", -7), SI("+12", 12), SI("0", 0), SI("017", 17), SI("0x1F", 31),
    SI("0xff", 255), SI("0o17", 15), SI("9223372036854775807", LLONG_MAX),
    SI("-9223372036854775808", LLONG_MIN), SI("0x7FFFFFFFFFFFFFFF", LLONG_MAX),
    /* Past 64 bits an integer keeps its magnitude as a real number. */
    { "scalar 2^64 decimal", "18446744073709551616", DOC_FLOAT, "18446744073709551616", 0, 18446744073709551616.0 },
    { "scalar 2^64-1 hex", "0xFFFFFFFFFFFFFFFF", DOC_FLOAT, "0xFFFFFFFFFFFFFFFF", 0, 18446744073709551615.0 },
    { "scalar 2^63 octal", "0o1000000000000000000000", DOC_FLOAT, "0o1000000000000000000000", 0, 9223372036854775808.0 },
    { "scalar 2^66 octal", "0o10000000000000000000000", DOC_FLOAT, "0o10000000000000000000000", 0, 73786976294838206464.0 },
    /* Not integers in 1.2: YAML 1.1 forms and broken prefixes. */
    SS("0x", "0x"), SS("0o8", "0o8"), SS("0b101", "0b101"), SS("1_000", "1_000"), SS("-0x1F", "-0x1F"),
    SS("+0o17", "+0o17"), SS("12:30", "12:30"), SS("1,5", "1,5"),
    SF("1.5", 1.5), SF("1e3", 1000), SF("-2.5E-2", -0.025), SF(".5", 0.5), SF("1.", 1),
    SF("+1.0e+2", 100), SF(".inf", INFINITY), SF("-.Inf", -INFINITY), SF("+.INF", INFINITY),
    SF(".nan", NAN), SF(".NaN", NAN), SF(".NAN", NAN),
    SS("-.nan", "-.nan"), SS(".Nan", ".Nan"), SS("inf", "inf"), SS("1e", "1e"), SS(".", "."),
    SS("1.2.3", "1.2.3"), SS("e3", "e3"),
    SN("~", "~"), SN("null", "null"), SN("Null", "Null"), SN("NULL", "NULL"),
    { "scalar empty", "", DOC_NULL, "", 0, 0 },
    SS("nULL", "nULL"), SS("nil", "nil"),
    /* Quoted scalars are strings, whatever they look like. */
    SS("\"42\"", "42"), SS("'true'", "true"), SS("'~'", "~"), SS("\"\"", ""), SS("''", ""),
    SS("\"a\\tb\\u00e9\"", "a\tb\xC3\xA9"), SS("'it''s'", "it's"),
    /* Core-schema tags. */
    SS("!!str 42", "42"), SS("!!str true", "true"), SS("! 42", "42"),
    { "scalar !!int \"12\"", "!!int \"12\"", DOC_INT, "12", 12, 0 },
    { "scalar !!int 0x10", "!!int 0x10", DOC_INT, "0x10", 16, 0 },
    { "scalar !!float 1", "!!float 1", DOC_FLOAT, "1", 0, 1 },
    { "scalar !!float 0o17", "!!float 0o17", DOC_FLOAT, "0o17", 0, 15 },
    { "scalar !!float '.inf'", "!!float '.inf'", DOC_FLOAT, ".inf", 0, INFINITY },
    { "scalar !!bool 'false'", "!!bool 'false'", DOC_BOOL, "false", 0, 0 },
    { "scalar !!null ''", "!!null ''", DOC_NULL, "", 0, 0 },
    { "scalar !<tag:yaml.org,2002:int> 5", "!<tag:yaml.org,2002:int> 5", DOC_INT, "5", 5, 0 },
};

static void test_scalar(void **state)
{
    struct fixture *fx = *state;
    const struct scalar_case *c = fx->row;
    const struct doc_node *v;
    char yaml[128];

    snprintf(yaml, sizeof(yaml), "v: %s\n", c->value);
    assert_int_equal(load_str(fx, yaml), 0);
    assert_int_equal(fx->diags.n, 0);
    v = doc_map_get(fx->root, "v");
    assert_non_null(v);
    assert_int_equal(v->kind, c->kind);
    assert_string_equal(v->text, c->text);
    assert_int_equal(v->n, strlen(c->text));
    assert_int_equal(v->line, 1);
    if (*c->value)
        assert_int_equal(v->col, 4);
    if (c->kind == DOC_INT)
        assert_true(v->v.integer == c->i);
    else if (c->kind == DOC_BOOL)
        assert_int_equal(v->v.boolean, c->i);
    else if (c->kind == DOC_FLOAT && isnan(c->f))
        assert_true(isnan(v->v.real));
    else if (c->kind == DOC_FLOAT)
        assert_true(v->v.real == c->f);
}

/* ------------------------------------------------------------------------ */
/* Positions of nested nodes (1-based line and column). */

static const char positions_yaml[] =
    "# a city\n"
    "city:\n"
    "  name: Lyon\n"
    "  zones:\n"
    "    - id: 1\n"
    "      tags: [a, \"b\", {k: v}]\n"
    "    - 7\n"
    "    -\n"
    "      - deep\n"
    "  flow: {x: 1, y: [2, 3]}\n"
    "  text: |\n"
    "    two\n"
    "    lines\n"
    "  last: \xC3\xA9t\xC3\xA9 x\n";

static const struct position_case {
    const char *name;
    const char *path;
    enum doc_kind kind;
    unsigned line, col;
} position_cases[] = {
    { "position (root)", "", DOC_MAP, 2, 1 },
    { "position city", "city", DOC_MAP, 3, 3 },
    { "position city.name", "city.name", DOC_STRING, 3, 9 },
    { "position city.zones", "city.zones", DOC_SEQ, 5, 5 },
    { "position city.zones[0]", "city.zones[0]", DOC_MAP, 5, 7 },
    { "position city.zones[0].id", "city.zones[0].id", DOC_INT, 5, 11 },
    { "position city.zones[0].tags", "city.zones[0].tags", DOC_SEQ, 6, 13 },
    { "position city.zones[0].tags[0]", "city.zones[0].tags[0]", DOC_STRING, 6, 14 },
    { "position city.zones[0].tags[1]", "city.zones[0].tags[1]", DOC_STRING, 6, 17 },
    { "position city.zones[0].tags[2]", "city.zones[0].tags[2]", DOC_MAP, 6, 22 },
    { "position city.zones[0].tags[2].k", "city.zones[0].tags[2].k", DOC_STRING, 6, 26 },
    { "position city.zones[1]", "city.zones[1]", DOC_INT, 7, 7 },
    { "position city.zones[2]", "city.zones[2]", DOC_SEQ, 9, 7 },
    { "position city.zones[2][0]", "city.zones[2][0]", DOC_STRING, 9, 9 },
    { "position city.flow", "city.flow", DOC_MAP, 10, 9 },
    { "position city.flow.x", "city.flow.x", DOC_INT, 10, 13 },
    { "position city.flow.y", "city.flow.y", DOC_SEQ, 10, 19 },
    { "position city.flow.y[1]", "city.flow.y[1]", DOC_INT, 10, 23 },
    { "position city.text", "city.text", DOC_STRING, 11, 9 },
    /* Columns count characters, not bytes. */
    { "position city.last", "city.last", DOC_STRING, 14, 9 },
};

static void test_position(void **state)
{
    struct fixture *fx = *state;
    const struct position_case *c = fx->row;
    const struct doc_node *n;

    assert_int_equal(load_str(fx, positions_yaml), 0);
    n = node_at(fx->root, c->path);
    assert_non_null(n);
    assert_int_equal(n->kind, c->kind);
    assert_int_equal(n->line, c->line);
    assert_int_equal(n->col, c->col);
}

/* Keys carry their own place; block scalars keep their line breaks. */
static void test_positions_of_keys(void **state)
{
    struct fixture *fx = *state;
    const struct doc_node *city;

    assert_int_equal(load_str(fx, positions_yaml), 0);
    city = node_at(fx->root, "city");
    assert_int_equal(city->n, 5);
    assert_string_equal(city->v.pairs[1].key->text, "zones");
    assert_int_equal(city->v.pairs[1].key->kind, DOC_STRING);
    assert_int_equal(city->v.pairs[1].key->line, 4);
    assert_int_equal(city->v.pairs[1].key->col, 3);
    assert_int_equal(fx->root->v.pairs[0].key->line, 2);
    assert_int_equal(fx->root->v.pairs[0].key->col, 1);
    assert_string_equal(node_at(fx->root, "city.text")->text, "two\nlines\n");
}

/* A UTF-8 BOM is skipped and does not shift the columns of line 1. */
static void test_utf8_bom(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(load_str(fx, "\xEF\xBB\xBF" "a: b\n"), 0);
    assert_int_equal(fx->root->kind, DOC_MAP);
    assert_int_equal(fx->root->col, 1);
    assert_string_equal(fx->root->v.pairs[0].key->text, "a");
    assert_int_equal(doc_map_get(fx->root, "a")->col, 4);
}

/* Documents without content are a DOC_NULL root. */
static const struct empty_case {
    const char *name;
    const char *yaml;
    unsigned line, col;
} empty_cases[] = {
    { "empty: no bytes", "", 1, 1 },
    { "empty: only a comment", "# nothing here\n", 1, 1 },
    { "empty: only a BOM", "\xEF\xBB\xBF", 1, 1 },
    /* An empty document's null sits right after its "---", not on the line
     * past the end where libyaml puts it. */
    { "empty: bare document marker", "---\n", 1, 4 },
    { "empty: document marker without a line break", "---", 1, 4 },
    { "empty: document marker after blank lines", "\n\n--- # nothing\n", 3, 4 },
    { "empty: document end marker", "--- ~\n...\n", 1, 5 },
};

static void test_empty(void **state)
{
    struct fixture *fx = *state;
    const struct empty_case *c = fx->row;

    assert_int_equal(load_str(fx, c->yaml), 0);
    assert_non_null(fx->root);
    assert_int_equal(fx->root->kind, DOC_NULL);
    assert_int_equal(fx->root->line, c->line);
    assert_int_equal(fx->root->col, c->col);
}

/* ------------------------------------------------------------------------ */
/* Rejections: exactly one diagnostic, with place, path and message. */

static const struct doc_limits small_scalars = { 1 << 20, 64, 8, 100000 };
static const struct doc_limits small_file = { 10, 64, 1024, 100000 };
static const struct doc_limits few_nodes = { 1 << 20, 64, 1024, 5 };
static const struct doc_limits shallow = { 1 << 20, 2, 1024, 100000 };

struct reject_case {
    const char *name;
    const char *yaml;
    size_t len; /* 0: strlen(yaml) */
    const struct doc_limits *limits;
    const char *want;
};

/* For inputs holding a NUL byte. */
#define RN(name, lit, want) { name, lit, sizeof(lit) - 1, NULL, want }

static const struct reject_case reject_cases[] = {
    /* Anchors and aliases, wherever they are. */
    { "anchor on a scalar", "a: &x 1\n", 0, NULL, "t.yaml:1:4: a: anchors and aliases are not allowed" },
    { "anchor on a list", "a: &x [1]\n", 0, NULL, "t.yaml:1:4: a: anchors and aliases are not allowed" },
    { "anchor on a mapping", "- &m {a: 1}\n", 0, NULL, "t.yaml:1:3: [0]: anchors and aliases are not allowed" },
    { "anchor on a key", "&k a: 1\n", 0, NULL, "t.yaml:1:1: anchors and aliases are not allowed" },
    { "alias", "a: 1\nb: *x\n", 0, NULL, "t.yaml:2:4: b: anchors and aliases are not allowed" },
    { "alias in a list", "a: [1, *x]\n", 0, NULL, "t.yaml:1:8: a[1]: anchors and aliases are not allowed" },
    { "alias bomb",
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
      "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
      "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n",
      0, NULL, "t.yaml:1:4: a: anchors and aliases are not allowed" },
    { "alias bomb without anchors", "a: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n", 0, NULL,
      "t.yaml:1:5: a[0]: anchors and aliases are not allowed" },
    /* Tags outside the core schema. */
    { "custom tag", "a: !custom x\n", 0, NULL, "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "binary tag", "a: !!binary aGk=\n", 0, NULL, "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "timestamp tag", "- !!timestamp 2001-12-14\n", 0, NULL,
      "t.yaml:1:3: [0]: tags outside the YAML core schema are not allowed" },
    { "verbatim custom tag", "a: !<tag:example.com,2000:x> 1\n", 0, NULL,
      "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "%TAG redefining !!", "%TAG !! tag:example.com,2000:\n---\na: !!int 1\n", 0, NULL,
      "t.yaml:3:4: a: tags outside the YAML core schema are not allowed" },
    { "set tag on a mapping", "a: !!set {x: null}\n", 0, NULL,
      "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "omap tag on a list", "a: !!omap [x: 1]\n", 0, NULL,
      "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "map tag on a list", "a: !!map [1]\n", 0, NULL,
      "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "custom tag on a list", "a: !pts [1]\n", 0, NULL,
      "t.yaml:1:4: a: tags outside the YAML core schema are not allowed" },
    { "scalar against its tag", "a: !!int abc\n", 0, NULL, "t.yaml:1:4: a: scalar does not match its tag" },
    { "float tag on a string", "a: !!float 1e\n", 0, NULL, "t.yaml:1:4: a: scalar does not match its tag" },
    { "bool tag on yes", "a: !!bool yes\n", 0, NULL, "t.yaml:1:4: a: scalar does not match its tag" },
    /* Duplicate keys: the later one is reported, with the mapping's path. */
    { "duplicate key", "a: 1\nb: 2\na: 3\n", 0, NULL, "t.yaml:3:1: duplicate key \"a\"" },
    { "duplicate key, first written is reported", "a: 1\nb: 2\nb: 3\na: 4\n", 0, NULL,
      "t.yaml:3:1: duplicate key \"b\"" },
    { "duplicate key in problems[1]", "problems:\n  - x: 1\n  - y: 1\n    z: 2\n    y: 3\n", 0, NULL,
      "t.yaml:5:5: problems[1]: duplicate key \"y\"" },
    { "duplicate key in flow", "a: {b: [1, {c: 1, c: 2}]}\n", 0, NULL, "t.yaml:1:19: a.b[1]: duplicate key \"c\"" },
    { "duplicate quoted key", "a: {\"k\": 1, 'k': 2, k: 3}\n", 0, NULL, "t.yaml:1:13: a: duplicate key \"k\"" },
    { "duplicate key spelled with an escape", "\"\\x41\": 1\nA: 2\n", 0, NULL, "t.yaml:2:1: duplicate key \"A\"" },
    /* Keys. */
    { "list as a key", "? [a]\n: b\n", 0, NULL, "t.yaml:1:3: mapping keys must be plain strings, not collections" },
    { "mapping as a key", "x:\n  ? {a: 1}\n  : b\n", 0, NULL,
      "t.yaml:2:5: x: mapping keys must be plain strings, not collections" },
    { "flow list as a key", "{[a]: b}\n", 0, NULL, "t.yaml:1:2: mapping keys must be plain strings, not collections" },
    { "tagged key", "!!int 1: b\n", 0, NULL, "t.yaml:1:1: mapping keys must be plain strings" },
    { "custom-tagged key", "a: {!x k: b}\n", 0, NULL, "t.yaml:1:5: a: mapping keys must be plain strings" },
    /* One document per file. */
    { "two documents", "a: 1\n---\nb: 2\n", 0, NULL, "t.yaml:2:1: only one document per file is allowed" },
    { "two explicit documents", "--- a\n...\n--- b\n", 0, NULL, "t.yaml:3:1: only one document per file is allowed" },
    /* Bytes. */
    RN("NUL byte", "a: b\nc: \0d\n", "t.yaml:2:4: NUL characters are not allowed"),
    RN("NUL byte in a comment", "a: b # \0\n", "t.yaml:1:8: NUL characters are not allowed"),
    RN("NUL byte after UTF-8", "\xC3\xA9: \0\n", "t.yaml:1:4: NUL characters are not allowed"),
    { "\\0 escape", "a: \"x\\0y\"\n", 0, NULL, "t.yaml:1:4: a: NUL characters are not allowed" },
    { "\\u0000 escape", "a:\n  - \"\\u0000\"\n", 0, NULL, "t.yaml:2:5: a[0]: NUL characters are not allowed" },
    { "\\x00 escape", "a: \"\\x00\"\n", 0, NULL, "t.yaml:1:4: a: NUL characters are not allowed" },
    { "invalid UTF-8", "a: \xC3\x28\n", 0, NULL, "t.yaml:1:4: invalid UTF-8" },
    { "invalid UTF-8 on line 3", "a: 1\nb: 2\nc: x\xC3\x28\n", 0, NULL, "t.yaml:3:5: invalid UTF-8" },
    { "invalid UTF-8 after UTF-8", "a: \xC3\xA9\xC3\n", 0, NULL, "t.yaml:1:5: invalid UTF-8" },
    { "overlong UTF-8", "a: \xC0\xAF\n", 0, NULL, "t.yaml:1:4: invalid UTF-8" },
    { "UTF-8 surrogate", "a: \xED\xA0\x80\n", 0, NULL, "t.yaml:1:4: invalid UTF-8" },
    { "UTF-8 past U+10FFFF", "a: \xF4\x90\x80\x80\n", 0, NULL, "t.yaml:1:4: invalid UTF-8" },
    { "lone continuation byte", "\x80\n", 0, NULL, "t.yaml:1:1: invalid UTF-8" },
    { "truncated UTF-8 at the end", "a: \xE2\x82", 0, NULL, "t.yaml:1:4: invalid UTF-8" },
    { "surrogate escape", "a: \"\\ud800\"\n", 0, NULL,
      "t.yaml:1:7: a: invalid YAML: found invalid Unicode character escape code "
      "(while parsing a quoted scalar at line 1, column 4)" },
    RN("UTF-16 BE BOM", "\xFE\xFF\0a\0:\0 \0b", "t.yaml:1:1: file is UTF-16; save it as UTF-8"),
    RN("UTF-16 LE BOM", "\xFF\xFE" "a\0:\0 \0b\0", "t.yaml:1:1: file is UTF-16; save it as UTF-8"),
    RN("UTF-16 without BOM", "a\0:\0", "t.yaml:1:2: NUL characters are not allowed"),
    { "control character", "a: 1\nb: x\x01\n", 0, NULL,
      "t.yaml:2:5: invalid YAML: control characters are not allowed" },
    { "control character after UTF-8", "a: \xC3\xA9\x7F\n", 0, NULL,
      "t.yaml:1:5: invalid YAML: control characters are not allowed" },
    /* Broken YAML: libyaml's message, at the place to fix. */
    { "unclosed double quote", "a: 1\nb: \"abc\nc: 2\n", 0, NULL,
      "t.yaml:2:4: b: invalid YAML: found unexpected end of stream "
      "(while scanning a quoted scalar at line 2, column 4)" },
    { "unclosed single quote", "a: 1\nb: 'abc\n", 0, NULL,
      "t.yaml:2:4: b: invalid YAML: found unexpected end of stream "
      "(while scanning a quoted scalar at line 2, column 4)" },
    { "bad indentation", "a:\n  b: 1\n c: 2\n", 0, NULL,
      "t.yaml:3:2: invalid YAML: did not find expected key (while parsing a block mapping at line 1, column 1)" },
    { "unclosed flow list", "a: [1, 2\n", 0, NULL,
      "t.yaml:2:1: a[2]: invalid YAML: did not find expected ',' or ']' "
      "(while parsing a flow sequence at line 1, column 4)" },
    { "tab indentation", "a:\n\tb: 1\n", 0, NULL,
      "t.yaml:2:1: a: invalid YAML: found character that cannot start any token "
      "(while scanning for the next token at line 2, column 1)" },
    { "list item in a mapping value", "key: - a\n", 0, NULL,
      "t.yaml:1:6: key: invalid YAML: block sequence entries are not allowed in this context" },
    /* Limits. */
    { "scalar over the limit", "k: \"123456789\"\n", 0, &small_scalars,
      "t.yaml:1:4: k: scalar of 9 bytes is longer than the 8-byte limit" },
    { "key over the limit", "k: 1\n123456789: 2\n", 0, &small_scalars,
      "t.yaml:2:1: scalar of 9 bytes is longer than the 8-byte limit" },
    { "buffer over the size limit", "a: 1\nb: 22\n", 0, &small_file,
      "t.yaml:1:1: file is 11 bytes, larger than the 10-byte limit" },
    { "node count over the limit", "[1, 2, 3, 4, 5]\n", 0, &few_nodes,
      "t.yaml:1:14: [4]: document has more than 5 nodes" },
    { "node count over the limit in a mapping", "a: 1\nb: 2\nc: 3\n", 0, &few_nodes,
      "t.yaml:3:1: document has more than 5 nodes" },
    { "depth over a small limit", "a: {b: [1]}\n", 0, &shallow, "t.yaml:1:8: a.b: nesting deeper than 2 levels" },
};

static void test_reject(void **state)
{
    struct fixture *fx = *state;
    const struct reject_case *c = fx->row;

    assert_int_equal(load(fx, c->yaml, c->len ? c->len : strlen(c->yaml), c->limits), DOC_ERR_PARSE);
    assert_null(fx->root);
    expect_diag(fx, c->want);
}

/* Inputs at a limit are accepted. */
static const struct reject_case limit_ok_cases[] = {
    { "scalar at the limit", "k: \"12345678\"\n", 0, &small_scalars, NULL },
    { "buffer at the size limit", "a: 1\nb: 2\n", 0, &small_file, NULL },
    { "node count at the limit", "[1, 2, 3, 4]\n", 0, &few_nodes, NULL },
    { "depth at a small limit", "a: {b: 1}\n", 0, &shallow, NULL },
};

static void test_limit_ok(void **state)
{
    struct fixture *fx = *state;
    const struct reject_case *c = fx->row;

    assert_int_equal(load(fx, c->yaml, strlen(c->yaml), c->limits), 0);
    assert_non_null(fx->root);
    assert_int_equal(fx->diags.n, 0);
}

/* ------------------------------------------------------------------------ */
/* Nesting: 64 levels load, 65 do not, 100,000 fail as fast. */

enum nest_style { NEST_FLOW, NEST_BLOCK_SEQ, NEST_BLOCK_MAP };

static const struct nest_case {
    const char *name;
    enum nest_style style;
    size_t depth;
} nest_cases[] = {
    { "flow nesting 64", NEST_FLOW, 64 },
    { "flow nesting 65", NEST_FLOW, 65 },
    { "flow nesting 100000", NEST_FLOW, 100000 },
    { "block list nesting 64", NEST_BLOCK_SEQ, 64 },
    { "block list nesting 65", NEST_BLOCK_SEQ, 65 },
    { "block list nesting 100000", NEST_BLOCK_SEQ, 100000 },
    { "block mapping nesting 64", NEST_BLOCK_MAP, 64 },
    { "block mapping nesting 65", NEST_BLOCK_MAP, 65 },
};

static void test_nesting(void **state)
{
    struct fixture *fx = *state;
    const struct nest_case *c = fx->row;
    struct strbuf yaml = STRBUF_INIT, want = STRBUF_INIT;
    const struct doc_node *n;
    size_t depth = 0;

    for (size_t i = 0; i < c->depth; i++) {
        if (c->style == NEST_FLOW)
            strbuf_addch(&yaml, '[');
        else if (c->style == NEST_BLOCK_SEQ)
            strbuf_addstr(&yaml, "- ");
        else if (i + 1 < c->depth)
            strbuf_addf(&yaml, "%*sa:\n", (int)(2 * i), "");
    }
    if (c->style == NEST_FLOW)
        for (size_t i = 0; i < c->depth; i++)
            strbuf_addch(&yaml, ']');
    else if (c->style == NEST_BLOCK_SEQ)
        strbuf_addstr(&yaml, "x\n");
    else
        strbuf_addf(&yaml, "%*sa: x\n", (int)(2 * (c->depth - 1)), "");

    if (c->depth <= 64) {
        assert_int_equal(load(fx, yaml.buf, yaml.len, NULL), 0);
        for (n = fx->root; n && (n->kind == DOC_SEQ || n->kind == DOC_MAP); depth++)
            n = !n->n ? NULL : n->kind == DOC_SEQ ? n->v.items[0] : n->v.pairs[0].value;
        assert_int_equal(depth, c->depth);
    } else {
        /* The 65th collection is refused where it starts; the path leads to it. */
        assert_int_equal(load(fx, yaml.buf, yaml.len, NULL), DOC_ERR_PARSE);
        if (c->style == NEST_FLOW)
            strbuf_addstr(&want, "t.yaml:1:65: ");
        else if (c->style == NEST_BLOCK_SEQ)
            strbuf_addstr(&want, "t.yaml:1:129: ");
        else
            strbuf_addstr(&want, "t.yaml:65:129: ");
        for (size_t i = 0; i < 64; i++)
            strbuf_addstr(&want, c->style == NEST_BLOCK_MAP ? (i ? ".a" : "a") : "[0]");
        strbuf_addstr(&want, ": nesting deeper than 64 levels");
        expect_diag(fx, want.buf);
    }
    strbuf_release(&yaml);
    strbuf_release(&want);
}

/* ------------------------------------------------------------------------ */
/* Duplicate keys in a mapping too big for the pairwise check. */

static void test_duplicate_key_large_map(void **state)
{
    struct fixture *fx = *state;
    struct strbuf yaml = STRBUF_INIT;

    strbuf_addstr(&yaml, "top:\n  list:\n    - 0\n    - big:\n");
    for (int i = 0; i < 40; i++)
        strbuf_addf(&yaml, "        k%02d: %d\n", 39 - i, i);
    /* Written in this order, k33's duplicate comes first and is the one reported,
     * although k05 sorts first. */
    strbuf_addstr(&yaml, "        k33: again\n        k05: again\n        k33: third\n");
    assert_int_equal(load(fx, yaml.buf, yaml.len, NULL), DOC_ERR_PARSE);
    expect_diag(fx, "t.yaml:45:9: top.list[1].big: duplicate key \"k33\"");
    strbuf_release(&yaml);
}

/* The same keys below the threshold give the same answer. */
static void test_duplicate_key_small_map(void **state)
{
    struct fixture *fx = *state;

    assert_int_equal(load_str(fx, "k02: 1\nk01: 2\nk02: 3\nk01: 4\nk02: 5\n"), DOC_ERR_PARSE);
    expect_diag(fx, "t.yaml:3:1: duplicate key \"k02\"");
}

/* Keys that differ only in length are not duplicates; sorting must not
 * confuse them. */
static void test_large_map_keys_by_length(void **state)
{
    struct fixture *fx = *state;
    struct strbuf yaml = STRBUF_INIT;

    for (int i = 1; i <= 30; i++)
        strbuf_addf(&yaml, "%.*s: %d\n", i, "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", i);
    assert_int_equal(load(fx, yaml.buf, yaml.len, NULL), 0);
    assert_int_equal(fx->root->n, 30);
    assert_int_equal(doc_map_get(fx->root, "kkk")->v.integer, 3);
    assert_int_equal(doc_map_get(fx->root, "kkk")->line, 3);
    strbuf_addstr(&yaml, "kkk: again\n");
    assert_int_equal(load(fx, yaml.buf, yaml.len, NULL), DOC_ERR_PARSE);
    expect_diag(fx, "t.yaml:31:1: duplicate key \"kkk\"");
    strbuf_release(&yaml);
}

/* ------------------------------------------------------------------------ */
/* Diagnostic paths. */

static const struct reject_case path_cases[] = {
    /* Keys are cut to 60 bytes in paths; byte 60 is inside the first "é". */
    { "path: long key cut on a character boundary",
      "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xA9\xC3\xA9\n: *x\n", 0, NULL,
      "t.yaml:2:3: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: "
      "anchors and aliases are not allowed" },
    { "path: after a nested collection closed", "a:\n  b: [1, 2]\n  c: {d: 1}\n  e: *x\n", 0, NULL,
      "t.yaml:4:6: a.e: anchors and aliases are not allowed" },
    { "path: list of lists", "- [1]\n- [2, [3, *x]]\n", 0, NULL,
      "t.yaml:2:11: [1][1][1]: anchors and aliases are not allowed" },
    { "path: key of a nested mapping", "a:\n  - b: 1\n    &x c: 2\n", 0, NULL,
      "t.yaml:3:5: a[0]: anchors and aliases are not allowed" },
    { "path: empty key", "\"\": {x: *y}\n", 0, NULL, "t.yaml:1:9: .x: anchors and aliases are not allowed" },
};

/* ------------------------------------------------------------------------ */
/* Files. */

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void test_file_ok(void **state)
{
    struct fixture *fx = *state;
    char path[128];

    snprintf(path, sizeof(path), "%s/ok.yaml", fx_tmpdir(fx));
    write_file(path, "a: [1, 2]\n", 10);
    assert_int_equal(doc_load_file(&fx->root, &fx->arena, path, NULL, &fx->diags), 0);
    assert_int_equal(fx->diags.n, 0);
    assert_int_equal(doc_map_get(fx->root, "a")->n, 2);
    assert_int_equal(doc_map_get(fx->root, "a")->v.items[1]->v.integer, 2);
}

static void test_file_broken_names_file(void **state)
{
    struct fixture *fx = *state;
    struct strbuf want = STRBUF_INIT;
    char path[128];

    snprintf(path, sizeof(path), "%s/dup.yaml", fx_tmpdir(fx));
    write_file(path, "a: 1\na: 2\n", 10);
    assert_int_equal(doc_load_file(&fx->root, &fx->arena, path, NULL, &fx->diags), DOC_ERR_PARSE);
    assert_null(fx->root);
    strbuf_addf(&want, "%s:2:1: duplicate key \"a\"", path);
    expect_diag(fx, want.buf);
    strbuf_release(&want);
}

static void test_file_too_big(void **state)
{
    struct fixture *fx = *state;
    struct strbuf want = STRBUF_INIT;
    struct doc_limits lim = doc_default_limits;
    char path[128];
    int fd;

    /* Over a custom limit. */
    lim.max_file_bytes = 16;
    snprintf(path, sizeof(path), "%s/big.yaml", fx_tmpdir(fx));
    write_file(path, "a: 1\nb: 2\nc: 3\nd: 4\n", 20);
    assert_int_equal(doc_load_file(&fx->root, &fx->arena, path, &lim, &fx->diags), DOC_ERR_PARSE);
    assert_null(fx->root);
    strbuf_addf(&want, "%s:1:1: file is 20 bytes, larger than the 16-byte limit", path);
    expect_diag(fx, want.buf);

    /* Over the default 1 MiB, as a sparse file: refused on its size alone. */
    diag_list_release(&fx->diags);
    strbuf_reset(&want);
    snprintf(path, sizeof(path), "%s/huge.yaml", fx->tmp);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)doc_default_limits.max_file_bytes + 1), 0);
    close(fd);
    assert_int_equal(doc_load_file(&fx->root, &fx->arena, path, NULL, &fx->diags), DOC_ERR_PARSE);
    strbuf_addf(&want, "%s:1:1: file is 1048577 bytes, larger than the 1048576-byte limit", path);
    expect_diag(fx, want.buf);

    /* Exactly at the limit is fine. */
    diag_list_release(&fx->diags);
    lim.max_file_bytes = 20;
    snprintf(path, sizeof(path), "%s/big.yaml", fx->tmp);
    assert_int_equal(doc_load_file(&fx->root, &fx->arena, path, &lim, &fx->diags), 0);
    assert_int_equal(fx->root->n, 4);
    strbuf_release(&want);
}

static void test_file_missing(void **state)
{
    struct fixture *fx = *state;
    struct strbuf want = STRBUF_INIT;
    char path[128];

    snprintf(path, sizeof(path), "%s/nope.yaml", fx_tmpdir(fx));
    assert_int_equal(doc_load_file(&fx->root, &fx->arena, path, NULL, &fx->diags), DOC_ERR_IO);
    assert_null(fx->root);
    strbuf_addf(&want, "%s: cannot open '%s': No such file or directory", path, path);
    expect_diag(fx, want.buf);
    assert_int_equal(fx->diags.items[0].line, 0);
    strbuf_release(&want);
}

static void test_file_directory(void **state)
{
    struct fixture *fx = *state;
    struct strbuf want = STRBUF_INIT;
    const char *dir = fx_tmpdir(fx);

    assert_int_equal(doc_load_file(&fx->root, &fx->arena, dir, NULL, &fx->diags), DOC_ERR_IO);
    strbuf_addf(&want, "%s: cannot read '%s': is a directory", dir, dir);
    expect_diag(fx, want.buf);
    strbuf_release(&want);
}

/* ------------------------------------------------------------------------ */
/* The small helpers. */

static const struct utf8_case {
    const char *name;
    const char *s;
    size_t len;
    int valid;
} utf8_cases[] = {
    { "utf8: empty", "", 0, 1 },
    { "utf8: ascii", "abc", 3, 1 },
    { "utf8: 2, 3 and 4 bytes", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9, 1 },
    { "utf8: U+10FFFF", "\xF4\x8F\xBF\xBF", 4, 1 },
    { "utf8: U+FFFF", "\xEF\xBF\xBF", 3, 1 },
    { "utf8: NUL is valid UTF-8", "a\0b", 3, 1 },
    { "utf8: bad trailing byte", "\xC3\x28", 2, 0 },
    { "utf8: overlong 2 bytes", "\xC1\xBF", 2, 0 },
    { "utf8: overlong 3 bytes", "\xE0\x80\xAF", 3, 0 },
    { "utf8: overlong 4 bytes", "\xF0\x8F\xBF\xBF", 4, 0 },
    { "utf8: surrogate", "\xED\xBF\xBF", 3, 0 },
    { "utf8: past U+10FFFF", "\xF4\x90\x80\x80", 4, 0 },
    { "utf8: F5 lead byte", "\xF5\x80\x80\x80", 4, 0 },
    { "utf8: FF", "\xFF", 1, 0 },
    { "utf8: truncated at the end", "ab\xE2\x82", 4, 0 },
    { "utf8: lone continuation", "\x80", 1, 0 },
};

static void test_utf8_valid(void **state)
{
    const struct fixture *fx = *state;
    const struct utf8_case *c = fx->row;

    assert_int_equal(utf8_valid(c->s, c->len), c->valid);
}

static const struct describe_case {
    const char *name;
    const char *yaml; /* "v: ..." */
    const char *want;
} describe_cases[] = {
    { "describe: string", "v: Lyon", "\"Lyon\"" },
    { "describe: escapes", "v: \"a\\\"b\\\\c\\nd\\te\\x7f\"", "\"a\\\"b\\\\c\\nd\\x09e\\x7f\"" },
    { "describe: long string cut", "v: 0123456789012345678901234567890123456789ABC", "\"0123456789012345678901234567890123456789...\"" },
    { "describe: cut after a whole character", "v: 012345678901234567890123456789012345678\xC3\xA9xyz",
      "\"012345678901234567890123456789012345678\xC3\xA9...\"" },
    { "describe: integer", "v: 0x1F", "0x1F" },
    { "describe: float", "v: -.inf", "-.inf" },
    { "describe: bool", "v: true", "true" },
    { "describe: null", "v: ~", "nothing" },
    { "describe: list", "v: [1]", "a list" },
    { "describe: mapping", "v: {a: 1}", "a mapping" },
};

static void test_describe(void **state)
{
    struct fixture *fx = *state;
    const struct describe_case *c = fx->row;
    struct strbuf sb = STRBUF_INIT;

    assert_int_equal(load_str(fx, c->yaml), 0);
    doc_describe(&sb, doc_map_get(fx->root, "v"));
    assert_string_equal(sb.buf, c->want);
    strbuf_release(&sb);
}

static void test_helpers(void **state)
{
    struct fixture *fx = *state;
    struct strbuf sb = STRBUF_INIT;

    doc_describe(&sb, NULL);
    assert_string_equal(sb.buf, "nothing");
    strbuf_release(&sb);
    assert_string_equal(doc_kind_name(DOC_NULL), "nothing");
    assert_string_equal(doc_kind_name(DOC_BOOL), "a boolean");
    assert_string_equal(doc_kind_name(DOC_INT), "an integer");
    assert_string_equal(doc_kind_name(DOC_FLOAT), "a number");
    assert_string_equal(doc_kind_name(DOC_STRING), "a string");
    assert_string_equal(doc_kind_name(DOC_SEQ), "a list");
    assert_string_equal(doc_kind_name(DOC_MAP), "a mapping");

    assert_int_equal(load_str(fx, "a: 1\nab: 2\n\"\": 3\nl: [x]\n"), 0);
    assert_int_equal(doc_map_get(fx->root, "a")->v.integer, 1);
    assert_int_equal(doc_map_get(fx->root, "ab")->v.integer, 2);
    assert_int_equal(doc_map_get(fx->root, "")->v.integer, 3);
    assert_null(doc_map_get(fx->root, "b"));
    assert_null(doc_map_get(fx->root, "a "));
    assert_null(doc_map_get(doc_map_get(fx->root, "l"), "x"));
    assert_null(doc_map_get(NULL, "a"));
    /* Keys are text even when they look like numbers or null. */
    assert_int_equal(load_str(fx, "1: a\nnull: b\ntrue: c\n"), 0);
    assert_int_equal(fx->root->v.pairs[0].key->kind, DOC_STRING);
    assert_string_equal(doc_map_get(fx->root, "null")->text, "b");
    assert_string_equal(doc_map_get(fx->root, "true")->text, "c");
    assert_string_equal(doc_map_get(fx->root, "1")->text, "a");
}

/* ------------------------------------------------------------------------ */
/* The YAML test suite. */

#define YTS_ARCHIVE "data/yaml-test-suite-data-2022-01-17.tgz"
#define YTS_CASES 402
#define YTS_INVALID 94 /* cases with an "error" file */

/* Invalid YAML that libyaml 0.2.5 parses without complaint. */
static const struct yts_exception {
    const char *id;
    const char *why;
} yts_invalid_accepted[] = {
    { "9C9N", "libyaml does not check the indentation of flow collection lines" },
    { "9JBA", "libyaml takes '#' right after ']' as a comment" },
    { "CVW2", "libyaml takes '#' right after ',' as a comment" },
    { "DK95/01", "libyaml allows a tab to indent a quoted scalar's continuation line" },
    { "G5U8", "libyaml takes a lone '-' in a flow sequence as a plain scalar" },
    { "MUS6/00", "libyaml takes '#' right after a directive's value as a comment" },
    { "QB6E", "libyaml does not check the indentation of a quoted scalar's continuation lines" },
    { "S98Z", "libyaml allows leading blank lines of a block scalar more indented than its content" },
    { "SU5Z", "libyaml takes '#' right after a quoted scalar as a comment" },
    { "X4QW", "libyaml takes '#' right after a block scalar indicator as a comment" },
    { "Y79Y/003", "libyaml allows a tab to indent inside a flow sequence in block context" },
    { "YJV2", "libyaml takes a lone '-' in a flow sequence as a plain scalar" },
};

/* Valid YAML that libyaml 0.2.5 refuses ("invalid YAML: ..."). */
static const struct yts_exception yts_valid_rejected[] = {
    { "2JQS", "libyaml: empty implicit key (': a')" },
    { "2LFX", "libyaml: reserved directive (%FOO)" },
    { "4ABK", "libyaml: flow mapping entry with an omitted value ('omitted value:,')" },
    { "4MUZ/00", "libyaml: flow mapping ':' on the line after its key" },
    { "4MUZ/01", "libyaml: flow mapping ':' on the line after its key" },
    { "4MUZ/02", "libyaml: flow mapping ':' on the line after its key" },
    { "58MP", "libyaml: flow plain scalar starting with ':' ('{x: :x}')" },
    { "5MUD", "libyaml: flow mapping ':' on the line after its key" },
    { "5T43", "libyaml: ':' adjacent to a JSON-like flow key ('\"key\"::value')" },
    { "6BCT", "libyaml: tab as separation space after '-'" },
    { "6CA3", "libyaml: tab before a top-level flow collection" },
    { "6LVF", "libyaml: reserved directive (%FOO)" },
    { "7Z25", "libyaml: bare document after '...'" },
    { "8XYN", "libyaml: non-ASCII character in an anchor name" },
    { "96NN/00", "libyaml: tab leading a block scalar's content" },
    { "96NN/01", "libyaml: tab leading a block scalar's content" },
    { "9SA2", "libyaml: multi-line double-quoted flow mapping key" },
    { "A2M4", "libyaml: tab as separation space after '-'" },
    { "BEC7", "libyaml: %YAML 1.3 directive (a warning in the spec)" },
    { "CFD4", "libyaml: empty implicit key in a flow sequence ('[ : x ]')" },
    { "DBG4", "libyaml: flow plain scalar starting with ':' ('::vector')" },
    { "DK3J", "libyaml: top-level block scalar with zero indentation" },
    { "DK95/00", "libyaml: tab on an indented line of a plain scalar" },
    { "DK95/03", "libyaml: tab-only line before the first key" },
    { "DK95/04", "libyaml: tab-only line between keys" },
    { "FP8R", "libyaml: top-level block scalar with zero indentation" },
    { "FRK4", "libyaml: empty values and keys in a flow mapping ('? foo :,')" },
    { "HM87/00", "libyaml: flow plain scalar starting with ':' ('[:x]')" },
    { "HWV9", "libyaml: stream of a lone '...'" },
    { "K3WX", "libyaml: flow mapping ':' on the line after its key and a comment" },
    { "M7A3", "libyaml: bare documents after '...'" },
    { "MUS6/05", "libyaml: unknown directive (%YAM)" },
    { "MUS6/06", "libyaml: unknown directive (%YAMLL)" },
    { "NHX8", "libyaml: empty implicit key (':')" },
    { "NJ66", "libyaml: multi-line plain flow mapping key" },
    { "NKF9", "libyaml: empty implicit key (': empty key')" },
    { "Q5MG", "libyaml: tab before a top-level flow mapping" },
    { "QT73", "libyaml: comment then '...' with no document" },
    { "R4YG", "libyaml: tab in a block scalar's leading blank line" },
    { "S3PD", "libyaml: empty implicit key (': # Both empty')" },
    { "SM9W/01", "libyaml: empty implicit key (':')" },
    { "UKK6/00", "libyaml: empty implicit key ('- :')" },
    { "UT92", "libyaml: flow plain scalar starting with '%' on a continuation line" },
    { "VJP3/01", "libyaml: flow mapping ':' on the line after its key" },
    { "W4TN", "libyaml: '%' at column 0 inside a block scalar taken as a directive" },
    { "W5VH", "libyaml: ':' and other indicators in an anchor name" },
    { "Y79Y/001", "libyaml: tab-only line in a block scalar" },
    { "Y79Y/010", "libyaml: tab as separation space after '-'" },
};

/* Valid YAML we accept whose tree differs from in.json, and why. */
static const struct yts_exception yts_json_mismatch[] = {
    { "652Z", "libyaml: '?' followed by a non-space in a flow mapping read as the key indicator, "
              "so '?foo' becomes the key 'foo'" },
    { "HM87/01", "libyaml: '?' followed by a non-space in a flow sequence read as the key indicator, "
                 "so '[?x]' becomes [{x: null}]" },
    { "JEF9/02", "libyaml: a kept (|+) block scalar whose only line holds spaces and no line break "
                 "loses that line break" },
    { "L24T/01", "libyaml: a block scalar's last line of spaces without a line break loses its line break" },
};

/* What the loader does with one case. */
enum yts_result {
    YTS_INVALID_REJECTED,
    YTS_INVALID_ACCEPTED,
    YTS_VALID_EQUAL,         /* accepted, equal to in.json */
    YTS_VALID_NO_JSON,       /* accepted, no in.json to compare with */
    YTS_VALID_MISMATCH,      /* accepted, differs from in.json */
    YTS_VALID_POLICY,        /* rejected with a policy message */
    YTS_VALID_LIBYAML,       /* rejected as "invalid YAML" */
    YTS_VALID_OTHER,         /* rejected with another message */
    YTS_NRESULTS
};

struct yts_case {
    char *id;       /* "SM9W/00" */
    enum yts_result result;
    char *message;  /* first diagnostic, or a description of the mismatch */
};

struct yts {
    int skipped;
    char dir[64];
    struct yts_case *cases;
    size_t n, alloc;
    size_t count[YTS_NRESULTS];
};

static struct yts *yts_collecting; /* nftw has no user pointer */

static int collect_case(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    struct yts *y = yts_collecting;
    size_t root = strlen(y->dir) + 1;

    (void)st;
    if (type == FTW_F && !strcmp(path + ftw->base, "in.yaml") && (size_t)ftw->base > root) {
        ALLOC_GROW(y->cases, y->n + 1, y->alloc);
        memset(&y->cases[y->n], 0, sizeof(y->cases[0]));
        y->cases[y->n++].id = xstrndup(path + root, (size_t)ftw->base - root - 1);
    }
    return 0;
}

static int compare_cases(const void *a, const void *b)
{
    return strcmp(((const struct yts_case *)a)->id, ((const struct yts_case *)b)->id);
}

/* The tree as JSON; NULL for what JSON cannot hold (infinities, NaN). */
static json_t *to_json(const struct doc_node *n)
{
    json_t *j = NULL;

    switch (n->kind) {
    case DOC_NULL: return json_null();
    case DOC_BOOL: return json_boolean(n->v.boolean);
    case DOC_INT: return json_integer(n->v.integer);
    case DOC_FLOAT: return json_real(n->v.real);
    case DOC_STRING: return json_stringn(n->text, n->n);
    case DOC_SEQ:
        j = json_array();
        for (size_t i = 0; i < n->n; i++) {
            json_t *item = to_json(n->v.items[i]);
            if (!item || json_array_append_new(j, item))
                goto fail;
        }
        return j;
    case DOC_MAP:
        j = json_object();
        for (size_t i = 0; i < n->n; i++) {
            json_t *value = to_json(n->v.pairs[i].value);
            if (!value || json_object_set_new(j, n->v.pairs[i].key->text, value))
                goto fail;
        }
        return j;
    }
fail:
    json_decref(j);
    return NULL;
}

/* Read every JSON document of in.json: *first gets the first, the count is returned. */
static size_t read_json_docs(json_t **first, const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    size_t pos = 0, ndocs = 0;

    *first = NULL;
    assert_int_equal(strbuf_read_file(&sb, path, 0), 0);
    for (;;) {
        json_error_t err;
        json_t *j;

        while (pos < sb.len && strchr(" \t\r\n", sb.buf[pos]))
            pos++;
        if (pos >= sb.len)
            break;
        j = json_loadb(sb.buf + pos, sb.len - pos, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
        if (!j)
            fail_msg("%s: %s", path, err.text);
        pos += (size_t)err.position;
        if (!ndocs)
            *first = j;
        else
            json_decref(j);
        ndocs++;
    }
    strbuf_release(&sb);
    return ndocs;
}

static const char *const policy_messages[] = {
    "anchors and aliases are not allowed",
    "tags outside the YAML core schema are not allowed",
    "mapping keys must be plain strings, not collections",
    "mapping keys must be plain strings",
    "only one document per file is allowed",
};

static int is_policy(const char *msg)
{
    if (!strncmp(msg, "duplicate key ", 14))
        return 1;
    for (size_t i = 0; i < ARRAY_SIZE(policy_messages); i++)
        if (!strcmp(msg, policy_messages[i]))
            return 1;
    return 0;
}

static void yts_run_case(struct yts *y, struct yts_case *c)
{
    struct arena arena = ARENA_INIT;
    struct diag_list diags = DIAG_LIST_INIT;
    struct strbuf path = STRBUF_INIT, yaml = STRBUF_INIT;
    struct doc_node *root;
    struct stat st;
    int invalid, rc;

    strbuf_addf(&path, "%s/%s/in.yaml", y->dir, c->id);
    assert_int_equal(strbuf_read_file(&yaml, path.buf, 0), 0);
    rc = doc_load_buffer(&root, &arena, c->id, yaml.buf, yaml.len, NULL, &diags);
    assert_int_equal(diags.n, rc ? 1 : 0);
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/%s/error", y->dir, c->id);
    invalid = stat(path.buf, &st) == 0;
    if (rc) {
        struct strbuf msg = STRBUF_INIT;

        diag_format(&msg, &diags.items[0]);
        c->message = strbuf_detach(&msg, NULL);
        c->result = invalid ? YTS_INVALID_REJECTED
                  : is_policy(diags.items[0].message) ? YTS_VALID_POLICY
                  : !strncmp(diags.items[0].message, "invalid YAML: ", 14) ? YTS_VALID_LIBYAML
                  : YTS_VALID_OTHER;
    } else if (invalid) {
        c->result = YTS_INVALID_ACCEPTED;
    } else {
        json_t *want = NULL, *got;
        size_t ndocs;

        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s/in.json", y->dir, c->id);
        if (stat(path.buf, &st)) {
            c->result = YTS_VALID_NO_JSON;
        } else {
            ndocs = read_json_docs(&want, path.buf);
            got = to_json(root);
            /* An in.json without documents goes with an empty stream. */
            if (ndocs == 0 ? root->kind == DOC_NULL : ndocs == 1 && got && json_equal(got, want)) {
                c->result = YTS_VALID_EQUAL;
            } else {
                char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
                char *w = want ? json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
                struct strbuf msg = STRBUF_INIT;

                strbuf_addf(&msg, "%zu document(s) in in.json; ours %s, expected %s", ndocs,
                            g ? g : "(not JSON)", w ? w : "(none)");
                c->message = strbuf_detach(&msg, NULL);
                c->result = YTS_VALID_MISMATCH;
                free(g);
                free(w);
            }
            json_decref(got);
            json_decref(want);
        }
    }
    y->count[c->result]++;
    strbuf_release(&path);
    strbuf_release(&yaml);
    diag_list_release(&diags);
    arena_release(&arena);
}

static int yts_teardown(void **state)
{
    struct yts *y = *state;

    if (!y)
        return 0;
    *state = NULL;
    test_remove_tree(y->dir);
    for (size_t i = 0; i < y->n; i++) {
        free(y->cases[i].id);
        free(y->cases[i].message);
    }
    free(y->cases);
    free(y);
    return 0;
}

/* Only the files the tests read: a quarter of the archive, so a quarter of the
 * time on a slow disk. */
static int run_tar(const char *archive, const char *dir)
{
    char *argv[] = { (char *)"tar", (char *)"xzf", (char *)archive, (char *)"-C", (char *)dir,
                     (char *)"--wildcards", (char *)"*/in.yaml", (char *)"*/in.json", (char *)"*/error", NULL };
    pid_t pid;
    int status;

    if (posix_spawnp(&pid, "tar", NULL, NULL, argv, environ))
        return -1;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
        return -1;
    return 0;
}

/* Extract the suite into a temp dir and run the loader on every case; the
 * tests then look at the results. */
static int yts_setup(void **state)
{
    struct yts *y = xcalloc(1, sizeof(*y));
    const char *shared = getenv("SCD_SHARED");
    struct strbuf archive = STRBUF_INIT;
    struct stat st;

    *state = y;
    if (!shared || !*shared) {
        if (stat("../shared", &st) || !S_ISDIR(st.st_mode)) {
            y->skipped = 1;
            return 0;
        }
        shared = "../shared";
    }
    strbuf_addf(&archive, "%s/" YTS_ARCHIVE, shared);
    if (stat(archive.buf, &st)) {
        print_error("cannot find '%s': %s\n", archive.buf, strerror(errno));
        goto fail;
    }
    snprintf(y->dir, sizeof(y->dir), "%s/scd-test-yts-XXXXXX", test_tmp_base());
    if (!mkdtemp(y->dir)) {
        *y->dir = '\0';
        print_error("cannot create a temporary directory: %s\n", strerror(errno));
        goto fail;
    }
    if (run_tar(archive.buf, y->dir)) {
        print_error("cannot extract '%s' into '%s'\n", archive.buf, y->dir);
        goto fail;
    }
    yts_collecting = y;
    nftw(y->dir, collect_case, 16, FTW_PHYS);
    yts_collecting = NULL;
    qsort(y->cases, y->n, sizeof(*y->cases), compare_cases);
    for (size_t i = 0; i < y->n; i++)
        yts_run_case(y, &y->cases[i]);
    strbuf_release(&archive);
    return 0;
fail:
    strbuf_release(&archive);
    /* Clean up here: whether cmocka runs the teardown after a failed setup
     * depends on its version. */
    yts_teardown(state);
    return -1;
}

static const struct yts_case *yts_find(const struct yts *y, const char *id)
{
    for (size_t i = 0; i < y->n; i++)
        if (!strcmp(y->cases[i].id, id))
            return &y->cases[i];
    return NULL;
}

static const struct yts_exception *exception_find(const struct yts_exception *t, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].id, id))
            return &t[i];
    return NULL;
}

/* Every case lands where its table says; every table row names a case that
 * still behaves that way, so the tables cannot rot. */
static void check_exact(const struct yts *y, enum yts_result result, const struct yts_exception *table,
                        size_t n, const char *what)
{
    size_t bad = 0;

    for (size_t i = 0; i < y->n; i++) {
        const struct yts_case *c = &y->cases[i];
        int listed = exception_find(table, n, c->id) != NULL;

        if ((c->result == result) != listed) {
            print_error("%s: %s %s%s%s\n", c->id, listed ? "is listed as" : "is not listed as", what,
                        c->message ? ": " : "", c->message ? c->message : "");
            bad++;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (*table[i].id && !yts_find(y, table[i].id)) {
            print_error("%s: listed as %s but not in the suite\n", table[i].id, what);
            bad++;
        }
    assert_int_equal(bad, 0);
}

#define YTS_STATE(y, state) \
    const struct yts *y = *(state); \
    if (y->skipped) \
        skip()

static void test_yts_cases(void **state)
{
    YTS_STATE(y, state);

    assert_int_equal(y->n, YTS_CASES);
    assert_int_equal(y->count[YTS_INVALID_REJECTED] + y->count[YTS_INVALID_ACCEPTED], YTS_INVALID);
}

static void test_yts_invalid(void **state)
{
    YTS_STATE(y, state);

    check_exact(y, YTS_INVALID_ACCEPTED, yts_invalid_accepted, ARRAY_SIZE(yts_invalid_accepted),
                "invalid YAML that libyaml accepts");
}

static void test_yts_valid(void **state)
{
    size_t bad = 0;
    YTS_STATE(y, state);

    check_exact(y, YTS_VALID_LIBYAML, yts_valid_rejected, ARRAY_SIZE(yts_valid_rejected),
                "valid YAML that libyaml rejects");
    check_exact(y, YTS_VALID_MISMATCH, yts_json_mismatch, ARRAY_SIZE(yts_json_mismatch),
                "accepted with a tree that differs from in.json");
    for (size_t i = 0; i < y->n; i++)
        if (y->cases[i].result == YTS_VALID_OTHER) {
            print_error("%s: valid, rejected with %s\n", y->cases[i].id, y->cases[i].message);
            bad++;
        }
    assert_int_equal(bad, 0);
}

static void test_yts_summary(void **state)
{
    YTS_STATE(y, state);

    printf("yaml-test-suite: %zu cases, %zu invalid rejected, %zu valid accepted and equal, "
           "%zu rejected by policy (%zu invalid accepted by libyaml, %zu valid rejected by libyaml, "
           "%zu valid accepted without in.json, %zu accepted with known differences)\n",
           y->n, y->count[YTS_INVALID_REJECTED], y->count[YTS_VALID_EQUAL], y->count[YTS_VALID_POLICY],
           y->count[YTS_INVALID_ACCEPTED], y->count[YTS_VALID_LIBYAML], y->count[YTS_VALID_NO_JSON],
           y->count[YTS_VALID_MISMATCH]);
    assert_true(y->count[YTS_VALID_EQUAL] >= 150);
    assert_true(y->count[YTS_VALID_POLICY] >= 50);
    assert_int_equal(y->count[YTS_VALID_OTHER], 0);
    {
        size_t total = 0;
        for (int r = 0; r < YTS_NRESULTS; r++)
            total += y->count[r];
        assert_int_equal(total, y->n);
    }
}

/* ------------------------------------------------------------------------ */

static struct CMUnitTest *tests;
static size_t ntests, tests_alloc;

static void add(const char *name, CMUnitTestFunction fn, const void *row)
{
    ALLOC_GROW(tests, ntests + 1, tests_alloc);
    tests[ntests++] = (struct CMUnitTest){ name, fn, setup, teardown, (void *)row };
}

#define ADD_ROWS(table, fn) \
    for (size_t i_ = 0; i_ < ARRAY_SIZE(table); i_++) \
        add((table)[i_].name, fn, &(table)[i_])
#define ADD(fn) add(#fn, fn, NULL)

int main(void)
{
    const struct CMUnitTest yts_tests[] = {
        cmocka_unit_test(test_yts_cases),
        cmocka_unit_test(test_yts_invalid),
        cmocka_unit_test(test_yts_valid),
        cmocka_unit_test(test_yts_summary),
    };
    int failed;

    ADD_ROWS(scalar_cases, test_scalar);
    ADD_ROWS(position_cases, test_position);
    ADD(test_positions_of_keys);
    ADD(test_utf8_bom);
    ADD_ROWS(empty_cases, test_empty);
    ADD_ROWS(reject_cases, test_reject);
    ADD_ROWS(limit_ok_cases, test_limit_ok);
    ADD_ROWS(nest_cases, test_nesting);
    ADD(test_duplicate_key_large_map);
    ADD(test_duplicate_key_small_map);
    ADD(test_large_map_keys_by_length);
    ADD_ROWS(path_cases, test_reject);
    ADD(test_file_ok);
    ADD(test_file_broken_names_file);
    ADD(test_file_too_big);
    ADD(test_file_missing);
    ADD(test_file_directory);
    ADD_ROWS(utf8_cases, test_utf8_valid);
    ADD_ROWS(describe_cases, test_describe);
    ADD(test_helpers);

    /* The group runner behind cmocka_run_group_tests(), which needs an array
     * of known size; ours is built from the tables above. */
    failed = _cmocka_run_group_tests("doc", tests, ntests, NULL, NULL);
    failed += cmocka_run_group_tests_name("yaml-test-suite", yts_tests, yts_setup, yts_teardown);
    free(tests);
    return failed ? 1 : 0;
}
