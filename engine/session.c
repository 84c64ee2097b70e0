/* session.c - match sessions: run, store, load, list, verify, diff, and the
 * meeting agenda drawn from a session's results. */
#include "session.h"
#include "agenda.h"
#include "cli.h"
#include "index.h"
#include "match.h"
#include "registry.h"
#include "store.h"
#include "strbuf.h"
#include "strmap.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* From cmd_match.c: the way every ranking command loads what it ranks. */

/* --- inputs --------------------------------------------------------------------- */

/* The folders the registry loader reads, in the order their paths sort. */
static const char *const input_folders[] = { "cities", "rules", "solutions", "vendors" };

void session_inputs_release(struct session_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->items[i].path);
    free(in->items);
    memset(in, 0, sizeof(*in));
}

static void inputs_add(struct session_inputs *in, const char *path, const char *sha)
{
    ALLOC_GROW(in->items, in->n + 1, in->alloc);
    in->items[in->n].path = xstrdup(path);
    snprintf(in->items[in->n].sha256, sizeof(in->items[in->n].sha256), "%s", sha);
    in->n++;
}

static int compare_inputs(const void *a, const void *b)
{
    return strcmp(((const struct session_input *)a)->path, ((const struct session_input *)b)->path);
}

static const struct session_input *inputs_find(const struct session_inputs *in, const char *path)
{
    struct session_input key;

    if (!in->n)
        return NULL;
    key.path = (char *)path;
    return bsearch(&key, in->items, in->n, sizeof(*in->items), compare_inputs);
}

/* The same names the loader takes (registry.c): no dot files, .yaml/.yml. */
static int is_yaml_name(const char *name)
{
    size_t len = strlen(name);

    if (name[0] == '.')
        return 0;
    return (len > 5 && !strcmp(name + len - 5, ".yaml")) || (len > 4 && !strcmp(name + len - 4, ".yml"));
}

static void root_join(struct strbuf *sb, const char *root, const char *rel)
{
    if (!root || !*root || !strcmp(root, "."))
        strbuf_addstr(sb, rel);
    else
        strbuf_addf(sb, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", rel);
}

static int hash_folder(struct session_inputs *out, const char *root, const char *folder)
{
    struct strbuf dir = STRBUF_INIT;
    DIR *d;
    struct dirent *de;
    int rc = 0;

    root_join(&dir, root, folder);
    d = opendir(dir.buf);
    if (!d) {
        strbuf_release(&dir);
        return 0; /* the loader reads nothing from a missing folder either */
    }
    while (!rc && (de = readdir(d))) {
        struct strbuf path = STRBUF_INIT, rel = STRBUF_INIT;
        char sha[SHA256_HEX_SIZE];
        struct stat st;

        if (!is_yaml_name(de->d_name))
            continue;
        strbuf_addf(&path, "%s/%s", dir.buf, de->d_name);
        strbuf_addf(&rel, "%s/%s", folder, de->d_name);
        if (stat(path.buf, &st) == 0 && S_ISREG(st.st_mode)) {
            if (sha256_file_hex(path.buf, sha) < 0) {
                fprintf(stderr, "scd session: cannot read '%s': %s\n", path.buf, strerror(errno));
                rc = EXIT_FATAL;
            } else {
                inputs_add(out, rel.buf, sha);
            }
        }
        strbuf_release(&path);
        strbuf_release(&rel);
    }
    closedir(d);
    strbuf_release(&dir);
    return rc;
}

/* The path a session records for a rule set file: relative to the root when
 * it is one of the registry's inputs, else absolute. Caller frees. */
static char *rules_input_path(const struct session_inputs *in, const char *root, const char *rules_file)
{
    char real_root[PATH_MAX], real_file[PATH_MAX];
    size_t len;

    if (!realpath(rules_file, real_file))
        return NULL;
    if (realpath(root && *root ? root : ".", real_root)) {
        len = strlen(real_root);
        if (!strncmp(real_file, real_root, len) && real_file[len] == '/' && inputs_find(in, real_file + len + 1))
            return xstrdup(real_file + len + 1);
    }
    return xstrdup(real_file);
}

int session_inputs_hash(struct session_inputs *out, const char *root, const char *rules_file)
{
    int rc = 0;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; !rc && i < ARRAY_SIZE(input_folders); i++)
        rc = hash_folder(out, root, input_folders[i]);
    if (out->n)
        qsort(out->items, out->n, sizeof(*out->items), compare_inputs);
    if (!rc && rules_file) {
        char *path = rules_input_path(out, root, rules_file);
        char sha[SHA256_HEX_SIZE];

        if (!path || sha256_file_hex(rules_file, sha) < 0) {
            fprintf(stderr, "scd session: cannot read '%s': %s\n", rules_file, strerror(errno));
            rc = EXIT_FATAL;
        } else if (path[0] == '/') {
            inputs_add(out, path, sha);
            qsort(out->items, out->n, sizeof(*out->items), compare_inputs);
        }
        free(path);
    }
    if (rc)
        session_inputs_release(out);
    return rc;
}

/* The recorded rule set file outside the registry, if any. */
static const struct session_input *outside_rules(const struct session_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        if (in->items[i].path[0] == '/')
            return &in->items[i];
    return NULL;
}

/* Registry inputs (relative paths) equal in both lists. */
static int registry_inputs_equal(const struct session_inputs *a, const struct session_inputs *b)
{
    size_t i = 0, j = 0;

    for (;;) {
        while (i < a->n && a->items[i].path[0] == '/')
            i++;
        while (j < b->n && b->items[j].path[0] == '/')
            j++;
        if (i == a->n || j == b->n)
            return i == a->n && j == b->n;
        if (strcmp(a->items[i].path, b->items[j].path) || strcmp(a->items[i].sha256, b->items[j].sha256))
            return 0;
        i++;
        j++;
    }
}

/* --- run ------------------------------------------------------------------------ */

void session_release(struct session *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->created_at);
    free(s->created_by);
    free(s->stage);
    free(s->rules_id);
    free(s->engine_version);
    free(s->cities);
    free(s->results);
    session_inputs_release(&s->inputs);
    memset(s, 0, sizeof(*s));
}

