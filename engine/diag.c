/* diag.c - diagnostics list and its two renderings. */
#include "diag.h"
#include "doc.h"
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

void diag_addv(struct diag_list *dl, const char *file, unsigned line, unsigned col, const char *path,
               const char *fmt, va_list ap)
{
    struct strbuf msg = STRBUF_INIT;
    struct diag *d;
    va_list copy;
    int n;

    /* Sized to fit, so a message is never cut inside a UTF-8 sequence. */
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        die("bad format string");
    strbuf_grow(&msg, (size_t)n);
    vsnprintf(msg.buf, (size_t)n + 1, fmt, ap);
    strbuf_setlen(&msg, (size_t)n);

    ALLOC_GROW(dl->items, dl->n + 1, dl->alloc);
    d = &dl->items[dl->n++];
    d->file = xstrdup(file ? file : "");
    d->line = line;
    d->col = col;
    d->path = xstrdup(path ? path : "");
    d->message = strbuf_detach(&msg, NULL);
}

void diag_add(struct diag_list *dl, const char *file, unsigned line, unsigned col,
              const char *path, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    diag_addv(dl, file, line, col, path, fmt, ap);
    va_end(ap);
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

/* JSON strings must be UTF-8: a file name that is not keeps its valid
 * characters and shows each broken byte as U+FFFD. */
static json_t *json_text(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    json_t *j;

    if (utf8_valid(s, strlen(s)))
        return json_string(s);
    for (const char *p = s; *p; p++) {
        size_t n = 1;
        while (n <= 4 && p[n - 1] && !utf8_valid(p, n))
            n++;
        if (n <= 4 && utf8_valid(p, n)) {
            strbuf_add(&sb, p, n);
            p += n - 1;
        } else {
            strbuf_addstr(&sb, "\xEF\xBF\xBD");
        }
    }
    j = json_string(sb.buf);
    strbuf_release(&sb);
    return j;
}

void diag_print_json(const struct diag_list *dl, FILE *out)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < dl->n; i++) {
        const struct diag *d = &dl->items[i];
        json_t *o = json_object();

        json_object_set_new(o, "file", json_text(d->file));
        json_object_set_new(o, "line", json_integer((json_int_t)d->line));
        json_object_set_new(o, "column", json_integer((json_int_t)d->col));
        json_object_set_new(o, "path", json_text(d->path));
        json_object_set_new(o, "message", json_text(d->message));
        json_array_append_new(arr, o);
    }
    json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(arr);
}
