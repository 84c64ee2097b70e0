/* cmd_audit.c - `scd audit [--since DATE]`: the append-only audit log. */
#include "cli.h"
#include "store.h"
#include "submission.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define OPT_DB 2000
#define OPT_SINCE 2001

/* YYYY-MM-DD, optionally followed by THH:MM, THH:MM:SS and a final Z: the
 * prefix of the stored ISO 8601 UTC times, so they compare as text. */
static int valid_since(const char *s)
{
    static const char *const shapes[] = { "dddd-dd-dd", "dddd-dd-ddTdd:dd", "dddd-dd-ddTdd:dd:dd",
                                          "dddd-dd-ddTdd:dd:ddZ" };
    size_t n = strlen(s);

    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        const char *p = shapes[i];
        size_t j;
        if (strlen(p) != n)
            continue;
        for (j = 0; j < n; j++)
            if (p[j] == 'd' ? !(s[j] >= '0' && s[j] <= '9') : s[j] != p[j])
                break;
        if (j == n) {
            int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
            return month >= 1 && month <= 12 && day >= 1 && day <= 31;
        }
    }
    return 0;
}

struct audit_opts {
    const char *db, *since;
};

static int audit_option(int opt, const char *arg, void *data)
{
    struct audit_opts *o = data;

    switch (opt) {
    case OPT_SINCE: o->since = arg; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_audit, "unknown option");
    }
}

static int run_audit(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "since", required_argument, NULL, OPT_SINCE },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct audit_opts opts = { NULL, NULL };
    struct store_audit_list rows = STORE_AUDIT_LIST_INIT;
    struct store *st;
    int rc;

    rc = cli_parse(&cmd_audit, argc, argv, "f:h", options, &ctx, &format, audit_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc != optind)
        return cli_usage_error(&cmd_audit, "unexpected argument '%s'", argv[optind]);
    if (opts.since && !valid_since(opts.since))
        return cli_usage_error(&cmd_audit, "bad date '%s' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)",
                               opts.since);
    st = submission_open_store("audit", opts.db, ctx.root);
    if (!st)
        return EXIT_FATAL;
    if (store_audit_rows(st, opts.since, &rows) < 0) {
        fprintf(stderr, "scd audit: %s\n", store_errmsg(st));
        rc = EXIT_FATAL;
        goto cleanup;
    }
    if (format == FORMAT_JSON) {
        json_t *arr = json_array();
        for (size_t i = 0; i < rows.n; i++) {
            const struct store_audit_row *r = &rows.items[i];
            json_t *o = json_object();
            json_object_set_new(o, "id", json_integer(r->id));
            json_object_set_new(o, "at", json_string(r->at));
            json_object_set_new(o, "who", r->who ? json_string(r->who) : json_null());
            json_object_set_new(o, "action", json_string(r->action));
            json_object_set_new(o, "object", r->object ? json_string(r->object) : json_null());
            json_object_set_new(o, "detail", r->detail ? json_string(r->detail) : json_null());
            json_array_append_new(arr, o);
        }
        submission_print_json(arr);
    } else {
        printf("%-6s  %-20s  %-16s  %-10s  %-28s  %s\n", "ID", "AT", "WHO", "ACTION", "OBJECT", "DETAIL");
        for (size_t i = 0; i < rows.n; i++) {
            const struct store_audit_row *r = &rows.items[i];
            printf("%-6lld  %-20s  %-16s  %-10s  %-28s  %s\n", r->id, r->at, r->who ? r->who : "-", r->action,
                   r->object ? r->object : "-", r->detail ? r->detail : "");
        }
    }
cleanup:
    store_audit_list_release(&rows);
    store_close(st);
    return rc;
}

const struct command cmd_audit = {
    "audit", run_audit,
    "scd audit [--since DATE] [--db PATH] [--format text|json]",
    "Print the audit log: every submission, review, session, export and repair",
    "Options:\n"
    "  --since DATE     only rows at or after DATE (UTC): YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default) or json: an array of {id, at, who, action, object,\n"
    "                   detail}, oldest first\n"
    "Rows are only ever appended: the program never updates or deletes them.\n"
    "Exit status: 0 printed, 2 usage error, 3 database failure.\n"
};
