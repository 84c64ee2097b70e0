/* strmap.h - string-keyed hash map (open addressing, FNV-1a). Keys are
 * borrowed: they must outlive the map (they normally live in an arena). */
#ifndef SCD_STRMAP_H
#define SCD_STRMAP_H

#include <stddef.h>

struct strmap_entry {
    const char *key;
    size_t len;
    unsigned hash;
    void *value;
};

struct strmap {
    struct strmap_entry *slots;
    size_t cap, n;
};

#define STRMAP_INIT { NULL, 0, 0 }

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);

/* The value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
void *strmap_getn(const struct strmap *m, const char *key, size_t len);
/* 1 when key is present (its value may be NULL). */
int strmap_has(const struct strmap *m, const char *key);
/* Insert or replace; returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
/* Insert only when absent; returns 0 when inserted, -1 when present (*existing set). */
int strmap_add(struct strmap *m, const char *key, void *value, void **existing);

/* Iterate: for (size_t i = 0; i < m->cap; i++) if (m->slots[i].key) ... */

#endif
