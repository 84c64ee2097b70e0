/* store.h - scd.db, the embedded SQLite store: what must never be lost.
 * Submitted versions of city and solution files (with their review status),
 * match sessions and agendas (written by session.c through store_db()), and
 * an append-only audit log. The schema is documented in README.md
 * ("Submissions, review and the store") and created by the migrations in
 * store.c; PRAGMA user_version is the schema version.
 *
 * Connections are opened with journal_mode=WAL, synchronous=FULL,
 * busy_timeout=10000 and foreign_keys=ON. Writers take the write lock up
 * front with store_begin() (BEGIN IMMEDIATE), so two processes writing at
 * once wait for each other instead of failing.
 *
 * Return codes: 0 on success; STORE_ERR for a database or I/O failure
 * (store_errmsg() says what failed); STORE_NOTFOUND when the row asked for
 * does not exist; STORE_CONFLICT when the row is not in the state the
 * operation needs (e.g. reviewing a version that is not pending). */
#ifndef SCD_STORE_H
#define SCD_STORE_H

#include <sqlite3.h>
#include <stddef.h>

#define STORE_ERR (-1)
#define STORE_NOTFOUND (-2)
#define STORE_CONFLICT (-3)

/* The schema version this program creates and understands. */
#define STORE_SCHEMA_VERSION 1

struct store;
struct strbuf;

/* Open (creating and migrating as needed) the database at path. On success
 * *out is the handle and 0 is returned. On failure *out is NULL, STORE_ERR
 * is returned and store_errmsg(NULL) describes the failure (names the path).
 * A database whose user_version is newer than STORE_SCHEMA_VERSION is
 * refused. */
int store_open(struct store **out, const char *path);
/* Close the handle (rolling back an open transaction); NULL is fine. */
void store_close(struct store *st);

/* The connection, for module-specific queries (sessions, agendas). */
sqlite3 *store_db(struct store *st);
/* The path the store was opened with. */
const char *store_file(const struct store *st);

/* Transactions: BEGIN IMMEDIATE (waits up to the busy timeout for other
 * writers), COMMIT, ROLLBACK. Not nestable. store_begin/store_commit return
 * 0 or STORE_ERR; a failed commit leaves the transaction rolled back. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* Append one audit row (at = now). Runs inside the caller's transaction if
 * one is open, else on its own. who/object/detail may be NULL. 0 or
 * STORE_ERR. Rows are never updated or deleted: triggers forbid it. */
int store_audit(struct store *st, const char *who, const char *action, const char *object,
                const char *detail);

/* The last error of st, or of the last failed store_open when st is NULL.
 * Never NULL; valid until the next store call. */
const char *store_errmsg(struct store *st);

/* Now as ISO 8601 UTC, "2026-11-25T12:00:00Z". */
void store_now(char buf[32]);

/* The database path: explicit (--db) when not NULL/empty, else $SCD_DB
 * when set and not empty, else ROOT/scd.db. Written into buf (size bytes)
 * and returned. */
const char *store_path_default(const char *root, char *buf, size_t size);
/* Same with an explicit --db value (NULL when not given). */
const char *store_path(const char *explicit_path, const char *root, char *buf, size_t size);

/* Run PRAGMA integrity_check; 0 when it says "ok", STORE_CONFLICT with its
 * report in out otherwise, STORE_ERR when it cannot run. */
int store_integrity_check(struct store *st, struct strbuf *out);

/* --- submissions ------------------------------------------------------------ */

/* One row of the submissions table. Strings are owned (free with
 * store_submission_release); optional ones may be NULL. */
struct store_submission {
    long long id;            /* the submission id users type: `scd review 12` */
    char *kind;              /* "city" or "solution" */
    char *object_id;         /* the id inside the file */
    int version;             /* 1, 2, ... per (kind, object_id) */
    char *status;            /* "pending", "approved" or "rejected" */
    char *submitted_by, *submitted_at, *message;
    char sha256[65];
    char *body;              /* the full text exactly as submitted */
    size_t body_len;
    char *reviewed_by, *reviewed_at, *reason;
};

void store_submission_release(struct store_submission *sub);

/* Record a new version of (kind, object_id): version = last + 1,
 * submitted_at = now, sha256 computed from body. status is "pending" or
 * "approved" (the officer's own edit: reviewed_by = by). Fills out (when
 * not NULL) with the stored row. Call inside store_begin/store_commit.
 * 0 or STORE_ERR. */
int store_submission_add(struct store *st, const char *kind, const char *object_id, const char *by,
                         const char *message, const char *body, size_t body_len, const char *status,
                         struct store_submission *out);

/* Approve or reject a pending submission (reviewed_by/at, reason). 0,
 * STORE_NOTFOUND, STORE_CONFLICT (not pending), or STORE_ERR. */
int store_submission_review(struct store *st, long long id, const char *status, const char *by,
                            const char *reason);

/* One submission by id: 0, STORE_NOTFOUND or STORE_ERR. */
int store_submission_get(struct store *st, long long id, struct store_submission *out);

/* One version of an object: version 0 means the latest submitted. kind may
 * be NULL (either). 0, STORE_NOTFOUND or STORE_ERR. */
int store_submission_find(struct store *st, const char *kind, const char *object_id, int version,
                          struct store_submission *out);

/* The latest approved version of (kind, object_id): 0, STORE_NOTFOUND or
 * STORE_ERR. */
int store_latest_approved(struct store *st, const char *kind, const char *object_id,
                          struct store_submission *out);

/* Kinds under which object_id has submissions: bit 1 city, bit 2 solution;
 * 0 when none; STORE_ERR on failure. */
#define STORE_KIND_CITY 1
#define STORE_KIND_SOLUTION 2
int store_object_kinds(struct store *st, const char *object_id);

/* A list of submissions (bodies included only when with_body). */
struct store_submission_list {
    struct store_submission *items;
    size_t n, alloc;
};
#define STORE_SUBMISSION_LIST_INIT { NULL, 0, 0 }
void store_submission_list_release(struct store_submission_list *list);

/* Filters: NULL means any. Ordered by id. 0 or STORE_ERR. */
struct store_filter {
    const char *status;
    const char *kind;
    const char *object_id;
    int approved_latest_only; /* only the latest approved version of each object */
    int with_body;
};
int store_submission_list(struct store *st, const struct store_filter *filter,
                          struct store_submission_list *out);

/* --- audit -------------------------------------------------------------------- */

struct store_audit_row {
    long long id;
    char *at, *who, *action, *object, *detail; /* owned; who/object/detail may be NULL */
};
struct store_audit_list {
    struct store_audit_row *items;
    size_t n, alloc;
};
#define STORE_AUDIT_LIST_INIT { NULL, 0, 0 }
void store_audit_list_release(struct store_audit_list *list);

/* Audit rows with at >= since (an ISO 8601 prefix such as "2026-11-25";
 * NULL for all), oldest first. 0 or STORE_ERR. */
int store_audit_rows(struct store *st, const char *since, struct store_audit_list *out);

#endif
