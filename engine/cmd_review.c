/* cmd_review.c - `scd review`: list pending versions with what they change,
 * and approve (publish into the registry) or reject one. */
#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "docdiff.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "submission.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define OPT_DB 2000
#define OPT_BY 2001
#define OPT_APPROVE 2002
#define OPT_REJECT 2003
#define OPT_REASON 2004

/* What a version is compared with: the latest approved version before it
 * (any approved version when it is pending), else the registry file of
 * that id when there is one, else nothing (a new object). */
struct base {
    struct store_submission sub; /* set when have_sub */
    int have_sub;
    char *file;                  /* registry file, when no approved version */
    struct strbuf text;
};

static int find_base(struct store *st, const char *root, const struct store_submission *s, struct base *out)
{
    struct store_filter filter = { "approved", s->kind, s->object_id, 0, 1 };
    struct store_submission_list list = STORE_SUBMISSION_LIST_INIT;
    int pending = !strcmp(s->status, "pending");
    size_t best = (size_t)-1;

    memset(out, 0, sizeof(*out));
    strbuf_init(&out->text);
    if (store_submission_list(st, &filter, &list) < 0)
        return STORE_ERR;
    for (size_t i = 0; i < list.n; i++)
        if (list.items[i].id != s->id && (pending || list.items[i].version < s->version) &&
            (best == (size_t)-1 || list.items[i].version > list.items[best].version))
            best = i;
    if (best != (size_t)-1) {
        out->sub = list.items[best];
        memset(&list.items[best], 0, sizeof(list.items[best]));
        out->have_sub = 1;
        strbuf_add(&out->text, out->sub.body, out->sub.body_len);
    } else {
        char *file = submission_file(root, s->kind, s->object_id);
        if (strbuf_read_file(&out->text, file, (size_t)8 << 20) == 0)
            out->file = file;
        else
            free(file);
    }
    store_submission_list_release(&list);
    return 0;
}

static void base_release(struct base *b)
{
    if (b->have_sub)
        store_submission_release(&b->sub);
    free(b->file);
    strbuf_release(&b->text);
}

/* One version and its changes, as text or as a JSON object. */
static int describe(struct store *st, const char *root, const struct store_submission *s,
                    enum output_format format, json_t *json_list)
{
    struct arena arena = ARENA_INIT;
    struct docdiff diff = DOCDIFF_INIT;
    struct base base;
    struct doc_node *a = NULL, *b;
    char what[64];

    if (find_base(st, root, s, &base) < 0)
        return STORE_ERR;
    snprintf(what, sizeof(what), "submission %lld", s->id);
    b = submission_parse(&arena, what, s->body, s->body_len);
    if (base.have_sub || base.file)
        a = submission_parse(&arena, base.file ? base.file : "approved version", base.text.buf, base.text.len);
    if (a && b)
        docdiff_compute(&diff, a, b);

    if (format == FORMAT_JSON) {
        json_t *o = submission_json(s, 0), *against = json_null();
        if (base.have_sub) {
            against = json_object();
            json_object_set_new(against, "version", json_integer(base.sub.version));
            json_object_set_new(against, "submission", json_integer(base.sub.id));
        } else if (base.file) {
            against = json_object();
            json_object_set_new(against, "file", json_string(base.file));
        }
        json_object_set_new(o, "against", against);
        json_object_set_new(o, "changes", a && b ? docdiff_to_json(&diff) : json_null());
        json_array_append_new(json_list, o);
    } else {
        printf("submission %lld: %s '%s' version %d, %s\n", s->id, s->kind, s->object_id, s->version, s->status);
        printf("  submitted by %s at %s%s%s%s\n", s->submitted_by, s->submitted_at, s->message ? ": \"" : "",
               s->message ? s->message : "", s->message ? "\"" : "");
        if (s->reviewed_by)
            printf("  %s by %s at %s%s%s\n", s->status, s->reviewed_by, s->reviewed_at ? s->reviewed_at : "?",
                   s->reason ? ": " : "", s->reason ? s->reason : "");
        if (base.have_sub)
            printf("  changes against approved version %d (submission %lld):\n", base.sub.version, base.sub.id);
        else if (base.file)
            printf("  changes against %s (never submitted):\n", base.file);
        else
            printf("  new %s: no approved version and no file in the registry\n", s->kind);
        if (a && b)
            docdiff_print_text(&diff, stdout, "    ");
        else if (base.have_sub || base.file)
            printf("    (cannot compare: a text does not parse)\n");
    }
    docdiff_release(&diff);
    arena_release(&arena);
    base_release(&base);
    return 0;
}

