/* cmd_check.c - `scd check`: do the registry files and the database agree?
 * Every file of cities/ and solutions/ against the latest approved version
 * of its id, every approved id against its file, and the database's own
 * integrity. --repair writes the recorded text back. */
#include "cli.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "submission.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPT_DB 2000
#define OPT_REPAIR 2001
#define OPT_BY 2002
#define OPT_VERBOSE 'v'
#define OPT_INTEGRITY 2003

enum finding_kind {
    FIND_MODIFIED,     /* file differs from the latest approved version: inconsistent */
    FIND_MISSING,      /* approved id without a file: inconsistent */
    FIND_UNTRACKED,    /* file of an id never submitted: informational */
    FIND_UNAPPROVED,   /* file of an id with only pending/rejected versions: informational */
};

static const char *const finding_names[] = { "modified", "missing", "not_in_database", "not_approved" };

struct finding {
    enum finding_kind what;
    char *file;
    const char *kind;
    char *object_id;
    int version;          /* approved version, 0 when none */
    long long submission; /* its submission id, 0 when none */
    char file_sha[SHA256_HEX_SIZE];
    char recorded_sha[SHA256_HEX_SIZE];
    int repaired;
};

struct findings {
    struct finding *items;
    size_t n, alloc;
};

static struct finding *add_finding(struct findings *f, enum finding_kind what, const char *file, const char *kind,
                                   const char *object_id)
{
    struct finding *x;

    ALLOC_GROW(f->items, f->n + 1, f->alloc);
    x = &f->items[f->n++];
    memset(x, 0, sizeof(*x));
    x->what = what;
    x->file = xstrdup(file);
    x->kind = kind;
    x->object_id = xstrdup(object_id);
    return x;
}

static int compare_findings(const void *a, const void *b)
{
    return strcmp(((const struct finding *)a)->file, ((const struct finding *)b)->file);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int yaml_stem(const char *name, size_t *stem)
{
    size_t n = strlen(name);

    if (name[0] == '.')
        return 0;
    if (n > 5 && !strcmp(name + n - 5, ".yaml"))
        *stem = n - 5;
    else if (n > 4 && !strcmp(name + n - 4, ".yml"))
        *stem = n - 4;
    else
        return 0;
    return 1;
}

static const struct store_submission *find_approved(const struct store_submission_list *approved, const char *kind,
                                                    const char *id)
{
    for (size_t i = 0; i < approved->n; i++)
        if (!strcmp(approved->items[i].kind, kind) && !strcmp(approved->items[i].object_id, id))
            return &approved->items[i];
    return NULL;
}

static void free_names(char **names, size_t from, size_t n)
{
    for (size_t i = from; i < n; i++)
        free(names[i]);
    free(names);
}

/* Compare every file with the database; returns the files checked, or -1. */
static long scan(struct store *st, const char *root, const struct store_submission_list *approved,
                 struct findings *out, char *seen)
{
    static const char *const kinds[] = { "city", "solution" };
    long files = 0;

    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
        struct strbuf dir = STRBUF_INIT;
        char **names = NULL;
        size_t n = 0, alloc = 0;
        struct dirent *de;
        DIR *d;

        if (*root && strcmp(root, "."))
            strbuf_addf(&dir, "%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/");
        strbuf_addstr(&dir, submission_folder(kinds[k]));
        d = opendir(dir.buf);
        if (!d && errno != ENOENT) {
            fprintf(stderr, "scd check: cannot read '%s': %s\n", dir.buf, strerror(errno));
            strbuf_release(&dir);
            return -1;
        }
        while (d && (de = readdir(d))) {
            size_t stem;
            if (yaml_stem(de->d_name, &stem)) {
                ALLOC_GROW(names, n + 1, alloc);
                names[n++] = xstrdup(de->d_name);
            }
        }
        if (d)
            closedir(d);
        qsort(names, n, sizeof(*names), compare_strings);
        for (size_t i = 0; i < n; i++) {
            struct strbuf path = STRBUF_INIT;
            char sha[SHA256_HEX_SIZE], *id;
            const struct store_submission *a;
            size_t stem = 0;

            yaml_stem(names[i], &stem);
            id = xstrndup(names[i], stem);
            strbuf_addf(&path, "%s/%s", dir.buf, names[i]);
            files++;
            if (sha256_file_hex(path.buf, sha) < 0) {
                fprintf(stderr, "scd check: cannot read '%s': %s\n", path.buf, strerror(errno));
                strbuf_release(&path);
                strbuf_release(&dir);
                free(id);
                free_names(names, i, n);
                return -1;
            }
            a = find_approved(approved, kinds[k], id);
            if (a) {
                seen[a - approved->items] = 1;
                if (strcmp(sha, a->sha256)) {
                    struct finding *f = add_finding(out, FIND_MODIFIED, path.buf, kinds[k], id);
                    f->version = a->version;
                    f->submission = a->id;
                    memcpy(f->file_sha, sha, sizeof(sha));
                    memcpy(f->recorded_sha, a->sha256, sizeof(sha));
                }
            } else {
                int kinds_found = store_object_kinds(st, id);
                int bit = k == 0 ? STORE_KIND_CITY : STORE_KIND_SOLUTION;
                struct finding *f;
                if (kinds_found < 0) {
                    fprintf(stderr, "scd check: %s\n", store_errmsg(st));
                    strbuf_release(&path);
                    strbuf_release(&dir);
                    free(id);
                    free_names(names, i, n);
                    return -1;
                }
                f = add_finding(out, kinds_found & bit ? FIND_UNAPPROVED : FIND_UNTRACKED, path.buf, kinds[k], id);
                memcpy(f->file_sha, sha, sizeof(sha));
            }
            strbuf_release(&path);
            free(id);
            free(names[i]);
        }
        free(names);
        strbuf_release(&dir);
    }
    return files;
}

