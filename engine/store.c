/* store.c - scd.db: opening, migrations, transactions, submissions, audit.
 * Every statement is prepared with bound parameters; text is never spliced
 * into SQL. */
#include "store.h"
#include "sha256.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct store {
    sqlite3 *db;
    char *path;
    char err[1024];
};

static char open_error[1024] = "no error";

/* Migrations, in order: migrations[i] takes the schema from version i to
 * i + 1. Never edit one that has shipped; append a new one. */
static const char *const migrations[] = {
    /* 1: everything in the shared schema contract, plus triggers that keep
     * submitted versions from being deleted or rewritten, and indexes for
     * the lookups the commands make. */
    "CREATE TABLE submissions ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('city','solution')),"
    "  object_id TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected')),"
    "  submitted_by TEXT NOT NULL, submitted_at TEXT NOT NULL,"
    "  message TEXT, sha256 TEXT NOT NULL, body TEXT NOT NULL,"
    "  reviewed_by TEXT, reviewed_at TEXT, reason TEXT,"
    "  UNIQUE (kind, object_id, version));"
    "CREATE INDEX submissions_status ON submissions (status);"
    "CREATE INDEX submissions_object ON submissions (object_id);"
    "CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions"
    "  BEGIN SELECT RAISE(ABORT, 'submitted versions are never deleted'); END;"
    "CREATE TRIGGER submissions_immutable BEFORE UPDATE OF id, kind, object_id, version, submitted_by,"
    "  submitted_at, message, sha256, body ON submissions"
    "  BEGIN SELECT RAISE(ABORT, 'a submitted version is never rewritten'); END;"
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY, name TEXT, created_at TEXT NOT NULL, created_by TEXT,"
    "  stage TEXT NOT NULL, rules_id TEXT NOT NULL, rules_sha256 TEXT NOT NULL,"
    "  engine_version TEXT NOT NULL, cities TEXT,"
    "  results TEXT NOT NULL);"
    "CREATE TABLE session_inputs (session_id INTEGER NOT NULL REFERENCES sessions(id), path TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL, PRIMARY KEY (session_id, path));"
    "CREATE TABLE agendas (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  created_at TEXT NOT NULL, params TEXT NOT NULL, meetings TEXT NOT NULL);"
    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT, action TEXT NOT NULL,"
    "  object TEXT, detail TEXT);"
    "CREATE INDEX audit_at ON audit (at);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION,
               "one migration per schema version");

static void set_err(struct store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_err(struct store *st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(st->err, sizeof(st->err), fmt, ap);
    va_end(ap);
}

/* "database 'PATH': WHAT: SQLITE MESSAGE" */
static int db_fail(struct store *st, const char *what)
{
    set_err(st, "database '%s': %s: %s", st->path, what, sqlite3_errmsg(st->db));
    return STORE_ERR;
}

const char *store_errmsg(struct store *st)
{
    return st ? st->err : open_error;
}

sqlite3 *store_db(struct store *st)
{
    return st->db;
}

const char *store_file(const struct store *st)
{
    return st->path;
}

void store_now(char buf[32])
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *store_path(const char *explicit_path, const char *root, char *buf, size_t size)
{
    const char *env = getenv("SCD_DB");

    if (explicit_path && *explicit_path)
        snprintf(buf, size, "%s", explicit_path);
    else if (env && *env)
        snprintf(buf, size, "%s", env);
    else
        snprintf(buf, size, "%s/scd.db", root && *root ? root : ".");
    return buf;
}

const char *store_path_default(const char *root, char *buf, size_t size)
{
    return store_path(NULL, root, buf, size);
}

/* Run one statement that returns no rows we need (PRAGMAs, BEGIN, ...). */
static int exec(struct store *st, const char *sql, const char *what)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(st, what);
    return 0;
}

static int user_version(struct store *st, int *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = STORE_ERR;

    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        db_fail(st, "cannot read the schema version");
        goto cleanup;
    }
    *out = sqlite3_column_int(stmt, 0);
    rc = 0;
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

/* Switching to WAL needs a moment alone with the file; a second process
 * opening a fresh database at the same time can get SQLITE_BUSY here
 * without the busy handler being consulted, so retry for a while. */
static int set_wal(struct store *st)
{
    for (int attempt = 0;; attempt++) {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
        const char *mode = NULL;

        if (rc == SQLITE_OK) {
            rc = sqlite3_step(stmt);
            if (rc == SQLITE_ROW)
                mode = (const char *)sqlite3_column_text(stmt, 0);
        }
        if (mode && !strcmp(mode, "wal")) {
            sqlite3_finalize(stmt);
            return 0;
        }
        sqlite3_finalize(stmt);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED && rc != SQLITE_ROW) || attempt >= 1000)
            return db_fail(st, "cannot switch to WAL mode");
        usleep(10000);
    }
}

