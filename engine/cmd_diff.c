/* cmd_diff.c - `scd diff ID A B`: what changed between two stored versions,
 * as field paths. */
#include "arena.h"
#include "cli.h"
#include "doc.h"
#include "docdiff.h"
#include "store.h"
#include "submission.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#define OPT_DB 2000
#define OPT_KIND 2001

struct diff_opts {
    const char *db, *kind;
};

static int diff_option(int opt, const char *arg, void *data)
{
    struct diff_opts *o = data;

    switch (opt) {
    case OPT_KIND: o->kind = arg; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_diff, "unknown option");
    }
}

static int run_diff(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "kind", required_argument, NULL, OPT_KIND },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct diff_opts opts = { NULL, NULL };
    const char *kind = NULL, *id;
    struct store_submission a, b;
    struct arena arena = ARENA_INIT;
    struct docdiff diff = DOCDIFF_INIT;
    struct doc_node *da, *db_node;
    struct store *st;
    long long va, vb;
    int rc, have_a = 0, have_b = 0;

    rc = cli_parse(&cmd_diff, argc, argv, "f:h", options, &ctx, &format, diff_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind != 3)
        return cli_usage_error(&cmd_diff, "expected an ID and two versions");
    id = argv[optind];
    if (submission_parse_number(argv[optind + 1], &va) < 0 || va > INT_MAX)
        return cli_usage_error(&cmd_diff, "bad version '%s' (expected 1, 2, ...)", argv[optind + 1]);
    if (submission_parse_number(argv[optind + 2], &vb) < 0 || vb > INT_MAX)
        return cli_usage_error(&cmd_diff, "bad version '%s' (expected 1, 2, ...)", argv[optind + 2]);
    if (opts.kind && !submission_folder(opts.kind))
        return cli_usage_error(&cmd_diff, "unknown kind '%s' (expected city or solution)", opts.kind);
    rc = submission_open_object("diff", opts.db, ctx.root, id, opts.kind, &st, &kind);
    if (rc)
        goto cleanup;
    rc = submission_load_version(st, "diff", kind, id, va, &a);
    if (rc)
        goto cleanup;
    have_a = 1;
    rc = submission_load_version(st, "diff", kind, id, vb, &b);
    if (rc)
        goto cleanup;
    have_b = 1;
    da = submission_parse(&arena, "version A", a.body, a.body_len);
    db_node = submission_parse(&arena, "version B", b.body, b.body_len);
    if (!da || !db_node) {
        rc = EXIT_FATAL;
        goto cleanup;
    }
    docdiff_compute(&diff, da, db_node);
    if (format == FORMAT_JSON) {
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(kind));
        json_object_set_new(o, "object_id", json_string(id));
        json_object_set_new(o, "from", json_integer(a.version));
        json_object_set_new(o, "to", json_integer(b.version));
        json_object_set_new(o, "changes", docdiff_to_json(&diff));
        submission_print_json(o);
    } else {
        printf("%s '%s': version %d → version %d\n", kind, id, a.version, b.version);
        docdiff_print_text(&diff, stdout, "");
    }
    rc = EXIT_OK;
cleanup:
    if (have_a)
        store_submission_release(&a);
    if (have_b)
        store_submission_release(&b);
    docdiff_release(&diff);
    arena_release(&arena);
    store_close(st);
    return rc;
}

const struct command cmd_diff = {
    "diff", run_diff,
    "scd diff ID A B [--kind city|solution] [--db PATH] [--format text|json]",
    "Show what changed between two stored versions of a city or solution, as field paths",
    "Arguments:\n"
    "  ID               a city or solution id\n"
    "  A B              two version numbers (as `scd history ID` lists them)\n"
    "Options:\n"
    "  --kind K         city or solution, when the id is both\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default): one `path: old → new` line per change, `(absent)` for\n"
    "                   an added or removed field; json: {kind, object_id, from, to, changes:\n"
    "                   [{path, change, old, new}]}\n"
    "Lists of items with an `id` (such as problems) are matched by id: `problems[id=traffic].title`.\n"
    "Exit status: 0 shown (also when nothing changed), 1 unknown id or version, 2 usage error,\n"
    "3 database failure.\n"
};
