/* index.c - build the index from a registry. */
#include "index.h"
#include "iso.h"
#include "arena.h"
#include "model.h"
#include "registry.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void id_list_add(struct id_list *l, uint32_t v)
{
    if (l->n && l->items[l->n - 1] == v)
        return; /* solutions are added in order: no repeats */
    ALLOC_GROW(l->items, l->n + 1, l->alloc);
    l->items[l->n++] = v;
}

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

static int intern_term(struct index *idx, const char *token)
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

static void add_keyword(struct index *idx, const char *phrase, uint16_t domain)
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
static void weigh_keywords(struct index *idx)
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

/* --- solutions ---------------------------------------------------------------- */

struct term_count {
    int term;
    uint32_t count;
};

static int compare_u16(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static void solution_text(struct strbuf *sb, const struct index *idx, const struct solution *s)
{
    strbuf_addf(sb, "%s. %s. %s.", s->name, s->summary, s->description);
    for (size_t i = 0; i < s->capabilities.n; i++) {
        strbuf_addch(sb, ' ');
        text_add_id_words(sb, s->capabilities.items[i]);
    }
    for (size_t i = 0; i < s->domains.n; i++) {
        int d = index_domain(idx, s->domains.items[i]);
        if (d >= 0)
            strbuf_addf(sb, ". %s", idx->domains[d].name);
    }
}

static void index_text(struct index *idx, uint32_t doc, const struct solution *s, struct sol_features *f)
{
    struct strbuf sb = STRBUF_INIT;
    struct token_list tl = TOKEN_LIST_INIT;
    struct term_count *counts = NULL;
    size_t n = 0, alloc = 0;
    double *kw = xcalloc(idx->n_domains, sizeof(double));
    char concept[160];

    solution_text(&sb, idx, s);
    text_tokenize(&tl, sb.buf, sb.len, 1);
    for (size_t i = 0; i < tl.n; i++) {
        struct posting_list *pl;
        int t;

        if (text_is_stop_word(tl.items[i]))
            continue;
        f->doc_len++;
        t = intern_term(idx, tl.items[i]); /* may move idx->postings */
        pl = &idx->postings[t];
        /* Documents are indexed in order: the term's last posting says
         * whether this one has the word already. */
        if (pl->n && pl->items[pl->n - 1].doc == doc) {
            pl->items[pl->n - 1].tf++;
            continue;
        }
        ALLOC_GROW(pl->items, pl->n + 1, pl->alloc);
        pl->items[pl->n].doc = doc;
        pl->items[pl->n++].tf = 1;
    }
    /* Concept terms: the domains its words name, and the ones it declares. */
    index_keyword_scores(idx, &tl, kw);
    for (size_t i = 0; i < f->n_domains; i++)
        kw[f->domains[i]] += 2;
    for (size_t d = 0; d < idx->n_domains; d++) {
        if (kw[d] <= 0)
            continue;
        index_concept_term(concept, sizeof(concept), idx->domains[d].id);
        ALLOC_GROW(counts, n + 1, alloc);
        counts[n].term = intern_term(idx, concept);
        counts[n++].count = (uint32_t)ceil(kw[d]);
    }
    for (size_t i = 0; i < n; i++) {
        struct posting_list *pl = &idx->postings[counts[i].term];
        ALLOC_GROW(pl->items, pl->n + 1, pl->alloc);
        pl->items[pl->n].doc = doc;
        pl->items[pl->n++].tf = counts[i].count;
    }
    free(counts);
    free(kw);
    token_list_release(&tl);
    strbuf_release(&sb);
}

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

static double to_base(const struct registry *reg, double v, const char *currency)
{
    return isnan(v) ? NAN : registry_to_base(reg, v, currency);
}

static uint8_t connectivity_mask(const int *items, size_t n)
{
    uint8_t m = 0;

    for (size_t i = 0; i < n; i++)
        if (items[i] >= 0)
            m |= (uint8_t)(1u << items[i]);
    return m;
}

static void build_features(struct index *idx, uint32_t doc, const struct solution *s)
{
    const struct registry *reg = idx->reg;
    struct sol_features *f = &idx->sols[doc];
    const struct cost *c = &s->cost;

    memset(f, 0, sizeof(*f));
    f->sol = s;
    f->vendor = registry_vendor(reg, s->vendor);
    f->domains = arena_alloc(idx->arena, s->domains.n * sizeof(uint16_t));
    for (size_t i = 0; i < s->domains.n; i++) {
        int d = index_domain(idx, s->domains.items[i]);
        if (d >= 0)
            f->domains[f->n_domains++] = (uint16_t)d;
    }
    f->caps = arena_alloc(idx->arena, s->capabilities.n * sizeof(uint16_t));
    for (size_t i = 0; i < s->capabilities.n; i++) {
        int k = index_capability(idx, s->capabilities.items[i]);
        if (k >= 0)
            f->caps[f->n_caps++] = (uint16_t)k;
    }
    qsort(f->caps, f->n_caps, sizeof(uint16_t), compare_u16);
    f->kpis = arena_alloc(idx->arena, s->kpis_improved.n * sizeof(*f->kpis));
    for (size_t i = 0; i < s->kpis_improved.n; i++) {
        int k = index_kpi(idx, s->kpis_improved.items[i].kpi);
        if (k >= 0) {
            f->kpis[f->n_kpis].kpi = (uint16_t)k;
            f->kpis[f->n_kpis++].change = (float)s->kpis_improved.items[i].change;
        }
    }
    f->refs = arena_alloc(idx->arena, s->references.n * sizeof(*f->refs));
    for (size_t i = 0; i < s->references.n; i++) {
        const struct reference_city *r = &s->references.items[i];
        struct ref_city *rc = &f->refs[f->n_refs++];
        rc->population = (float)r->population;
        rc->income = (int8_t)r->income_level;
        snprintf(rc->country, sizeof(rc->country), "%s", r->country ? r->country : "");
    }
    f->language_codes = arena_alloc(idx->arena, s->requirements.languages.n * sizeof(uint16_t));
    for (size_t i = 0; i < s->requirements.languages.n; i++) {
        f->languages |= index_language_bit(s->requirements.languages.items[i]);
        f->language_codes[f->n_language_codes++] = index_code2(s->requirements.languages.items[i]);
    }
    f->cloud_codes = arena_alloc(idx->arena, s->requirements.cloud_countries.n * sizeof(uint16_t));
    f->cloud_regions = arena_alloc(idx->arena, s->requirements.cloud_countries.n + 1);
    for (size_t i = 0; i < s->requirements.cloud_countries.n; i++) {
        const char *country = s->requirements.cloud_countries.items[i];
        const char *region = iso_country_region(country);
        int r = -1;
        for (int k = 0; region && region_names[k]; k++)
            if (!strcmp(region_names[k], region))
                r = k;
        f->cloud_codes[f->n_cloud] = index_code2(country);
        f->cloud_regions[f->n_cloud++] = (int8_t)r;
    }
    f->connectivity = connectivity_mask(s->requirements.connectivity.items, s->requirements.connectivity.n);
    f->regions = connectivity_mask(s->regions_served.items, s->regions_served.n);
    f->power = (int8_t)s->requirements.power;
    f->hosting = (int8_t)s->requirements.hosting;
    f->capex_fixed = to_base(reg, c->capex_fixed, c->currency);
    f->capex_per_unit = to_base(reg, c->capex_per_unit, c->currency);
    f->units_per_100k = c->units_per_100k;
    f->opex_year = to_base(reg, c->opex_per_year, c->currency);
    f->opex_per_unit_year = to_base(reg, c->opex_per_unit_year, c->currency);
    f->pilot_units = s->pilot.minimum_units;
    f->trl = (float)s->maturity.trl;
    f->deployments = (float)s->maturity.deployments;
    f->pilot_months = (float)s->pilot.duration_months;

    for (size_t i = 0; i < f->n_domains; i++) {
        id_list_add(&idx->by_declared[f->domains[i]], doc);
        for (int d = f->domains[i]; d >= 0; d = idx->domains[d].parent)
            id_list_add(&idx->by_domain[d], doc);
    }
    for (size_t i = 0; i < f->n_caps; i++)
        id_list_add(&idx->by_capability[f->caps[i]], doc);
    for (size_t i = 0; i < f->n_kpis; i++)
        id_list_add(&idx->by_kpi[f->kpis[i].kpi], doc);
    for (int r = 0; r < REGION_COUNT; r++)
        if (f->regions & (1u << r))
            id_list_add(&idx->by_region[r], doc);
}

/* Per-domain term frequencies: the registry's solutions as evidence for
 * classifying a problem that names no domain. */
static void build_domain_evidence(struct index *idx)
{
    idx->domain_tf = xcalloc(idx->n_domains * idx->n_terms, sizeof(float));
    idx->domain_total = xcalloc(idx->n_domains, sizeof(double));
    for (size_t t = 0; t < idx->n_terms; t++) {
        const struct posting_list *pl = &idx->postings[t];
        for (size_t i = 0; i < pl->n; i++) {
            const struct sol_features *f = &idx->sols[pl->items[i].doc];
            for (size_t k = 0; k < f->n_domains; k++) {
                int d = f->domains[k];
                idx->domain_tf[(size_t)d * idx->n_terms + t] += (float)pl->items[i].tf;
                idx->domain_total[d] += pl->items[i].tf;
            }
        }
    }
}

int index_build(struct index *idx, const struct registry *reg)
{
    const struct taxonomy *tax = reg->taxonomy;
    double total_len = 0;

    memset(idx, 0, sizeof(*idx));
    idx->reg = reg;
    idx->arena = xcalloc(1, sizeof(*idx->arena));
    arena_init(idx->arena);
    if (!tax || !reg->kpis || !reg->rates) {
        fprintf(stderr, "scd: the registry needs a valid taxonomy, KPI catalogue and currency rates; "
                        "run 'scd validate rules/'\n");
        return -1;
    }
    idx->n_domains = tax->domains.n;
    idx->domains = arena_calloc(idx->arena, idx->n_domains, sizeof(*idx->domains));
    for (size_t i = 0; i < idx->n_domains; i++) {
        idx->domains[i].id = tax->domains.items[i].id;
        idx->domains[i].name = tax->domains.items[i].name;
        strmap_put(&idx->domain_ids, idx->domains[i].id, (void *)(uintptr_t)(i + 1));
    }
    for (size_t i = 0; i < idx->n_domains; i++) {
        const char *id = idx->domains[i].id, *slash = strrchr(id, '/'), *first = strchr(id, '/');
        void *p = slash ? strmap_getn(&idx->domain_ids, id, (size_t)(slash - id)) : NULL;
        void *fam = first ? strmap_getn(&idx->domain_ids, id, (size_t)(first - id)) : NULL;
        idx->domains[i].parent = p ? (int)((uintptr_t)p - 1) : -1;
        idx->domains[i].family = fam ? (int)((uintptr_t)fam - 1) : (int)i;
    }
    for (size_t i = 0; i < idx->n_domains; i++) {
        const struct domain *d = &tax->domains.items[i];
        for (size_t j = 0; j < d->capabilities.n; j++) {
            idx->capability_names = xrealloc(idx->capability_names,
                                             (idx->n_capabilities + 1) * sizeof(*idx->capability_names));
            idx->capability_names[idx->n_capabilities] = d->capabilities.items[j];
            idx->capability_domain = xrealloc(idx->capability_domain,
                                              (idx->n_capabilities + 1) * sizeof(*idx->capability_domain));
            idx->capability_domain[idx->n_capabilities] = (uint16_t)i;
            strmap_put(&idx->capability_ids, d->capabilities.items[j],
                       (void *)(uintptr_t)(++idx->n_capabilities));
        }
        for (size_t k = 0; k < d->keywords.n; k++)
            for (size_t w = 0; w < d->keywords.items[k].words.n; w++)
                add_keyword(idx, d->keywords.items[k].words.items[w], (uint16_t)i);
        add_keyword(idx, d->name, (uint16_t)i);
    }
    weigh_keywords(idx);
    idx->n_kpis = reg->kpis->kpis.n;
    for (size_t i = 0; i < idx->n_kpis; i++)
        strmap_put(&idx->kpi_ids, reg->kpis->kpis.items[i].id, (void *)(uintptr_t)(i + 1));

    idx->by_domain = xcalloc(idx->n_domains, sizeof(*idx->by_domain));
    idx->by_declared = xcalloc(idx->n_domains, sizeof(*idx->by_declared));
    idx->by_capability = xcalloc(idx->n_capabilities + 1, sizeof(*idx->by_capability));
    idx->by_kpi = xcalloc(idx->n_kpis + 1, sizeof(*idx->by_kpi));
    idx->n_sols = reg->n_solutions;
    idx->sols = xcalloc(idx->n_sols + 1, sizeof(*idx->sols));
    for (size_t i = 0; i < idx->n_sols; i++) {
        build_features(idx, (uint32_t)i, reg->solutions[i]);
        index_text(idx, (uint32_t)i, reg->solutions[i], &idx->sols[i]);
        total_len += idx->sols[i].doc_len;
    }
    idx->avg_doc_len = idx->n_sols ? total_len / (double)idx->n_sols : 1;
    build_domain_evidence(idx);
    return 0;
}

void index_release(struct index *idx)
{
    for (size_t t = 0; t < idx->n_terms; t++)
        free(idx->postings[t].items);
    free(idx->postings);
    for (size_t d = 0; d < idx->n_domains; d++) {
        free(idx->by_domain ? idx->by_domain[d].items : NULL);
        free(idx->by_declared ? idx->by_declared[d].items : NULL);
    }
    free(idx->by_declared);
    free(idx->capability_domain);
    for (size_t k = 0; k <= idx->n_capabilities && idx->by_capability; k++)
        free(idx->by_capability[k].items);
    for (size_t k = 0; k <= idx->n_kpis && idx->by_kpi; k++)
        free(idx->by_kpi[k].items);
    for (size_t r = 0; r < 8; r++)
        free(idx->by_region[r].items);
    free(idx->by_domain);
    free(idx->by_capability);
    free(idx->by_kpi);
    free(idx->sols);
    free(idx->capability_names);
    for (size_t i = 0; i < idx->keywords.cap; i++)
        if (idx->keywords.slots[i].key)
            free(((struct keyword_entry *)idx->keywords.slots[i].value)->hits);
    strmap_release(&idx->keywords);
    strmap_release(&idx->keyword_prefixes);
    strmap_release(&idx->terms);
    strmap_release(&idx->domain_ids);
    strmap_release(&idx->capability_ids);
    strmap_release(&idx->kpi_ids);
    free(idx->domain_tf);
    free(idx->domain_total);
    if (idx->arena) {
        arena_release(idx->arena);
        free(idx->arena);
    }
    memset(idx, 0, sizeof(*idx));
}