static int migrate(struct store *st)
{
    int version;

    if (user_version(st, &version) < 0)
        return STORE_ERR;
    if (version > STORE_SCHEMA_VERSION) {
        set_err(st, "database '%s': schema version %d is newer than this program's (%d): use a newer scd",
                st->path, version, STORE_SCHEMA_VERSION);
        return STORE_ERR;
    }
    if (version == STORE_SCHEMA_VERSION)
        return 0;
    /* Check again under the write lock: another process may have migrated. */
    if (store_begin(st) < 0)
        return STORE_ERR;
    if (user_version(st, &version) < 0)
        goto fail;
    while (version < STORE_SCHEMA_VERSION) {
        char sql[64];

        if (exec(st, migrations[version], "migration failed") < 0)
            goto fail;
        version++;
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
        if (exec(st, sql, "cannot set the schema version") < 0)
            goto fail;
    }
    return store_commit(st);
fail:
    store_rollback(st);
    return STORE_ERR;
}

int store_open(struct store **out, const char *path)
{
    struct store *st = xcalloc(1, sizeof(*st));

    *out = NULL;
    st->path = xstrdup(path);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        set_err(st, "cannot open database '%s': %s", path,
                st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 0);
    if (sqlite3_busy_timeout(st->db, 10000) != SQLITE_OK || set_wal(st) < 0 ||
        exec(st, "PRAGMA synchronous=FULL", "cannot set synchronous=FULL") < 0 ||
        exec(st, "PRAGMA foreign_keys=ON", "cannot enable foreign keys") < 0 || migrate(st) < 0)
        goto fail;
    *out = st;
    return 0;
fail:
    if (!st->err[0])
        db_fail(st, "cannot open");
    snprintf(open_error, sizeof(open_error), "%s", st->err);
    store_close(st);
    return STORE_ERR;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    if (st->db && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

int store_begin(struct store *st)
{
    return exec(st, "BEGIN IMMEDIATE", "cannot start a write transaction");
}

int store_commit(struct store *st)
{
    if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        db_fail(st, "cannot commit");
        if (!sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return STORE_ERR;
    }
    return 0;
}

void store_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* --- statements ------------------------------------------------------------ */

static int prepare(struct store *st, sqlite3_stmt **stmt, const char *sql)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
        *stmt = NULL;
        return db_fail(st, "cannot prepare a statement");
    }
    return 0;
}

static void bind_opt_text(sqlite3_stmt *stmt, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, i);
}

static char *column_dup(sqlite3_stmt *stmt, int i)
{
    const unsigned char *s = sqlite3_column_text(stmt, i);

    return s ? xstrndup((const char *)s, (size_t)sqlite3_column_bytes(stmt, i)) : NULL;
}

int store_audit(struct store *st, const char *who, const char *action, const char *object, const char *detail)
{
    sqlite3_stmt *stmt = NULL;
    char now[32];
    int rc = STORE_ERR;

    store_now(now);
    if (prepare(st, &stmt, "INSERT INTO audit (at, who, action, object, detail) VALUES (?, ?, ?, ?, ?)") < 0)
        return STORE_ERR;
    sqlite3_bind_text(stmt, 1, now, -1, SQLITE_TRANSIENT);
    bind_opt_text(stmt, 2, who);
    sqlite3_bind_text(stmt, 3, action, -1, SQLITE_TRANSIENT);
    bind_opt_text(stmt, 4, object);
    bind_opt_text(stmt, 5, detail);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        db_fail(st, "cannot append to the audit log");
    else
        rc = 0;
    sqlite3_finalize(stmt);
    return rc;
}

int store_integrity_check(struct store *st, struct strbuf *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc, ok = 0, rows = 0;

    if (prepare(st, &stmt, "PRAGMA integrity_check") < 0)
        return STORE_ERR;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(stmt, 0);
        rows++;
        if (line && !strcmp(line, "ok"))
            ok = 1;
        if (out)
            strbuf_addf(out, "%s\n", line ? line : "");
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return db_fail(st, "integrity check failed to run");
    return ok && rows == 1 ? 0 : STORE_CONFLICT;
}

/* --- submissions ------------------------------------------------------------ */

#define SUBMISSION_COLUMNS                                                                             \
    "id, kind, object_id, version, status, submitted_by, submitted_at, message, sha256, reviewed_by, " \
    "reviewed_at, reason"

void store_submission_release(struct store_submission *sub)
{
    if (!sub)
        return;
    free(sub->kind);
    free(sub->object_id);
    free(sub->status);
    free(sub->submitted_by);
    free(sub->submitted_at);
    free(sub->message);
    free(sub->body);
    free(sub->reviewed_by);
    free(sub->reviewed_at);
    free(sub->reason);
    memset(sub, 0, sizeof(*sub));
}

