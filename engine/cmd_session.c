/* cmd_session.c - `scd session run|list|show|export|diff|verify`: match
 * sessions kept in scd.db. */
#include "cli.h"
#include "match.h"
#include "session.h"
#include "store.h"
#include "strbuf.h"
#include "util.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DB = 3000, OPT_NAME, OPT_RULES, OPT_CITY, OPT_STAGE, OPT_BY };


static const struct command sub_run, sub_list, sub_show, sub_export, sub_diff, sub_verify;

/* Options of one subcommand, as parsed. */
struct sub_opts {
    const struct command *cmd;     /* the subcommand, for messages */
    struct cli_ctx ctx;
    const char *db, *by, *name, *rules;
    const char **cities;
    size_t n_cities;
    enum stage stage;
    int format;                    /* enum output_format, or FORMAT_CSV */
    int csv_allowed, json_allowed;
};

#define FORMAT_CSV 100

/* Who did it, for the audit log: --by, else $SCD_USER, else $USER. */
static const char *who(const struct sub_opts *o)
{
    const char *env;

    if (o->by && *o->by)
        return o->by;
    if ((env = getenv("SCD_USER")) && *env)
        return env;
    if ((env = getenv("USER")) && *env)
        return env;
    return NULL;
}

static const struct option sub_options[] = {
    { "db", required_argument, NULL, OPT_DB },
    { "by", required_argument, NULL, OPT_BY },
    { "name", required_argument, NULL, OPT_NAME },
    { "rules", required_argument, NULL, OPT_RULES },
    { "city", required_argument, NULL, OPT_CITY },
    { "stage", required_argument, NULL, OPT_STAGE },
    CLI_OPTIONS_COMMON
};

static const char *long_name(int opt)
{
    for (const struct option *p = sub_options; p->name; p++)
        if (p->val == opt)
            return p->name;
    return "?";
}

static int sub_option(int opt, const char *arg, void *data)
{
    struct sub_opts *o = data;

    switch (opt) {
    case CLI_OPT_FORMAT:
        if (!strcmp(arg, "text"))
            o->format = FORMAT_TEXT;
        else if (!strcmp(arg, "json") && o->json_allowed)
            o->format = FORMAT_JSON;
        else if (!strcmp(arg, "csv") && o->csv_allowed)
            o->format = FORMAT_CSV;
        else
            return cli_usage_error(o->cmd, "unknown format '%s' (expected %s)", arg,
                                   o->csv_allowed ? "json or csv" : "text or json");
        if (o->format == FORMAT_TEXT && o->cmd == &sub_export)
            return cli_usage_error(o->cmd, "unknown format 'text' (expected json or csv)");
        return 0;
    case OPT_DB:
        o->db = arg;
        return 0;
    case OPT_BY:
        o->by = arg;
        return 0;
    default:
        break;
    }
    if (o->cmd != &sub_run)
        return cli_usage_error(o->cmd, "option '--%s' is for 'scd session run'", long_name(opt));
    switch (opt) {
    case OPT_NAME:
        o->name = arg;
        return 0;
    case OPT_RULES:
        o->rules = arg;
        return 0;
    case OPT_CITY:
        o->cities = xrealloc(o->cities, (o->n_cities + 1) * sizeof(*o->cities));
        o->cities[o->n_cities++] = arg;
        return 0;
    case OPT_STAGE:
        if (parse_stage(arg, &o->stage) < 0)
            return cli_usage_error(o->cmd, "unknown stage '%s' (activator, finder or implementer)", arg);
        return 0;
    default:
        return cli_usage_error(o->cmd, "unknown option");
    }
}

/* Parse argv for a subcommand; returns -1 to go on with optind at the
 * first operand, or an exit status to return. */
static int parse_opts(const struct command *cmd, int argc, char **argv, struct sub_opts *o)
{
    int rc;

    o->cmd = cmd;
    rc = cli_parse(cmd, argc, argv, "f:h", sub_options, &o->ctx, NULL, sub_option, o);
    if (rc < 0)
        return EXIT_OK;
    return rc ? rc : -1;
}

static int open_store(struct store **st, const struct sub_opts *o, const char *what)
{
    char path[PATH_MAX];

    store_path(o->db, o->ctx.root, path, sizeof(path));
    if (store_open(st, path) < 0) {
        fprintf(stderr, "scd %s: %s\n", what, store_errmsg(NULL));
        return EXIT_FATAL;
    }
    return 0;
}

