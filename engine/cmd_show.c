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

static int run_show(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "version", required_argument, NULL, OPT_VERSION },
        { "kind", required_argument, NULL, OPT_KIND },
        { "db", required_argument, NULL, OPT_DB },
        { "format", required_argument, NULL, CLI_OPT_FORMAT },
        { "root", required_argument, NULL, CLI_OPT_ROOT },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    const char *db = NULL, *kind_option = NULL, *kind = NULL, *version_arg = NULL;
    struct store_submission sub, latest;
    struct store *st;
    long long version = 0;
    int opt, rc, r;

    optind = 0;
    while ((opt = getopt_long(argc, argv, "f:hv:", options, NULL)) != -1) {
        int handled = cli_common_option(&cmd_show, opt, optarg, &ctx, &format);
        if (handled == -1)
            return EXIT_OK;
        if (handled == -2)
            return EXIT_USAGE;
        if (handled)
            continue;
        switch (opt) {
        case OPT_VERSION: version_arg = optarg; break;
        case OPT_KIND: kind_option = optarg; break;
        case OPT_DB: db = optarg; break;
        default: return cli_usage_error(&cmd_show, "unknown option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error(&cmd_show, "expected one ID (a city or solution id)");
    if (version_arg && (submission_parse_number(version_arg, &version) < 0 || version > INT_MAX))
        return cli_usage_error(&cmd_show, "bad version '%s' (expected 1, 2, ...)", version_arg);
    if (kind_option && !submission_folder(kind_option))
        return cli_usage_error(&cmd_show, "unknown kind '%s' (expected city or solution)", kind_option);
    st = submission_open_store("show", db, ctx.root);
    if (!st)
        return EXIT_FATAL;
    rc = submission_resolve_kind(st, "show", argv[optind], kind_option, &kind);
    if (rc)
        goto cleanup;
    r = store_submission_find(st, kind, argv[optind], (int)version, &sub);
    if (r == STORE_NOTFOUND) {
        rc = EXIT_INVALID;
        if (store_submission_find(st, kind, argv[optind], 0, &latest) == 0) {
            fprintf(stderr, "scd show: %s '%s' has no version %lld (versions 1 to %d)\n", kind, argv[optind],
                    version, latest.version);
            store_submission_release(&latest);
        } else {
            fprintf(stderr, "scd show: %s '%s' has no version %lld\n", kind, argv[optind], version);
        }
        goto cleanup;
    }
    if (r < 0) {
        fprintf(stderr, "scd show: %s\n", store_errmsg(st));
        rc = EXIT_FATAL;
        goto cleanup;
    }
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
