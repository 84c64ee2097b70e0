/* test_store.c - the embedded store: schema creation and PRAGMAs, refusal
 * of a newer schema, submissions (versions, exact bodies, hashes, review
 * transitions), lists and filters, the append-only audit log and the
 * triggers that protect it, transactions, two processes writing at once,
 * and the registry write protocol of submission.c (publish, and recovery
 * from every point a killed process can leave it at). */
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "submission.h"
#include "util.h"
#include "test_tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
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

struct fixture {
    char dir[64];
    char db[128];
    struct store *st;
};

static int setup(void **state)
{
    struct fixture *fx = xcalloc(1, sizeof(*fx));

    snprintf(fx->dir, sizeof(fx->dir), "/tmp/scd-store-test-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->db, sizeof(fx->db), "%s/scd.db", fx->dir);
    if (store_open(&fx->st, fx->db) != 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    store_close(fx->st);
    test_remove_tree(fx->dir);
    free(fx);
    return 0;
}

static long long pragma_int(struct store *st, const char *sql)
{
    sqlite3_stmt *stmt;
    long long v = -1;

    assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL), SQLITE_OK);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static const char *pragma_text(struct store *st, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *stmt;

    buf[0] = '\0';
    assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL), SQLITE_OK);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return buf;
}

/* Add one submission in its own transaction; returns its id. */
static long long add(struct store *st, const char *kind, const char *id, const char *body, const char *status)
{
    struct store_submission sub;
    long long sid;

    assert_int_equal(store_begin(st), 0);
    assert_int_equal(store_submission_add(st, kind, id, "tester", "msg", body, strlen(body), status, &sub), 0);
    assert_int_equal(store_commit(st), 0);
    sid = sub.id;
    store_submission_release(&sub);
    return sid;
}

/* --- opening ----------------------------------------------------------------- */

