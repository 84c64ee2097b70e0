/* util.h - fatal allocation helpers (the one place out-of-memory is handled)
 * and the thread count every parallel step uses. */
#ifndef SCD_UTIL_H
#define SCD_UTIL_H

#include <stddef.h>

/* Print "scd: fatal: MESSAGE" to stderr and exit with status 3. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Allocation that never returns NULL: failure is fatal (exit 3). */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

/* Grow *items (of elem_size bytes each) so that it holds at least need elements. */
void grow_array(void **items, size_t *alloc, size_t need, size_t elem_size);
#define ALLOC_GROW(items, need, alloc) \
    grow_array((void **)&(items), &(alloc), (need), sizeof(*(items)))

/* Threads for a parallel step: wanted, or one per online core when wanted
 * is 0 or less; never more than max, never fewer than 1. */
int thread_count(int wanted, size_t max);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