static char *xstrdup_opt(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

int session_run(struct session *out, const struct session_spec *spec)
{
    struct session_inputs before = { NULL, 0, 0 };
    struct registry reg;
    struct index idx;
    const struct rule_set *rules = NULL;
    struct match_run run;
    struct match_options mo;
    char now[32];
    int rc, have_run = 0;

    memset(out, 0, sizeof(*out));
    memset(&reg, 0, sizeof(reg));
    memset(&idx, 0, sizeof(idx));
    rc = session_inputs_hash(&before, spec->root, NULL);
    if (rc)
        return rc;
    rc = match_prepare(spec->root, spec->rules_path, &reg, &idx, &rules, "session");
    if (rc)
        goto cleanup;
    if (!spec->rules_path && spec->rules_id) {
        rules = registry_rule_set(&reg, spec->rules_id);
        if (!rules) {
            fprintf(stderr, "scd session: no rule set '%s' in rules/\n", spec->rules_id);
            rc = EXIT_INVALID;
            goto cleanup;
        }
    }
    for (size_t i = 0; i < spec->n_city_ids; i++)
        if (!registry_city(&reg, spec->city_ids[i])) {
            fprintf(stderr, "scd session: no city '%s' in the registry\n", spec->city_ids[i]);
            rc = EXIT_INVALID;
            goto cleanup;
        }
    memset(&mo, 0, sizeof(mo));
    mo.city_ids = spec->city_ids;
    mo.n_city_ids = spec->n_city_ids;
    mo.stage = spec->stage;
    if (match_run(&run, &idx, rules, &mo) < 0) {
        rc = EXIT_INVALID;
        goto cleanup;
    }
    have_run = 1;
    {
        size_t size = 0;
        FILE *mem = open_memstream(&out->results, &size);
        if (!mem)
            die("cannot render the match results");
        match_write_json(&run, 1, mem);
        fclose(mem);
    }

    /* What was read must be what is recorded: hash again after the run,
     * and refuse a session whose inputs changed under it. */
    rc = session_inputs_hash(&out->inputs, spec->root, spec->rules_path ? rules->pos.file : NULL);
    if (rc)
        goto cleanup;
    if (!registry_inputs_equal(&before, &out->inputs)) {
        fprintf(stderr, "scd session: the registry's files changed while the session ran; run it again\n");
        rc = EXIT_FATAL;
        goto cleanup;
    }
    {
        /* The rule set's digest is its input's: hashed with the others. */
        char *path = rules_input_path(&out->inputs, spec->root, rules->pos.file);
        const struct session_input *in = path ? inputs_find(&out->inputs, path) : NULL;

        free(path);
        if (in) {
            memcpy(out->rules_sha256, in->sha256, sizeof(out->rules_sha256));
        } else if (sha256_file_hex(rules->pos.file, out->rules_sha256) < 0) {
            fprintf(stderr, "scd session: cannot read '%s': %s\n", rules->pos.file, strerror(errno));
            rc = EXIT_FATAL;
            goto cleanup;
        }
    }
    store_now(now);
    out->created_at = xstrdup(now);
    out->name = xstrdup_opt(spec->name);
    out->created_by = xstrdup_opt(spec->created_by);
    out->stage = xstrdup(stage_names[spec->stage]);
    out->rules_id = xstrdup(rules->id);
    out->engine_version = xstrdup(SCD_ENGINE_VERSION);
    if (spec->n_city_ids) {
        json_t *cities = json_array();
        for (size_t i = 0; i < spec->n_city_ids; i++)
            json_array_append_new(cities, json_string(spec->city_ids[i]));
        out->cities = json_dumps(cities, JSON_COMPACT);
        json_decref(cities);
    }

cleanup:
    if (have_run)
        match_run_release(&run);
    index_release(&idx);
    registry_release(&reg);
    session_inputs_release(&before);
    if (rc)
        session_release(out);
    return rc;
}

/* --- store ---------------------------------------------------------------------- */

static int db_error(struct store *st, const char *what)
{
    fprintf(stderr, "scd session: %s in '%s': %s\n", what, store_file(st), sqlite3_errmsg(store_db(st)));
    return STORE_ERR;
}

static void bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, i);
}

static char *column_text(sqlite3_stmt *stmt, int i)
{
    const unsigned char *s = sqlite3_column_text(stmt, i);

    return s ? xstrndup((const char *)s, (size_t)sqlite3_column_bytes(stmt, i)) : NULL;
}

int session_store(struct store *st, struct session *s)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *stmt = NULL;
    char object[32];
    struct strbuf detail = STRBUF_INIT;
    int rc = STORE_ERR;

    if (store_begin(st) < 0) {
        fprintf(stderr, "scd session: %s\n", store_errmsg(st));
        return STORE_ERR;
    }
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO sessions (name, created_at, created_by, stage, rules_id, rules_sha256, "
                           "engine_version, cities, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL) != SQLITE_OK) {
        db_error(st, "cannot store the session");
        goto cleanup;
    }
    bind_text(stmt, 1, s->name);
    bind_text(stmt, 2, s->created_at);
    bind_text(stmt, 3, s->created_by);
    bind_text(stmt, 4, s->stage);
    bind_text(stmt, 5, s->rules_id);
    bind_text(stmt, 6, s->rules_sha256);
    bind_text(stmt, 7, s->engine_version);
    bind_text(stmt, 8, s->cities);
    bind_text(stmt, 9, s->results);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        db_error(st, "cannot store the session");
        goto cleanup;
    }
    s->id = (long long)sqlite3_last_insert_rowid(db);
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO session_inputs (session_id, path, sha256) VALUES (?, ?, ?)", -1, &stmt,
                           NULL) != SQLITE_OK) {
        db_error(st, "cannot store the session's inputs");
        goto cleanup;
    }
    for (size_t i = 0; i < s->inputs.n; i++) {
        sqlite3_reset(stmt);
        sqlite3_bind_int64(stmt, 1, s->id);
        bind_text(stmt, 2, s->inputs.items[i].path);
        bind_text(stmt, 3, s->inputs.items[i].sha256);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            db_error(st, "cannot store the session's inputs");
            goto cleanup;
        }
    }
    snprintf(object, sizeof(object), "session:%lld", s->id);
    strbuf_addf(&detail, "stage %s, rule set %s (sha256 %s), %zu inputs, engine %s", s->stage, s->rules_id,
                s->rules_sha256, s->inputs.n, s->engine_version);
    if (s->cities)
        strbuf_addf(&detail, ", cities %s", s->cities);
    if (s->name)
        strbuf_addf(&detail, ", name '%s'", s->name);
    if (store_audit(st, s->created_by, "session", object, detail.buf) < 0) {
        fprintf(stderr, "scd session: %s\n", store_errmsg(st));
        goto cleanup;
    }
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (store_commit(st) < 0) {
        fprintf(stderr, "scd session: %s\n", store_errmsg(st));
        s->id = 0;
        goto cleanup;
    }
    rc = 0;
