/* index.c - the index's lookups: ids, terms, keyword phrases and queries.
 * Building it is index_build.c. */
#include "index.h"
#include "arena.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lookup(const struct strmap *m, const char *key)
{
    void *v = strmap_get(m, key);

    return v ? (int)((uintptr_t)v - 1) : -1;
}

int index_domain(const struct index *idx, const char *id)
{
    return id ? lookup(&idx->domain_ids, id) : -1;
}

int index_capability(const struct index *idx, const char *id)
{
    return id ? lookup(&idx->capability_ids, id) : -1;
}

int index_kpi(const struct index *idx, const char *id)
{
    return id ? lookup(&idx->kpi_ids, id) : -1;
}

int index_term(const struct index *idx, const char *token)
{
    return lookup(&idx->terms, token);
}

void index_concept_term(char *buf, size_t size, const char *domain_id)
{
    snprintf(buf, size, "@%s", domain_id);
}

int index_intern_term(struct index *idx, const char *token)
{
    int t = lookup(&idx->terms, token);

    if (t >= 0)
        return t;
    t = (int)idx->n_terms++;
    strmap_put(&idx->terms, arena_strdup(idx->arena, token), (void *)(uintptr_t)(t + 1));
    ALLOC_GROW(idx->postings, idx->n_terms, idx->postings_alloc);
    memset(&idx->postings[t], 0, sizeof(idx->postings[t]));
    return t;
}

/* --- keywords -------------------------------------------------------------- */

void index_add_keyword(struct index *idx, const char *phrase, uint16_t domain)
{
    struct token_list tl = TOKEN_LIST_INIT;
    struct strbuf key = STRBUF_INIT;
    struct keyword_entry *e;

    text_tokenize(&tl, phrase, strlen(phrase), 1);
    for (size_t i = 0; i < tl.n; i++) {
        if (i && !strmap_getn(&idx->keyword_prefixes, key.buf, key.len))
            strmap_put(&idx->keyword_prefixes, arena_strdup(idx->arena, key.buf), (void *)1);
        strbuf_addf(&key, "%s%s", i ? " " : "", tl.items[i]);
    }
    if (tl.n && key.len) {
        e = strmap_get(&idx->keywords, key.buf);
        if (!e) {
            e = arena_calloc(idx->arena, 1, sizeof(*e));
            strmap_put(&idx->keywords, arena_strdup(idx->arena, key.buf), e);
        }
        for (size_t i = 0; i < e->n; i++)
            if (e->hits[i].domain == domain)
                goto done;
        e->hits = xrealloc(e->hits, (e->n + 1) * sizeof(*e->hits));
        e->hits[e->n].domain = domain;
        e->hits[e->n].weight = (float)(1.0 + 0.5 * (double)(tl.n - 1));
        e->n++;
        if (tl.n > idx->max_phrase_words)
            idx->max_phrase_words = tl.n;
    }
done:
    strbuf_release(&key);
    token_list_release(&tl);
}

/* A keyword shared by several domains says less about each. */
void index_weigh_keywords(struct index *idx)
{
    for (size_t i = 0; i < idx->keywords.cap; i++) {
        struct keyword_entry *e = idx->keywords.slots[i].value;
        if (!idx->keywords.slots[i].key)
            continue;
        for (size_t j = 0; j < e->n; j++)
            e->hits[j].weight /= (float)e->n;
    }
}

static void hit(const struct keyword_entry *e, double *score)
{
    for (size_t j = 0; j < e->n; j++)
        score[e->hits[j].domain] += e->hits[j].weight;
}

/* Each phrase counts once per text: repeating a word does not make a text
 * more about it. */
static int first_sighting(const struct keyword_entry ***seen, size_t *n, size_t *alloc,
                          const struct keyword_entry *e)
{
    for (size_t i = 0; i < *n; i++)
        if ((*seen)[i] == e)
            return 0;
    ALLOC_GROW(*seen, *n + 1, *alloc);
    (*seen)[(*n)++] = e;
    return 1;
}

size_t index_keyword_scores(const struct index *idx, const struct token_list *tokens, double *score)
{
    struct strbuf key = STRBUF_INIT;
    const struct keyword_entry **seen = NULL;
    size_t nseen = 0, seen_alloc = 0;

    for (size_t i = 0; i < tokens->n; i++) {
        strbuf_reset(&key);
        for (size_t k = 0; k < idx->max_phrase_words && i + k < tokens->n; k++) {
            const struct keyword_entry *e;

            if (k)
                strbuf_addch(&key, ' ');
            strbuf_addstr(&key, tokens->items[i + k]);
            e = strmap_getn(&idx->keywords, key.buf, key.len);
            if (e && first_sighting(&seen, &nseen, &seen_alloc, e))
                hit(e, score);
            /* No longer phrase starts with these words: stop here. */
            if (!strmap_getn(&idx->keyword_prefixes, key.buf, key.len))
                break;
        }
        /* Korean attaches particles: 주차장이 holds the keyword 주차장. */
        if (text_is_hangul(tokens->items[i])) {
            size_t chars = text_utf8_length(tokens->items[i]);
            for (size_t c = chars - 1; c >= 2 && c < chars; c--) {
                size_t bytes = text_utf8_prefix(tokens->items[i], c);
                const struct keyword_entry *e = strmap_getn(&idx->keywords, tokens->items[i], bytes);
                if (e) {
                    if (first_sighting(&seen, &nseen, &seen_alloc, e))
                        hit(e, score);
                    break;
                }
            }
        }
    }
    free(seen);
    strbuf_release(&key);
    return nseen;
}

/* --- queries ------------------------------------------------------------------ */

static void query_add(struct query *q, int term, double qtf)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->items[i].term == term) {
            q->items[i].qtf += qtf;
            return;
        }
    ALLOC_GROW(q->items, q->n + 1, q->alloc);
    q->items[q->n].term = term;
    q->items[q->n].qtf = qtf;
    q->n++;
}

void index_query(const struct index *idx, const struct token_list *tokens, struct query *out)
{
    double *score = xcalloc(idx->n_domains, sizeof(double));
    char concept[160];

    for (size_t i = 0; i < tokens->n; i++) {
        int t;
        if (text_is_stop_word(tokens->items[i]))
            continue;
        t = index_term(idx, tokens->items[i]);
        if (t >= 0)
            query_add(out, t, 1);
    }
    index_keyword_scores(idx, tokens, score);
    for (size_t d = 0; d < idx->n_domains; d++) {
        int t;
        if (score[d] <= 0)
            continue;
        index_concept_term(concept, sizeof(concept), idx->domains[d].id);
        t = index_term(idx, concept);
        if (t >= 0)
            query_add(out, t, 2.0 * score[d]);
    }
    free(score);
}

void query_release(struct query *q)
{
    free(q->items);
    q->items = NULL;
    q->n = q->alloc = 0;
}

/* --- codes ---------------------------------------------------------------------- */

uint16_t index_code2(const char *code)
{
    int a = code[0] | 0x20, b = code[0] ? code[1] | 0x20 : 0;

    if (!code[0] || !code[1] || code[2] || a < 'a' || a > 'z' || b < 'a' || b > 'z')
        return 0xFFFF;
    return (uint16_t)((a - 'a') * 26 + (b - 'a'));
}

uint64_t index_language_bit(const char *code)
{
    unsigned h = 0;

    for (; *code; code++)
        h = h * 31 + (unsigned char)*code;
    return (uint64_t)1 << (h % 64);
}