static int list_pending(struct store *st, const char *root, enum output_format format)
{
    struct store_filter filter = { "pending", NULL, NULL, 0, 1 };
    struct store_submission_list list = STORE_SUBMISSION_LIST_INIT;
    json_t *arr = json_array();
    int rc = EXIT_OK;

    if (store_submission_list(st, &filter, &list) < 0) {
        fprintf(stderr, "scd review: %s\n", store_errmsg(st));
        rc = EXIT_FATAL;
        goto cleanup;
    }
    for (size_t i = 0; i < list.n; i++) {
        if (format == FORMAT_TEXT && i)
            putchar('\n');
        if (describe(st, root, &list.items[i], format, arr) < 0) {
            fprintf(stderr, "scd review: %s\n", store_errmsg(st));
            rc = EXIT_FATAL;
            goto cleanup;
        }
    }
    if (format == FORMAT_JSON) {
        submission_print_json(arr);
        arr = NULL;
    } else if (!list.n) {
        printf("no submissions pending review\n");
    } else {
        fprintf(stderr, "%zu submission%s pending review\n", list.n, list.n == 1 ? "" : "s");
    }
cleanup:
    json_decref(arr);
    store_submission_list_release(&list);
    return rc;
}

/* Approve: re-validated against today's rules, refused when a newer
 * version is already approved, then published (see submission.h). */
static int approve(struct store *st, const char *root, struct store_submission *s, const char *by,
                   enum output_format format)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct strbuf err = STRBUF_INIT, object = STRBUF_INIT, detail = STRBUF_INIT, display = STRBUF_INIT;
    struct store_submission latest, updated;
    char *object_id = NULL, *path = NULL;
    int rc = EXIT_FATAL, r;

    memset(&updated, 0, sizeof(updated));
    strbuf_addf(&display, "submission %lld (%s/%s.yaml)", s->id, submission_folder(s->kind), s->object_id);
    r = submission_validate(root, s->kind, display.buf, s->body, s->body_len, &diags, &object_id, &err);
    if (r == SUBMISSION_INVALID || (r == 0 && strcmp(object_id, s->object_id))) {
        diag_print_text(&diags, stdout);
        fprintf(stderr, "scd review: cannot approve submission %lld (%s '%s' version %d): it is not valid against "
                "the registry's current rules and vendors; reject it or submit a corrected version\n",
                s->id, s->kind, s->object_id, s->version);
        rc = EXIT_INVALID;
        goto cleanup;
    } else if (r < 0) {
        fprintf(stderr, "scd review: submission %lld: %s\n", s->id, err.buf);
        goto cleanup;
    }

    if (submission_begin(st, root, stderr) < 0)
        goto db_fail;
    r = store_latest_approved(st, s->kind, s->object_id, &latest);
    if (r == STORE_ERR)
        goto db_fail;
    if (r == 0) {
        int newer = latest.version > s->version;
        int latest_version = latest.version;
        store_submission_release(&latest);
        if (newer) {
            store_rollback(st);
            fprintf(stderr, "scd review: cannot approve submission %lld: it is version %d of %s '%s', older than "
                    "approved version %d; submit it again to make it current\n", s->id, s->version, s->kind,
                    s->object_id, latest_version);
            rc = EXIT_INVALID;
            goto cleanup;
        }
    }
    r = store_submission_review(st, s->id, "approved", by, NULL);
    if (r == STORE_CONFLICT || r == STORE_NOTFOUND) {
        store_rollback(st);
        fprintf(stderr, "scd review: cannot approve: %s\n", store_errmsg(st));
        rc = EXIT_INVALID;
        goto cleanup;
    }
    if (r < 0)
        goto db_fail;
    strbuf_addf(&object, "%s:%s", s->kind, s->object_id);
    strbuf_addf(&detail, "submission %lld, version %d, sha256 %s", s->id, s->version, s->sha256);
    if (store_audit(st, by, "approve", object.buf, detail.buf) < 0)
        goto db_fail;
    path = submission_file(root, s->kind, s->object_id);
    if (submission_publish(st, root, s->kind, s->object_id, s->body, s->body_len, &err) < 0) {
        fprintf(stderr, "scd review: submission %lld not approved: %s\n", s->id, err.buf);
        goto cleanup;
    }
    if (format == FORMAT_JSON && store_submission_get(st, s->id, &updated) == 0) {
        json_t *o = submission_json(&updated, 0);
        json_object_set_new(o, "file", json_string(path));
        submission_print_json(o);
    } else {
        printf("approved submission %lld: %s '%s' version %d, written to %s\n", s->id, s->kind, s->object_id,
               s->version, path);
    }
    rc = EXIT_OK;
    goto cleanup;
