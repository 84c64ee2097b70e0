/* submission.h - what submit, review and check share: validating a
 * submitted text as a city or solution file, and writing an approved
 * version into the registry atomically and in step with the database.
 *
 * Writing protocol (submission_publish), all under the database write lock
 * taken by submission_begin():
 *   1. the new text goes to DIR/ID.yaml.tmp-XXXXXX, fsync;
 *   2. an undo record: DIR/.ID.yaml.undo, a hard link to the current file
 *      (a copy where links are not supported), or DIR/.ID.yaml.absent when
 *      there is none; fsync DIR;
 *   3. rename the temp file onto DIR/ID.yaml, fsync DIR (a failed rename
 *      rolls the transaction back);
 *   4. COMMIT (the status and the audit row); if that fails the undo record
 *      is put back;
 *   5. remove the undo record.
 * A process killed anywhere in between leaves an undo record or a temp
 * file; submission_recover() (run by submission_begin() and by `scd check`)
 * settles it under the write lock: when the file's text is the latest
 * approved version the commit happened and the undo record goes, otherwise
 * the previous file is put back. Temp files are removed. */
#ifndef SCD_SUBMISSION_H
#define SCD_SUBMISSION_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

struct diag_list;
struct store;
struct store_submission;
struct strbuf;

#define SUBMISSION_INVALID (-1) /* the text has problems (diagnostics given) */
#define SUBMISSION_ERR (-2)     /* I/O or database failure (message given) */

/* "cities" for "city", "solutions" for "solution", NULL otherwise. */
const char *submission_folder(const char *kind);

/* ROOT/FOLDER/ID.yaml, malloc'd. */
char *submission_file(const char *root, const char *kind, const char *object_id);

/* The store at --db / $SCD_DB / ROOT/scd.db, opened; on failure prints
 * "scd CMD: MESSAGE" to stderr and returns NULL. */
struct store *submission_open_store(const char *cmd, const char *db_option, const char *root);

/* Validate text as a file of kind ("city" or "solution") exactly as
 * `scd validate` would check it in ROOT's cities/ or solutions/ folder,
 * with the root's rules and vendors as context. Diagnostics name display
 * (the file the user gave). On success *object_id is the file's id
 * (malloc'd). 0, SUBMISSION_INVALID (diags filled), or SUBMISSION_ERR
 * (err says why). */
int submission_validate(const char *root, const char *kind, const char *display, const char *text, size_t len,
                        struct diag_list *diags, char **object_id, struct strbuf *err);

/* BEGIN IMMEDIATE, then settle any interrupted write (see above; what is
 * settled is committed on its own, before the caller's changes); messages
 * about what was recovered go to log (may be NULL). 0 or SUBMISSION_ERR
 * (transaction not open). */
int submission_begin(struct store *st, const char *root, FILE *log);

/* Settle interrupted writes in ROOT/cities and ROOT/solutions. The caller
 * holds the write lock (inside store_begin). Appends a "recover" audit row
 * when anything was done. Returns how many leftovers were settled, or
 * SUBMISSION_ERR. */
int submission_recover(struct store *st, const char *root, FILE *log);

/* 1 when ROOT/cities or ROOT/solutions holds leftovers of an interrupted
 * write (checked without the lock), else 0. */
int submission_needs_recovery(const char *root);

/* Steps 1-5 above for text as ROOT/FOLDER/ID.yaml, inside the caller's
 * transaction, which this commits. On failure the transaction is rolled
 * back, the registry left as it was, and SUBMISSION_ERR returned with err
 * set. */
int submission_publish(struct store *st, const char *root, const char *kind, const char *object_id,
                       const char *text, size_t len, struct strbuf *err);

/* Write path atomically (temp file + fsync + rename + fsync of the folder),
 * without the undo record: for `scd check --repair`. 0 or SUBMISSION_ERR. */
int submission_write_file(const char *path, const char *text, size_t len, struct strbuf *err);

/* A submission's columns as a JSON object with stable keys: id, kind,
 * object_id, version, status, submitted_by, submitted_at, message, sha256,
 * reviewed_by, reviewed_at, reason (null when unset); plus body when
 * with_body. New reference. */
json_t *submission_json(const struct store_submission *sub, int with_body);

/* Print a JSON value to stdout, indented, keys in insertion order, and a
 * newline; consumes it. */
void submission_print_json(json_t *value);

/* A stored text as a document tree in arena; NULL (with a message on
 * stderr naming what) when it does not parse. */
struct arena;
struct doc_node;
struct doc_node *submission_parse(struct arena *arena, const char *what, const char *text, size_t len);

/* Which kind object_id is: kind_option when given (checked), else the one
 * kind it has submissions under. Returns 0 with *out set ("city" or
 * "solution"), else prints "scd CMD: ..." and returns the exit status: 1
 * when it has no submissions (or has both kinds and no --kind), 2 for a
 * bad --kind, 3 on a database failure. */
int submission_resolve_kind(struct store *st, const char *cmd, const char *object_id, const char *kind_option,
                            const char **out);

/* What history, show and diff do first: open the store (as
 * submission_open_store) and resolve object_id's kind (as
 * submission_resolve_kind), naming cmd in messages. Returns 0 with *st and
 * *kind set, else the exit status after printing why (3 when the store does
 * not open); *st is then NULL or open, for the caller's store_close(). */
int submission_open_object(const char *cmd, const char *db_option, const char *root, const char *object_id,
                           const char *kind_option, struct store **st, const char **kind);

/* Version `version` of kind object_id into out (0: the latest submitted).
 * Returns 0, or the exit status after printing "scd CMD: ..." to stderr:
 * 1 when there is no such version (naming the versions there are), 3 on a
 * database failure. */
int submission_load_version(struct store *st, const char *cmd, const char *kind, const char *object_id,
                            long long version, struct store_submission *out);

/* Parse a positive integer (a submission id or a version number); 0 or -1. */
int submission_parse_number(const char *s, long long *out);

#endif
