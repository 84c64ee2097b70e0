/* cmd_stats.c - `scd stats`: what the registry holds. */
#include "cli.h"
#include "diag.h"
#include "registry.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

struct registry_counts {
    size_t cities, problems, unclassified, solutions, vendors, domains, families, capabilities, kpis,
        standards, rule_sets, languages, files, invalid_files;
};

static void count(const struct registry *reg, struct registry_counts *c)
{
    memset(c, 0, sizeof(*c));
    c->cities = reg->n_cities;
    for (size_t i = 0; i < reg->n_cities; i++) {
        c->problems += reg->cities[i]->problems.n;
        for (size_t j = 0; j < reg->cities[i]->problems.n; j++)
            c->unclassified += !reg->cities[i]->problems.items[j].domain;
    }
    c->solutions = reg->n_solutions;
    c->vendors = reg->n_vendors;
    if (reg->taxonomy) {
        c->domains = reg->taxonomy->domains.n;
        for (size_t i = 0; i < c->domains; i++)
            c->families += !strchr(reg->taxonomy->domains.items[i].id, '/');
        c->standards = reg->taxonomy->standards.n;
        c->languages = reg->taxonomy->languages.n;
    }
    c->capabilities = reg->capabilities.n;
    c->kpis = reg->kpis ? reg->kpis->kpis.n : 0;
    c->rule_sets = reg->n_rule_sets;
    c->files = reg->files_loaded;
    c->invalid_files = reg->files_invalid;
}

static int run_stats(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct diag_list diags = DIAG_LIST_INIT;
    struct registry reg;
    struct registry_counts c;
    int rc;

    rc = cli_parse(&cmd_stats, argc, argv, "f:h", options, &ctx, &format, NULL, NULL);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (optind < argc)
        return cli_usage_error(&cmd_stats, "unexpected argument '%s'", argv[optind]);

    if (registry_load(&reg, ctx.root, NULL, &diags) == REGISTRY_USAGE) {
        diag_print_text(&diags, stderr);
        registry_release(&reg);
        diag_list_release(&diags);
        return EXIT_USAGE;
    }
    count(&reg, &c);
    if (diags.n)
        fprintf(stderr, "scd stats: warning: %zu problem%s in %zu file%s are left out; run 'scd validate'\n",
                diags.n, diags.n == 1 ? "" : "s", c.invalid_files, c.invalid_files == 1 ? "" : "s");
    if (format == FORMAT_JSON) {
        json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
                              "root", ctx.root,
                              "files", (json_int_t)c.files,
                              "invalid_files", (json_int_t)c.invalid_files,
                              "cities", (json_int_t)c.cities,
                              "problems", (json_int_t)c.problems,
                              "problems_without_domain", (json_int_t)c.unclassified,
                              "solutions", (json_int_t)c.solutions,
                              "vendors", (json_int_t)c.vendors,
                              "domains", (json_int_t)c.domains,
                              "domain_families", (json_int_t)c.families,
                              "capabilities", (json_int_t)c.capabilities,
                              "kpis", (json_int_t)c.kpis,
                              "standards", (json_int_t)c.standards,
                              "rule_sets", (json_int_t)c.rule_sets);
        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        printf("registry      %s (%zu files)\n", ctx.root, c.files);
        printf("cities        %zu\n", c.cities);
        printf("problems      %zu (%zu without a domain, to be classified)\n", c.problems, c.unclassified);
        printf("solutions     %zu\n", c.solutions);
        printf("vendors       %zu\n", c.vendors);
        printf("domains       %zu (%zu families)\n", c.domains, c.families);
        printf("capabilities  %zu\n", c.capabilities);
        printf("KPIs          %zu\n", c.kpis);
        printf("standards     %zu\n", c.standards);
        printf("rule sets     %zu\n", c.rule_sets);
    }
    registry_release(&reg);
    diag_list_release(&diags);
    return EXIT_OK;
}

const struct command cmd_stats = {
    "stats", run_stats,
    "scd stats [--format text|json]",
    "Show what the registry holds: cities, problems, solutions, vendors, domains, KPIs",
    "Options:\n"
    "  -f, --format F   text (default) or json (keys: root, files, invalid_files, cities, problems,\n"
    "                   problems_without_domain, solutions, vendors, domains, domain_families,\n"
    "                   capabilities, kpis, standards, rule_sets)\n"
    "Files with problems are left out of the counts, with a warning on stderr.\n"
};
