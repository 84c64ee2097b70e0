/* util.c - fatal allocation helpers; the thread count. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void die(const char *fmt, ...)
{
    va_list ap;

    fputs("scd: fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(3);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p)
        die("out of memory (%zu bytes)", size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);

    if (!p)
        die("out of memory (%zu x %zu bytes)", count, size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);

    if (!p)
        die("out of memory (%zu bytes)", size);
    return p;
}

char *xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void grow_array(void **items, size_t *alloc, size_t need, size_t elem_size)
{
    size_t n;

    if (need <= *alloc)
        return;
    n = *alloc ? *alloc : 8;
    while (n < need)
        n = n / 2 * 3 + 8;
    if (n > (size_t)-1 / elem_size)
        die("array too large");
    *items = xrealloc(*items, n * elem_size);
    *alloc = n;
}

int thread_count(int wanted, size_t max)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = wanted > 0 ? (size_t)wanted : cores > 0 ? (size_t)cores : 1;

    if (n > max)
        n = max;
    return n ? (int)n : 1;
}
