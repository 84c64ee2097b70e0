/* cmd_show.c - `scd show ID [--version N]`: print one stored version,
 * byte for byte as it was submitted. */
#include "cli.h"
#include "store.h"
#include "submission.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#define OPT_DB 2000
#define OPT_KIND 2001
#define OPT_VERSION 'v'

struct show_opts {
    const char *db, *kind, *version;
};

static int show_option(int opt, const char *arg, void *data)
{
    struct show_opts *o = data;

    switch (opt) {
    case OPT_VERSION: o->version = arg; return 0;
    case OPT_KIND: o->kind = arg; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_show, "unknown option");
    }
}

static int run_show(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "version", required_argument, NULL, OPT_VERSION },
        { "kind", required_argument, NULL, OPT_KIND },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct show_opts opts = { NULL, NULL, NULL };
    const char *kind = NULL;
    struct store_submission sub;
    struct store *st;
    long long version = 0;
    int rc;

    rc = cli_parse(&cmd_show, argc, argv, "f:hv:", options, &ctx, &format, show_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind != 1)
        return cli_usage_error(&cmd_show, "expected one ID (a city or solution id)");
    if (opts.version && (submission_parse_number(opts.version, &version) < 0 || version > INT_MAX))
        return cli_usage_error(&cmd_show, "bad version '%s' (expected 1, 2, ...)", opts.version);
    if (opts.kind && !submission_folder(opts.kind))
        return cli_usage_error(&cmd_show, "unknown kind '%s' (expected city or solution)", opts.kind);
    rc = submission_open_object("show", opts.db, ctx.root, argv[optind], opts.kind, &st, &kind);
    if (rc)
        goto cleanup;
    rc = submission_load_version(st, "show", kind, argv[optind], version, &sub);
    if (rc)
        goto cleanup;
    if (format == FORMAT_JSON) {
        submission_print_json(submission_json(&sub, 1));
    } else {
        fprintf(stderr, "%s '%s' version %d (submission %lld), %s, submitted by %s at %s\n", kind, argv[optind],
                sub.version, sub.id, sub.status, sub.submitted_by, sub.submitted_at);
        fwrite(sub.body, 1, sub.body_len, stdout);
    }
    store_submission_release(&sub);
    rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_FATAL;
cleanup:
    store_close(st);
    return rc;
}

const struct command cmd_show = {
    "show", run_show,
    "scd show ID [--version N] [--kind city|solution] [--db PATH] [--format text|json]",
    "Print one stored version of a city or solution, exactly as it was submitted",
    "Arguments:\n"
    "  ID               a city or solution id\n"
    "Options:\n"
    "  -v, --version N  which version (default: the latest submitted, whatever its status)\n"
    "  --kind K         city or solution, when the id is both\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default: the text on stdout, a one-line summary on stderr) or json:\n"
    "                   the columns as in `scd history` plus body\n"
    "Exit status: 0 printed, 1 unknown id or no such version, 2 usage error, 3 database failure.\n"
};