/* Write the recorded text of every inconsistent object back, under the
 * write lock, checking again first. Returns how many were repaired, -1. */
static int repair(struct store *st, const char *root, struct findings *found, const char *by)
{
    struct strbuf err = STRBUF_INIT, detail = STRBUF_INIT;
    int repaired = 0;

    if (submission_begin(st, root, stderr) < 0) {
        fprintf(stderr, "scd check: %s\n", store_errmsg(st));
        return -1;
    }
    for (size_t i = 0; i < found->n; i++) {
        struct finding *f = &found->items[i];
        struct store_submission sub;
        char sha[SHA256_HEX_SIZE], object[256];
        char *path;
        int r;

        if (f->what != FIND_MODIFIED && f->what != FIND_MISSING)
            continue;
        r = store_latest_approved(st, f->kind, f->object_id, &sub);
        if (r == STORE_ERR) {
            fprintf(stderr, "scd check: %s\n", store_errmsg(st));
            goto fail;
        }
        if (r)
            continue;
        path = submission_file(root, f->kind, f->object_id);
        if (f->what == FIND_MODIFIED && strcmp(path, f->file)) {
            /* a .yml file: restore under the name approvals use */
            free(path);
            path = xstrdup(f->file);
        }
        if (sha256_file_hex(path, sha) == 0 && !strcmp(sha, sub.sha256)) {
            f->repaired = 1; /* someone else put it right meanwhile */
        } else if (submission_write_file(path, sub.body, sub.body_len, &err) < 0) {
            fprintf(stderr, "scd check: cannot repair %s '%s': %s\n", f->kind, f->object_id, err.buf);
            strbuf_reset(&err);
        } else {
            strbuf_reset(&detail);
            strbuf_addf(&detail, "%s %s restored from submission %lld (version %d, sha256 %s)", path,
                        f->what == FIND_MISSING ? "was missing," : "differed,", sub.id, sub.version, sub.sha256);
            snprintf(object, sizeof(object), "%s:%s", f->kind, f->object_id);
            if (store_audit(st, by, "repair", object, detail.buf) < 0) {
                fprintf(stderr, "scd check: %s\n", store_errmsg(st));
                free(path);
                store_submission_release(&sub);
                goto fail;
            }
            f->repaired = 1;
            repaired++;
        }
        free(path);
        store_submission_release(&sub);
    }
    strbuf_release(&err);
    strbuf_release(&detail);
    if (store_commit(st) < 0) {
        fprintf(stderr, "scd check: %s\n", store_errmsg(st));
        return -1;
    }
    return repaired;
fail:
    store_rollback(st);
    strbuf_release(&err);
    strbuf_release(&detail);
    return -1;
}

static void print_finding_text(const struct finding *f)
{
    switch (f->what) {
    case FIND_MODIFIED:
        printf("%s: %s '%s' differs from approved version %d (submission %lld): sha256 %.12s in the file, "
               "%.12s recorded%s\n", f->file, f->kind, f->object_id, f->version, f->submission, f->file_sha,
               f->recorded_sha, f->repaired ? "; repaired" : "");
        break;
    case FIND_MISSING:
        printf("%s: missing: %s '%s' approved version %d (submission %lld) has no file%s\n", f->file, f->kind,
               f->object_id, f->version, f->submission, f->repaired ? "; repaired" : "");
        break;
    case FIND_UNTRACKED:
        printf("%s: not in the database (never submitted)\n", f->file);
        break;
    case FIND_UNAPPROVED:
        printf("%s: no approved version in the database (only pending or rejected ones)\n", f->file);
        break;
    }
}