/* Open the store and load the session named by arg; prints what failed. */
static int load_session(const struct command *cmd, struct store *st, const char *arg, struct session *out)
{
    long long id;
    int r;

    if (session_parse_id(arg, &id) < 0)
        return cli_usage_error(cmd, "bad session id '%s' (expected 1, 2, ...)", arg);
    r = session_load(st, id, out);
    if (r == STORE_NOTFOUND) {
        fprintf(stderr, "scd %s: no session %lld; see 'scd session list'\n", cmd->name, id);
        return EXIT_INVALID;
    }
    return r ? EXIT_FATAL : 0;
}

/* What show, export and verify start with: parse the options, take the one
 * session id operand, open the store and load that session. Returns -1 with
 * *st open and *s loaded, else an exit status to return (after a message;
 * *st is then NULL or open, for store_close). */
static int load_session_arg(const struct command *cmd, int argc, char **argv, struct sub_opts *o,
                            struct store **st, struct session *s)
{
    int rc = parse_opts(cmd, argc, argv, o);

    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error(cmd, "expected one session id");
    rc = open_store(st, o, cmd->name);
    if (!rc)
        rc = load_session(cmd, *st, argv[optind], s);
    return rc ? rc : -1;
}

static void print_json(json_t *j)
{
    json_dumpf(j, stdout, MATCH_JSON_FLAGS);
    fputc('\n', stdout);
}

/* The first 12 hex digits; four buffers in turn, so that one printf can
 * show up to four. */
static const char *short_sha(const char *sha)
{
    static char bufs[4][13];
    static unsigned next;
    char *buf = bufs[next++ % 4];

    if (!sha)
        return "-";
    snprintf(buf, sizeof(bufs[0]), "%.12s", sha);
    return buf;
}

/* "all" or "kampala, dakar". */
static void cities_text(json_t *cities, struct strbuf *out)
{
    json_t *c;
    size_t i;

    if (!json_is_array(cities)) {
        strbuf_addstr(out, "all");
        return;
    }
    json_array_foreach(cities, i, c)
        strbuf_addf(out, "%s%s", i ? ", " : "", json_string_value(c));
}

/* --- run ------------------------------------------------------------------------ */

