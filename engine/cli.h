/* cli.h - the command table and what every command shares: the registry
 * root, output format parsing, usage errors and exit codes. */
#ifndef SCD_CLI_H
#define SCD_CLI_H

#include <getopt.h>
#include <stdio.h>

/* Exit codes, the same for every command. */
#define EXIT_OK 0
#define EXIT_INVALID 1 /* input has problems, or the answer is "no" */
#define EXIT_USAGE 2   /* the command line is wrong */
#define EXIT_FATAL 3   /* the program could not do its job (I/O, database) */

enum output_format { FORMAT_TEXT, FORMAT_JSON };

struct cli_ctx {
    const char *root;   /* registry root: --root, $SCD_ROOT, or "." */
};

struct command {
    const char *name;
    int (*fn)(int argc, char **argv, const struct cli_ctx *ctx);
    const char *usage;   /* "scd validate [--format text|json] [PATH...]" */
    const char *summary; /* one line for `scd help` */
    const char *help;    /* options and details for `scd help COMMAND` */
};

/* The table (cli.c) lists every command's descriptor, exported by cmd_*.c. */
extern const struct command cmd_validate;
extern const struct command cmd_stats;
extern const struct command cmd_schema;
extern const struct command cmd_match;
extern const struct command cmd_submit;
extern const struct command cmd_review;
extern const struct command cmd_history;
extern const struct command cmd_show;
extern const struct command cmd_diff;
extern const struct command cmd_check;
extern const struct command cmd_audit;
extern const struct command cmd_session;
extern const struct command cmd_agenda;
extern const struct command cmd_stage;
extern const struct command cmd_demo;

const struct command *cli_find(const char *name);
void cli_print_command_help(const struct command *cmd, FILE *out);

/* Print "scd NAME: MESSAGE" and the usage line to stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse "text"/"json"; 0 on success, -1 otherwise. */
int cli_parse_format(const char *arg, enum output_format *out);

/* Options every command accepts, for getopt_long tables. */
#define CLI_OPT_HELP 'h'
#define CLI_OPT_ROOT 1000
#define CLI_OPT_FORMAT 'f'

/* The last entries of a command's getopt_long table: --format, --root,
 * --help and the terminator. */
#define CLI_OPTIONS_COMMON                                                                                             \
    { "format", required_argument, NULL, CLI_OPT_FORMAT },                                                             \
    { "root", required_argument, NULL, CLI_OPT_ROOT },                                                                 \
    { "help", no_argument, NULL, CLI_OPT_HELP },                                                                       \
    { NULL, 0, NULL, 0 }

/* Handle the shared options; returns 1 when handled, 0 when not one of them,
 * or -1 after printing help (caller returns EXIT_OK) / -2 on a bad value
 * (caller returns EXIT_USAGE). */
int cli_common_option(const struct command *cmd, int opt, const char *arg, struct cli_ctx *ctx,
                      enum output_format *format);

/* Called by cli_parse for each option that is not a shared one: returns 0
 * when handled, else an exit status after printing why (cli_usage_error). */
typedef int (*cli_option_fn)(int opt, const char *arg, void *data);

/* The getopt_long loop every command runs: the shared options go to
 * cli_common_option (format may be NULL for a command that parses -f
 * itself, in on_option), every other one to on_option (NULL: none, so
 * "unknown option"). Returns 0 with optind at the first operand, -1 after
 * printing help (the caller returns EXIT_OK), or an exit status > 0 after
 * printing a usage error. */
int cli_parse(const struct command *cmd, int argc, char **argv, const char *shortopts,
              const struct option *options, struct cli_ctx *ctx, enum output_format *format,
              cli_option_fn on_option, void *data);

#endif