/* Read SUBMISSION_COLUMNS (and body as column 12 when with_body). */
static void read_submission(sqlite3_stmt *stmt, struct store_submission *out, int with_body)
{
    const unsigned char *sha;

    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(stmt, 0);
    out->kind = column_dup(stmt, 1);
    out->object_id = column_dup(stmt, 2);
    out->version = sqlite3_column_int(stmt, 3);
    out->status = column_dup(stmt, 4);
    out->submitted_by = column_dup(stmt, 5);
    out->submitted_at = column_dup(stmt, 6);
    out->message = column_dup(stmt, 7);
    sha = sqlite3_column_text(stmt, 8);
    snprintf(out->sha256, sizeof(out->sha256), "%s", sha ? (const char *)sha : "");
    out->reviewed_by = column_dup(stmt, 9);
    out->reviewed_at = column_dup(stmt, 10);
    out->reason = column_dup(stmt, 11);
    if (with_body) {
        out->body = column_dup(stmt, 12);
        out->body_len = (size_t)sqlite3_column_bytes(stmt, 12);
        if (!out->body)
            out->body = xstrdup("");
    }
}

/* Step a statement expected to give at most one submission row. */
static int one_submission(struct store *st, sqlite3_stmt *stmt, struct store_submission *out)
{
    int rc = sqlite3_step(stmt);

    if (rc == SQLITE_ROW) {
        read_submission(stmt, out, 1);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = STORE_NOTFOUND;
    } else {
        rc = db_fail(st, "cannot read submissions");
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_submission_get(struct store *st, long long id, struct store_submission *out)
{
    sqlite3_stmt *stmt = NULL;

    if (prepare(st, &stmt, "SELECT " SUBMISSION_COLUMNS ", body FROM submissions WHERE id = ?") < 0)
        return STORE_ERR;
    sqlite3_bind_int64(stmt, 1, id);
    return one_submission(st, stmt, out);
}

int store_submission_find(struct store *st, const char *kind, const char *object_id, int version,
                          struct store_submission *out)
{
    sqlite3_stmt *stmt = NULL;

    if (prepare(st, &stmt,
                "SELECT " SUBMISSION_COLUMNS ", body FROM submissions"
                " WHERE object_id = ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 = 0 OR version = ?3)"
                " ORDER BY version DESC, id DESC LIMIT 1") < 0)
        return STORE_ERR;
    sqlite3_bind_text(stmt, 1, object_id, -1, SQLITE_TRANSIENT);
    bind_opt_text(stmt, 2, kind);
    sqlite3_bind_int(stmt, 3, version);
    return one_submission(st, stmt, out);
}

int store_latest_approved(struct store *st, const char *kind, const char *object_id,
                          struct store_submission *out)
{
    sqlite3_stmt *stmt = NULL;

    if (prepare(st, &stmt,
                "SELECT " SUBMISSION_COLUMNS ", body FROM submissions"
                " WHERE kind = ? AND object_id = ? AND status = 'approved'"
                " ORDER BY version DESC LIMIT 1") < 0)
        return STORE_ERR;
    sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, object_id, -1, SQLITE_TRANSIENT);
    return one_submission(st, stmt, out);
}

int store_object_kinds(struct store *st, const char *object_id)
{
    sqlite3_stmt *stmt = NULL;
    int rc, kinds = 0;

    if (prepare(st, &stmt, "SELECT DISTINCT kind FROM submissions WHERE object_id = ?") < 0)
        return STORE_ERR;
    sqlite3_bind_text(stmt, 1, object_id, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(stmt, 0);
        if (k && !strcmp(k, "city"))
            kinds |= STORE_KIND_CITY;
        else if (k && !strcmp(k, "solution"))
            kinds |= STORE_KIND_SOLUTION;
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return db_fail(st, "cannot read submissions");
    return kinds;
}

int store_submission_add(struct store *st, const char *kind, const char *object_id, const char *by,
                         const char *message, const char *body, size_t body_len, const char *status,
                         struct store_submission *out)
{
    sqlite3_stmt *stmt = NULL;
    char now[32], sha[SHA256_HEX_SIZE];
    int version = 0, rc = STORE_ERR;
    long long id;
    int approved = !strcmp(status, "approved");

    if (prepare(st, &stmt, "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE kind = ? AND object_id = ?") <
        0)
        return STORE_ERR;
    sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, object_id, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(stmt) != SQLITE_ROW) {
        db_fail(st, "cannot number the new version");
        goto cleanup;
    }
    version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    stmt = NULL;

    store_now(now);
    sha256_hex(body, body_len, sha);
    if (prepare(st, &stmt,
                "INSERT INTO submissions (kind, object_id, version, status, submitted_by, submitted_at, message,"
                " sha256, body, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") < 0)
        goto cleanup;
    sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, object_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 3, version);
    sqlite3_bind_text(stmt, 4, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 5, by, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 6, now, -1, SQLITE_TRANSIENT);
    bind_opt_text(stmt, 7, message);
    sqlite3_bind_text(stmt, 8, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 9, body, (int)body_len, SQLITE_TRANSIENT);
    bind_opt_text(stmt, 10, approved ? by : NULL);
    bind_opt_text(stmt, 11, approved ? now : NULL);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        db_fail(st, "cannot record the submission");
        goto cleanup;
    }
    id = sqlite3_last_insert_rowid(st->db);
    rc = 0;
    if (out)
        rc = store_submission_get(st, id, out) == 0 ? 0 : STORE_ERR;
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

