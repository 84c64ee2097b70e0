/* cmd_schema.c - `scd schema`: the field reference of each file kind,
 * printed from the same tables the validator uses. */
#include "cli.h"
#include "outline.h"
#include "schema.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    const char *where;
    const struct schema_object *schema;
} kinds[] = {
    { "city", "cities/ID.yaml", &schema_city },
    { "vendor", "vendors/ID.yaml", &schema_vendor },
    { "solution", "solutions/ID.yaml", &schema_solution },
    { "taxonomy", "rules/*.yaml, kind: taxonomy", &schema_taxonomy },
    { "kpi-catalogue", "rules/*.yaml, kind: kpi-catalogue", &schema_kpi_catalogue },
    { "currency-rates", "rules/*.yaml, kind: currency-rates", &schema_currency_rates },
    { "rule-set", "rules/*.yaml, kind: rule-set", &schema_rule_set },
    { "outline", "rules/outlines/STAGE.LANG.yaml", &schema_outline },
};

static int run_schema(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    struct cli_ctx ctx = *base;
    int rc, shown = 0;

    rc = cli_parse(&cmd_schema, argc, argv, "h", options, &ctx, NULL, NULL, NULL);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (argc - optind > 1)
        return cli_usage_error(&cmd_schema, "expected at most one KIND");
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        struct strbuf sb = STRBUF_INIT;

        if (optind < argc && strcmp(argv[optind], kinds[i].name))
            continue;
        schema_describe_markdown(&sb, kinds[i].schema);
        printf("%s### %s (`%s`)\n\n%s", shown ? "\n" : "", kinds[i].schema->name, kinds[i].where, sb.buf);
        strbuf_release(&sb);
        shown++;
    }
    if (!shown)
        return cli_usage_error(&cmd_schema, "no file kind '%s' (city, vendor, solution, taxonomy, "
                               "kpi-catalogue, currency-rates, rule-set, outline)", argv[optind]);
    return EXIT_OK;
}

const struct command cmd_schema = {
    "schema", run_schema,
    "scd schema [KIND]",
    "Print the fields of a file kind (city, vendor, solution, taxonomy, kpi-catalogue, "
    "currency-rates, rule-set, outline) as Markdown",
    ""
};
