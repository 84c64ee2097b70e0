/* cmd_validate.c - `scd validate`: check files and report every problem. */
#include "cli.h"
#include "diag.h"
#include "registry.h"

#include <getopt.h>
#include <stdio.h>

static int run_validate(int argc, char **argv, const struct cli_ctx *base)
{
    static const struct option options[] = {
        CLI_OPTIONS_COMMON
    };
    struct cli_ctx ctx = *base;
    enum output_format format = FORMAT_TEXT;
    struct registry_options opts = { NULL, 0 };
    struct diag_list diags = DIAG_LIST_INIT;
    struct registry reg;
    int rc;

    rc = cli_parse(&cmd_validate, argc, argv, "f:h", options, &ctx, &format, NULL, NULL);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    opts.paths = (const char *const *)argv + optind;
    opts.n_paths = (size_t)(argc - optind);

    rc = registry_load(&reg, ctx.root, &opts, &diags);
    if (format == FORMAT_JSON)
        diag_print_json(&diags, stdout);
    else
        diag_print_text(&diags, stdout);
    if (format == FORMAT_TEXT && rc != REGISTRY_USAGE)
        fprintf(stderr, "%zu file%s checked, %zu with problems, %zu problem%s\n", reg.files_loaded,
                reg.files_loaded == 1 ? "" : "s", reg.files_invalid, diags.n, diags.n == 1 ? "" : "s");
    registry_release(&reg);
    diag_list_release(&diags);
    if (rc == REGISTRY_USAGE)
        return EXIT_USAGE;
    return rc ? EXIT_INVALID : EXIT_OK;
}

const struct command cmd_validate = {
    "validate", run_validate,
    "scd validate [--format text|json] [PATH...]",
    "Check registry files and print every problem as FILE:LINE:COL: field.path: message",
    "Arguments:\n"
    "  PATH...          files or folders to check (default: cities/ solutions/ vendors/ rules/\n"
    "                   of the root); a file's kind comes from the folder it is in. The root's\n"
    "                   rules and vendors are always loaded to check references.\n"
    "Options:\n"
    "  -f, --format F   text (default) or json: an array of {file, line, column, path, message}\n"
    "Exit status: 0 all valid, 1 problems found, 2 usage error (e.g. a PATH that does not exist).\n"
};