db_fail:
    fprintf(stderr, "scd review: submission %lld: %s\n", s->id, store_errmsg(st));
    store_rollback(st);
cleanup:
    store_submission_release(&updated);
    diag_list_release(&diags);
    strbuf_release(&err);
    strbuf_release(&object);
    strbuf_release(&detail);
    strbuf_release(&display);
    free(object_id);
    free(path);
    return rc;
}

static int reject(struct store *st, const char *root, struct store_submission *s, const char *by, const char *reason,
                  enum output_format format)
{
    struct strbuf object = STRBUF_INIT, detail = STRBUF_INIT;
    struct store_submission updated;
    int rc = EXIT_FATAL, r;

    memset(&updated, 0, sizeof(updated));
    if (submission_begin(st, root, stderr) < 0)
        goto db_fail;
    r = store_submission_review(st, s->id, "rejected", by, reason);
    if (r == STORE_CONFLICT || r == STORE_NOTFOUND) {
        store_rollback(st);
        fprintf(stderr, "scd review: cannot reject: %s\n", store_errmsg(st));
        rc = EXIT_INVALID;
        goto cleanup;
    }
    if (r < 0)
        goto db_fail;
    strbuf_addf(&object, "%s:%s", s->kind, s->object_id);
    strbuf_addf(&detail, "submission %lld, version %d, reason: %s", s->id, s->version, reason);
    if (store_audit(st, by, "reject", object.buf, detail.buf) < 0 || store_commit(st) < 0)
        goto db_fail;
    if (format == FORMAT_JSON && store_submission_get(st, s->id, &updated) == 0)
        submission_print_json(submission_json(&updated, 0));
    else
        printf("rejected submission %lld: %s '%s' version %d\n", s->id, s->kind, s->object_id, s->version);
    rc = EXIT_OK;
    goto cleanup;
db_fail:
    fprintf(stderr, "scd review: submission %lld: %s\n", s->id, store_errmsg(st));
    store_rollback(st);
cleanup:
    store_submission_release(&updated);
    strbuf_release(&object);
    strbuf_release(&detail);
    return rc;
}

struct review_opts {
    const char *by, *reason, *db;
    int approve, reject;
};

static int review_option(int opt, const char *arg, void *data)
{
    struct review_opts *o = data;

    switch (opt) {
    case OPT_APPROVE: o->approve = 1; return 0;
    case OPT_REJECT: o->reject = 1; return 0;
    case OPT_REASON: o->reason = arg; return 0;
    case OPT_BY: o->by = arg; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_review, "unknown option");
    }
}