cleanup:
    sqlite3_finalize(stmt);
    if (rc) {
        store_rollback(st);
        s->id = 0;
    }
    strbuf_release(&detail);
    return rc;
}

int session_parse_id(const char *arg, long long *out)
{
    char *end;
    long long v;

    if (!arg || *arg < '0' || *arg > '9')
        return -1;
    errno = 0;
    v = strtoll(arg, &end, 10);
    if (*end || errno || v < 1)
        return -1;
    *out = v;
    return 0;
}

int session_load(struct store *st, long long id, struct session *out)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *stmt = NULL;
    int rc = STORE_ERR, step;

    memset(out, 0, sizeof(*out));
    if (sqlite3_prepare_v2(db,
                           "SELECT name, created_at, created_by, stage, rules_id, rules_sha256, engine_version, "
                           "cities, results FROM sessions WHERE id = ?",
                           -1, &stmt, NULL) != SQLITE_OK) {
        db_error(st, "cannot read sessions");
        goto cleanup;
    }
    sqlite3_bind_int64(stmt, 1, id);
    step = sqlite3_step(stmt);
    if (step == SQLITE_DONE) {
        rc = STORE_NOTFOUND;
        goto cleanup;
    }
    if (step != SQLITE_ROW) {
        db_error(st, "cannot read sessions");
        goto cleanup;
    }
    out->id = id;
    out->name = column_text(stmt, 0);
    out->created_at = column_text(stmt, 1);
    out->created_by = column_text(stmt, 2);
    out->stage = column_text(stmt, 3);
    out->rules_id = column_text(stmt, 4);
    snprintf(out->rules_sha256, sizeof(out->rules_sha256), "%s",
             sqlite3_column_text(stmt, 5) ? (const char *)sqlite3_column_text(stmt, 5) : "");
    out->engine_version = column_text(stmt, 6);
    out->cities = column_text(stmt, 7);
    out->results = column_text(stmt, 8);
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT path, sha256 FROM session_inputs WHERE session_id = ? ORDER BY path", -1,
                           &stmt, NULL) != SQLITE_OK) {
        db_error(st, "cannot read session inputs");
        goto cleanup;
    }
    sqlite3_bind_int64(stmt, 1, id);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
        inputs_add(&out->inputs, (const char *)sqlite3_column_text(stmt, 0),
                   (const char *)sqlite3_column_text(stmt, 1));
    if (step != SQLITE_DONE) {
        db_error(st, "cannot read session inputs");
        goto cleanup;
    }
    /* SQLite's BINARY collation is memcmp, but sort anyway: lookups bsearch. */
    if (out->inputs.n)
        qsort(out->inputs.items, out->inputs.n, sizeof(*out->inputs.items), compare_inputs);
    rc = 0;
cleanup:
    sqlite3_finalize(stmt);
    if (rc)
        session_release(out);
    return rc;
}

/* Problems and results in a stored document; -1 each when it does not parse. */
static void count_results(const char *text, json_int_t *problems, json_int_t *results)
{
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    json_t *city, *problem;
    size_t i, j;

    *problems = *results = -1;
    if (!doc)
        return;
    *problems = *results = 0;
    json_array_foreach(json_object_get(doc, "cities"), i, city)
        json_array_foreach(json_object_get(city, "problems"), j, problem) {
            (*problems)++;
            *results += (json_int_t)json_array_size(json_object_get(problem, "results"));
        }
    json_decref(doc);
}

static json_t *cities_json(const char *text)
{
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;

    return j ? j : json_null();
}

static json_t *count_json(json_int_t n)
{
    return n < 0 ? json_null() : json_integer(n);
}

/* The keys a session's summary and its full export start with, in order. */
static void header_json(json_t *o, const struct session *s)
{
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "name", s->name ? json_string(s->name) : json_null());
    json_object_set_new(o, "created", json_string(s->created_at));
    json_object_set_new(o, "created_by", s->created_by ? json_string(s->created_by) : json_null());
    json_object_set_new(o, "stage", json_string(s->stage));
    json_object_set_new(o, "rules_id", json_string(s->rules_id));
    json_object_set_new(o, "rules_sha256", json_string(s->rules_sha256));
    json_object_set_new(o, "engine_version", json_string(s->engine_version));
    json_object_set_new(o, "cities", cities_json(s->cities));
}

json_t *session_summary_json(const struct session *s, long long agendas)
{
    json_t *o = json_object();
    json_int_t problems, results;

    count_results(s->results, &problems, &results);
    header_json(o, s);
    json_object_set_new(o, "inputs", json_integer((json_int_t)s->inputs.n));
    json_object_set_new(o, "problems", count_json(problems));
    json_object_set_new(o, "results", count_json(results));
    json_object_set_new(o, "agendas", json_integer(agendas));
    return o;
}

int session_list(struct store *st, json_t **out)
{
    sqlite3_stmt *stmt = NULL;
    json_t *list = json_array();
    long long *ids = NULL, *agendas = NULL;
    size_t n = 0, alloc = 0, alloc2 = 0;
    int step, rc = 0;

    *out = NULL;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT id, (SELECT count(*) FROM agendas a WHERE a.session_id = s.id) FROM sessions s "
                           "ORDER BY id",
                           -1, &stmt, NULL) != SQLITE_OK) {
        json_decref(list);
        return db_error(st, "cannot read sessions");
    }
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        ALLOC_GROW(ids, n + 1, alloc);
        ALLOC_GROW(agendas, n + 1, alloc2);
        ids[n] = sqlite3_column_int64(stmt, 0);
        agendas[n++] = sqlite3_column_int64(stmt, 1);
    }
    if (step != SQLITE_DONE)
        rc = db_error(st, "cannot read sessions");
    sqlite3_finalize(stmt);
    for (size_t i = 0; !rc && i < n; i++) {
        struct session s;
        rc = session_load(st, ids[i], &s);
        if (!rc) {
            json_array_append_new(list, session_summary_json(&s, agendas[i]));
            session_release(&s);
        }
    }
    free(ids);
    free(agendas);
    if (rc) {
        json_decref(list);
        return STORE_ERR;
    }
    *out = json_pack("{s:o}", "sessions", list);
    return 0;
}

