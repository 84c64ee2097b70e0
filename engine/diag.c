/* diag.c - diagnostics list and its two renderings. */
#include "diag.h"
#include "strbuf.h"
#include "util.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_list_release(struct diag_list *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        free(dl->items[i].file);
        free(dl->items[i].path);
        free(dl->items[i].message);
    }
    free(dl->items);
    dl->items = NULL;
    dl->n = dl->alloc = 0;
}

void diag_add(struct diag_list *dl, const char *file, unsigned line, unsigned col,
              const char *path, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    struct diag *d;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("bad format string");
    strbuf_grow(&msg, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(msg.buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    strbuf_setlen(&msg, (size_t)n);

    ALLOC_GROW(dl->items, dl->n + 1, dl->alloc);
    d = &dl->items[dl->n++];
    d->file = xstrdup(file ? file : "");
    d->line = line;
    d->col = col;
    d->path = xstrdup(path ? path : "");
    d->message = strbuf_detach(&msg, NULL);
}

struct ordered {
    const struct diag *d;
    size_t seq;
};

static int compare_ordered(const void *a, const void *b)
{
    const struct ordered *x = a, *y = b;
    int c = strcmp(x->d->file, y->d->file);

    if (c)
        return c;
    if (x->d->line != y->d->line)
        return x->d->line < y->d->line ? -1 : 1;
    if (x->d->col != y->d->col)
        return x->d->col < y->d->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_sort(struct diag_list *dl)
{
    struct ordered *o;
    struct diag *sorted;

    if (dl->n < 2)
        return;
    o = xmalloc(dl->n * sizeof(*o));
    for (size_t i = 0; i < dl->n; i++) {
        o[i].d = &dl->items[i];
        o[i].seq = i;
    }
    qsort(o, dl->n, sizeof(*o), compare_ordered);
    sorted = xmalloc(dl->alloc * sizeof(*sorted));
    for (size_t i = 0; i < dl->n; i++)
        sorted[i] = *o[i].d;
    free(dl->items);
    dl->items = sorted;
    free(o);
}

size_t diag_count_for(const struct diag_list *dl, const char *file)
{
    size_t n = 0;

    for (size_t i = 0; i < dl->n; i++)
        if (!strcmp(dl->items[i].file, file))
            n++;
    return n;
}

void diag_format(struct strbuf *out, const struct diag *d)
{
    strbuf_addstr(out, d->file);
    if (d->line)
        strbuf_addf(out, ":%u:%u", d->line, d->col);
    strbuf_addstr(out, ": ");
    if (*d->path) {
        strbuf_addstr(out, d->path);
        strbuf_addstr(out, ": ");
    }
    strbuf_addstr(out, d->message);
}

void diag_print_text(const struct diag_list *dl, FILE *out)
{
    struct strbuf line = STRBUF_INIT;

    for (size_t i = 0; i < dl->n; i++) {
        strbuf_reset(&line);
        diag_format(&line, &dl->items[i]);
        strbuf_addch(&line, '\n');
        fwrite(line.buf, 1, line.len, out);
    }
    strbuf_release(&line);
}

void diag_print_json(const struct diag_list *dl, FILE *out)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < dl->n; i++) {
        const struct diag *d = &dl->items[i];
        json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:s, s:s}",
                                             "file", d->file,
                                             "line", (json_int_t)d->line,
                                             "column", (json_int_t)d->col,
                                             "path", d->path,
                                             "message", d->message));
    }
    json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(arr);
}
