/* cmd_stage.c - `scd stage STAGE --city ID`: the document of one programme
 * stage for one city, as Markdown, HTML or JSON. */
#include "cli.h"
#include "arena.h"
#include "diag.h"
#include "index.h"
#include "model.h"
#include "outline.h"
#include "registry.h"
#include "render.h"
#include "stage.h"
#include "stage_tree.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Shared with cmd_match.c and cmd_demo.c. */
int match_prepare(const char *root, const char *rules_path, struct registry *reg, struct index *idx,
                  const struct rule_set **rules, const char *cmd);
int parse_stage(const char *arg, enum stage *out);

enum doc_format { DOC_MD, DOC_HTML, DOC_JSON };
static const char *const doc_format_names[] = { "md", "html", "json", NULL };

int stage_parse_format(const char *arg, int *out);
int stage_load_outline(const char *root, const char *path, const char *language, enum stage stage,
                       struct outline *out, struct arena *arena, struct strbuf *name, const char *cmd);
void stage_render(const json_t *doc, int format, struct strbuf *out);
int stage_write_file(const char *path, const struct strbuf *text);

int stage_parse_format(const char *arg, int *out)
{
    for (int i = 0; doc_format_names[i]; i++)
        if (!strcmp(arg, doc_format_names[i])) {
            *out = i;
            return 0;
        }
    return -1;
}

/* The outline: a file named with --outline, else ROOT/rules/outlines/STAGE.LANG.yaml.
 * name receives the path the document names. Returns 0 or an exit code. */
int stage_load_outline(const char *root, const char *path, const char *language, enum stage stage,
                       struct outline *out, struct arena *arena, struct strbuf *name, const char *cmd)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct strbuf file = STRBUF_INIT;
    int rc;

    if (path)
        strbuf_addstr(&file, path);
    else if (!root || !strcmp(root, "."))
        strbuf_addf(&file, "rules/outlines/%s.%s.yaml", stage_names[stage], language);
    else
        strbuf_addf(&file, "%s%srules/outlines/%s.%s.yaml", root, root[strlen(root) - 1] == '/' ? "" : "/",
                    stage_names[stage], language);
    rc = outline_load(out, file.buf, arena, &diags);
    if (rc) {
        diag_print_text(&diags, stderr);
        if (rc == OUTLINE_USAGE && !path)
            fprintf(stderr, "scd %s: no %s outline in language '%s' (looked for '%s')\n", cmd, stage_names[stage],
                    language, file.buf);
        rc = rc == OUTLINE_USAGE ? EXIT_USAGE : EXIT_INVALID;
    } else if (out->stage != (int)stage) {
        fprintf(stderr, "scd %s: '%s' is the outline of the %s stage, not of %s\n", cmd, file.buf,
                stage_names[out->stage], stage_names[stage]);
        rc = EXIT_USAGE;
    }
    /* The document names its outline relative to the registry root. */
    if (!path && root && strcmp(root, ".")) {
        strbuf_reset(name);
        strbuf_addf(name, "rules/outlines/%s.%s.yaml", stage_names[stage], language);
    } else {
        strbuf_addstr(name, file.buf);
    }
    diag_list_release(&diags);
    strbuf_release(&file);
    return rc;
}

void stage_render(const json_t *doc, int format, struct strbuf *out)
{
    if (format == DOC_MD) {
        render_markdown(doc, out);
    } else if (format == DOC_HTML) {
        render_html(doc, out);
    } else {
        char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        strbuf_addstr(out, s);
        strbuf_addch(out, '\n');
        free(s);
    }
}

/* Written to a temporary file first and renamed, so a reader never sees half a document. */
int stage_write_file(const char *path, const struct strbuf *text)
{
    struct strbuf tmp = STRBUF_INIT;
    FILE *f;
    int ok;

    strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    f = fopen(tmp.buf, "wb");
    if (!f) {
        fprintf(stderr, "scd: cannot write '%s': %s\n", path, strerror(errno));
        strbuf_release(&tmp);
        return -1;
    }
    ok = fwrite(text->buf, 1, text->len, f) == text->len;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp.buf, path) < 0) {
        fprintf(stderr, "scd: cannot write '%s': %s\n", path, strerror(errno));
        unlink(tmp.buf);
        strbuf_release(&tmp);
        return -1;
    }
    strbuf_release(&tmp);
    return 0;
}

enum { OPT_CITY = 2000, OPT_SOLUTION, OPT_RULES, OPT_OUTLINE, OPT_LANGUAGE };

