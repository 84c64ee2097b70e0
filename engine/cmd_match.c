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
        { "format", required_argument, NULL, CLI_OPT_FORMAT },
        { "root", required_argument, NULL, CLI_OPT_ROOT },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct match_options mo;
    const char **cities = NULL;
    const char *rules_path = NULL;
    int explain = 0, opt, rc;
    struct registry reg;
    struct index idx;
    const struct rule_set *rules = NULL;
    struct match_run run;
    char *end;

    memset(&mo, 0, sizeof(mo));
    memset(&idx, 0, sizeof(idx));
    optind = 0;
    while ((opt = getopt_long(argc, argv, "f:h", options, NULL)) != -1) {
        int handled = cli_common_option(&cmd_match, opt, optarg, &ctx, &format);
        if (handled == -1) {
            free(cities);
            return EXIT_OK;
        }
        if (handled == -2) {
            free(cities);
            return EXIT_USAGE;
        }
        if (handled)
            continue;
        switch (opt) {
        case OPT_CITY:
            cities = xrealloc(cities, (mo.n_city_ids + 1) * sizeof(*cities));
            cities[mo.n_city_ids++] = optarg;
            break;
        case OPT_PROBLEM:
            mo.problem_id = optarg;
            break;
        case OPT_RULES:
            rules_path = optarg;
            break;
        case OPT_STAGE:
            if (parse_stage(optarg, &mo.stage) < 0) {
                free(cities);
                return cli_usage_error(&cmd_match, "unknown stage '%s' (activator, finder or implementer)", optarg);
            }
            break;
        case OPT_TOP:
            mo.top = (int)strtol(optarg, &end, 10);
            if (*end || mo.top < 1 || mo.top > 100) {
                free(cities);
                return cli_usage_error(&cmd_match, "--top takes a number from 1 to 100, got '%s'", optarg);
            }
            break;
        case OPT_THREADS:
            mo.threads = (int)strtol(optarg, &end, 10);
            if (*end || mo.threads < 1 || mo.threads > 8) {
                free(cities);
                return cli_usage_error(&cmd_match, "--threads takes a number from 1 to 8, got '%s'", optarg);
            }
            break;
        case OPT_EXPLAIN:
            explain = 1;
            break;
        case OPT_FULL_SCAN:
            mo.full_scan = 1;
            break;
        default:
            free(cities);
            return cli_usage_error(&cmd_match, "unknown option");
        }
    }
    if (optind < argc) {
        free(cities);
        return cli_usage_error(&cmd_match, "unexpected argument '%s'", argv[optind]);
    }
    mo.city_ids = cities;
    rc = match_prepare(ctx.root, rules_path, &reg, &idx, &rules, "match");
    if (!rc && match_run(&run, &idx, rules, &mo) < 0)
        rc = EXIT_INVALID;
    else if (!rc) {
        if (format == FORMAT_JSON) {
            json_t *j = match_to_json(&run, explain);
            json_dumpf(j, stdout, MATCH_JSON_FLAGS);
            fputc('\n', stdout);
            json_decref(j);
        } else {
            match_print_text(&run, explain, stdout);
        }
        match_run_release(&run);
    }
    index_release(&idx);
    registry_release(&reg);
    free(cities);
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
    "  -f, --format F   text (default) or json (structure in README, keys are stable)\n"
    "The same registry and rule set always give byte-identical output.\n"
};