static int run_review(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "approve", no_argument, NULL, OPT_APPROVE },
        { "reject", no_argument, NULL, OPT_REJECT },
        { "reason", required_argument, NULL, OPT_REASON },
        { "by", required_argument, NULL, OPT_BY },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct review_opts opts = { NULL, NULL, NULL, 0, 0 };
    struct store_submission sub;
    struct store *st = NULL;
    long long id = 0;
    int rc, r;

    memset(&sub, 0, sizeof(sub));
    rc = cli_parse(&cmd_review, argc, argv, "f:h", options, &ctx, &format, review_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind > 1)
        return cli_usage_error(&cmd_review, "expected at most one submission ID");
    if (argc - optind == 1 && submission_parse_number(argv[optind], &id) < 0)
        return cli_usage_error(&cmd_review, "'%s' is not a submission id (a number, as `scd review` lists them)",
                               argv[optind]);
    if (opts.approve && opts.reject)
        return cli_usage_error(&cmd_review, "--approve and --reject exclude each other");
    if ((opts.approve || opts.reject) && !id)
        return cli_usage_error(&cmd_review, "--%s needs a submission ID", opts.approve ? "approve" : "reject");
    if ((opts.approve || opts.reject) && (!opts.by || !*opts.by))
        return cli_usage_error(&cmd_review, "--by NAME is required: who reviews");
    if (opts.reject && (!opts.reason || !*opts.reason))
        return cli_usage_error(&cmd_review, "--reject needs --reason TEXT");
    if (opts.reason && !opts.reject)
        return cli_usage_error(&cmd_review, "--reason goes with --reject");
    rc = EXIT_FATAL;

    st = submission_open_store("review", opts.db, ctx.root);
    if (!st)
        return EXIT_FATAL;
    if (!id) {
        rc = list_pending(st, ctx.root, format);
        goto cleanup;
    }
    r = store_submission_get(st, id, &sub);
    if (r == STORE_NOTFOUND) {
        fprintf(stderr, "scd review: no submission %lld (see 'scd review' for the pending ones)\n", id);
        rc = EXIT_INVALID;
        goto cleanup;
    }
    if (r < 0) {
        fprintf(stderr, "scd review: %s\n", store_errmsg(st));
        goto cleanup;
    }
    if ((opts.approve || opts.reject) && strcmp(sub.status, "pending")) {
        fprintf(stderr, "scd review: cannot %s submission %lld (%s '%s' version %d): it is %s, not pending\n",
                opts.approve ? "approve" : "reject", id, sub.kind, sub.object_id, sub.version, sub.status);
        rc = EXIT_INVALID;
        goto cleanup;
    }
    if (opts.approve) {
        rc = approve(st, ctx.root, &sub, opts.by, format);
    } else if (opts.reject) {
        rc = reject(st, ctx.root, &sub, opts.by, opts.reason, format);
    } else {
        json_t *arr = json_array();
        if (describe(st, ctx.root, &sub, format, arr) < 0) {
            fprintf(stderr, "scd review: %s\n", store_errmsg(st));
            json_decref(arr);
            goto cleanup;
        }
        if (format == FORMAT_JSON)
            submission_print_json(json_incref(json_array_get(arr, 0)));
        json_decref(arr);
        rc = EXIT_OK;
    }
cleanup:
    store_submission_release(&sub);
    store_close(st);
    return rc;
}

const struct command cmd_review = {
    "review", run_review,
    "scd review [ID [--approve --by NAME | --reject --reason TEXT --by NAME]] [--db PATH] [--format text|json]",
    "List pending submissions with their field changes; approve or reject one",
    "Arguments:\n"
    "  ID               a submission id (as listed); alone, shows that version and its changes\n"
    "Options:\n"
    "  --approve        write the version into cities/ or solutions/ (atomically) and mark it\n"
    "                   approved, in one step; it is validated again first\n"
    "  --reject         mark it rejected, keeping it; needs --reason TEXT\n"
    "  --by NAME        who reviews (required with --approve and --reject)\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default) or json: each submission's columns plus `against`\n"
    "                   ({version, submission}, {file} or null) and `changes`\n"
    "                   ([{path, change, old, new}])\n"
    "Changes are field paths, `path: old → new`, against the latest approved version (else the\n"
    "registry file of that id). Exit status: 0 done, 1 no such submission, not pending, or no\n"
    "longer valid, 2 usage error, 3 database or I/O failure.\n"
};
