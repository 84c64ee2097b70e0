/* cmd_demo.c - `scd demo`: the three stage documents of every city of the
 * registry, in Markdown, HTML and JSON, one folder per city. */
#include "cli.h"
#include "arena.h"
#include "index.h"
#include "model.h"
#include "outline.h"
#include "registry.h"
#include "stage.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* cmd_match.c, cmd_stage.c */
int match_prepare(const char *root, const char *rules_path, struct registry *reg, struct index *idx,
                  const struct rule_set **rules, const char *cmd);
int stage_load_outline(const char *root, const char *path, const char *language, enum stage stage,
                       struct outline *out, struct arena *arena, struct strbuf *name, const char *cmd);
void stage_render(const json_t *doc, int format, struct strbuf *out);
int stage_write_file(const char *path, const struct strbuf *text);

static const char *const extensions[] = { "md", "html", "json" };

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "scd demo: cannot create '%s': %s\n", path, strerror(errno));
    return -1;
}

enum { OPT_OUT = 2000, OPT_RULES, OPT_LANGUAGE };

static int run_demo(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "out", required_argument, NULL, OPT_OUT },
        { "rules", required_argument, NULL, OPT_RULES },
        { "language", required_argument, NULL, OPT_LANGUAGE },
        { "root", required_argument, NULL, CLI_OPT_ROOT },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    struct cli_ctx ctx = *base;
    const char *out_dir = "out", *rules_path = NULL, *language = "en";
    struct outline outlines[STAGE_COUNT];
    struct strbuf names[STAGE_COUNT];
    struct arena arena = ARENA_INIT;
    struct registry reg;
    struct index idx;
    const struct rule_set *rules = NULL;
    size_t written = 0;
    int opt, rc = 0, loaded = 0;

    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        int handled = cli_common_option(&cmd_demo, opt, optarg, &ctx, NULL);
        if (handled == -1)
            return EXIT_OK;
        if (handled)
            continue;
        switch (opt) {
        case OPT_OUT:
            out_dir = optarg;
            break;
        case OPT_RULES:
            rules_path = optarg;
            break;
        case OPT_LANGUAGE:
            language = optarg;
            break;
        default:
            return cli_usage_error(&cmd_demo, "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error(&cmd_demo, "unexpected argument '%s'", argv[optind]);
    if (strlen(language) != 2 || strchr(language, '/'))
        return cli_usage_error(&cmd_demo, "--language takes an ISO 639-1 code such as 'en', got '%s'", language);

    memset(&idx, 0, sizeof(idx));
    for (int s = 0; s < STAGE_COUNT; s++)
        strbuf_init(&names[s]);
    for (int s = 0; s < STAGE_COUNT && !rc; s++)
        rc = stage_load_outline(ctx.root, NULL, language, (enum stage)s, &outlines[s], &arena, &names[s], "demo");
    if (!rc) {
        rc = match_prepare(ctx.root, rules_path, &reg, &idx, &rules, "demo");
        loaded = 1;
    }
    if (!rc && make_dir(out_dir) < 0)
        rc = EXIT_FATAL;
    for (size_t c = 0; !rc && c < reg.n_cities; c++) {
        const struct city *city = reg.cities[c];
        struct strbuf dir = STRBUF_INIT;
        int city_ok = 1;

        strbuf_addf(&dir, "%s/%s", out_dir, city->id);
        if (make_dir(dir.buf) < 0) {
            strbuf_release(&dir);
            rc = EXIT_FATAL;
            break;
        }
        for (int s = 0; s < STAGE_COUNT; s++) {
            struct stage_options so;
            struct strbuf err = STRBUF_INIT;
            json_t *doc = NULL;

            memset(&so, 0, sizeof(so));
            so.outline_name = names[s].buf;
            if (stage_build(&doc, &idx, rules, city, &outlines[s], &so, &err)) {
                fprintf(stderr, "scd demo: %s, %s: %s", city->id, stage_names[s], err.buf);
                strbuf_release(&err);
                city_ok = 0;
                rc = EXIT_INVALID;
                continue;
            }
            for (int f = 0; f < 3; f++) {
                struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
                stage_render(doc, f, &text);
                strbuf_addf(&path, "%s/%s.%s", dir.buf, stage_names[s], extensions[f]);
                if (stage_write_file(path.buf, &text) < 0)
                    rc = EXIT_FATAL;
                else
                    written++;
                strbuf_release(&text);
                strbuf_release(&path);
            }
            json_decref(doc);
            strbuf_release(&err);
        }
        if (city_ok)
            printf("  %-28s %s\n", dir.buf, city->name);
        strbuf_release(&dir);
    }
    if (!rc || rc == EXIT_INVALID) {
        printf("wrote %zu documents to %s/: for each city activator, finder and implementer, as .md, .html and "
               ".json\n", written, out_dir);
        if (reg.n_cities)
            printf("open %s/%s/activator.html in a browser, or read %s/%s/activator.md\n", out_dir,
                   reg.cities[0]->id, out_dir, reg.cities[0]->id);
    }
    if (loaded) {
        index_release(&idx);
        registry_release(&reg);
    }
    for (int s = 0; s < STAGE_COUNT; s++)
        strbuf_release(&names[s]);
    arena_release(&arena);
    return rc;
}

const struct command cmd_demo = {
    "demo", run_demo,
    "scd demo [--out DIR] [--rules FILE] [--language LANG]",
    "Write the three stage documents of every city into one folder per city",
    "Options:\n"
    "  --out DIR        where to write (default: out); DIR/CITY/STAGE.{md,html,json}\n"
    "  --rules FILE     a rule set file instead of the registry's default rule set\n"
    "  --language LANG  the outlines' language: rules/outlines/STAGE.LANG.yaml (default: en)\n"
};
