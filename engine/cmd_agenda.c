/* cmd_agenda.c - `scd agenda SESSION --slots N`: the one-to-one meetings of
 * a "Solutions Meet Cities" event from a session's best matches. */
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

enum { OPT_DB = 3100, OPT_BY, OPT_SLOTS, OPT_SLOT_MINUTES, OPT_START, OPT_MAX_CITY, OPT_MAX_VENDOR };
enum { AGENDA_TEXT, AGENDA_JSON, AGENDA_CSV };

#define AGENDA_MAX_SLOTS 96

/* A whole number in lo..hi; 0 or -1. */
static int parse_int(const char *arg, int lo, int hi, int *out)
{
    char *end;
    long v;

    if (!*arg || *arg == '-' || *arg == '+' || *arg == ' ')
        return -1;
    v = strtol(arg, &end, 10);
    if (*end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* "HH:MM" (or "H:MM") to minutes after midnight; 0 or -1. */
static int parse_time(const char *arg, int *out)
{
    int h = 0, m = 0, digits = 0;
    const char *p = arg;

    while (*p >= '0' && *p <= '9' && digits < 2) {
        h = h * 10 + (*p++ - '0');
        digits++;
    }
    if (!digits || *p++ != ':')
        return -1;
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') || p[2])
        return -1;
    m = (p[0] - '0') * 10 + (p[1] - '0');
    if (h > 23 || m > 59)
        return -1;
    *out = h * 60 + m;
    return 0;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void solutions_text(json_t *m, struct strbuf *out, const char *sep)
{
    json_t *s;
    size_t i;

    json_array_foreach(json_object_get(m, "solutions"), i, s)
        strbuf_addf(out, "%s%s", i ? sep : "", json_string_value(s));
}

/* Meetings ordered by one party, then by slot (stable on the slot order). */
static const char *sort_key;

static int compare_by_party(const void *pa, const void *pb)
{
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    int c = strcmp(str(a, sort_key), str(b, sort_key));

    if (c)
        return c;
    return (int)(json_integer_value(json_object_get(a, "slot")) - json_integer_value(json_object_get(b, "slot")));
}

static void print_by_party(json_t *meetings, const char *party, const char *other, const char *title)
{
    size_t n = json_array_size(meetings);
    json_t **sorted = xcalloc(n + 1, sizeof(*sorted));
    const char *current = NULL;

    for (size_t i = 0; i < n; i++)
        sorted[i] = json_array_get(meetings, i);
    sort_key = party;
    if (n)
        qsort(sorted, n, sizeof(*sorted), compare_by_party);
    printf("\n%s\n", title);
    for (size_t i = 0; i < n; i++) {
        struct strbuf sols = STRBUF_INIT;
        if (!current || strcmp(current, str(sorted[i], party))) {
            current = str(sorted[i], party);
            printf("  %s\n", current);
        }
        solutions_text(sorted[i], &sols, ", ");
        printf("    %s-%s  %-28s %6.2f  %s\n", str(sorted[i], "start"), str(sorted[i], "end"), str(sorted[i], other),
               json_number_value(json_object_get(sorted[i], "score")), sols.buf);
        strbuf_release(&sols);
    }
    free(sorted);
}

static void print_text(json_t *agenda, const struct session *s)
{
    json_t *params = json_object_get(agenda, "params"), *meetings = json_object_get(agenda, "meetings");
    json_t *without = json_object_get(agenda, "without_meeting"), *m, *id;
    int slots = (int)json_integer_value(json_object_get(params, "slots"));
    int minutes = (int)json_integer_value(json_object_get(params, "slot_minutes"));
    int used = (int)json_integer_value(json_object_get(agenda, "slots_used"));
    json_t *last = json_array_get(meetings, json_array_size(meetings) - 1);
    size_t i;

    printf("agenda %lld of session %lld%s%s%s: %zu meetings in %d of %d slots of %d minutes, %s to %s\n",
           (long long)json_integer_value(json_object_get(agenda, "agenda")), s->id, s->name ? " \"" : "",
           s->name ? s->name : "", s->name ? "\"" : "", json_array_size(meetings), used, slots, minutes,
           str(params, "start"), last ? str(last, "end") : str(params, "start"));
    printf("at most %lld meetings per city and %lld per vendor; total score %.2f\n",
           (long long)json_integer_value(json_object_get(params, "max_per_city")),
           (long long)json_integer_value(json_object_get(params, "max_per_vendor")),
           json_number_value(json_object_get(agenda, "total_score")));
    if (!json_array_size(meetings)) {
        printf("\nno meetings: the session has no matches\n");
        return;
    }
    printf("\nby slot\n  %4s  %-11s  %-24s %-24s %6s  %s\n", "slot", "time", "city", "vendor", "score", "solutions");
    json_array_foreach(meetings, i, m) {
        struct strbuf sols = STRBUF_INIT;
        solutions_text(m, &sols, ", ");
        printf("  %4lld  %s-%s  %-24s %-24s %6.2f  %s\n", (long long)json_integer_value(json_object_get(m, "slot")),
               str(m, "start"), str(m, "end"), str(m, "city"), str(m, "vendor"),
               json_number_value(json_object_get(m, "score")), sols.buf);
        strbuf_release(&sols);
    }
    print_by_party(meetings, "city", "vendor", "by city");
    print_by_party(meetings, "vendor", "city", "by vendor");
    if (json_array_size(json_object_get(without, "cities")) || json_array_size(json_object_get(without, "vendors"))) {
        printf("\nmatched but without a meeting (limits or slots ran out):\n");
        if (json_array_size(json_object_get(without, "cities"))) {
            printf("  cities: ");
            json_array_foreach(json_object_get(without, "cities"), i, id)
                printf("%s%s", i ? ", " : "", json_string_value(id));
            printf("\n");
        }
        if (json_array_size(json_object_get(without, "vendors"))) {
            printf("  vendors:");
            json_array_foreach(json_object_get(without, "vendors"), i, id)
                printf("%s%s", i ? ", " : " ", json_string_value(id));
            printf("\n");
        }
    }
}

static void print_csv(json_t *agenda)
{
    json_t *m;
    size_t i;

    /* Ids cannot hold a comma, a quote or a line break: no field needs quoting. */
    printf("slot,start,end,city,vendor,score,solutions\n");
    json_array_foreach(json_object_get(agenda, "meetings"), i, m) {
        struct strbuf sols = STRBUF_INIT;
        solutions_text(m, &sols, " ");
        printf("%lld,%s,%s,%s,%s,%.2f,%s\n", (long long)json_integer_value(json_object_get(m, "slot")),
               str(m, "start"), str(m, "end"), str(m, "city"), str(m, "vendor"),
               json_number_value(json_object_get(m, "score")), sols.buf);
        strbuf_release(&sols);
    }
}

struct agenda_opts {
    struct session_agenda_params p;
    const char *db, *by;
    int format;
};

static int agenda_option(int opt, const char *arg, void *data)
{
    struct agenda_opts *o = data;

    switch (opt) {
    case CLI_OPT_FORMAT:
        if (!strcmp(arg, "text"))
            o->format = AGENDA_TEXT;
        else if (!strcmp(arg, "json"))
            o->format = AGENDA_JSON;
        else if (!strcmp(arg, "csv"))
            o->format = AGENDA_CSV;
        else
            return cli_usage_error(&cmd_agenda, "unknown format '%s' (expected text, json or csv)", arg);
        return 0;
    case OPT_SLOTS:
        if (parse_int(arg, 1, AGENDA_MAX_SLOTS, &o->p.slots) < 0)
            return cli_usage_error(&cmd_agenda, "--slots takes a number from 1 to %d, got '%s'", AGENDA_MAX_SLOTS,
                                   arg);
        return 0;
    case OPT_SLOT_MINUTES:
        if (parse_int(arg, 1, 24 * 60, &o->p.slot_minutes) < 0)
            return cli_usage_error(&cmd_agenda, "--slot-minutes takes a number from 1 to 1440, got '%s'", arg);
        return 0;
    case OPT_START:
        if (parse_time(arg, &o->p.start) < 0)
            return cli_usage_error(&cmd_agenda, "--start takes a time HH:MM (00:00 to 23:59), got '%s'", arg);
        return 0;
    case OPT_MAX_CITY:
        if (parse_int(arg, 1, AGENDA_MAX_SLOTS, &o->p.max_per_city) < 0)
            return cli_usage_error(&cmd_agenda, "--max-per-city takes a number from 1 to the number of slots, "
                                   "got '%s'", arg);
        return 0;
    case OPT_MAX_VENDOR:
        if (parse_int(arg, 1, AGENDA_MAX_SLOTS, &o->p.max_per_vendor) < 0)
            return cli_usage_error(&cmd_agenda, "--max-per-vendor takes a number from 1 to the number of slots, "
                                   "got '%s'", arg);
        return 0;
    case OPT_DB:
        o->db = arg;
        return 0;
    case OPT_BY:
        o->by = arg;
        return 0;
    default:
        return cli_usage_error(&cmd_agenda, "unknown option");
    }
}

static int run_agenda(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "slots", required_argument, NULL, OPT_SLOTS },
        { "slot-minutes", required_argument, NULL, OPT_SLOT_MINUTES },
        { "start", required_argument, NULL, OPT_START },
        { "max-per-city", required_argument, NULL, OPT_MAX_CITY },
        { "max-per-vendor", required_argument, NULL, OPT_MAX_VENDOR },
        { "db", required_argument, NULL, OPT_DB },
        { "by", required_argument, NULL, OPT_BY },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    struct agenda_opts opts = { { 0, 20, 9 * 60, 0, 0 }, NULL, NULL, AGENDA_TEXT };
    const char *env;
    int rc, r, loaded = 0;
    struct store *st = NULL;
    struct session s;
    json_t *agenda = NULL;
    long long id;
    char path[PATH_MAX];

    rc = cli_parse(&cmd_agenda, argc, argv, "f:h", options, &ctx, NULL, agenda_option, &opts);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind != 1)
        return cli_usage_error(&cmd_agenda, argc - optind ? "expected one session id" : "expected a session id");
    if (session_parse_id(argv[optind], &id) < 0)
        return cli_usage_error(&cmd_agenda, "bad session id '%s' (expected 1, 2, ...)", argv[optind]);
    if (!opts.p.slots)
        return cli_usage_error(&cmd_agenda, "--slots N is required: how many meeting slots the event has");
    if (!opts.p.max_per_city)
        opts.p.max_per_city = opts.p.slots;
    if (!opts.p.max_per_vendor)
        opts.p.max_per_vendor = opts.p.slots;
    if (opts.p.max_per_city > opts.p.slots)
        return cli_usage_error(&cmd_agenda, "--max-per-city %d exceeds --slots %d: a city has one meeting per slot",
                               opts.p.max_per_city, opts.p.slots);
    if (opts.p.max_per_vendor > opts.p.slots)
        return cli_usage_error(&cmd_agenda, "--max-per-vendor %d exceeds --slots %d: a vendor has one meeting per slot",
                               opts.p.max_per_vendor, opts.p.slots);
    if (opts.p.start + opts.p.slots * opts.p.slot_minutes > 24 * 60)
        return cli_usage_error(&cmd_agenda, "%d slots of %d minutes from the start time run past midnight",
                               opts.p.slots, opts.p.slot_minutes);
    if (!opts.by || !*opts.by)
        opts.by = (env = getenv("SCD_USER")) && *env ? env : (env = getenv("USER")) && *env ? env : NULL;

    store_path(opts.db, ctx.root, path, sizeof(path));
    if (store_open(&st, path) < 0) {
        fprintf(stderr, "scd agenda: %s\n", store_errmsg(NULL));
        return EXIT_FATAL;
    }
    r = session_load(st, id, &s);
    if (r == STORE_NOTFOUND) {
        fprintf(stderr, "scd agenda: no session %lld; see 'scd session list'\n", id);
        rc = EXIT_INVALID;
        goto done;
    }
    if (r) {
        rc = EXIT_FATAL;
        goto done;
    }
    loaded = 1;
    rc = session_agenda(&agenda, &s, &opts.p);
    if (rc)
        goto done;
    if (session_agenda_store(st, &s, agenda, opts.by) < 0) {
        rc = EXIT_FATAL;
        goto done;
    }
    if (opts.format == AGENDA_JSON) {
        json_dumpf(agenda, stdout, MATCH_JSON_FLAGS);
        fputc('\n', stdout);
    } else if (opts.format == AGENDA_CSV) {
        print_csv(agenda);
    } else {
        print_text(agenda, &s);
    }
done:
    json_decref(agenda);
    if (loaded)
        session_release(&s);
    store_close(st);
    return rc;
}

const struct command cmd_agenda = {
    "agenda", run_agenda,
    "scd agenda SESSION --slots N [--slot-minutes M] [--start HH:MM] [--max-per-city K] [--max-per-vendor K] "
    "[--by NAME] [--db PATH] [--format text|json|csv]",
    "Build the one-to-one city x vendor meetings of an event from a session's best matches",
    "Chooses the meetings of greatest total match score (a city x vendor pair scores the best score of\n"
    "any of the vendor's solutions for any problem of the city) with nobody over their limit, then\n"
    "places them in slots so that nobody has two meetings at once, heaviest slot first. The agenda is\n"
    "stored with the session (see 'scd session show') and logged in the audit log.\n"
    "Options:\n"
    "  --slots N            meeting slots in the event (1 to 96; required)\n"
    "  --slot-minutes M     length of a slot (default 20)\n"
    "  --start HH:MM        start of the first slot (default 09:00)\n"
    "  --max-per-city K     meetings per city at most (default and maximum: N)\n"
    "  --max-per-vendor K   meetings per vendor at most (default and maximum: N)\n"
    "  --by NAME            who, for the audit log (default: $SCD_USER, else $USER)\n"
    "  --db PATH            the database (default: $SCD_DB, else ROOT/scd.db)\n"
    "  -f, --format F       text (tables by slot, by city and by vendor; default), json or csv\n"
};