int session_to_json(struct store *st, const struct session *s, json_t **out)
{
    sqlite3_stmt *stmt = NULL;
    json_t *o, *inputs = json_array(), *agendas = json_array(), *results;
    int step;

    *out = NULL;
    results = s->results ? json_loads(s->results, JSON_DECODE_ANY, NULL) : NULL;
    if (!results) {
        fprintf(stderr, "scd session: the stored results of session %lld do not parse\n", s->id);
        json_decref(inputs);
        json_decref(agendas);
        return STORE_ERR;
    }
    for (size_t i = 0; i < s->inputs.n; i++)
        json_array_append_new(inputs, json_pack("{s:s, s:s}", "path", s->inputs.items[i].path, "sha256",
                                                s->inputs.items[i].sha256));
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT id, created_at, params, meetings FROM agendas WHERE session_id = ? ORDER BY id", -1,
                           &stmt, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_int64(stmt, 1, s->id);
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *params = json_loads((const char *)sqlite3_column_text(stmt, 2), 0, NULL);
        json_t *meetings = json_loads((const char *)sqlite3_column_text(stmt, 3), 0, NULL);
        json_array_append_new(agendas, json_pack("{s:I, s:s, s:o, s:o}", "id",
                                                 (json_int_t)sqlite3_column_int64(stmt, 0), "created",
                                                 (const char *)sqlite3_column_text(stmt, 1), "params",
                                                 params ? params : json_null(), "meetings",
                                                 meetings ? meetings : json_null()));
    }
    if (step != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(stmt);
    o = json_object();
    header_json(o, s);
    json_object_set_new(o, "inputs", inputs);
    json_object_set_new(o, "results", results);
    json_object_set_new(o, "agendas", agendas);
    *out = o;
    return 0;
fail:
    db_error(st, "cannot read agendas");
    sqlite3_finalize(stmt);
    json_decref(inputs);
    json_decref(agendas);
    json_decref(results);
    return STORE_ERR;
}

/* --- verify ---------------------------------------------------------------------- */

static void add_input_change(json_t *changes, const char *path, const char *change, const char *old_sha,
                             const char *new_sha, const char *old_key, const char *new_key)
{
    json_t *o = json_object();

    json_object_set_new(o, "path", json_string(path));
    json_object_set_new(o, "change", json_string(change));
    json_object_set_new(o, old_key, old_sha ? json_string(old_sha) : json_null());
    json_object_set_new(o, new_key, new_sha ? json_string(new_sha) : json_null());
    json_array_append_new(changes, o);
}

/* Merge two sorted input lists into changed/added/removed rows. */
static json_t *compare_inputs_json(const struct session_inputs *a, const struct session_inputs *b,
                                   const char *a_key, const char *b_key)
{
    json_t *changes = json_array();
    size_t i = 0, j = 0;

    while (i < a->n || j < b->n) {
        int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->items[i].path, b->items[j].path);
        if (c < 0) {
            add_input_change(changes, a->items[i].path, "removed", a->items[i].sha256, NULL, a_key, b_key);
            i++;
        } else if (c > 0) {
            add_input_change(changes, b->items[j].path, "added", NULL, b->items[j].sha256, a_key, b_key);
            j++;
        } else {
            if (strcmp(a->items[i].sha256, b->items[j].sha256))
                add_input_change(changes, a->items[i].path, "changed", a->items[i].sha256, b->items[j].sha256,
                                 a_key, b_key);
            i++;
            j++;
        }
    }
    return changes;
}

static json_t *first_difference(const char *stored, const char *current)
{
    size_t line = 1;
    const char *a = stored, *b = current;

    for (;;) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        if (la != lb || memcmp(a, b, la) || (!a[la]) != (!b[lb])) {
            json_t *o = json_object();
            json_object_set_new(o, "line", json_integer((json_int_t)line));
            json_object_set_new(o, "stored", *a || a[la] ? json_stringn(a, la) : json_null());
            json_object_set_new(o, "current", *b || b[lb] ? json_stringn(b, lb) : json_null());
            return o;
        }
        if (!a[la])
            return NULL;
        a += la + 1;
        b += lb + 1;
        line++;
    }
}

int session_verify(json_t **out, const struct session *s, const char *root)
{
    struct session_inputs now = { NULL, 0, 0 };
    const struct session_input *outside = outside_rules(&s->inputs);
    struct session again;
    struct session_spec spec;
    json_t *report, *changes, *diff = NULL;
    const char **city_ids = NULL;
    json_t *cities = NULL, *city;
    size_t i;
    int rc;

    *out = NULL;
    rc = session_inputs_hash(&now, root, NULL);
    if (rc)
        return rc;
    if (outside) {
        /* An outside rule set file may be gone: that is a change, not an error. */
        char sha[SHA256_HEX_SIZE];
        if (sha256_file_hex(outside->path, sha) == 0) {
            inputs_add(&now, outside->path, sha);
            qsort(now.items, now.n, sizeof(*now.items), compare_inputs);
        }
    }
    changes = compare_inputs_json(&s->inputs, &now, "stored_sha256", "current_sha256");
    session_inputs_release(&now);
    report = json_object();
    json_object_set_new(report, "session", json_integer(s->id));
    json_object_set_new(report, "engine_version",
                        json_pack("{s:s, s:s}", "stored", s->engine_version, "current", SCD_ENGINE_VERSION));
    json_object_set_new(report, "inputs", changes);
    if (json_array_size(changes)) {
        json_object_set_new(report, "reproducible", json_false());
        json_object_set_new(report, "first_difference", json_null());
        *out = report;
        return 0;
    }

    /* Inputs unchanged: the same match again must give the same bytes. */
    memset(&spec, 0, sizeof(spec));
    spec.root = root;
    spec.rules_path = outside ? outside->path : NULL;
    spec.rules_id = s->rules_id;
    if (parse_stage(s->stage, &spec.stage) < 0) {
        fprintf(stderr, "scd session: session %lld has an unknown stage '%s'\n", s->id, s->stage);
        json_decref(report);
        return EXIT_FATAL;
    }
    if (s->cities) {
        cities = json_loads(s->cities, 0, NULL);
        city_ids = xcalloc(json_array_size(cities) + 1, sizeof(*city_ids));
        json_array_foreach(cities, i, city)
            if (json_is_string(city))
                city_ids[spec.n_city_ids++] = json_string_value(city);
        spec.city_ids = city_ids;
    }
    rc = session_run(&again, &spec);
    if (!rc) {
        diff = first_difference(s->results, again.results);
        json_object_set_new(report, "reproducible", diff ? json_false() : json_true());
        json_object_set_new(report, "first_difference", diff ? diff : json_null());
        session_release(&again);
        *out = report;
    } else {
        json_decref(report);
    }
    free(city_ids);
    json_decref(cities);
    return rc;
}

/* --- diff ------------------------------------------------------------------------ */

