/* cli.c - command table, global options and help, generated from the
 * descriptors each cmd_*.c exports. */
#include "cli.h"
#include "session.h" /* SCD_VERSION, defined once with the engine version sessions record */
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct command *const commands[] = {
    &cmd_validate,
    &cmd_match,
    &cmd_stats,
    &cmd_schema,
    &cmd_submit,
    &cmd_review,
    &cmd_history,
    &cmd_show,
    &cmd_diff,
    &cmd_check,
    &cmd_audit,
    &cmd_session,
    &cmd_agenda,
    &cmd_stage,
    &cmd_demo,
};

const struct command *cli_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (!strcmp(commands[i]->name, name))
            return commands[i];
    return NULL;
}

void cli_print_command_help(const struct command *cmd, FILE *out)
{
    fprintf(out, "usage: %s\n\n%s.\n", cmd->usage, cmd->summary);
    if (cmd->help && *cmd->help)
        fprintf(out, "\n%s", cmd->help);
    fputs("\nCommon options:\n"
          "  --root DIR       registry root holding cities/, solutions/, vendors/, rules/\n"
          "                   (default: $SCD_ROOT, else the current directory)\n"
          "  -h, --help       show this help\n", out);
}

static void print_main_help(FILE *out)
{
    fputs("usage: scd [--root DIR] COMMAND [OPTIONS] [ARGS]\n\n"
          "Smart City Driver: match city problems with vendor solutions.\n\nCommands:\n", out);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\nRun 'scd help COMMAND' or 'scd COMMAND --help' for a command's options.\n"
          "Exit status: 0 success, 1 invalid input or a negative answer, 2 usage error,\n"
          "3 the program could not do its job.\n", out);
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "scd %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n", cmd->usage);
    return EXIT_USAGE;
}

int cli_parse_format(const char *arg, enum output_format *out)
{
    if (!strcmp(arg, "text"))
        *out = FORMAT_TEXT;
    else if (!strcmp(arg, "json"))
        *out = FORMAT_JSON;
    else
        return -1;
    return 0;
}

int cli_common_option(const struct command *cmd, int opt, const char *arg, struct cli_ctx *ctx,
                      enum output_format *format)
{
    switch (opt) {
    case '?':
        /* getopt has named the option and what is wrong with it. */
        fprintf(stderr, "usage: %s\n", cmd->usage);
        return -2;
    case CLI_OPT_HELP:
        cli_print_command_help(cmd, stdout);
        return -1;
    case CLI_OPT_ROOT:
        ctx->root = arg;
        return 1;
    case CLI_OPT_FORMAT:
        if (!format)
            return 0;
        if (cli_parse_format(arg, format) < 0) {
            cli_usage_error(cmd, "unknown format '%s' (expected text or json)", arg);
            return -2;
        }
        return 1;
    default:
        return 0;
    }
}

int cli_parse(const struct command *cmd, int argc, char **argv, const char *shortopts,
              const struct option *options, struct cli_ctx *ctx, enum output_format *format,
              cli_option_fn on_option, void *data)
{
    int opt;

    optind = 0;
    while ((opt = getopt_long(argc, argv, shortopts, options, NULL)) != -1) {
        int rc = cli_common_option(cmd, opt, optarg, ctx, format);
        if (rc == -1)
            return -1;
        if (rc == -2)
            return EXIT_USAGE;
        if (rc)
            continue;
        if (!on_option)
            return cli_usage_error(cmd, "unknown option");
        rc = on_option(opt, optarg, data);
        if (rc)
            return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct cli_ctx ctx;
    const struct command *cmd;
    int i = 1;

    ctx.root = getenv("SCD_ROOT") && *getenv("SCD_ROOT") ? getenv("SCD_ROOT") : ".";
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--root") && i + 1 < argc) {
            ctx.root = argv[++i];
        } else if (!strncmp(argv[i], "--root=", 7)) {
            ctx.root = argv[i] + 7;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            print_main_help(stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--version")) {
            printf("scd %s\n", SCD_VERSION);
            return EXIT_OK;
        } else {
            fprintf(stderr, "scd: unknown option '%s'\n", argv[i]);
            print_main_help(stderr);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        print_main_help(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "help")) {
        if (i + 1 >= argc) {
            print_main_help(stdout);
            return EXIT_OK;
        }
        cmd = cli_find(argv[i + 1]);
        if (!cmd) {
            fprintf(stderr, "scd: no command '%s'; see 'scd help'\n", argv[i + 1]);
            return EXIT_USAGE;
        }
        cli_print_command_help(cmd, stdout);
        return EXIT_OK;
    }
    cmd = cli_find(argv[i]);
    if (!cmd) {
        fprintf(stderr, "scd: no command '%s'; see 'scd help'\n", argv[i]);
        return EXIT_USAGE;
    }
    return cmd->fn(argc - i, argv + i, &ctx);
}