static void test_open_creates_schema(void **state)
{
    struct fixture *fx = *state;
    char buf[32];

    assert_int_equal(pragma_int(fx->st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_string_equal(pragma_text(fx->st, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
    assert_int_equal(pragma_int(fx->st, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(pragma_int(fx->st, "PRAGMA busy_timeout"), 10000);
    assert_int_equal(pragma_int(fx->st, "PRAGMA foreign_keys"), 1);
    for (const char *const *t = (const char *const[]){ "submissions", "sessions", "session_inputs", "agendas",
                                                         "audit", NULL };
         *t; t++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%s'", *t);
        assert_int_equal(pragma_int(fx->st, sql), 1);
    }
    assert_string_equal(store_file(fx->st), fx->db);
}

static void test_reopen_keeps_data(void **state)
{
    struct fixture *fx = *state;
    struct store_submission sub;

    add(fx->st, "city", "kampala", "id: kampala\n", "pending");
    store_close(fx->st);
    assert_int_equal(store_open(&fx->st, fx->db), 0);
    assert_int_equal(store_submission_find(fx->st, "city", "kampala", 0, &sub), 0);
    assert_string_equal(sub.body, "id: kampala\n");
    store_submission_release(&sub);
    assert_int_equal(pragma_int(fx->st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static void test_newer_schema_refused(void **state)
{
    struct fixture *fx = *state;
    struct store *other = (struct store *)1;

    assert_int_equal(sqlite3_exec(store_db(fx->st), "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_open(&other, fx->db), STORE_ERR);
    assert_null(other);
    assert_non_null(strstr(store_errmsg(NULL), "newer"));
    assert_non_null(strstr(store_errmsg(NULL), fx->db));
}

static void test_open_failure_names_path(void **state)
{
    struct store *st = (struct store *)1;

    (void)state;
    assert_int_equal(store_open(&st, "/nonexistent-dir-scd/x/scd.db"), STORE_ERR);
    assert_null(st);
    assert_non_null(strstr(store_errmsg(NULL), "/nonexistent-dir-scd/x/scd.db"));
    store_close(NULL); /* does nothing */
}

static void test_path_precedence(void **state)
{
    char buf[256];

    (void)state;
    unsetenv("SCD_DB");
    assert_string_equal(store_path(NULL, "/reg", buf, sizeof(buf)), "/reg/scd.db");
    assert_string_equal(store_path_default(NULL, buf, sizeof(buf)), "./scd.db");
    setenv("SCD_DB", "/env/scd.db", 1);
    assert_string_equal(store_path_default("/reg", buf, sizeof(buf)), "/env/scd.db");
    assert_string_equal(store_path("/opt/x.db", "/reg", buf, sizeof(buf)), "/opt/x.db");
    setenv("SCD_DB", "", 1);
    assert_string_equal(store_path("", "/reg", buf, sizeof(buf)), "/reg/scd.db");
    unsetenv("SCD_DB");
}

static void test_now_format(void **state)
{
    char now[32];

    (void)state;
    store_now(now);
    assert_int_equal(strlen(now), 20);
    assert_true(now[4] == '-' && now[7] == '-' && now[10] == 'T' && now[13] == ':' && now[16] == ':' &&
                now[19] == 'Z');
}

static void test_integrity_ok(void **state)
{
    struct fixture *fx = *state;
    struct strbuf sb = STRBUF_INIT;

    add(fx->st, "city", "a", "id: a\n", "pending");
    assert_int_equal(store_integrity_check(fx->st, &sb), 0);
    assert_string_equal(sb.buf, "ok\n");
    strbuf_release(&sb);
}

/* --- submissions -------------------------------------------------------------- */

static void test_versions_per_object(void **state)
{
    struct fixture *fx = *state;
    struct store_submission sub;

    add(fx->st, "city", "kampala", "v1", "pending");
    add(fx->st, "city", "kampala", "v2", "pending");
    add(fx->st, "solution", "kampala", "s1", "pending");
    add(fx->st, "city", "dakar", "d1", "pending");
    add(fx->st, "city", "kampala", "v3", "pending");
    assert_int_equal(store_submission_find(fx->st, "city", "kampala", 0, &sub), 0);
    assert_int_equal(sub.version, 3);
    assert_string_equal(sub.body, "v3");
    store_submission_release(&sub);
    assert_int_equal(store_submission_find(fx->st, "solution", "kampala", 0, &sub), 0);
    assert_int_equal(sub.version, 1);
    store_submission_release(&sub);
    assert_int_equal(store_submission_find(fx->st, "city", "kampala", 2, &sub), 0);
    assert_string_equal(sub.body, "v2");
    assert_string_equal(sub.status, "pending");
    assert_string_equal(sub.submitted_by, "tester");
    assert_string_equal(sub.message, "msg");
    assert_null(sub.reviewed_by);
    store_submission_release(&sub);
    assert_int_equal(store_submission_find(fx->st, "city", "kampala", 4, &sub), STORE_NOTFOUND);
    assert_int_equal(store_submission_find(fx->st, "city", "nowhere", 0, &sub), STORE_NOTFOUND);
    assert_int_equal(store_object_kinds(fx->st, "kampala"), STORE_KIND_CITY | STORE_KIND_SOLUTION);
    assert_int_equal(store_object_kinds(fx->st, "dakar"), STORE_KIND_CITY);
    assert_int_equal(store_object_kinds(fx->st, "nowhere"), 0);
}

static void test_body_exact(void **state)
{
    struct fixture *fx = *state;
    /* UTF-8, CRLF, tabs, quotes, no final newline, a long line */
    static const char body[] = "id: da-nang\r\nname: \"\xc4\x90\xc3\xa0 N\xe1\xba\xb5ng\"\n\tx: 'it''s'\nz: end";
    struct store_submission sub;
    char hex[SHA256_HEX_SIZE];
    long long id = add(fx->st, "city", "da-nang", body, "pending");

    assert_int_equal(store_submission_get(fx->st, id, &sub), 0);
    assert_int_equal(sub.body_len, strlen(body));
    assert_memory_equal(sub.body, body, strlen(body));
    sha256_hex(body, strlen(body), hex);
    assert_string_equal(sub.sha256, hex);
    assert_int_equal(strlen(sub.submitted_at), 20);
    store_submission_release(&sub);
    assert_int_equal(store_submission_get(fx->st, id + 100, &sub), STORE_NOTFOUND);
}

static void test_review_transitions(void **state)
{
    struct fixture *fx = *state;
    struct store_submission sub;
    long long a = add(fx->st, "city", "x", "a", "pending");
    long long b = add(fx->st, "city", "x", "b", "pending");

    assert_int_equal(store_submission_review(fx->st, a, "approved", "officer", NULL), 0);
    assert_int_equal(store_submission_review(fx->st, a, "approved", "officer", NULL), STORE_CONFLICT);
    assert_non_null(strstr(store_errmsg(fx->st), "not pending"));
    assert_int_equal(store_submission_review(fx->st, a, "rejected", "officer", "late"), STORE_CONFLICT);
    assert_int_equal(store_submission_review(fx->st, b, "rejected", "officer", "no source"), 0);
    assert_int_equal(store_submission_review(fx->st, 999, "approved", "officer", NULL), STORE_NOTFOUND);
    assert_int_equal(store_submission_get(fx->st, b, &sub), 0);
    assert_string_equal(sub.status, "rejected");
    assert_string_equal(sub.reviewed_by, "officer");
    assert_string_equal(sub.reason, "no source");
    assert_non_null(sub.reviewed_at);
    store_submission_release(&sub);
    /* a status outside the CHECK constraint is refused by the database */
    add(fx->st, "city", "x", "c", "pending");
    assert_int_equal(store_submission_review(fx->st, b + 1, "bogus", "officer", NULL), STORE_ERR);
}

static void test_latest_approved(void **state)
{
    struct fixture *fx = *state;
    struct store_submission sub;

    assert_int_equal(store_latest_approved(fx->st, "city", "x", &sub), STORE_NOTFOUND);
    add(fx->st, "city", "x", "one", "approved");
    add(fx->st, "city", "x", "two", "approved");
    add(fx->st, "city", "x", "three", "pending");
    assert_int_equal(store_latest_approved(fx->st, "city", "x", &sub), 0);
    assert_string_equal(sub.body, "two");
    assert_int_equal(sub.version, 2);
    assert_string_equal(sub.reviewed_by, "tester"); /* approved on submission: the submitter reviewed it */
    store_submission_release(&sub);
    assert_int_equal(store_latest_approved(fx->st, "solution", "x", &sub), STORE_NOTFOUND);
}

static void test_list_filters(void **state)
{
    struct fixture *fx = *state;
    struct store_submission_list list = STORE_SUBMISSION_LIST_INIT;
    struct store_filter pending = { "pending", NULL, NULL, 0, 0 };
    struct store_filter latest = { NULL, NULL, NULL, 1, 1 };
    struct store_filter one = { NULL, "solution", "x", 0, 0 };

    add(fx->st, "city", "x", "x1", "approved");
    add(fx->st, "city", "x", "x2", "approved");
    add(fx->st, "city", "x", "x3", "pending");
    add(fx->st, "solution", "x", "s1", "pending");
    add(fx->st, "city", "y", "y1", "approved");

    assert_int_equal(store_submission_list(fx->st, &pending, &list), 0);
    assert_int_equal(list.n, 2);
    assert_null(list.items[0].body);
    assert_int_equal(list.items[0].version, 3);
    store_submission_list_release(&list);

    assert_int_equal(store_submission_list(fx->st, &latest, &list), 0);
    assert_int_equal(list.n, 2);
    assert_string_equal(list.items[0].body, "x2");
    assert_string_equal(list.items[1].body, "y1");
    store_submission_list_release(&list);

    assert_int_equal(store_submission_list(fx->st, &one, &list), 0);
    assert_int_equal(list.n, 1);
    assert_string_equal(list.items[0].kind, "solution");
    store_submission_list_release(&list);

    assert_int_equal(store_submission_list(fx->st, NULL, &list), 0);
    assert_int_equal(list.n, 5);
    for (size_t i = 1; i < list.n; i++)
        assert_true(list.items[i].id > list.items[i - 1].id);
    store_submission_list_release(&list);
}

static void test_submissions_protected(void **state)
{
    struct fixture *fx = *state;
    sqlite3 *db = store_db(fx->st);

    add(fx->st, "city", "x", "text", "pending");
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM submissions", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE submissions SET body = 'other'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE submissions SET sha256 = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE submissions SET version = 7", NULL, NULL, NULL), SQLITE_OK);
    /* the same (kind, object, version) twice is refused */
    assert_int_not_equal(sqlite3_exec(db,
                                      "INSERT INTO submissions (kind, object_id, version, status, submitted_by,"
                                      " submitted_at, sha256, body) VALUES ('city', 'x', 1, 'pending', 'a', 'b',"
                                      " 'c', 'd')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM submissions"), 1);
}

/* --- audit and transactions ------------------------------------------------------ */

static void test_audit_append_only(void **state)
{
    struct fixture *fx = *state;
    struct store_audit_list rows = STORE_AUDIT_LIST_INIT;
    sqlite3 *db = store_db(fx->st);

    assert_int_equal(store_audit(fx->st, "alice", "submit", "city:x", "submission 1"), 0);
    assert_int_equal(store_audit(fx->st, NULL, "recover", NULL, NULL), 0);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET who = 'mallory'", NULL, NULL, NULL), SQLITE_OK);
    assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_audit_rows(fx->st, NULL, &rows), 0);
    assert_int_equal(rows.n, 2);
    assert_string_equal(rows.items[0].who, "alice");
    assert_string_equal(rows.items[0].action, "submit");
    assert_string_equal(rows.items[0].object, "city:x");
    assert_null(rows.items[1].who);
    assert_null(rows.items[1].detail);
    store_audit_list_release(&rows);
}

static void test_audit_since(void **state)
{
    struct fixture *fx = *state;
    struct store_audit_list rows = STORE_AUDIT_LIST_INIT;

    assert_int_equal(sqlite3_exec(store_db(fx->st),
                                  "INSERT INTO audit (at, action) VALUES ('2020-01-01T00:00:00Z', 'old');"
                                  "INSERT INTO audit (at, action) VALUES ('2024-06-01T10:00:00Z', 'mid');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_audit(fx->st, "x", "new", NULL, NULL), 0);
    assert_int_equal(store_audit_rows(fx->st, "2024-06-01", &rows), 0);
    assert_int_equal(rows.n, 2);
    assert_string_equal(rows.items[0].action, "mid");
    store_audit_list_release(&rows);
    assert_int_equal(store_audit_rows(fx->st, "2024-06-01T10:00:01Z", &rows), 0);
    assert_int_equal(rows.n, 1);
    assert_string_equal(rows.items[0].action, "new");
    store_audit_list_release(&rows);
}

static void test_rollback(void **state)
{
    struct fixture *fx = *state;
    struct store_submission sub;

    assert_int_equal(store_begin(fx->st), 0);
    assert_int_equal(store_begin(fx->st), STORE_ERR); /* not nestable */
    assert_int_equal(store_submission_add(fx->st, "city", "gone", "t", NULL, "x", 1, "pending", NULL), 0);
    assert_int_equal(store_audit(fx->st, "t", "submit", "city:gone", NULL), 0);
    store_rollback(fx->st);
    store_rollback(fx->st); /* harmless outside a transaction */
    assert_int_equal(store_submission_find(fx->st, NULL, "gone", 0, &sub), STORE_NOTFOUND);
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM audit"), 0);
}

/* Two processes, each with its own connection, writing at once: every
 * row lands, versions are unique and consecutive. */
static void test_two_writers(void **state)
{
    struct fixture *fx = *state;
    enum { PER_CHILD = 100 };
    pid_t pids[2];

    for (int c = 0; c < 2; c++) {
        pids[c] = fork();
        assert_true(pids[c] >= 0);
        if (pids[c] == 0) {
            struct store *st;
            char body[64];
            if (store_open(&st, fx->db) != 0)
                _exit(1);
            for (int i = 0; i < PER_CHILD; i++) {
                snprintf(body, sizeof(body), "child %d row %d\n", c, i);
                if (store_begin(st) || store_submission_add(st, "city", "shared", "child", NULL, body,
                                                            strlen(body), "pending", NULL) ||
                    store_audit(st, "child", "submit", "city:shared", body) || store_commit(st))
                    _exit(2);
            }
            store_close(st);
            _exit(0);
        }
    }
    for (int c = 0; c < 2; c++) {
        int status;
        assert_int_equal(waitpid(pids[c], &status, 0), pids[c]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM submissions"), 2 * PER_CHILD);
    assert_int_equal(pragma_int(fx->st, "SELECT count(DISTINCT version) FROM submissions"), 2 * PER_CHILD);
    assert_int_equal(pragma_int(fx->st, "SELECT max(version) FROM submissions"), 2 * PER_CHILD);
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM audit"), 2 * PER_CHILD);
}

/* --- the registry write protocol (submission.c) ------------------------------------ */

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *path)
{
    struct strbuf sb = STRBUF_INIT;

    if (strbuf_read_file(&sb, path, 1 << 20) < 0)
        return NULL;
    return strbuf_detach(&sb, NULL);
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void fx_path(char *buf, size_t size, const struct fixture *fx, const char *name)
{
    snprintf(buf, size, "%s/%s", fx->dir, name);
}

static void test_publish(void **state)
{
    struct fixture *fx = *state;
    struct strbuf err = STRBUF_INIT;
    char file[256], undo_path[256];
    char *text;

    fx_path(file, sizeof(file), fx, "cities/x.yaml");
    fx_path(undo_path, sizeof(undo_path), fx, "cities/.x.yaml.undo");
    /* a new file: the folder is created */
    assert_int_equal(store_begin(fx->st), 0);
    assert_int_equal(store_submission_add(fx->st, "city", "x", "t", NULL, "id: x\n", 6, "approved", NULL), 0);
    assert_int_equal(submission_publish(fx->st, fx->dir, "city", "x", "id: x\n", 6, &err), 0);
    text = read_text(file);
    assert_string_equal(text, "id: x\n");
    free(text);
    assert_false(exists(undo_path));
    assert_false(submission_needs_recovery(fx->dir));
    /* a replacement */
    assert_int_equal(store_begin(fx->st), 0);
    assert_int_equal(store_submission_add(fx->st, "city", "x", "t", NULL, "id: x\nv: 2\n", 12, "approved", NULL),
                     0);
    assert_int_equal(submission_publish(fx->st, fx->dir, "city", "x", "id: x\nv: 2\n", 12, &err), 0);
    text = read_text(file);
    assert_string_equal(text, "id: x\nv: 2\n");
    free(text);
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM submissions WHERE status = 'approved'"), 2);
    /* a failed rename (the target is now a folder) rolls the transaction
     * back and leaves nothing behind */
    assert_int_equal(unlink(file), 0);
    assert_int_equal(mkdir(file, 0700), 0);
    fx_path(undo_path, sizeof(undo_path), fx, "cities/x.yaml/keep");
    write_text(undo_path, "");
    assert_int_equal(store_begin(fx->st), 0);
    assert_int_equal(store_submission_add(fx->st, "city", "x", "t", NULL, "id: x\n", 6, "approved", NULL), 0);
    assert_int_equal(submission_publish(fx->st, fx->dir, "city", "x", "id: x\n", 6, &err), SUBMISSION_ERR);
    assert_non_null(strstr(err.buf, "cities/x.yaml"));
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM submissions"), 2);
    assert_false(submission_needs_recovery(fx->dir));
    strbuf_release(&err);
}

/* The states a killed process can leave, each settled by recovery. */
enum crash_point { TEMP_ONLY, UNDO_BEFORE_RENAME, UNDO_AFTER_RENAME, UNDO_COMMITTED, ABSENT_UNCOMMITTED,
                   ABSENT_COMMITTED, ABSENT_BEFORE_RENAME };

static void crash_case(struct fixture *fx, enum crash_point point)
{
    char dir[256], file[256], undo_path[256], absent_path[256], tmp[256];
    const char *old = "id: x\nold: 1\n", *new_ = "id: x\nnew: 2\n";
    char *text;
    int had_file = point < ABSENT_UNCOMMITTED;

    fx_path(dir, sizeof(dir), fx, "cities");
    fx_path(file, sizeof(file), fx, "cities/x.yaml");
    fx_path(undo_path, sizeof(undo_path), fx, "cities/.x.yaml.undo");
    fx_path(absent_path, sizeof(absent_path), fx, "cities/.x.yaml.absent");
    fx_path(tmp, sizeof(tmp), fx, "cities/x.yaml.tmp-AbC123");
    assert_int_equal(mkdir(dir, 0700), 0);
    if (had_file) {
        add(fx->st, "city", "x", old, "approved");
        write_text(file, old);
    }
    switch (point) {
    case TEMP_ONLY:
        write_text(tmp, new_);
        break;
    case UNDO_BEFORE_RENAME:
        write_text(tmp, new_);
        assert_int_equal(link(file, undo_path), 0);
        break;
    case UNDO_AFTER_RENAME:
        assert_int_equal(link(file, undo_path), 0);
        write_text(tmp, new_);
        assert_int_equal(rename(tmp, file), 0);
        add(fx->st, "city", "x", new_, "pending"); /* not approved: the commit did not happen */
        break;
    case UNDO_COMMITTED:
        assert_int_equal(link(file, undo_path), 0);
        write_text(tmp, new_);
        assert_int_equal(rename(tmp, file), 0);
        add(fx->st, "city", "x", new_, "approved");
        break;
    case ABSENT_UNCOMMITTED:
        write_text(absent_path, "");
        write_text(file, new_);
        break;
    case ABSENT_COMMITTED:
        write_text(absent_path, "");
        write_text(file, new_);
        add(fx->st, "city", "x", new_, "approved");
        break;
    case ABSENT_BEFORE_RENAME:
        write_text(absent_path, "");
        write_text(tmp, new_);
        break;
    }
    assert_true(submission_needs_recovery(fx->dir));
    assert_int_equal(submission_begin(fx->st, fx->dir, NULL), 0);
    assert_int_equal(store_commit(fx->st), 0);
    assert_false(submission_needs_recovery(fx->dir));
    assert_false(exists(tmp));
    assert_false(exists(undo_path));
    assert_false(exists(absent_path));
    text = read_text(file);
    switch (point) {
    case TEMP_ONLY:
    case UNDO_BEFORE_RENAME:
    case UNDO_AFTER_RENAME:
        assert_non_null(text);
        assert_string_equal(text, old);
        break;
    case UNDO_COMMITTED:
    case ABSENT_COMMITTED:
        assert_non_null(text);
        assert_string_equal(text, new_);
        break;
    case ABSENT_UNCOMMITTED:
    case ABSENT_BEFORE_RENAME:
        assert_null(text);
        break;
    }
    free(text);
    assert_int_equal(pragma_int(fx->st, "SELECT count(*) FROM audit WHERE action = 'recover'"), 1);
}

static void test_recover_temp_only(void **state) { crash_case(*state, TEMP_ONLY); }
static void test_recover_undo_before_rename(void **state) { crash_case(*state, UNDO_BEFORE_RENAME); }
static void test_recover_undo_after_rename(void **state) { crash_case(*state, UNDO_AFTER_RENAME); }
static void test_recover_undo_committed(void **state) { crash_case(*state, UNDO_COMMITTED); }
static void test_recover_absent_uncommitted(void **state) { crash_case(*state, ABSENT_UNCOMMITTED); }
static void test_recover_absent_committed(void **state) { crash_case(*state, ABSENT_COMMITTED); }
static void test_recover_absent_before_rename(void **state) { crash_case(*state, ABSENT_BEFORE_RENAME); }

static void test_write_file_atomic(void **state)
{
    struct fixture *fx = *state;
    struct strbuf err = STRBUF_INIT;
    char file[256], *text;

    fx_path(file, sizeof(file), fx, "f.yaml");
    assert_int_equal(submission_write_file(file, "one\n", 4, &err), 0);
    assert_int_equal(submission_write_file(file, "two\n", 4, &err), 0);
    text = read_text(file);
    assert_string_equal(text, "two\n");
    free(text);
    fx_path(file, sizeof(file), fx, "no-such-dir/f.yaml");
    assert_int_equal(submission_write_file(file, "x", 1, &err), SUBMISSION_ERR);
    assert_non_null(strstr(err.buf, "no-such-dir"));
    strbuf_release(&err);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_open_creates_schema),
        T(test_reopen_keeps_data),
        T(test_newer_schema_refused),
        T(test_open_failure_names_path),
        T(test_path_precedence),
        T(test_now_format),
        T(test_integrity_ok),
        T(test_versions_per_object),
        T(test_body_exact),
        T(test_review_transitions),
        T(test_latest_approved),
        T(test_list_filters),
        T(test_submissions_protected),
        T(test_audit_append_only),
        T(test_audit_since),
        T(test_rollback),
        T(test_two_writers),
        T(test_publish),
        T(test_recover_temp_only),
        T(test_recover_undo_before_rename),
        T(test_recover_undo_after_rename),
        T(test_recover_undo_committed),
        T(test_recover_absent_uncommitted),
        T(test_recover_absent_committed),
        T(test_recover_absent_before_rename),
        T(test_write_file_atomic),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