struct diff_ctx {
    const struct session *a, *b;
    json_t *inputs;               /* the changed/added/removed rows */
    struct strmap changed;        /* path -> its row in inputs */
    int rules_changed, engine_changed;
    const char *rules_path_a, *rules_path_b; /* the rule set files, when known */
};

/* The input holding a session's rule set: the outside file, else the
 * registry rules/ file with the recorded digest. */
static const char *rule_set_path(const struct session *s)
{
    const struct session_input *o = outside_rules(&s->inputs);

    if (o)
        return o->path;
    for (size_t i = 0; i < s->inputs.n; i++)
        if (!strncmp(s->inputs.items[i].path, "rules/", 6) && !strcmp(s->inputs.items[i].sha256, s->rules_sha256))
            return s->inputs.items[i].path;
    return NULL;
}

/* The changed-input row of folder/id.yaml or folder/id.yml, or NULL. */
static json_t *changed_file(const struct diff_ctx *d, const char *folder, const char *id)
{
    struct strbuf path = STRBUF_INIT;
    json_t *row;

    if (!id)
        return NULL;
    strbuf_addf(&path, "%s/%s.yaml", folder, id);
    row = strmap_get(&d->changed, path.buf);
    if (!row) {
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s.yml", folder, id);
        row = strmap_get(&d->changed, path.buf);
    }
    strbuf_release(&path);
    return row;
}

static void add_file_cause(json_t *causes, const char *kind, json_t *row)
{
    json_array_append_new(causes, json_pack("{s:s, s:O, s:O}", "kind", kind, "path", json_object_get(row, "path"),
                                            "change", json_object_get(row, "change")));
}

/* Which input or rule changes can explain a move of solution sol (of
 * vendor) for a problem of city. competitors: the solutions ranked for the
 * problem in either session. Most specific first. */
static json_t *explain_move(const struct diff_ctx *d, const char *city, const char *sol, const char *vendor,
                            json_t *competitors)
{
    json_t *causes = json_array(), *row, *others;
    size_t n_other = 0;

    if ((row = changed_file(d, "solutions", sol)))
        add_file_cause(causes, "solution", row);
    if ((row = changed_file(d, "vendors", vendor)))
        add_file_cause(causes, "vendor", row);
    if ((row = changed_file(d, "cities", city)))
        add_file_cause(causes, "city", row);
    if (d->rules_changed)
        json_array_append_new(causes, json_pack("{s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}", "kind", "rule-set",
                                                "a", "id", d->a->rules_id, "sha256", d->a->rules_sha256, "stage",
                                                d->a->stage, "b", "id", d->b->rules_id, "sha256",
                                                d->b->rules_sha256, "stage", d->b->stage));
    /* Other rules files (taxonomy, KPI catalogue, currency rates) weigh on
     * every score; the rule set files themselves are the rule-set cause. */
    for (size_t i = 0; i < json_array_size(d->inputs); i++) {
        json_t *r = json_array_get(d->inputs, i);
        const char *path = json_string_value(json_object_get(r, "path"));
        if (strncmp(path, "rules/", 6) || (d->rules_path_a && !strcmp(path, d->rules_path_a)) ||
            (d->rules_path_b && !strcmp(path, d->rules_path_b)))
            continue;
        add_file_cause(causes, "rules", r);
    }
    {
        /* Other solutions move around it, and text relevance is relative
         * to the whole corpus of solutions, so their changes count too;
         * the ones ranked for this problem are named. */
        json_t *own = changed_file(d, "solutions", sol);
        others = json_array();
        for (size_t i = 0; i < json_array_size(d->inputs); i++) {
            json_t *r = json_array_get(d->inputs, i);
            if (r != own && !strncmp(json_string_value(json_object_get(r, "path")), "solutions/", 10))
                n_other++;
        }
        for (size_t i = 0; i < json_array_size(competitors); i++) {
            const char *other = json_string_value(json_array_get(competitors, i));
            if (strcmp(other, sol) && (row = changed_file(d, "solutions", other)))
                json_array_append(others, json_object_get(row, "path"));
        }
        if (n_other)
            json_array_append_new(causes, json_pack("{s:s, s:o, s:I}", "kind", "other-solutions", "paths", others,
                                                    "count", (json_int_t)n_other));
        else
            json_decref(others);
    }
    if (!json_array_size(causes))
        json_array_append_new(causes, d->engine_changed
                                          ? json_pack("{s:s, s:s, s:s}", "kind", "engine", "a",
                                                      d->a->engine_version, "b", d->b->engine_version)
                                          : json_pack("{s:s}", "kind", "unexplained"));
    return causes;
}

/* "city/problem" -> problem object, and the keys in document order. */
static void index_problems(json_t *doc, json_t *by_key, json_t *order)
{
    json_t *city, *problem;
    size_t i, j;

    json_array_foreach(json_object_get(doc, "cities"), i, city) {
        const char *cid = json_string_value(json_object_get(city, "id"));
        json_array_foreach(json_object_get(city, "problems"), j, problem) {
            struct strbuf key = STRBUF_INIT;
            strbuf_addf(&key, "%s/%s", cid ? cid : "", json_string_value(json_object_get(problem, "id")));
            json_object_set_new(problem, "_city", json_string(cid ? cid : ""));
            json_object_set(by_key, key.buf, problem);
            json_array_append_new(order, json_string(key.buf));
            strbuf_release(&key);
        }
    }
}

static json_t *find_result(json_t *results, const char *sol)
{
    json_t *r;
    size_t i;

    json_array_foreach(results, i, r)
        if (!strcmp(json_string_value(json_object_get(r, "solution")), sol))
            return r;
    return NULL;
}

static json_t *change_row(const char *sol, const char *vendor, const char *change, json_t *ra, json_t *rb)
{
    json_t *o = json_object();

    json_object_set_new(o, "solution", json_string(sol));
    json_object_set_new(o, "vendor", vendor ? json_string(vendor) : json_null());
    json_object_set_new(o, "change", json_string(change));
    json_object_set(o, "rank_a", ra ? json_object_get(ra, "rank") : json_null());
    json_object_set(o, "rank_b", rb ? json_object_get(rb, "rank") : json_null());
    json_object_set(o, "score_a", ra ? json_object_get(ra, "score") : json_null());
    json_object_set(o, "score_b", rb ? json_object_get(rb, "score") : json_null());
    return o;
}