static int run_run(int argc, char **argv, const struct cli_ctx *base)
{
    struct sub_opts o;
    struct session s;
    struct session_spec spec;
    struct store *st = NULL;
    json_t *summary = NULL;
    int rc;

    memset(&o, 0, sizeof(o));
    o.ctx = *base;
    o.json_allowed = 1;
    rc = parse_opts(&sub_run, argc, argv, &o);
    if (rc >= 0)
        goto done;
    if (optind < argc) {
        rc = cli_usage_error(&sub_run, "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if (o.name && !*o.name) {
        rc = cli_usage_error(&sub_run, "--name must not be empty");
        goto done;
    }
    memset(&spec, 0, sizeof(spec));
    spec.root = o.ctx.root;
    spec.rules_path = o.rules;
    spec.stage = o.stage;
    spec.city_ids = o.cities;
    spec.n_city_ids = o.n_cities;
    spec.name = o.name;
    spec.created_by = who(&o);
    /* Open the store first: a bad --db is found before the match runs. */
    rc = open_store(&st, &o, "session run");
    if (rc)
        goto done;
    rc = session_run(&s, &spec);
    if (rc)
        goto done;
    if (session_store(st, &s) < 0) {
        rc = EXIT_FATAL;
        session_release(&s);
        goto done;
    }
    summary = session_summary_json(&s, 0);
    if (o.format == FORMAT_JSON) {
        print_json(summary);
    } else {
        struct strbuf cities = STRBUF_INIT;
        cities_text(json_object_get(summary, "cities"), &cities);
        printf("session %lld%s%s%s stored in %s\n", s.id, s.name ? " \"" : "", s.name ? s.name : "",
               s.name ? "\"" : "", store_file(st));
        printf("  cities: %s; %lld problems, %lld results\n", cities.buf,
               (long long)json_integer_value(json_object_get(summary, "problems")),
               (long long)json_integer_value(json_object_get(summary, "results")));
        printf("  stage %s, rule set %s (sha256 %s), %s\n", s.stage, s.rules_id, short_sha(s.rules_sha256),
               s.engine_version);
        printf("  %zu input files hashed; check with 'scd session verify %lld'\n", s.inputs.n, s.id);
        strbuf_release(&cities);
    }
    json_decref(summary);
    session_release(&s);
done:
    store_close(st);
    free(o.cities);
    return rc;
}

/* --- list ------------------------------------------------------------------------ */

static int run_list(int argc, char **argv, const struct cli_ctx *base)
{
    struct sub_opts o;
    struct store *st = NULL;
    json_t *list = NULL, *s;
    size_t i;
    int rc;

    memset(&o, 0, sizeof(o));
    o.ctx = *base;
    o.json_allowed = 1;
    rc = parse_opts(&sub_list, argc, argv, &o);
    if (rc >= 0)
        goto done;
    if (optind < argc) {
        rc = cli_usage_error(&sub_list, "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    rc = open_store(&st, &o, "session list");
    if (rc)
        goto done;
    if (session_list(st, &list) < 0) {
        rc = EXIT_FATAL;
        goto done;
    }
    if (o.format == FORMAT_JSON) {
        print_json(list);
        goto done;
    }
    if (!json_array_size(json_object_get(list, "sessions"))) {
        printf("no sessions yet; run 'scd session run'\n");
        goto done;
    }
    printf("%4s  %-20s  %-24s  %-11s  %-12s  %-16s  %8s  %7s  %7s\n", "id", "created", "name", "stage", "rules",
           "cities", "problems", "results", "agendas");
    json_array_foreach(json_object_get(list, "sessions"), i, s) {
        struct strbuf cities = STRBUF_INIT;
        const char *name = json_string_value(json_object_get(s, "name"));
        cities_text(json_object_get(s, "cities"), &cities);
        printf("%4lld  %-20s  %-24.24s  %-11s  %-12.12s  %-16.16s  %8lld  %7lld  %7lld\n",
               (long long)json_integer_value(json_object_get(s, "id")),
               json_string_value(json_object_get(s, "created")), name ? name : "-",
               json_string_value(json_object_get(s, "stage")), json_string_value(json_object_get(s, "rules_id")),
               cities.buf, (long long)json_integer_value(json_object_get(s, "problems")),
               (long long)json_integer_value(json_object_get(s, "results")),
               (long long)json_integer_value(json_object_get(s, "agendas")));
        strbuf_release(&cities);
    }
done:
    json_decref(list);
    store_close(st);
    return rc;
}

/* --- show ------------------------------------------------------------------------ */

static void print_results_text(json_t *results)
{
    json_t *city, *problem, *r;
    size_t i, j, k;

    json_array_foreach(json_object_get(results, "cities"), i, city)
        json_array_foreach(json_object_get(city, "problems"), j, problem) {
            const char *domain = json_string_value(json_object_get(problem, "domain"));
            printf("\n%s / %s%s%s%s\n", json_string_value(json_object_get(city, "id")),
                   json_string_value(json_object_get(problem, "id")), domain ? " (" : "", domain ? domain : "",
                   domain ? ")" : "");
            if (!json_array_size(json_object_get(problem, "results")))
                printf("  no solution reaches the minimum score\n");
            json_array_foreach(json_object_get(problem, "results"), k, r)
                printf("  %2lld. %-36s %-24s %6.2f\n", (long long)json_integer_value(json_object_get(r, "rank")),
                       json_string_value(json_object_get(r, "solution")),
                       json_string_value(json_object_get(r, "vendor")),
                       json_number_value(json_object_get(r, "score")));
        }
}

static int run_show(int argc, char **argv, const struct cli_ctx *base)
{
    struct sub_opts o;
    struct store *st = NULL;
    struct session s;
    json_t *doc = NULL, *summary, *a;
    size_t i;
    int rc, loaded = 0;

    memset(&o, 0, sizeof(o));
    o.ctx = *base;
    o.json_allowed = 1;
    rc = load_session_arg(&sub_show, argc, argv, &o, &st, &s);
    if (rc >= 0)
        goto done;
    rc = EXIT_OK;
    loaded = 1;
    if (session_to_json(st, &s, &doc) < 0) {
        rc = EXIT_FATAL;
        goto done;
    }
    if (o.format == FORMAT_JSON) {
        print_json(doc);
        goto done;
    }
    summary = session_summary_json(&s, (long long)json_array_size(json_object_get(doc, "agendas")));
    {
        struct strbuf cities = STRBUF_INIT;
        cities_text(json_object_get(summary, "cities"), &cities);
        printf("session %lld%s%s%s\n", s.id, s.name ? " \"" : "", s.name ? s.name : "", s.name ? "\"" : "");
        printf("  created   %s%s%s\n", s.created_at, s.created_by ? " by " : "", s.created_by ? s.created_by : "");
        printf("  stage     %s\n", s.stage);
        printf("  rule set  %s (sha256 %s)\n", s.rules_id, s.rules_sha256);
        printf("  engine    %s\n", s.engine_version);
        printf("  cities    %s\n", cities.buf);
        printf("  results   %lld problems, %lld results\n",
               (long long)json_integer_value(json_object_get(summary, "problems")),
               (long long)json_integer_value(json_object_get(summary, "results")));
        strbuf_release(&cities);
    }
    json_decref(summary);
    json_array_foreach(json_object_get(doc, "agendas"), i, a) {
        json_t *p = json_object_get(a, "params");
        printf("  agenda %lld (%s): %zu meetings, %lld slots of %lld minutes from %s\n",
               (long long)json_integer_value(json_object_get(a, "id")), json_string_value(json_object_get(a, "created")),
               json_array_size(json_object_get(a, "meetings")),
               (long long)json_integer_value(json_object_get(p, "slots")),
               (long long)json_integer_value(json_object_get(p, "slot_minutes")),
               json_string_value(json_object_get(p, "start")));
    }
    printf("  inputs    %zu files\n", s.inputs.n);
    for (i = 0; i < s.inputs.n; i++)
        printf("    %s  %s\n", short_sha(s.inputs.items[i].sha256), s.inputs.items[i].path);
    print_results_text(json_object_get(doc, "results"));
done:
    json_decref(doc);
    if (loaded)
        session_release(&s);
    store_close(st);
    return rc;
}

/* --- export ---------------------------------------------------------------------- */

/* One CSV field, quoted as RFC 4180 says when it holds a comma, a quote or
 * a line break. */
static void csv_field(struct strbuf *out, const char *s, int last)
{
    if (s && s[strcspn(s, ",\"\r\n")]) {
        strbuf_addch(out, '"');
        for (; *s; s++) {
            if (*s == '"')
                strbuf_addch(out, '"');
            strbuf_addch(out, *s);
        }
        strbuf_addch(out, '"');
    } else if (s) {
        strbuf_addstr(out, s);
    }
    strbuf_addch(out, last ? '\n' : ',');
}

static void csv_number(struct strbuf *out, json_t *v, int last)
{
    char buf[64];

    if (json_is_number(v))
        snprintf(buf, sizeof(buf), "%.2f", json_number_value(v));
    else
        buf[0] = '\0';
    csv_field(out, buf, last);
}

static int export_csv(const struct session *s, struct strbuf *out)
{
    json_t *doc = json_loads(s->results, 0, NULL), *weights, *city, *problem, *r, *w;
    const char **scorers = NULL;
    size_t n_scorers = 0, i, j, k;
    const char *key;
    char id[32];

    if (!doc) {
        fprintf(stderr, "scd session export: the stored results of session %lld do not parse\n", s->id);
        return EXIT_FATAL;
    }
    weights = json_object_get(json_object_get(doc, "rules"), "weights");
    scorers = xcalloc(json_object_size(weights) + 1, sizeof(*scorers));
    strbuf_addstr(out, "session,city,problem,rank,solution,vendor,score");
    json_object_foreach(weights, key, w) {
        scorers[n_scorers++] = key;
        strbuf_addf(out, ",points_%s", key);
    }
    strbuf_addch(out, '\n');
    snprintf(id, sizeof(id), "%lld", s->id);
    json_array_foreach(json_object_get(doc, "cities"), i, city)
        json_array_foreach(json_object_get(city, "problems"), j, problem)
            json_array_foreach(json_object_get(problem, "results"), k, r) {
                char rank[32];
                snprintf(rank, sizeof(rank), "%lld", (long long)json_integer_value(json_object_get(r, "rank")));
                csv_field(out, id, 0);
                csv_field(out, json_string_value(json_object_get(city, "id")), 0);
                csv_field(out, json_string_value(json_object_get(problem, "id")), 0);
                csv_field(out, rank, 0);
                csv_field(out, json_string_value(json_object_get(r, "solution")), 0);
                csv_field(out, json_string_value(json_object_get(r, "vendor")), 0);
                csv_number(out, json_object_get(r, "score"), n_scorers == 0);
                for (size_t x = 0; x < n_scorers; x++)
                    csv_number(out,
                               json_object_get(json_object_get(json_object_get(r, "contributions"), scorers[x]),
                                               "points"),
                               x + 1 == n_scorers);
            }
    free(scorers);
    json_decref(doc);
    return 0;
}

static int run_export(int argc, char **argv, const struct cli_ctx *base)
{
    struct sub_opts o;
    struct store *st = NULL;
    struct session s;
    struct strbuf out = STRBUF_INIT, detail = STRBUF_INIT;
    char object[32];
    int rc, loaded = 0;

    memset(&o, 0, sizeof(o));
    o.ctx = *base;
    o.json_allowed = o.csv_allowed = 1;
    o.format = FORMAT_JSON;
    rc = load_session_arg(&sub_export, argc, argv, &o, &st, &s);
    if (rc >= 0)
        goto done;
    rc = EXIT_OK;
    loaded = 1;
    if (o.format == FORMAT_CSV) {
        rc = export_csv(&s, &out);
        if (rc)
            goto done;
    } else {
        /* The stored document itself: what `scd match --explain --format json` printed. */
        strbuf_addstr(&out, s.results);
        strbuf_addch(&out, '\n');
    }
    snprintf(object, sizeof(object), "session:%lld", s.id);
    strbuf_addf(&detail, "exported as %s, %zu bytes", o.format == FORMAT_CSV ? "csv" : "json", out.len);
    if (store_audit(st, who(&o), "export", object, detail.buf) < 0) {
        fprintf(stderr, "scd session export: %s\n", store_errmsg(st));
        rc = EXIT_FATAL;
        goto done;
    }
    fwrite(out.buf, 1, out.len, stdout);
done:
    strbuf_release(&out);
    strbuf_release(&detail);
    if (loaded)
        session_release(&s);
    store_close(st);
    return rc;
}

/* --- diff ------------------------------------------------------------------------ */

static void print_score(json_t *v)
{
    if (json_is_number(v))
        printf("%.2f", json_number_value(v));
    else
        printf("-");
}

static void print_causes(json_t *causes)
{
    json_t *c;
    size_t i;

    json_array_foreach(causes, i, c) {
        const char *kind = json_string_value(json_object_get(c, "kind"));
        printf("%s", i ? "; " : "      because: ");
        if (!strcmp(kind, "solution") || !strcmp(kind, "vendor") || !strcmp(kind, "city") || !strcmp(kind, "rules"))
            printf("%s %s", json_string_value(json_object_get(c, "path")),
                   json_string_value(json_object_get(c, "change")));
        else if (!strcmp(kind, "rule-set")) {
            json_t *a = json_object_get(c, "a"), *b = json_object_get(c, "b");
            printf("rule set %s %s (%s) -> %s %s (%s)", json_string_value(json_object_get(a, "id")),
                   short_sha(json_string_value(json_object_get(a, "sha256"))),
                   json_string_value(json_object_get(a, "stage")), json_string_value(json_object_get(b, "id")),
                   short_sha(json_string_value(json_object_get(b, "sha256"))),
                   json_string_value(json_object_get(b, "stage")));
        } else if (!strcmp(kind, "other-solutions")) {
            json_t *p;
            size_t j;
            printf("other solutions changed (%lld in all", (long long)json_integer_value(json_object_get(c, "count")));
            json_array_foreach(json_object_get(c, "paths"), j, p)
                printf("%s%s", j ? ", " : "; ranked here: ", json_string_value(p));
            printf(")");
        } else if (!strcmp(kind, "engine")) {
            printf("engine %s -> %s", json_string_value(json_object_get(c, "a")),
                   json_string_value(json_object_get(c, "b")));
        } else if (!strcmp(kind, "not-chosen")) {
            printf("the city was not chosen in session %lld",
                   (long long)json_integer_value(json_object_get(c, "session")));
        } else {
            printf("no input or rule change explains it");
        }
    }
    printf("\n");
}

static void print_diff_text(json_t *d)
{
    json_t *rules = json_object_get(d, "rules"), *engine = json_object_get(d, "engine");
    json_t *summary = json_object_get(d, "summary"), *row, *p, *c;
    size_t i, j;

    printf("session %lld -> session %lld\n", (long long)json_integer_value(json_object_get(d, "a")),
           (long long)json_integer_value(json_object_get(d, "b")));
    if (json_is_true(json_object_get(rules, "changed"))) {
        json_t *a = json_object_get(rules, "a"), *b = json_object_get(rules, "b");
        printf("rule set: %s %s (%s) -> %s %s (%s)\n", json_string_value(json_object_get(a, "id")),
               short_sha(json_string_value(json_object_get(a, "sha256"))),
               json_string_value(json_object_get(a, "stage")), json_string_value(json_object_get(b, "id")),
               short_sha(json_string_value(json_object_get(b, "sha256"))),
               json_string_value(json_object_get(b, "stage")));
    } else {
        printf("rule set: unchanged (%s, %s)\n", json_string_value(json_object_get(json_object_get(rules, "a"), "id")),
               json_string_value(json_object_get(json_object_get(rules, "a"), "stage")));
    }
    if (json_is_true(json_object_get(engine, "changed")))
        printf("engine: %s -> %s\n", json_string_value(json_object_get(engine, "a")),
               json_string_value(json_object_get(engine, "b")));
    printf("inputs: %zu changed\n", json_array_size(json_object_get(d, "inputs")));
    json_array_foreach(json_object_get(d, "inputs"), i, row)
        printf("  %-8s %s  %s -> %s\n", json_string_value(json_object_get(row, "change")),
               json_string_value(json_object_get(row, "path")),
               short_sha(json_string_value(json_object_get(row, "a_sha256"))),
               short_sha(json_string_value(json_object_get(row, "b_sha256"))));
    json_array_foreach(json_object_get(d, "problems"), i, p) {
        const char *status = json_string_value(json_object_get(p, "status"));
        printf("\n%s / %s", json_string_value(json_object_get(p, "city")),
               json_string_value(json_object_get(p, "problem")));
        if (strcmp(status, "both")) {
            printf(": only in session %lld\n",
                   (long long)json_integer_value(json_object_get(d, !strcmp(status, "only-a") ? "a" : "b")));
            print_causes(json_object_get(p, "causes"));
            continue;
        }
        printf("\n");
        json_array_foreach(json_object_get(p, "changes"), j, c) {
            const char *change = json_string_value(json_object_get(c, "change"));
            const char *sol = json_string_value(json_object_get(c, "solution"));
            if (!strcmp(change, "entered")) {
                printf("  + %-36s entered at %lld (", sol, (long long)json_integer_value(json_object_get(c, "rank_b")));
                print_score(json_object_get(c, "score_b"));
                printf(")\n");
            } else if (!strcmp(change, "left")) {
                printf("  - %-36s left (was %lld, ", sol, (long long)json_integer_value(json_object_get(c, "rank_a")));
                print_score(json_object_get(c, "score_a"));
                printf(")\n");
            } else {
                printf("  ~ %-36s rank %lld -> %lld, score ", sol,
                       (long long)json_integer_value(json_object_get(c, "rank_a")),
                       (long long)json_integer_value(json_object_get(c, "rank_b")));
                print_score(json_object_get(c, "score_a"));
                printf(" -> ");
                print_score(json_object_get(c, "score_b"));
                printf("\n");
            }
            print_causes(json_object_get(c, "causes"));
        }
    }
    printf("\n%lld of %lld problems in both sessions changed: %lld entered, %lld left, %lld moved",
           (long long)json_integer_value(json_object_get(summary, "problems_changed")),
           (long long)json_integer_value(json_object_get(summary, "problems_compared")),
           (long long)json_integer_value(json_object_get(summary, "entered")),
           (long long)json_integer_value(json_object_get(summary, "left")),
           (long long)json_integer_value(json_object_get(summary, "moved")));
    if (json_integer_value(json_object_get(summary, "only_a")) || json_integer_value(json_object_get(summary, "only_b")))
        printf("; %lld problems only in session %lld, %lld only in session %lld",
               (long long)json_integer_value(json_object_get(summary, "only_a")),
               (long long)json_integer_value(json_object_get(d, "a")),
               (long long)json_integer_value(json_object_get(summary, "only_b")),
               (long long)json_integer_value(json_object_get(d, "b")));
    printf("\n");
}

static int run_diff(int argc, char **argv, const struct cli_ctx *base)
{
    struct sub_opts o;
    struct store *st = NULL;
    struct session a, b;
    json_t *d = NULL;
    int rc, loaded = 0;

    memset(&o, 0, sizeof(o));
    o.ctx = *base;
    o.json_allowed = 1;
    rc = parse_opts(&sub_diff, argc, argv, &o);
    if (rc >= 0)
        goto done;
    if (argc - optind != 2) {
        rc = cli_usage_error(&sub_diff, "expected two session ids");
        goto done;
    }
    {
        long long ia, ib;
        if (session_parse_id(argv[optind], &ia) < 0 || session_parse_id(argv[optind + 1], &ib) < 0) {
            rc = cli_usage_error(&sub_diff, "bad session id '%s' (expected 1, 2, ...)",
                                 session_parse_id(argv[optind], &ia) < 0 ? argv[optind] : argv[optind + 1]);
            goto done;
        }
    }
    rc = open_store(&st, &o, "session diff");
    if (!rc)
        rc = load_session(&sub_diff, st, argv[optind], &a);
    if (rc)
        goto done;
    rc = load_session(&sub_diff, st, argv[optind + 1], &b);
    if (rc) {
        session_release(&a);
        goto done;
    }
    loaded = 1;
    rc = session_diff(&d, &a, &b);
    if (rc)
        goto done;
    if (o.format == FORMAT_JSON)
        print_json(d);
    else
        print_diff_text(d);
done:
    json_decref(d);
    if (loaded) {
        session_release(&a);
        session_release(&b);
    }
    store_close(st);
    return rc;
}

/* --- verify ---------------------------------------------------------------------- */

static int run_verify(int argc, char **argv, const struct cli_ctx *base)
{
    struct sub_opts o;
    struct store *st = NULL;
    struct session s;
    json_t *report = NULL, *row, *diff;
    struct strbuf detail = STRBUF_INIT;
    char object[32];
    size_t i;
    int rc, loaded = 0, ok;

    memset(&o, 0, sizeof(o));
    o.ctx = *base;
    o.json_allowed = 1;
    rc = load_session_arg(&sub_verify, argc, argv, &o, &st, &s);
    if (rc >= 0)
        goto done;
    rc = EXIT_OK;
    loaded = 1;
    rc = session_verify(&report, &s, o.ctx.root);
    if (rc)
        goto done;
    ok = json_is_true(json_object_get(report, "reproducible"));
    diff = json_object_get(report, "first_difference");
    snprintf(object, sizeof(object), "session:%lld", s.id);
    if (ok)
        strbuf_addstr(&detail, "reproducible");
    else if (json_array_size(json_object_get(report, "inputs")))
        strbuf_addf(&detail, "not reproducible: %zu inputs changed", json_array_size(json_object_get(report, "inputs")));
    else
        strbuf_addf(&detail, "not reproducible: results differ from line %lld",
                    (long long)json_integer_value(json_object_get(diff, "line")));
    if (store_audit(st, who(&o), "verify", object, detail.buf) < 0) {
        fprintf(stderr, "scd session verify: %s\n", store_errmsg(st));
        rc = EXIT_FATAL;
        goto done;
    }
    if (o.format == FORMAT_JSON) {
        print_json(report);
    } else if (ok) {
        printf("session %lld: reproducible: %zu inputs unchanged, results identical\n", s.id, s.inputs.n);
    } else if (json_array_size(json_object_get(report, "inputs"))) {
        printf("session %lld: not reproducible: %zu input%s changed since it ran\n", s.id,
               json_array_size(json_object_get(report, "inputs")),
               json_array_size(json_object_get(report, "inputs")) == 1 ? "" : "s");
        json_array_foreach(json_object_get(report, "inputs"), i, row)
            printf("  %-8s %s  %s -> %s\n", json_string_value(json_object_get(row, "change")),
                   json_string_value(json_object_get(row, "path")),
                   short_sha(json_string_value(json_object_get(row, "stored_sha256"))),
                   short_sha(json_string_value(json_object_get(row, "current_sha256"))));
    } else {
        const char *stored = json_string_value(json_object_get(diff, "stored"));
        const char *current = json_string_value(json_object_get(diff, "current"));
        printf("session %lld: not reproducible: inputs unchanged but the results differ from line %lld\n", s.id,
               (long long)json_integer_value(json_object_get(diff, "line")));
        printf("  stored:  %s\n  now:     %s\n", stored ? stored : "(end)", current ? current : "(end)");
        if (strcmp(s.engine_version, SCD_ENGINE_VERSION))
            printf("  the session was run by %s; this is %s\n", s.engine_version, SCD_ENGINE_VERSION);
    }
    rc = ok ? EXIT_OK : EXIT_INVALID;
done:
    json_decref(report);
    strbuf_release(&detail);
    if (loaded)
        session_release(&s);
    store_close(st);
    return rc;
}

/* --- the command ------------------------------------------------------------------ */

static const struct command *const subs[] = { &sub_run, &sub_list, &sub_show, &sub_export, &sub_diff, &sub_verify };

static int run_session(int argc, char **argv, const struct cli_ctx *ctx)
{
    if (argc < 2)
        return cli_usage_error(&cmd_session, "expected a subcommand (run, list, show, export, diff or verify)");
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        cli_print_command_help(&cmd_session, stdout);
        return EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
        if (!strcmp(argv[1], subs[i]->name + strlen("session ")))
            return subs[i]->fn(argc - 1, argv + 1, ctx);
    return cli_usage_error(&cmd_session, "unknown subcommand '%s' (run, list, show, export, diff or verify)", argv[1]);
}

#define DB_HELP "  --db PATH        the database (default: $SCD_DB, else ROOT/scd.db)\n"
#define BY_HELP "  --by NAME        who, for the audit log (default: $SCD_USER, else $USER)\n"

static const struct command sub_run = {
    "session run", run_run,
    "scd session run [--name TEXT] [--rules FILE] [--city ID]... [--stage S] [--by NAME] [--db PATH] "
    "[--format text|json]",
    "Run the match and store it as a session with the sha-256 of every input",
    "Options:\n"
    "  --name TEXT      a name for the session\n"
    "  --rules FILE     a rule set file instead of the registry's default rule set\n"
    "  --city ID        only this city (repeatable; default: every city)\n"
    "  --stage S        activator (default), finder or implementer\n" BY_HELP DB_HELP
    "  -f, --format F   text (default) or json (the session's summary)\n"
};

static const struct command sub_list = {
    "session list", run_list, "scd session list [--db PATH] [--format text|json]",
    "List the stored sessions, oldest first",
    "Options:\n" DB_HELP "  -f, --format F   text (default) or json: {\"sessions\": [{\"id\", \"name\", \"created\", ...}]}\n"
};

static const struct command sub_show = {
    "session show", run_show, "scd session show ID [--db PATH] [--format text|json]",
    "Show a session: what it ran on, its results and its agendas",
    "Options:\n" DB_HELP "  -f, --format F   text (default) or json (metadata, inputs, results, agendas)\n"
};

static const struct command sub_export = {
    "session export", run_export, "scd session export ID [--format json|csv] [--by NAME] [--db PATH]",
    "Export a session's results",
    "Options:\n"
    "  -f, --format F   json (default): the stored `scd match --explain --format json` document;\n"
    "                   csv: one row per result: session,city,problem,rank,solution,vendor,score and\n"
    "                   points_SCORER for every scorer of the rule set\n" BY_HELP DB_HELP
};

static const struct command sub_diff = {
    "session diff", run_diff, "scd session diff A B [--db PATH] [--format text|json]",
    "What moved between two sessions and which input or rule change explains it",
    "Options:\n" DB_HELP "  -f, --format F   text (default) or json\n"
};

static const struct command sub_verify = {
    "session verify", run_verify, "scd session verify ID [--by NAME] [--db PATH] [--format text|json]",
    "Check that a session is reproducible: same inputs, same results",
    "Exit status 0 when the inputs are unchanged and the same match gives identical results; 1 with the\n"
    "changed inputs or the first difference otherwise.\n"
    "Options:\n" BY_HELP DB_HELP "  -f, --format F   text (default) or json\n"
};

const struct command cmd_session = {
    "session", run_session,
    "scd session run|list|show|export|diff|verify [ARGS]",
    "Match sessions: run and store, list, show, export, compare, verify",
    "Subcommands:\n"
    "  scd session run [--name TEXT] [--rules FILE] [--city ID]... [--stage S]\n"
    "                                 run the match and store it with the sha-256 of every input\n"
    "  scd session list               the stored sessions\n"
    "  scd session show ID            what a session ran on, its results and agendas\n"
    "  scd session export ID [--format json|csv]\n"
    "                                 the results as stored (json) or one row per result (csv)\n"
    "  scd session diff A B           what moved between two sessions, and why\n"
    "  scd session verify ID          same inputs and same results? (exit 1 when not)\n"
    "Every subcommand takes --db PATH (default: $SCD_DB, else ROOT/scd.db) and --help.\n"
};
