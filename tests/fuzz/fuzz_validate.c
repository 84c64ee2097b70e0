/* fuzz_validate.c - libFuzzer target for the loader and the validator.
 *
 * Bytes go through doc_load_buffer with the default limits; a document that
 * parses is bound against every file kind's schema, once without references
 * and once with a stub that answers "unknown" and "already defined", so the
 * suggestion and duplicate paths run too. Every diagnostic is formatted and
 * must be valid UTF-8: a message must never carry broken bytes into a
 * terminal or a JSON report. */
#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "schema.h"
#include "strbuf.h"
#include "strmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct schema_object *const schemas[] = {
    &schema_city, &schema_solution, &schema_vendor, &schema_rule_set, &schema_taxonomy,
};

static void check_diags(const struct diag_list *diags)
{
    struct strbuf line = STRBUF_INIT;

    for (size_t i = 0; i < diags->n; i++) {
        strbuf_reset(&line);
        diag_format(&line, &diags->items[i]);
        if (!utf8_valid(line.buf, line.len) || strlen(line.buf) != line.len) {
            fprintf(stderr, "diagnostic is not valid UTF-8 text: %s\n", line.buf);
            abort();
        }
    }
    strbuf_release(&line);
}

/* A stub for cross-file references: about a third of the values are
 * unknown (with a suggestion), a third cannot be told, a third are known. */
static int stub_check(void *data, enum schema_ref ref, const char *scope, const char *value,
                      struct strbuf *suggestion)
{
    size_t len = strlen(value);

    (void)data;
    (void)ref;
    (void)scope;
    if (len % 3 == 0) {
        strbuf_addstr(suggestion, "close-match");
        return 0;
    }
    return len % 3 == 1 ? 1 : -1;
}

static int stub_define(void *data, enum schema_ref ref, const char *value, const char *file, unsigned line,
                       unsigned col, struct strbuf *previous)
{
    struct strmap *defined = data;
    void *existing = NULL;

    (void)file;
    (void)line;
    (void)col;
    if (strmap_add(&defined[ref], value, NULL, &existing) < 0) {
        strbuf_addstr(previous, "fuzz.yaml:1:1");
        return -1;
    }
    return 0;
}

static void bind_all(const struct doc_node *root, const struct schema_refs *refs)
{
    for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
        struct arena arena = ARENA_INIT;
        struct diag_list diags = DIAG_LIST_INIT;
        void *out = calloc(1, schemas[i]->size);

        if (!out)
            abort();
        schema_bind(out, schemas[i], root, "fuzz.yaml", &arena, refs, &diags);
        check_diags(&diags);
        diag_list_release(&diags);
        arena_release(&arena);
        free(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena arena = ARENA_INIT;
    struct diag_list diags = DIAG_LIST_INIT;
    struct doc_node *root = NULL;

    if (doc_load_buffer(&root, &arena, "fuzz.yaml", (const char *)data, size, NULL, &diags) == 0) {
        struct strmap defined[REF_COUNT];
        struct schema_refs refs = { defined, stub_check, stub_define };

        if (!root || diags.n)
            abort(); /* success means a root and no diagnostic */
        bind_all(root, NULL);
        for (size_t i = 0; i < REF_COUNT; i++)
            strmap_init(&defined[i]);
        bind_all(root, &refs);
        for (size_t i = 0; i < REF_COUNT; i++)
            strmap_release(&defined[i]);
    } else if (diags.n != 1) {
        abort(); /* doc.h: a failure appends exactly one diagnostic */
    }
    check_diags(&diags);
    diag_list_release(&diags);
    arena_release(&arena);
    return 0;
}
