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

static int load_version(struct store *st, const char *kind, const char *id, long long version,
                        struct store_submission *out)
{
    struct store_submission latest;
    int r = store_submission_find(st, kind, id, (int)version, out);

    if (r == STORE_NOTFOUND) {
        if (store_submission_find(st, kind, id, 0, &latest) == 0) {
            fprintf(stderr, "scd diff: %s '%s' has no version %lld (versions 1 to %d)\n", kind, id, version,
                    latest.version);
            store_submission_release(&latest);
        } else {
            fprintf(stderr, "scd diff: %s '%s' has no version %lld\n", kind, id, version);
        }
        return EXIT_INVALID;
    }
    if (r < 0) {
        fprintf(stderr, "scd diff: %s\n", store_errmsg(st));
        return EXIT_FATAL;
    }
    return EXIT_OK;
}

static int run_diff(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "kind", required_argument, NULL, OPT_KIND },
        { "db", required_argument, NULL, OPT_DB },
        { "format", required_argument, NULL, CLI_OPT_FORMAT },
        { "root", required_argument, NULL, CLI_OPT_ROOT },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    const char *db = NULL, *kind_option = NULL, *kind = NULL, *id;
    struct store_submission a, b;
    struct arena arena = ARENA_INIT;
    struct docdiff diff = DOCDIFF_INIT;
    struct doc_node *da, *db_node;
    struct store *st;
    long long va, vb;
    int opt, rc, have_a = 0, have_b = 0;

    optind = 0;
    while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
        int handled = cli_common_option(&cmd_diff, opt, optarg, &ctx, &format);
        if (handled == -1)
            return EXIT_OK;
        if (handled == -2)
            return EXIT_USAGE;
        if (handled)
            continue;
        switch (opt) {
        case OPT_KIND: kind_option = optarg; break;
        case OPT_DB: db = optarg; break;
        default: return cli_usage_error(&cmd_diff, "unknown option");
        }
    }
    if (argc - optind != 3)
        return cli_usage_error(&cmd_diff, "expected an ID and two versions");
    id = argv[optind];
    if (submission_parse_number(argv[optind + 1], &va) < 0 || va > INT_MAX)
        return cli_usage_error(&cmd_diff, "bad version '%s' (expected 1, 2, ...)", argv[optind + 1]);
    if (submission_parse_number(argv[optind + 2], &vb) < 0 || vb > INT_MAX)
        return cli_usage_error(&cmd_diff, "bad version '%s' (expected 1, 2, ...)", argv[optind + 2]);
    if (kind_option && !submission_folder(kind_option))
        return cli_usage_error(&cmd_diff, "unknown kind '%s' (expected city or solution)", kind_option);
    st = submission_open_store("diff", db, ctx.root);
    if (!st)
        return EXIT_FATAL;
    rc = submission_resolve_kind(st, "diff", id, kind_option, &kind);
    if (rc)
        goto cleanup;
    rc = load_version(st, kind, id, va, &a);
    if (rc)
        goto cleanup;
    have_a = 1;
    rc = load_version(st, kind, id, vb, &b);
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
