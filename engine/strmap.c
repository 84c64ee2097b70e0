/* strmap.c - open-addressing hash map with linear probing. */
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static unsigned hash_bytes(const char *s, size_t len)
{
    unsigned h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->cap = m->n = 0;
}

void strmap_release(struct strmap *m)
{
    free(m->slots);
    strmap_init(m);
}

static struct strmap_entry *find(const struct strmap *m, const char *key, size_t len, unsigned h)
{
    size_t mask, i;

    if (!m->cap)
        return NULL;
    mask = m->cap - 1;
    for (i = h & mask;; i = (i + 1) & mask) {
        struct strmap_entry *e = &m->slots[i];
        if (!e->key)
            return e;
        if (e->hash == h && e->len == len && !memcmp(e->key, key, len))
            return e;
    }
}

static void grow(struct strmap *m)
{
    struct strmap old = *m;

    m->cap = old.cap ? old.cap * 2 : 16;
    m->slots = xcalloc(m->cap, sizeof(*m->slots));
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key) {
            struct strmap_entry *e = find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash);
            *e = old.slots[i];
            m->n++;
        }
    free(old.slots);
}

void *strmap_getn(const struct strmap *m, const char *key, size_t len)
{
    struct strmap_entry *e = find(m, key, len, hash_bytes(key, len));

    return e && e->key ? e->value : NULL;
}

void *strmap_get(const struct strmap *m, const char *key)
{
    return strmap_getn(m, key, strlen(key));
}

int strmap_has(const struct strmap *m, const char *key)
{
    size_t len = strlen(key);
    struct strmap_entry *e = find(m, key, len, hash_bytes(key, len));

    return e && e->key;
}

int strmap_add(struct strmap *m, const char *key, void *value, void **existing)
{
    size_t len = strlen(key);
    unsigned h = hash_bytes(key, len);
    struct strmap_entry *e;

    if ((m->n + 1) * 4 > m->cap * 3)
        grow(m);
    e = find(m, key, len, h);
    if (e->key) {
        if (existing)
            *existing = e->value;
        return -1;
    }
    e->key = key;
    e->len = len;
    e->hash = h;
    e->value = value;
    m->n++;
    return 0;
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
    void *old = NULL;

    if (strmap_add(m, key, value, &old) < 0) {
        size_t len = strlen(key);
        find(m, key, len, hash_bytes(key, len))->value = value;
        return old;
    }
    return NULL;
}
