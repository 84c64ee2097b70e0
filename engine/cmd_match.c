/* cmd_match.c - `scd match`: rank solutions for every problem, with reasons. */
#include "cli.h"
#include "diag.h"
#include "index.h"
#include "match.h"
#include "model.h"
#include "registry.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_CITY = 2000, OPT_PROBLEM, OPT_RULES, OPT_STAGE, OPT_TOP, OPT_EXPLAIN, OPT_THREADS, OPT_FULL_SCAN };

struct match_opts {
    struct match_options mo;
    const char **cities;
    const char *rules_path;
    int explain;
};

static int match_option(int opt, const char *arg, void *data)
{
    struct match_opts *o = data;
    char *end;

    switch (opt) {
    case OPT_CITY:
        o->cities = xrealloc(o->cities, (o->mo.n_city_ids + 1) * sizeof(*o->cities));
        o->cities[o->mo.n_city_ids++] = arg;
        return 0;
    case OPT_PROBLEM:
        o->mo.problem_id = arg;
        return 0;
    case OPT_RULES:
        o->rules_path = arg;
        return 0;
    case OPT_STAGE:
        if (parse_stage(arg, &o->mo.stage) < 0)
            return cli_usage_error(&cmd_match, "unknown stage '%s' (activator, finder or implementer)", arg);
        return 0;
    case OPT_TOP:
        o->mo.top = (int)strtol(arg, &end, 10);
        if (*end || o->mo.top < 1 || o->mo.top > 100)
            return cli_usage_error(&cmd_match, "--top takes a number from 1 to 100, got '%s'", arg);
        return 0;
    case OPT_THREADS:
        o->mo.threads = (int)strtol(arg, &end, 10);
        if (*end || o->mo.threads < 1 || o->mo.threads > 8)
            return cli_usage_error(&cmd_match, "--threads takes a number from 1 to 8, got '%s'", arg);
        return 0;
    case OPT_EXPLAIN:
        o->explain = 1;
        return 0;
    case OPT_FULL_SCAN:
        o->mo.full_scan = 1;
        return 0;
    default:
        return cli_usage_error(&cmd_match, "unknown option");
    }
}

static int run_match(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "city", required_argument, NULL, OPT_CITY },
        { "problem", required_argument, NULL, OPT_PROBLEM },
        { "rules", required_argument, NULL, OPT_RULES },
        { "stage", required_argument, NULL, OPT_STAGE },
        { "top", required_argument, NULL, OPT_TOP },
        { "explain", no_argument, NULL, OPT_EXPLAIN },
        { "threads", required_argument, NULL, OPT_THREADS },
        { "full-scan", no_argument, NULL, OPT_FULL_SCAN },
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct match_opts opts;
    int rc;
    struct registry reg;
    struct index idx;
    const struct rule_set *rules = NULL;
    struct match_run run;

    memset(&opts, 0, sizeof(opts));
    memset(&idx, 0, sizeof(idx));
    rc = cli_parse(&cmd_match, argc, argv, "f:h", options, &ctx, &format, match_option, &opts);
    if (rc) {
        free(opts.cities);
        return rc < 0 ? EXIT_OK : rc;
    }
    if (optind < argc) {
        free(opts.cities);
        return cli_usage_error(&cmd_match, "unexpected argument '%s'", argv[optind]);
    }
    opts.mo.city_ids = opts.cities;
    rc = match_prepare(ctx.root, opts.rules_path, &reg, &idx, &rules, "match");
    if (!rc && match_run(&run, &idx, rules, &opts.mo) < 0)
        rc = EXIT_INVALID;
    else if (!rc) {
        if (format == FORMAT_JSON) {
            match_write_json(&run, opts.explain, stdout);
            fputc('\n', stdout);
        } else {
            match_print_text(&run, opts.explain, stdout);
        }
        match_run_release(&run);
    }
    index_release(&idx);
    registry_release(&reg);
    free(opts.cities);
    return rc;
}

const struct command cmd_match = {
    "match", run_match,
    "scd match [--city ID]... [--problem ID] [--rules FILE] [--stage activator|finder|implementer] "
    "[--top K] [--explain] [--format text|json]",
    "Rank the solutions that fit each problem of the chosen cities, and say why",
    "Options:\n"
    "  --city ID        only this city (repeatable; default: every city)\n"
    "  --problem ID     only this problem\n"
    "  --rules FILE     a rule set file instead of the registry's rules/ (default rule set: id default)\n"
    "  --stage S        activator (wide net, default), finder, or implementer (strict)\n"
    "  --top K          results per problem (default: the stage's 'top')\n"
    "  --explain        every scorer's value, weight and points, penalties, and the best excluded\n"
    "                   solutions with the reason each was excluded\n"
    "  --threads N      rank problems on N threads (default: one per core)\n"
    "  --full-scan      score every solution instead of the index's candidates (slower;\n"
    "                   for measuring the index)\n"
    "  -f, --format F   text (default) or json (structure in README, keys are stable)\n"
    "The same registry and rule set always give byte-identical output.\n"
};