static json_t *diff_problem(const struct diff_ctx *d, const char *city, json_t *pa, json_t *pb, json_int_t *counts)
{
    json_t *ra_list = json_object_get(pa, "results"), *rb_list = json_object_get(pb, "results");
    json_t *changes = json_array(), *competitors = json_array(), *r;
    size_t i;

    json_array_foreach(ra_list, i, r)
        json_array_append(competitors, json_object_get(r, "solution"));
    json_array_foreach(rb_list, i, r)
        if (!find_result(ra_list, json_string_value(json_object_get(r, "solution"))))
            json_array_append(competitors, json_object_get(r, "solution"));
    json_array_foreach(rb_list, i, r) {
        const char *sol = json_string_value(json_object_get(r, "solution"));
        const char *vendor = json_string_value(json_object_get(r, "vendor"));
        json_t *ra = find_result(ra_list, sol), *row = NULL;

        if (!ra) {
            row = change_row(sol, vendor, "entered", NULL, r);
            counts[0]++;
        } else if (!json_equal(json_object_get(ra, "rank"), json_object_get(r, "rank")) ||
                   !json_equal(json_object_get(ra, "score"), json_object_get(r, "score"))) {
            row = change_row(sol, vendor, "moved", ra, r);
            counts[2]++;
        }
        if (row) {
            json_object_set_new(row, "causes", explain_move(d, city, sol, vendor, competitors));
            json_array_append_new(changes, row);
        }
    }
    json_array_foreach(ra_list, i, r) {
        const char *sol = json_string_value(json_object_get(r, "solution"));
        const char *vendor = json_string_value(json_object_get(r, "vendor"));
        json_t *row;

        if (find_result(rb_list, sol))
            continue;
        row = change_row(sol, vendor, "left", r, NULL);
        counts[1]++;
        json_object_set_new(row, "causes", explain_move(d, city, sol, vendor, competitors));
        json_array_append_new(changes, row);
    }
    json_decref(competitors);
    return changes;
}

/* Why a problem is in one session only: its city was not chosen in the
 * other, or the city file changed (the problem was added or removed). */
static json_t *explain_presence(const struct diff_ctx *d, const char *city, const struct session *missing_in)
{
    json_t *causes = json_array(), *row, *chosen;
    int selected = 1;

    if (missing_in->cities) {
        json_t *c;
        size_t i;
        selected = 0;
        chosen = json_loads(missing_in->cities, 0, NULL);
        json_array_foreach(chosen, i, c)
            if (json_is_string(c) && !strcmp(json_string_value(c), city))
                selected = 1;
        json_decref(chosen);
    }
    if (!selected)
        json_array_append_new(causes, json_pack("{s:s, s:I}", "kind", "not-chosen", "session", missing_in->id));
    if ((row = changed_file(d, "cities", city)))
        add_file_cause(causes, "city", row);
    if (!json_array_size(causes))
        json_array_append_new(causes, json_pack("{s:s}", "kind", "unexplained"));
    return causes;
}

static json_t *problem_row(const char *city, json_t *p, const char *status)
{
    return json_pack("{s:s, s:s, s:s?, s:s}", "city", city, "problem", json_string_value(json_object_get(p, "id")),
                     "title", json_string_value(json_object_get(p, "title")), "status", status);
}

int session_diff(json_t **out, const struct session *a, const struct session *b)
{
    struct diff_ctx d;
    json_t *doc_a = NULL, *doc_b = NULL, *by_a = json_object(), *by_b = json_object();
    json_t *order_a = json_array(), *order_b = json_array(), *problems = json_array(), *o, *k;
    json_int_t counts[3] = { 0, 0, 0 }, compared = 0, changed = 0, only[2] = { 0, 0 };
    size_t i;

    *out = NULL;
    memset(&d, 0, sizeof(d));
    doc_a = json_loads(a->results, 0, NULL);
    doc_b = json_loads(b->results, 0, NULL);
    if (!doc_a || !doc_b) {
        fprintf(stderr, "scd session: the stored results of session %lld do not parse\n", doc_a ? b->id : a->id);
        json_decref(doc_a);
        json_decref(doc_b);
        json_decref(by_a);
        json_decref(by_b);
        json_decref(order_a);
        json_decref(order_b);
        json_decref(problems);
        return EXIT_FATAL;
    }
    d.a = a;
    d.b = b;
    d.inputs = compare_inputs_json(&a->inputs, &b->inputs, "a_sha256", "b_sha256");
    strmap_init(&d.changed);
    json_array_foreach(d.inputs, i, o)
        strmap_put(&d.changed, json_string_value(json_object_get(o, "path")), o);
    d.rules_changed = strcmp(a->rules_id, b->rules_id) || strcmp(a->rules_sha256, b->rules_sha256) ||
                      strcmp(a->stage, b->stage);
    d.engine_changed = strcmp(a->engine_version, b->engine_version) != 0;
    d.rules_path_a = rule_set_path(a);
    d.rules_path_b = rule_set_path(b);

    index_problems(doc_a, by_a, order_a);
    index_problems(doc_b, by_b, order_b);
    json_array_foreach(order_a, i, k) {
        json_t *pa = json_object_get(by_a, json_string_value(k)), *pb = json_object_get(by_b, json_string_value(k));
        const char *city = json_string_value(json_object_get(pa, "_city"));
        json_t *row;

        if (!pb) {
            row = problem_row(city, pa, "only-a");
            only[0]++;
            json_object_set_new(row, "causes", explain_presence(&d, city, b));
            json_object_set_new(row, "changes", json_array());
            json_array_append_new(problems, row);
            continue;
        }
        compared++;
        json_t *changes = diff_problem(&d, city, pa, pb, counts);
        if (!json_array_size(changes)) {
            json_decref(changes);
            continue;
        }
        row = problem_row(city, pa, "both");
        changed++;
        json_object_set_new(row, "changes", changes);
        json_array_append_new(problems, row);
    }
    json_array_foreach(order_b, i, k) {
        json_t *pb = json_object_get(by_b, json_string_value(k)), *row;
        const char *city = json_string_value(json_object_get(pb, "_city"));

        if (json_object_get(by_a, json_string_value(k)))
            continue;
        row = problem_row(city, pb, "only-b");
        only[1]++;
        json_object_set_new(row, "causes", explain_presence(&d, city, a));
        json_object_set_new(row, "changes", json_array());
        json_array_append_new(problems, row);
    }

    o = json_object();
    json_object_set_new(o, "a", json_integer(a->id));
    json_object_set_new(o, "b", json_integer(b->id));
    json_object_set_new(o, "rules", json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:b}", "a", "id", a->rules_id,
                                              "sha256", a->rules_sha256, "stage", a->stage, "b", "id", b->rules_id,
                                              "sha256", b->rules_sha256, "stage", b->stage, "changed",
                                              d.rules_changed));
    json_object_set_new(o, "engine", json_pack("{s:s, s:s, s:b}", "a", a->engine_version, "b", b->engine_version,
                                               "changed", d.engine_changed));
    json_object_set_new(o, "cities", json_pack("{s:o, s:o}", "a", cities_json(a->cities), "b",
                                               cities_json(b->cities)));
    json_object_set_new(o, "inputs", d.inputs);
    json_object_set_new(o, "summary",
                        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "problems_compared", compared,
                                  "problems_changed", changed, "only_a", only[0], "only_b", only[1], "entered",
                                  counts[0], "left", counts[1], "moved", counts[2]));
    json_object_set_new(o, "problems", problems);
    *out = o;

    strmap_release(&d.changed);
    json_decref(doc_a);
    json_decref(doc_b);
    json_decref(by_a);
    json_decref(by_b);
    json_decref(order_a);
    json_decref(order_b);
    return 0;
}

