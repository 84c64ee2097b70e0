/* cmd_submit.c - `scd submit`: validate a city or solution file and record
 * it as a new pending version (or, with --approve, publish it at once). */
#include "cli.h"
#include "diag.h"
#include "store.h"
#include "strbuf.h"
#include "submission.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define OPT_DB 2000
#define OPT_BY 2001
#define OPT_MESSAGE 'm'
#define OPT_APPROVE 2002

/* Larger than any file the loader accepts, so it is the loader that says
 * the file is too big, with its usual message. */
#define MAX_SUBMISSION_BYTES ((size_t)8 << 20)

struct submit_opts {
    const char *by, *message, *db;
    int approve;
};

static int submit_option(int opt, const char *arg, void *data)
{
    struct submit_opts *o = data;

    switch (opt) {
    case OPT_BY: o->by = arg; return 0;
    case OPT_MESSAGE: o->message = arg; return 0;
    case OPT_APPROVE: o->approve = 1; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_submit, "unknown option");
    }
}

static int run_submit(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "by", required_argument, NULL, OPT_BY },
        { "message", required_argument, NULL, OPT_MESSAGE },
        { "approve", no_argument, NULL, OPT_APPROVE },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct submit_opts opts = { NULL, NULL, NULL, 0 };
    const char *kind, *file;
    struct strbuf text = STRBUF_INIT, err = STRBUF_INIT, detail = STRBUF_INIT, object = STRBUF_INIT;
    struct diag_list diags = DIAG_LIST_INIT;
    struct store_submission sub;
    struct store *st = NULL;
    char *object_id = NULL, *path = NULL;
    int rc;

    memset(&sub, 0, sizeof(sub));
    rc = cli_parse(&cmd_submit, argc, argv, "f:hm:", options, &ctx, &format, submit_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind != 2)
        return cli_usage_error(&cmd_submit, "expected a kind (city or solution) and a FILE");
    kind = argv[optind];
    file = argv[optind + 1];
    if (!submission_folder(kind))
        return cli_usage_error(&cmd_submit, "unknown kind '%s' (expected city or solution)", kind);
    if (!opts.by || !*opts.by)
        return cli_usage_error(&cmd_submit, "--by NAME is required: who submits this");
    rc = EXIT_FATAL;

    if (strbuf_read_file(&text, file, MAX_SUBMISSION_BYTES) < 0) {
        fprintf(stderr, "scd submit: cannot open '%s': %s\n", file, strerror(errno));
        rc = errno == ENOENT || errno == EISDIR ? EXIT_USAGE : EXIT_FATAL;
        goto cleanup;
    }
    switch (submission_validate(ctx.root, kind, file, text.buf, text.len, &diags, &object_id, &err)) {
    case 0:
        break;
    case SUBMISSION_INVALID:
        if (format == FORMAT_JSON)
            diag_print_json(&diags, stdout);
        else
            diag_print_text(&diags, stdout);
        fprintf(stderr, "scd submit: '%s' not stored: %zu problem%s as a %s file\n", file, diags.n,
                diags.n == 1 ? "" : "s", kind);
        rc = EXIT_INVALID;
        goto cleanup;
    default:
        fprintf(stderr, "scd submit: '%s': %s\n", file, err.buf);
        goto cleanup;
    }

    /* Valid: only now is the database opened (and created on first use). */
    st = submission_open_store("submit", opts.db, ctx.root);
    if (!st)
        goto cleanup;
    if (submission_begin(st, ctx.root, stderr) < 0) {
        fprintf(stderr, "scd submit: %s\n", store_errmsg(st));
        goto cleanup;
    }
    if (store_submission_add(st, kind, object_id, opts.by, opts.message, text.buf, text.len,
                             opts.approve ? "approved" : "pending", &sub) < 0)
        goto db_fail;
    strbuf_addf(&object, "%s:%s", kind, object_id);
    strbuf_addf(&detail, "submission %lld, version %d, sha256 %s, from '%s'%s%s", sub.id, sub.version, sub.sha256,
                file, opts.message ? ", message: " : "", opts.message ? opts.message : "");
    if (store_audit(st, opts.by, "submit", object.buf, detail.buf) < 0)
        goto db_fail;
    if (opts.approve) {
        strbuf_reset(&detail);
        strbuf_addf(&detail, "submission %lld, version %d, sha256 %s, approved on submission", sub.id, sub.version,
                    sub.sha256);
        if (store_audit(st, opts.by, "approve", object.buf, detail.buf) < 0)
            goto db_fail;
        path = submission_file(ctx.root, kind, object_id);
        if (submission_publish(st, ctx.root, kind, object_id, text.buf, text.len, &err) < 0) {
            fprintf(stderr, "scd submit: %s %s not stored: %s\n", kind, object_id, err.buf);
            goto cleanup;
        }
    } else if (store_commit(st) < 0) {
        goto db_fail;
    }

    if (format == FORMAT_JSON) {
        json_t *o = submission_json(&sub, 0);
        json_object_set_new(o, "file", path ? json_string(path) : json_null());
        submission_print_json(o);
    } else if (opts.approve) {
        printf("stored submission %lld: %s '%s' version %d, approved and written to %s\n", sub.id, kind, object_id,
               sub.version, path);
    } else {
        printf("stored submission %lld: %s '%s' version %d, pending review (scd review %lld)\n", sub.id, kind,
               object_id, sub.version, sub.id);
    }
    rc = EXIT_OK;
    goto cleanup;

db_fail:
    fprintf(stderr, "scd submit: %s %s not stored: %s\n", kind, object_id, store_errmsg(st));
    store_rollback(st);
cleanup:
    store_submission_release(&sub);
    store_close(st);
    free(object_id);
    free(path);
    diag_list_release(&diags);
    strbuf_release(&text);
    strbuf_release(&err);
    strbuf_release(&detail);
    strbuf_release(&object);
    return rc;
}

const struct command cmd_submit = {
    "submit", run_submit,
    "scd submit city|solution FILE --by NAME [--message TEXT] [--approve] [--db PATH] [--format text|json]",
    "Validate a city or solution file and record it as a new version, pending review",
    "Arguments:\n"
    "  city|solution    what the file is; it is validated as that kind\n"
    "  FILE             the file; its `id` decides which object it is a version of\n"
    "Options:\n"
    "  --by NAME        who submits (required)\n"
    "  -m, --message T  a note kept with the version\n"
    "  --approve        the program officer's own edit: record it approved and write it\n"
    "                   into cities/ or solutions/ at once\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default) or json: the stored version, or the problems found\n"
    "Every problem is printed as `scd validate` prints it and nothing is stored.\n"
    "Exit status: 0 stored, 1 the file has problems, 2 usage error or no such FILE,\n"
    "3 database or I/O failure.\n"
};
