/* arena.c - bump allocator in chained blocks. */
#include "arena.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_ALIGN 16

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->used_bytes = 0;
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;

    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
    struct arena_block *b = a->head;
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    void *p;

    if (rounded < size)
        die("arena allocation too large");
    if (!b || b->size - b->used < rounded) {
        /* Large requests get a block of their own behind the current one,
         * so the current block's free tail is not wasted. */
        /* Blocks grow from 8 KiB: a small document should not cost 64 KiB
         * of fresh pages. */
        size_t regular = b ? (b->size * 2 > ARENA_BLOCK_SIZE ? ARENA_BLOCK_SIZE : b->size * 2) : 8192;
        size_t bsize = rounded > regular / 4 ? rounded : regular;
        struct arena_block *nb = xmalloc(sizeof(*nb) + bsize);

        nb->size = bsize;
        nb->used = 0;
        if (b && bsize != regular) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    p = b->data + b->used;
    b->used += rounded;
    a->used_bytes += rounded;
    return p;
}

void *arena_calloc(struct arena *a, size_t count, size_t size)
{
    void *p;

    if (size && count > SIZE_MAX / size)
        die("arena allocation too large");
    p = arena_alloc(a, count * size);
    memset(p, 0, count * size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct arena *a, const void *p, size_t size)
{
    void *q = arena_alloc(a, size);

    if (size)
        memcpy(q, p, size);
    return q;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("bad format string");
    p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
