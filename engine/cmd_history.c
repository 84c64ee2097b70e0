/* cmd_history.c - `scd history ID`: every version of a city or solution and
 * its review status. */
#include "cli.h"
#include "store.h"
#include "submission.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define OPT_DB 2000
#define OPT_KIND 2001

/* Shorten s to at most width bytes for a table cell (UTF-8 aware), into buf. */
static const char *cell(const char *s, size_t width, char *buf, size_t size)
{
    size_t n;

    if (!s)
        return "";
    n = strlen(s);
    if (n <= width || width + 4 > size)
        return s;
    n = width - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "…", sizeof("…"));
    return buf;
}

struct history_opts {
    const char *db, *kind;
};

static int history_option(int opt, const char *arg, void *data)
{
    struct history_opts *o = data;

    switch (opt) {
    case OPT_KIND: o->kind = arg; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_history, "unknown option");
    }
}

static int run_history(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "kind", required_argument, NULL, OPT_KIND },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct history_opts opts = { NULL, NULL };
    const char *kind = NULL;
    struct store_submission_list list = STORE_SUBMISSION_LIST_INIT;
    struct store_filter filter = { NULL, NULL, NULL, 0, 0 };
    struct store *st;
    int rc;

    rc = cli_parse(&cmd_history, argc, argv, "f:h", options, &ctx, &format, history_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind != 1)
        return cli_usage_error(&cmd_history, "expected one ID (a city or solution id)");
    if (opts.kind && !submission_folder(opts.kind))
        return cli_usage_error(&cmd_history, "unknown kind '%s' (expected city or solution)", opts.kind);
    rc = submission_open_object("history", opts.db, ctx.root, argv[optind], opts.kind, &st, &kind);
    if (rc)
        goto cleanup;
    filter.kind = kind;
    filter.object_id = argv[optind];
    if (store_submission_list(st, &filter, &list) < 0) {
        fprintf(stderr, "scd history: %s\n", store_errmsg(st));
        rc = EXIT_FATAL;
        goto cleanup;
    }
    if (format == FORMAT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; i < list.n; i++)
            json_array_append_new(arr, submission_json(&list.items[i], 0));
        submission_print_json(arr);
    } else {
        char b0[64], b1[64], b2[128];
        printf("%s '%s'\n", kind, argv[optind]);
        printf("%-7s  %-10s  %-8s  %-16s  %-20s  %-16s  %-12s  %s\n", "VERSION", "SUBMISSION", "STATUS",
               "SUBMITTED BY", "SUBMITTED AT", "REVIEWED BY", "SHA-256", "NOTE");
        for (size_t i = 0; i < list.n; i++) {
            const struct store_submission *s = &list.items[i];
            const char *note = s->reason ? s->reason : s->message;
            printf("%-7d  %-10lld  %-8s  %-16s  %-20s  %-16s  %.12s  %s\n", s->version, s->id, s->status,
                   cell(s->submitted_by, 16, b0, sizeof(b0)), s->submitted_at,
                   s->reviewed_by ? cell(s->reviewed_by, 16, b1, sizeof(b1)) : "-", s->sha256,
                   note ? cell(note, 60, b2, sizeof(b2)) : "");
        }
    }
    rc = EXIT_OK;
cleanup:
    store_submission_list_release(&list);
    store_close(st);
    return rc;
}

const struct command cmd_history = {
    "history", run_history,
    "scd history ID [--kind city|solution] [--db PATH] [--format text|json]",
    "List every submitted version of a city or solution and its status",
    "Arguments:\n"
    "  ID               a city or solution id (the `id` inside its file)\n"
    "Options:\n"
    "  --kind K         city or solution, when the id is both\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default; NOTE is the reason of a rejection, else the message)\n"
    "                   or json: an array of {id, kind, object_id, version, status,\n"
    "                   submitted_by, submitted_at, message, sha256, reviewed_by, reviewed_at,\n"
    "                   reason}\n"
    "Exit status: 0 listed, 1 unknown id, 2 usage error, 3 database failure.\n"
};