struct check_opts {
    const char *db, *by;
    int repair, verbose, integrity_only;
};

static int check_option(int opt, const char *arg, void *data)
{
    struct check_opts *o = data;

    switch (opt) {
    case OPT_REPAIR: o->repair = 1; return 0;
    case OPT_BY: o->by = arg; return 0;
    case OPT_VERBOSE: o->verbose = 1; return 0;
    case OPT_INTEGRITY: o->integrity_only = 1; return 0;
    case OPT_DB: o->db = arg; return 0;
    default: return cli_usage_error(&cmd_check, "unknown option");
    }
}

static int run_check(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "repair", no_argument, NULL, OPT_REPAIR },
        { "by", required_argument, NULL, OPT_BY },
        { "verbose", no_argument, NULL, OPT_VERBOSE },
        { "integrity", no_argument, NULL, OPT_INTEGRITY },
        { "db", required_argument, NULL, OPT_DB },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct check_opts opts = { NULL, NULL, 0, 0, 0 };
    struct store_submission_list approved = STORE_SUBMISSION_LIST_INIT;
    struct store_filter filter = { NULL, NULL, NULL, 1, 1 };
    struct findings found = { NULL, 0, 0 };
    struct strbuf integrity = STRBUF_INIT;
    struct store *st;
    char *seen = NULL;
    long files;
    int rc, recovered = 0, integrity_ok, r;
    size_t inconsistent = 0, untracked = 0, unapproved = 0, repaired = 0;

    rc = cli_parse(&cmd_check, argc, argv, "f:hv", options, &ctx, &format, check_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc != optind)
        return cli_usage_error(&cmd_check, "unexpected argument '%s'", argv[optind]);
    if (opts.integrity_only && opts.repair)
        return cli_usage_error(&cmd_check, "--integrity checks the database only: it cannot --repair files");
    if (!opts.by || !*opts.by)
        opts.by = getenv("USER");
    rc = EXIT_FATAL;
    st = submission_open_store("check", opts.db, ctx.root);
    if (!st)
        return EXIT_FATAL;

    /* Settle a write a killed process left half done (see submission.h). */
    if (submission_needs_recovery(ctx.root)) {
        if (store_begin(st) < 0 || (recovered = submission_recover(st, ctx.root, stderr)) < 0 ||
            store_commit(st) < 0) {
            fprintf(stderr, "scd check: %s\n", store_errmsg(st));
            store_rollback(st);
            goto cleanup;
        }
    }
    r = store_integrity_check(st, &integrity);
    if (r == STORE_ERR) {
        fprintf(stderr, "scd check: %s\n", store_errmsg(st));
        goto cleanup;
    }
    integrity_ok = r == 0;
    if (opts.integrity_only) {
        if (format == FORMAT_JSON) {
            json_t *o = json_object();
            json_object_set_new(o, "database", json_string(store_file(st)));
            json_object_set_new(o, "integrity", json_string(integrity_ok ? "ok" : integrity.buf));
            submission_print_json(o);
        } else if (integrity_ok) {
            printf("database %s: integrity ok\n", store_file(st));
        } else {
            printf("database %s: integrity check failed:\n%s", store_file(st), integrity.buf);
        }
        rc = integrity_ok ? EXIT_OK : EXIT_INVALID;
        goto cleanup;
    }
    if (store_submission_list(st, &filter, &approved) < 0) {
        fprintf(stderr, "scd check: %s\n", store_errmsg(st));
        goto cleanup;
    }
    seen = xcalloc(approved.n + 1, 1);
    files = scan(st, ctx.root, &approved, &found, seen);
    if (files < 0)
        goto cleanup;
    for (size_t i = 0; i < approved.n; i++) {
        if (!seen[i]) {
            char *path = submission_file(ctx.root, approved.items[i].kind, approved.items[i].object_id);
            struct finding *f = add_finding(&found, FIND_MISSING, path, approved.items[i].kind,
                                            approved.items[i].object_id);
            f->version = approved.items[i].version;
            f->submission = approved.items[i].id;
            memcpy(f->recorded_sha, approved.items[i].sha256, SHA256_HEX_SIZE);
            free(path);
        }
    }
    qsort(found.items, found.n, sizeof(*found.items), compare_findings);
    for (size_t i = 0; i < found.n; i++) {
        if (found.items[i].what == FIND_MODIFIED || found.items[i].what == FIND_MISSING)
            inconsistent++;
        else if (found.items[i].what == FIND_UNTRACKED)
            untracked++;
        else
            unapproved++;
    }
    if (opts.repair && inconsistent) {
        int n = repair(st, ctx.root, &found, opts.by);
        if (n < 0)
            goto cleanup;
        for (size_t i = 0; i < found.n; i++)
            repaired += (size_t)found.items[i].repaired;
    }

    if (format == FORMAT_JSON) {
        json_t *o = json_object(), *arr = json_array();
        json_object_set_new(o, "database", json_string(store_file(st)));
        json_object_set_new(o, "integrity", json_string(integrity_ok ? "ok" : integrity.buf));
        json_object_set_new(o, "recovered", json_integer(recovered));
        json_object_set_new(o, "files_checked", json_integer(files));
        json_object_set_new(o, "approved_objects", json_integer((json_int_t)approved.n));
        json_object_set_new(o, "inconsistencies", json_integer((json_int_t)inconsistent));
        json_object_set_new(o, "repaired", json_integer((json_int_t)repaired));
        json_object_set_new(o, "consistent", json_boolean(integrity_ok && inconsistent == repaired));
        for (size_t i = 0; i < found.n; i++) {
            const struct finding *f = &found.items[i];
            json_t *x = json_object();
            json_object_set_new(x, "file", json_string(f->file));
            json_object_set_new(x, "kind", json_string(f->kind));
            json_object_set_new(x, "object_id", json_string(f->object_id));
            json_object_set_new(x, "problem", json_string(finding_names[f->what]));
            json_object_set_new(x, "version", f->version ? json_integer(f->version) : json_null());
            json_object_set_new(x, "submission", f->submission ? json_integer(f->submission) : json_null());
            json_object_set_new(x, "file_sha256", f->file_sha[0] ? json_string(f->file_sha) : json_null());
            json_object_set_new(x, "recorded_sha256",
                                f->recorded_sha[0] ? json_string(f->recorded_sha) : json_null());
            json_object_set_new(x, "repaired", json_boolean(f->repaired));
            json_array_append_new(arr, x);
        }
        json_object_set_new(o, "findings", arr);
        submission_print_json(o);
    } else {
        for (size_t i = 0; i < found.n; i++)
            if (opts.verbose || found.items[i].what == FIND_MODIFIED || found.items[i].what == FIND_MISSING)
                print_finding_text(&found.items[i]);
        if (integrity_ok)
            printf("database %s: integrity ok\n", store_file(st));
        else
            printf("database %s: integrity check failed:\n%s", store_file(st), integrity.buf);
        printf("%ld file%s checked, %zu approved object%s, %zu inconsistenc%s", files, files == 1 ? "" : "s",
               approved.n, approved.n == 1 ? "" : "s", inconsistent, inconsistent == 1 ? "y" : "ies");
        if (opts.repair)
            printf(", %zu repaired", repaired);
        printf("\n");
        if (untracked || unapproved)
            printf("%zu file%s not in the database and %zu without an approved version (informational%s)\n",
                   untracked, untracked == 1 ? "" : "s", unapproved, opts.verbose ? "" : "; --verbose lists them");
        if (inconsistent > repaired)
            printf("run 'scd check --repair' to restore the recorded text\n");
    }
    rc = integrity_ok && inconsistent == repaired ? EXIT_OK : EXIT_INVALID;
