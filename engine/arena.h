/* arena.h - bump allocator: everything loaded from one document set lives in
 * one arena and is freed at once. Allocation never fails (fatal on OOM). */
#ifndef SCD_ARENA_H
#define SCD_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t used_bytes; /* bytes handed out, for statistics */
};

#define ARENA_INIT { NULL, 0 }

void arena_init(struct arena *a);
/* Free every block; the arena can be reused afterwards. */
void arena_release(struct arena *a);

/* size bytes aligned for any type; contents uninitialised. */
void *arena_alloc(struct arena *a, size_t size);
/* Zero-filled. */
void *arena_calloc(struct arena *a, size_t count, size_t size);
/* NUL-terminated copy of len bytes of s. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
void *arena_memdup(struct arena *a, const void *p, size_t size);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
