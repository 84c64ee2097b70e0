/* session.h - a match session end to end: run the match, record what it ran
 * on (the sha-256 of every input file and of the rule set, the engine
 * version) and what it found (the whole `scd match --explain --format json`
 * document) in scd.db; load, list, verify and compare sessions; turn a
 * session's best matches into a meeting agenda (agenda.h) and keep it with
 * the session.
 *
 * Inputs are every YAML file the registry loader reads from cities/,
 * vendors/, solutions/ and rules/ (not rules/outlines/, which no match
 * reads), as paths relative to the root, sorted;
 * a rule set given with --rules from outside those folders is one more
 * input, recorded by its absolute path. Functions that can fail return 0
 * or an exit status of cli.h (EXIT_INVALID, EXIT_USAGE, EXIT_FATAL) after
 * printing what went wrong to stderr, except where a store code is named. */
#ifndef SCD_SESSION_H
#define SCD_SESSION_H

#include "rank.h"
#include "sha256.h"

#include <jansson.h>
#include <stddef.h>

struct store;

/* The version a session records; bump the ranking number whenever a change
 * to the engine changes results, so `session verify` can say why stored
 * results differ from a re-run on unchanged inputs. */
#ifndef SCD_VERSION
#define SCD_VERSION "0.1.0"
#endif
#define SCD_ENGINE_VERSION "scd " SCD_VERSION " (ranking 1)"

struct session_input {
    char *path;                    /* relative to the root; absolute for an outside rule set */
    char sha256[SHA256_HEX_SIZE];
};

struct session_inputs {
    struct session_input *items;   /* sorted by path (strcmp) */
    size_t n, alloc;
};

void session_inputs_release(struct session_inputs *in);

/* Hash the inputs of root (and of rules_file when it lies outside the
 * registry folders; NULL for none). 0 or EXIT_FATAL (a file cannot be read). */
int session_inputs_hash(struct session_inputs *out, const char *root, const char *rules_file);

/* One sessions row with its inputs. Strings are owned; name, created_by
 * and cities may be NULL. */
struct session {
    long long id;                  /* 0 until stored */
    char *name, *created_at, *created_by;
    char *stage, *rules_id;
    char rules_sha256[SHA256_HEX_SIZE];
    char *engine_version;
    char *cities;                  /* JSON array of city ids; NULL = every city */
    char *results;                 /* the match document, as `scd match --explain --format json` prints it */
    struct session_inputs inputs;
};

void session_release(struct session *s);

/* What to run. */
struct session_spec {
    const char *root;
    const char *rules_path;        /* --rules FILE, or NULL for the registry's default rule set */
    const char *rules_id;          /* with rules_path NULL: this registry rule set (NULL: default) */
    enum stage stage;
    const char *const *city_ids;   /* NULL/0: every city */
    size_t n_city_ids;
    const char *name, *created_by; /* may be NULL */
};

/* Hash the inputs, load the registry, run the match and fill out (not yet
 * stored). 0 or an exit status. */
int session_run(struct session *out, const struct session_spec *spec);

/* Store s (sets s->id) with its inputs and an audit row, in one
 * transaction. 0 or STORE_ERR; errors are printed to stderr by every
 * store function of this module. */
int session_store(struct store *st, struct session *s);

/* Load session id: 0, STORE_NOTFOUND or STORE_ERR. */
int session_load(struct store *st, long long id, struct session *out);

/* A session in a few keys: {"id", "name", "created", "created_by",
 * "stage", "rules_id", "rules_sha256", "engine_version", "cities",
 * "inputs", "problems", "results", "agendas"} (counts). */
json_t *session_summary_json(const struct session *s, long long agendas);

/* Every session, oldest first: {"sessions": [summary, ...]}. 0 with *out
 * set, or STORE_ERR (printed). */
int session_list(struct store *st, json_t **out);

/* The stored document of a session as JSON: metadata, inputs, results and
 * its agendas (`session show --format json`). 0, or STORE_ERR when the
 * stored text does not parse or the agendas cannot be read. */
int session_to_json(struct store *st, const struct session *s, json_t **out);

/* Parse a session id ("12"); 0, or -1 when it is not a positive integer. */
int session_parse_id(const char *arg, long long *out);

/* Compare root's inputs with s's, and when none changed run the same
 * match again and compare the results byte for byte. *out is the report
 * ({"session", "reproducible", "engine_version": {"stored", "current"},
 * "inputs": [{"path", "change", "stored_sha256", "current_sha256"}],
 * "first_difference": {"line", "stored", "current"} | null}). 0 when the
 * check could run (reproducible or not: see the report), or an exit status. */
int session_verify(json_t **out, const struct session *s, const char *root);

/* What moved between two sessions, problem by problem, and which input or
 * rule change explains each move (README: "scd session diff"). 0, or
 * EXIT_FATAL when a stored document does not parse. */
int session_diff(json_t **out, const struct session *a, const struct session *b);

/* Agenda parameters as given on the command line. */
struct session_agenda_params {
    int slots, slot_minutes;
    int start;                     /* minutes after midnight */
    int max_per_city, max_per_vendor;
};

/* Build the agenda of a session's best matches ({"session", "agenda": null,
 * "params", "total_score", "slots_used", "meetings": [{"slot", "start",
 * "end", "city", "vendor", "solutions", "score", "matches"}],
 * "without_meeting": {"cities", "vendors"}}). 0, EXIT_USAGE on parameters
 * out of range, EXIT_FATAL when the stored results do not parse. */
int session_agenda(json_t **out, const struct session *s, const struct session_agenda_params *p);

/* Store an agenda built by session_agenda with the session (sets its
 * "agenda" id) and an audit row, in one transaction. 0 or STORE_ERR. */
int session_agenda_store(struct store *st, const struct session *s, json_t *agenda, const char *who);

/* "HH:MM" of minutes after midnight, into buf[6]. */
void session_format_time(int minutes, char buf[6]);

#endif