cleanup:
    for (size_t i = 0; i < found.n; i++) {
        free(found.items[i].file);
        free(found.items[i].object_id);
    }
    free(found.items);
    free(seen);
    strbuf_release(&integrity);
    store_submission_list_release(&approved);
    store_close(st);
    return rc;
}

const struct command cmd_check = {
    "check", run_check,
    "scd check [--repair [--by NAME] | --integrity] [--verbose] [--db PATH] [--format text|json]",
    "Check that the registry files and the database agree, and the database's integrity",
    "Reports every file in cities/ and solutions/ that differs from the latest approved version\n"
    "of its id, every approved id whose file is missing, and runs PRAGMA integrity_check. Files\n"
    "never submitted (or with no approved version) are counted as informational, not as\n"
    "inconsistencies. An approval interrupted by a crash is settled first (see README).\n"
    "Options:\n"
    "  --repair         write the recorded text of every differing or missing file back\n"
    "                   (atomically; one audit row each)\n"
    "  --by NAME        who repairs, for the audit log (default: $USER)\n"
    "  --integrity      only PRAGMA integrity_check on the database (json: {database, integrity})\n"
    "  -v, --verbose    also list the files that are not in the database\n"
    "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F   text (default) or json: {database, integrity, recovered, files_checked,\n"
    "                   approved_objects, inconsistencies, repaired, consistent, findings:\n"
    "                   [{file, kind, object_id, problem, version, submission, file_sha256,\n"
    "                   recorded_sha256, repaired}]}; problem is modified, missing,\n"
    "                   not_in_database or not_approved\n"
    "Exit status: 0 consistent (or repaired), 1 inconsistencies or a failed integrity check,\n"
    "2 usage error, 3 database or I/O failure.\n"
};