static int run_stage(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        { "city", required_argument, NULL, OPT_CITY },
        { "solution", required_argument, NULL, OPT_SOLUTION },
        { "rules", required_argument, NULL, OPT_RULES },
        { "outline", required_argument, NULL, OPT_OUTLINE },
        { "language", required_argument, NULL, OPT_LANGUAGE },
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "root", required_argument, NULL, CLI_OPT_ROOT },
        { "help", no_argument, NULL, CLI_OPT_HELP },
        { NULL, 0, NULL, 0 }
    };
    struct cli_ctx ctx = *base;
    const char *city_id = NULL, *rules_path = NULL, *outline_path = NULL, *language = "en", *output = NULL;
    const char **pins = NULL;
    size_t n_pins = 0;
    int format = DOC_MD, opt, rc, loaded = 0;
    enum stage stage;
    struct registry reg;
    struct index idx;
    const struct rule_set *rules = NULL;
    struct outline outline;
    struct arena arena = ARENA_INIT;
    struct strbuf outline_name = STRBUF_INIT, err = STRBUF_INIT, text = STRBUF_INIT;
    struct stage_options so;
    const struct city *city;
    json_t *doc = NULL;

    optind = 0;
    while ((opt = getopt_long(argc, argv, "f:o:h", options, NULL)) != -1) {
        int handled = cli_common_option(&cmd_stage, opt, optarg, &ctx, NULL);
        if (handled == -1) {
            free(pins);
            return EXIT_OK;
        }
        if (handled)
            continue;
        switch (opt) {
        case OPT_CITY:
            city_id = optarg;
            break;
        case OPT_SOLUTION:
            pins = xrealloc(pins, (n_pins + 1) * sizeof(*pins));
            pins[n_pins++] = optarg;
            break;
        case OPT_RULES:
            rules_path = optarg;
            break;
        case OPT_OUTLINE:
            outline_path = optarg;
            break;
        case OPT_LANGUAGE:
            language = optarg;
            break;
        case 'f':
            if (stage_parse_format(optarg, &format) < 0) {
                free(pins);
                return cli_usage_error(&cmd_stage, "unknown format '%s' (expected md, html or json)", optarg);
            }
            break;
        case 'o':
            output = optarg;
            break;
        default:
            free(pins);
            return cli_usage_error(&cmd_stage, "unknown option");
        }
    }
    if (optind >= argc) {
        free(pins);
        return cli_usage_error(&cmd_stage, "which stage? (activator, finder or implementer)");
    }
    if (parse_stage(argv[optind], &stage) < 0) {
        free(pins);
        return cli_usage_error(&cmd_stage, "unknown stage '%s' (activator, finder or implementer)", argv[optind]);
    }
    if (optind + 1 < argc) {
        free(pins);
        return cli_usage_error(&cmd_stage, "unexpected argument '%s'", argv[optind + 1]);
    }
    if (!city_id) {
        free(pins);
        return cli_usage_error(&cmd_stage, "--city ID is required");
    }
    if (n_pins && stage == STAGE_ACTIVATOR) {
        free(pins);
        return cli_usage_error(&cmd_stage, "--solution applies to the finder and implementer stages");
    }
    if (!outline_path && (strlen(language) != 2 || strchr(language, '/'))) {
        free(pins);
        return cli_usage_error(&cmd_stage, "--language takes an ISO 639-1 code such as 'en', got '%s'", language);
    }

    memset(&idx, 0, sizeof(idx));
    memset(&reg, 0, sizeof(reg));
    rc = stage_load_outline(ctx.root, outline_path, language, stage, &outline, &arena, &outline_name, "stage");
    if (!rc) {
        rc = match_prepare(ctx.root, rules_path, &reg, &idx, &rules, "stage");
        loaded = 1;
    }
    if (!rc && !(city = registry_city(&reg, city_id))) {
        fprintf(stderr, "scd stage: no city '%s' in the registry\n", city_id);
        rc = EXIT_INVALID;
    }
    if (!rc) {
        memset(&so, 0, sizeof(so));
        so.pins = pins;
        so.n_pins = n_pins;
        so.outline_name = outline_name.buf;
        switch (stage_build(&doc, &idx, rules, city, &outline, &so, &err)) {
        case 0:
            break;
        case STAGE_EUSAGE:
            fprintf(stderr, "scd stage: %s", err.buf);
            rc = EXIT_USAGE;
            break;
        default:
            fprintf(stderr, "scd stage: %s", err.buf);
            rc = EXIT_INVALID;
        }
    }
    if (!rc) {
        stage_render(doc, format, &text);
        if (output) {
            if (stage_write_file(output, &text) < 0)
                rc = EXIT_FATAL;
        } else if (fwrite(text.buf, 1, text.len, stdout) != text.len) {
            rc = EXIT_FATAL;
        }
    }
    json_decref(doc);
    if (loaded) {
        index_release(&idx);
        registry_release(&reg);
    }
    arena_release(&arena);
    strbuf_release(&outline_name);
    strbuf_release(&err);
    strbuf_release(&text);
    free(pins);
    return rc;
}

const struct command cmd_stage = {
    "stage", run_stage,
    "scd stage activator|finder|implementer --city ID [--solution ID[@PROBLEM]]... [--rules FILE] "
    "[--outline FILE | --language LANG] [--format md|html|json] [-o FILE]",
    "Write the document of a programme stage for one city",
    "Stages and their documents:\n"
    "  activator        problem brief & shortlist: each problem, its shortlist and reasons, the best\n"
    "                   solutions left out, the gaps as a call for solutions, one-to-one meetings\n"
    "  finder           solution package proposal: a solution per problem within the budget,\n"
    "                   costs, why each choice won, interoperability, two alternatives\n"
    "  implementer      feasibility study & pilot plan for the proposed package (or the pinned\n"
    "                   solutions): checks, finance (NPV, payback, sensitivity), risks, pilots,\n"
    "                   KPI framework, stakeholders, open questions\n"
    "Options:\n"
    "  --city ID        the city (required)\n"
    "  --solution ID    pin a solution (repeatable): the finder keeps it for the problem it fits\n"
    "                   best (or ID@PROBLEM) and chooses the rest; the implementer studies the\n"
    "                   pinned solutions only\n"
    "  --rules FILE     a rule set file instead of the registry's default rule set\n"
    "  --outline FILE   the document outline (default: rules/outlines/STAGE.LANG.yaml)\n"
    "  --language LANG  the outline's language, when --outline is not given (default: en)\n"
    "  -f, --format F   md (default), html (one self-contained page) or json (the document tree)\n"
    "  -o, --output F   write to file F instead of standard output\n"
    "The same registry, rule set and outline always give byte-identical output.\n"
};