/* --- agenda ---------------------------------------------------------------------- */

void session_format_time(int minutes, char buf[6])
{
    int h = minutes < 0 ? 0 : minutes / 60 % 100, m = minutes < 0 ? 0 : minutes % 60;

    buf[0] = (char)('0' + h / 10);
    buf[1] = (char)('0' + h % 10);
    buf[2] = ':';
    buf[3] = (char)('0' + m / 10);
    buf[4] = (char)('0' + m % 10);
    buf[5] = '\0';
}

struct match_ref {
    const char *problem, *solution;
    double score;
};

struct pair_info {
    const char *city, *vendor;
    double best;
    struct match_ref *matches;
    size_t n, alloc;
};

static int compare_ids(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_pair_info(const void *pa, const void *pb)
{
    const struct pair_info *a = pa, *b = pb;
    int c = strcmp(a->city, b->city);

    return c ? c : strcmp(a->vendor, b->vendor);
}

static int compare_match_ref(const void *pa, const void *pb)
{
    const struct match_ref *a = pa, *b = pb;
    int c;

    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    c = strcmp(a->problem, b->problem);
    return c ? c : strcmp(a->solution, b->solution);
}

/* Sorted distinct ids; the index of each in map (value = index + 1). */
static const char **sorted_ids(struct strmap *set, size_t *n)
{
    const char **ids = xcalloc(set->n + 1, sizeof(*ids));

    *n = 0;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i].key)
            ids[(*n)++] = set->slots[i].key;
    if (*n)
        qsort(ids, *n, sizeof(*ids), compare_ids);
    for (size_t i = 0; i < *n; i++)
        strmap_put(set, ids[i], (void *)(uintptr_t)(i + 1));
    return ids;
}

int session_agenda(json_t **out, const struct session *s, const struct session_agenda_params *p)
{
    json_t *doc, *city, *problem, *result, *meetings, *o, *unmet_c, *unmet_v;
    struct strmap pair_map = STRMAP_INIT, city_set = STRMAP_INIT, vendor_set = STRMAP_INIT;
    struct strbuf key = STRBUF_INIT;
    struct pair_info *infos = NULL;
    size_t n_infos = 0, alloc_infos = 0, n_cities, n_vendors, i, j, k;
    const char **city_ids, **vendor_ids;
    struct agenda_pair *pairs;
    struct agenda_params ap;
    struct agenda ag;
    unsigned char *city_met, *vendor_met;

    *out = NULL;
    if (p->slots < 1 || p->slot_minutes < 1 || p->start < 0 || p->max_per_city < 1 ||
        p->max_per_city > p->slots || p->max_per_vendor < 1 || p->max_per_vendor > p->slots ||
        p->start + (long long)p->slots * p->slot_minutes > 24 * 60)
        return EXIT_USAGE;
    doc = json_loads(s->results, 0, NULL);
    if (!doc) {
        fprintf(stderr, "scd agenda: the stored results of session %lld do not parse\n", s->id);
        return EXIT_FATAL;
    }

    /* Edges: (city, vendor) with the best score of any of the vendor's
     * solutions for any problem of the city. Pair slots are keyed by
     * "city\nvendor"; infos grows, so the map holds index + 1. */
    json_array_foreach(json_object_get(doc, "cities"), i, city) {
        const char *cid = json_string_value(json_object_get(city, "id"));
        json_array_foreach(json_object_get(city, "problems"), j, problem) {
            const char *pid = json_string_value(json_object_get(problem, "id"));
            json_array_foreach(json_object_get(problem, "results"), k, result) {
                const char *vid = json_string_value(json_object_get(result, "vendor"));
                const char *sid = json_string_value(json_object_get(result, "solution"));
                double score = json_number_value(json_object_get(result, "score"));
                struct pair_info *pi;
                uintptr_t at;

                if (!cid || !pid || !vid || !sid)
                    continue;
                strbuf_reset(&key);
                strbuf_addf(&key, "%s\n%s", cid, vid);
                at = (uintptr_t)strmap_get(&pair_map, key.buf);
                if (!at) {
                    ALLOC_GROW(infos, n_infos + 1, alloc_infos);
                    memset(&infos[n_infos], 0, sizeof(*infos));
                    infos[n_infos].city = cid;
                    infos[n_infos].vendor = vid;
                    infos[n_infos].best = score;
                    n_infos++;
                    at = n_infos;
                    strmap_put(&pair_map, strbuf_detach(&key, NULL), (void *)at);
                    strmap_put(&city_set, cid, NULL);
                    strmap_put(&vendor_set, vid, NULL);
                }
                pi = &infos[at - 1];
                if (score > pi->best)
                    pi->best = score;
                ALLOC_GROW(pi->matches, pi->n + 1, pi->alloc);
                pi->matches[pi->n++] = (struct match_ref){ pid, sid, score };
            }
        }
    }
    for (i = 0; i < pair_map.cap; i++)
        if (pair_map.slots[i].key)
            free((char *)pair_map.slots[i].key);
    strmap_release(&pair_map);
    strbuf_release(&key);

    /* Indexes in id order, pairs in (city, vendor) order: every tie the
     * algorithm breaks is then broken by id. */
    city_ids = sorted_ids(&city_set, &n_cities);
    vendor_ids = sorted_ids(&vendor_set, &n_vendors);
    if (n_infos)
        qsort(infos, n_infos, sizeof(*infos), compare_pair_info);
    pairs = xcalloc(n_infos + 1, sizeof(*pairs));
    for (i = 0; i < n_infos; i++) {
        pairs[i].city = (uintptr_t)strmap_get(&city_set, infos[i].city) - 1;
        pairs[i].vendor = (uintptr_t)strmap_get(&vendor_set, infos[i].vendor) - 1;
        pairs[i].weight = llround(infos[i].best * 100);
        if (infos[i].n)
            qsort(infos[i].matches, infos[i].n, sizeof(*infos[i].matches), compare_match_ref);
    }
    ap.n_cities = n_cities;
    ap.n_vendors = n_vendors;
    ap.slots = p->slots;
    ap.max_per_city = p->max_per_city;
    ap.max_per_vendor = p->max_per_vendor;
    if (agenda_build(&ag, &ap, pairs, n_infos) < 0)
        die("agenda parameters out of range"); /* checked above */

    meetings = json_array();
    city_met = xcalloc(n_cities + 1, 1);
    vendor_met = xcalloc(n_vendors + 1, 1);
    for (i = 0; i < ag.n; i++) {
        const struct pair_info *pi = &infos[ag.meetings[i].pair];
        json_t *m = json_object(), *sols = json_array(), *matches = json_array();
        char start[6], end[6];
        int at = p->start + ag.meetings[i].slot * p->slot_minutes;

        session_format_time(at, start);
        session_format_time(at + p->slot_minutes, end);
        for (j = 0; j < pi->n; j++) {
            int seen = 0;
            for (k = 0; k < j; k++)
                seen |= !strcmp(pi->matches[k].solution, pi->matches[j].solution);
            if (!seen)
                json_array_append_new(sols, json_string(pi->matches[j].solution));
            json_array_append_new(matches, json_pack("{s:s, s:s, s:f}", "problem", pi->matches[j].problem,
                                                     "solution", pi->matches[j].solution, "score",
                                                     pi->matches[j].score));
        }
        json_object_set_new(m, "slot", json_integer(ag.meetings[i].slot + 1));
        json_object_set_new(m, "start", json_string(start));
        json_object_set_new(m, "end", json_string(end));
        json_object_set_new(m, "city", json_string(pi->city));
        json_object_set_new(m, "vendor", json_string(pi->vendor));
        json_object_set_new(m, "solutions", sols);
        json_object_set_new(m, "score", json_real(match_round(pi->best, 2)));
        json_object_set_new(m, "matches", matches);
        json_array_append_new(meetings, m);
        city_met[pairs[ag.meetings[i].pair].city] = 1;
        vendor_met[pairs[ag.meetings[i].pair].vendor] = 1;
    }
    unmet_c = json_array();
    unmet_v = json_array();
    for (i = 0; i < n_cities; i++)
        if (!city_met[i])
            json_array_append_new(unmet_c, json_string(city_ids[i]));
    for (i = 0; i < n_vendors; i++)
        if (!vendor_met[i])
            json_array_append_new(unmet_v, json_string(vendor_ids[i]));

    {
        char start[6];
        session_format_time(p->start, start);
        o = json_object();
        json_object_set_new(o, "session", json_integer(s->id));
        json_object_set_new(o, "agenda", json_null());
        json_object_set_new(o, "params", json_pack("{s:i, s:i, s:s, s:i, s:i}", "slots", p->slots, "slot_minutes",
                                                   p->slot_minutes, "start", start, "max_per_city",
                                                   p->max_per_city, "max_per_vendor", p->max_per_vendor));
        json_object_set_new(o, "total_score", json_real(match_round((double)ag.total / 100, 2)));
        json_object_set_new(o, "slots_used", json_integer(ag.slots_used));
        json_object_set_new(o, "meetings", meetings);
        json_object_set_new(o, "without_meeting", json_pack("{s:o, s:o}", "cities", unmet_c, "vendors", unmet_v));
    }
    *out = o;

    agenda_release(&ag);
    for (i = 0; i < n_infos; i++)
        free(infos[i].matches);
    free(infos);
    free(pairs);
    free(city_ids);
    free(vendor_ids);
    free(city_met);
    free(vendor_met);
    strmap_release(&city_set);
    strmap_release(&vendor_set);
    /* The ids point into doc; the output holds copies. */
    json_decref(doc);
    return 0;
}