int store_submission_review(struct store *st, long long id, const char *status, const char *by,
                            const char *reason)
{
    sqlite3_stmt *stmt = NULL;
    char now[32];
    int rc = STORE_ERR;

    store_now(now);
    if (prepare(st, &stmt,
                "UPDATE submissions SET status = ?, reviewed_by = ?, reviewed_at = ?, reason = ?"
                " WHERE id = ? AND status = 'pending'") < 0)
        return STORE_ERR;
    sqlite3_bind_text(stmt, 1, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, by, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, now, -1, SQLITE_TRANSIENT);
    bind_opt_text(stmt, 4, reason);
    sqlite3_bind_int64(stmt, 5, id);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        db_fail(st, "cannot record the review");
        goto cleanup;
    }
    if (sqlite3_changes(st->db) == 1) {
        rc = 0;
    } else {
        struct store_submission sub;
        rc = store_submission_get(st, id, &sub);
        if (rc == 0) {
            set_err(st, "submission %lld is %s, not pending", id, sub.status);
            store_submission_release(&sub);
            rc = STORE_CONFLICT;
        } else if (rc == STORE_NOTFOUND) {
            set_err(st, "no submission %lld", id);
        }
    }
cleanup:
    sqlite3_finalize(stmt);
    return rc;
}

void store_submission_list_release(struct store_submission_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        store_submission_release(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->n = list->alloc = 0;
}

int store_submission_list(struct store *st, const struct store_filter *filter, struct store_submission_list *out)
{
    static const struct store_filter all = { NULL, NULL, NULL, 0, 0 };
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (!filter)
        filter = &all;
    if (prepare(st, &stmt,
                "SELECT " SUBMISSION_COLUMNS ", CASE WHEN ?5 THEN body END FROM submissions s"
                " WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR kind = ?2)"
                " AND (?3 IS NULL OR object_id = ?3)"
                " AND (NOT ?4 OR (status = 'approved' AND version = (SELECT MAX(version) FROM submissions t"
                "   WHERE t.kind = s.kind AND t.object_id = s.object_id AND t.status = 'approved')))"
                " ORDER BY id") < 0)
        return STORE_ERR;
    bind_opt_text(stmt, 1, filter->status);
    bind_opt_text(stmt, 2, filter->kind);
    bind_opt_text(stmt, 3, filter->object_id);
    sqlite3_bind_int(stmt, 4, filter->approved_latest_only);
    sqlite3_bind_int(stmt, 5, filter->with_body);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        read_submission(stmt, &out->items[out->n++], filter->with_body);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return db_fail(st, "cannot list submissions");
    return 0;
}

/* --- audit -------------------------------------------------------------------- */

void store_audit_list_release(struct store_audit_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        struct store_audit_row *r = &list->items[i];
        free(r->at);
        free(r->who);
        free(r->action);
        free(r->object);
        free(r->detail);
    }
    free(list->items);
    list->items = NULL;
    list->n = list->alloc = 0;
}

int store_audit_rows(struct store *st, const char *since, struct store_audit_list *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (prepare(st, &stmt,
                "SELECT id, at, who, action, object, detail FROM audit WHERE (?1 IS NULL OR at >= ?1) ORDER BY id") <
        0)
        return STORE_ERR;
    bind_opt_text(stmt, 1, since);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        struct store_audit_row *r;
        ALLOC_GROW(out->items, out->n + 1, out->alloc);
        r = &out->items[out->n++];
        r->id = sqlite3_column_int64(stmt, 0);
        r->at = column_dup(stmt, 1);
        r->who = column_dup(stmt, 2);
        r->action = column_dup(stmt, 3);
        r->object = column_dup(stmt, 4);
        r->detail = column_dup(stmt, 5);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return db_fail(st, "cannot read the audit log");
    return 0;
}