int session_agenda_store(struct store *st, const struct session *s, json_t *agenda, const char *who)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *stmt = NULL;
    char *params = NULL, *meetings = NULL, *detail = NULL, now[32], object[32];
    long long id;
    int rc = STORE_ERR;

    if (store_begin(st) < 0) {
        fprintf(stderr, "scd agenda: %s\n", store_errmsg(st));
        return STORE_ERR;
    }
    params = json_dumps(json_object_get(agenda, "params"), JSON_COMPACT | JSON_PRESERVE_ORDER);
    meetings = json_dumps(json_object_get(agenda, "meetings"), JSON_COMPACT | JSON_PRESERVE_ORDER |
                                                               JSON_REAL_PRECISION(10));
    store_now(now);
    if (sqlite3_prepare_v2(db, "INSERT INTO agendas (session_id, created_at, params, meetings) VALUES (?, ?, ?, ?)",
                           -1, &stmt, NULL) != SQLITE_OK) {
        db_error(st, "cannot store the agenda");
        goto cleanup;
    }
    sqlite3_bind_int64(stmt, 1, s->id);
    bind_text(stmt, 2, now);
    bind_text(stmt, 3, params);
    bind_text(stmt, 4, meetings);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        db_error(st, "cannot store the agenda");
        goto cleanup;
    }
    id = (long long)sqlite3_last_insert_rowid(db);
    snprintf(object, sizeof(object), "session:%lld", s->id);
    {
        json_t *pr = json_object_get(agenda, "params");
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "agenda %lld: %zu meetings in %d slots of %d minutes from %s, at most %d per city and %d "
                    "per vendor", id, json_array_size(json_object_get(agenda, "meetings")),
                    (int)json_integer_value(json_object_get(pr, "slots")),
                    (int)json_integer_value(json_object_get(pr, "slot_minutes")),
                    json_string_value(json_object_get(pr, "start")),
                    (int)json_integer_value(json_object_get(pr, "max_per_city")),
                    (int)json_integer_value(json_object_get(pr, "max_per_vendor")));
        detail = strbuf_detach(&sb, NULL);
    }
    if (store_audit(st, who, "agenda", object, detail) < 0) {
        fprintf(stderr, "scd agenda: %s\n", store_errmsg(st));
        goto cleanup;
    }
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (store_commit(st) < 0) {
        fprintf(stderr, "scd agenda: %s\n", store_errmsg(st));
        goto cleanup;
    }
    json_object_set_new(agenda, "agenda", json_integer(id));
    rc = 0;
cleanup:
    sqlite3_finalize(stmt);
    if (rc)
        store_rollback(st);
    free(params);
    free(meetings);
    free(detail);
    return rc;
}
