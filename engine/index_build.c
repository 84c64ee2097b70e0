/* index_build.c - build the index from a registry: the taxonomy's tables
 * and keywords, every solution's features and text postings, and the
 * classifier's evidence.
 *
 * Solutions are indexed on every core: each thread takes a contiguous run
 * of them with its own term dictionary, and the runs are merged in registry
 * order, so term ids and posting order are the same for any number of
 * threads (and the ranking the same bytes). */
#include "index.h"
#include "iso.h"
#include "arena.h"
#include "model.h"
#include "registry.h"
#include "strbuf.h"
#include "util.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fewer solutions than this per thread are not worth a thread. */
#define SOLUTIONS_PER_THREAD 2048
#define MAX_INDEX_THREADS 8

/* --- features ------------------------------------------------------------------ */

static int compare_u16(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
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

static int region_index(const char *region)
{
    for (int k = 0; region && region_names[k]; k++)
        if (!strcmp(region_names[k], region))
            return k;
    return -1;
}

/* What ranking reads of a solution, flattened; arrays in the run's arena. */
static void build_features(const struct index *idx, struct arena *arena, const struct solution *s,
                           struct sol_features *f)
{
    const struct registry *reg = idx->reg;
    const struct cost *c = &s->cost;

    memset(f, 0, sizeof(*f));
    f->sol = s;
    f->vendor = registry_vendor(reg, s->vendor);
    f->domains = arena_alloc(arena, s->domains.n * sizeof(uint16_t));
    for (size_t i = 0; i < s->domains.n; i++) {
        int d = index_domain(idx, s->domains.items[i]);
        if (d >= 0)
            f->domains[f->n_domains++] = (uint16_t)d;
    }
    f->caps = arena_alloc(arena, s->capabilities.n * sizeof(uint16_t));
    for (size_t i = 0; i < s->capabilities.n; i++) {
        int k = index_capability(idx, s->capabilities.items[i]);
        if (k >= 0)
            f->caps[f->n_caps++] = (uint16_t)k;
    }
    qsort(f->caps, f->n_caps, sizeof(uint16_t), compare_u16);
    f->kpis = arena_alloc(arena, s->kpis_improved.n * sizeof(*f->kpis));
    for (size_t i = 0; i < s->kpis_improved.n; i++) {
        int k = index_kpi(idx, s->kpis_improved.items[i].kpi);
        if (k >= 0) {
            f->kpis[f->n_kpis].kpi = (uint16_t)k;
            f->kpis[f->n_kpis++].change = (float)s->kpis_improved.items[i].change;
        }
    }
    f->refs = arena_alloc(arena, s->references.n * sizeof(*f->refs));
    for (size_t i = 0; i < s->references.n; i++) {
        const struct reference_city *r = &s->references.items[i];
        struct ref_city *rc = &f->refs[f->n_refs++];
        rc->population = (float)r->population;
        rc->income = (int8_t)r->income_level;
        snprintf(rc->country, sizeof(rc->country), "%s", r->country ? r->country : "");
    }
    f->language_codes = arena_alloc(arena, s->requirements.languages.n * sizeof(uint16_t));
    for (size_t i = 0; i < s->requirements.languages.n; i++) {
        f->languages |= index_language_bit(s->requirements.languages.items[i]);
        f->language_codes[f->n_language_codes++] = index_code2(s->requirements.languages.items[i]);
    }
    f->cloud_codes = arena_alloc(arena, s->requirements.cloud_countries.n * sizeof(uint16_t));
    f->cloud_regions = arena_alloc(arena, s->requirements.cloud_countries.n + 1);
    for (size_t i = 0; i < s->requirements.cloud_countries.n; i++) {
        const char *country = s->requirements.cloud_countries.items[i];
        f->cloud_codes[f->n_cloud] = index_code2(country);
        f->cloud_regions[f->n_cloud++] = (int8_t)region_index(iso_country_region(country));
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
}

static void id_list_add(struct id_list *l, uint32_t v)
{
    if (l->n && l->items[l->n - 1] == v)
        return; /* solutions are added in order: no repeats */
    ALLOC_GROW(l->items, l->n + 1, l->alloc);
    l->items[l->n++] = v;
}

/* The solution in the lists by domain (and its parents), capability, KPI
 * and region; called in registry order, so every list is sorted. */
static void list_solution(struct index *idx, uint32_t doc)
{
    const struct sol_features *f = &idx->sols[doc];

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

/* --- text, one run of solutions per thread -------------------------------------- */

/* A run's posting waits for the merge packed in one word: the count in the
 * top byte, the run's term id below, so a 100k registry's millions of
 * postings stay small meanwhile. A term id or count too large for that is
 * an escape word (0) followed by the two in full. */
#define PACKED_TERM_BITS 24
#define PACKED_TERM_MASK ((1u << PACKED_TERM_BITS) - 1)

struct word_state {
    uint32_t seen_in; /* solution index + 1 it was last counted for */
    uint32_t slot;    /* its place in that solution's doc_terms */
};

struct term_count {
    uint32_t term;
    uint32_t count;
};

struct run {
    struct index *idx;
    size_t lo, hi;               /* its solutions: [lo, hi) */
    struct arena *features;      /* feature arrays; the index keeps it */
    struct arena words_arena;    /* its terms' text, freed after the merge */
    struct strmap words;         /* term text -> run term id + 1 */
    const char **word_text;      /* by run term id, in order of first use */
    struct word_state *state;    /* by run term id */
    size_t n_words, words_alloc, state_alloc;
    uint32_t *codes;             /* packed postings of its solutions, in order */
    size_t n_codes, codes_alloc;
    size_t *doc_end;             /* per solution of the run, the end of its codes */
    struct term_count *doc_terms; /* the solution being indexed: its terms */
    size_t n_doc_terms, doc_terms_alloc;
    uint32_t *to_global;         /* after the merge's first step: run term id -> term id */
};

static uint32_t run_word(struct run *r, const char *w, size_t len)
{
    void *v = strmap_getn(&r->words, w, len);
    char *copy;

    if (v)
        return (uint32_t)((uintptr_t)v - 1);
    copy = arena_strndup(&r->words_arena, w, len);
    ALLOC_GROW(r->word_text, r->n_words + 1, r->words_alloc);
    ALLOC_GROW(r->state, r->n_words + 1, r->state_alloc);
    r->word_text[r->n_words] = copy;
    r->state[r->n_words].seen_in = 0;
    strmap_put(&r->words, copy, (void *)(uintptr_t)(r->n_words + 1));
    return (uint32_t)r->n_words++;
}

static void count_word(struct run *r, uint32_t doc, uint32_t w, uint32_t n)
{
    struct word_state *st = &r->state[w];

    if (st->seen_in == doc + 1) {
        r->doc_terms[st->slot].count += n;
        return;
    }
    st->seen_in = doc + 1;
    st->slot = (uint32_t)r->n_doc_terms;
    ALLOC_GROW(r->doc_terms, r->n_doc_terms + 1, r->doc_terms_alloc);
    r->doc_terms[r->n_doc_terms].term = w;
    r->doc_terms[r->n_doc_terms++].count = n;
}

static void push_code(struct run *r, uint32_t code)
{
    ALLOC_GROW(r->codes, r->n_codes + 1, r->codes_alloc);
    r->codes[r->n_codes++] = code;
}

static void close_doc(struct run *r, uint32_t doc)
{
    for (size_t i = 0; i < r->n_doc_terms; i++) {
        uint32_t term = r->doc_terms[i].term, count = r->doc_terms[i].count;
        if (term <= PACKED_TERM_MASK && count < 256) {
            push_code(r, count << PACKED_TERM_BITS | term);
        } else {
            push_code(r, 0);
            push_code(r, term);
            push_code(r, count);
        }
    }
    r->n_doc_terms = 0;
    r->doc_end[doc - r->lo] = r->n_codes;
}

static void solution_text(struct strbuf *sb, const struct index *idx, const struct sol_features *f)
{
    const struct solution *s = f->sol;

    strbuf_addstr(sb, s->name ? s->name : "");
    strbuf_addstr(sb, ". ");
    strbuf_addstr(sb, s->summary ? s->summary : "");
    strbuf_addstr(sb, ". ");
    strbuf_addstr(sb, s->description ? s->description : "");
    strbuf_addch(sb, '.');
    for (size_t i = 0; i < s->capabilities.n; i++) {
        strbuf_addch(sb, ' ');
        text_add_id_words(sb, s->capabilities.items[i]);
    }
    for (size_t i = 0; i < f->n_domains; i++) {
        strbuf_addstr(sb, ". ");
        strbuf_addstr(sb, idx->domains[f->domains[i]].name);
    }
}

/* A solution's terms: its words (stop words aside), then the concept terms
 * of the domains its words name and of the ones it declares. */
static void index_text(struct run *r, uint32_t doc, struct sol_features *f, struct strbuf *sb,
                       struct token_list *tl, double *kw)
{
    const struct index *idx = r->idx;
    char concept[160];

    strbuf_reset(sb);
    token_list_reset(tl);
    solution_text(sb, idx, f);
    text_tokenize(tl, sb->buf, sb->len, 1);
    for (size_t i = 0; i < tl->n; i++) {
        if (text_is_stop_word(tl->items[i]))
            continue;
        f->doc_len++;
        count_word(r, doc, run_word(r, tl->items[i], strlen(tl->items[i])), 1);
    }
    memset(kw, 0, idx->n_domains * sizeof(*kw));
    index_keyword_scores(idx, tl, kw);
    for (size_t i = 0; i < f->n_domains; i++)
        kw[f->domains[i]] += 2;
    for (size_t d = 0; d < idx->n_domains; d++) {
        if (kw[d] <= 0)
            continue;
        index_concept_term(concept, sizeof(concept), idx->domains[d].id);
        count_word(r, doc, run_word(r, concept, strlen(concept)), (uint32_t)ceil(kw[d]));
    }
    close_doc(r, doc);
}

static void *index_run(void *arg)
{
    struct run *r = arg;
    struct strbuf sb = STRBUF_INIT;
    struct token_list tl = TOKEN_LIST_INIT;
    double *kw = xcalloc(r->idx->n_domains + 1, sizeof(double));

    for (size_t i = r->lo; i < r->hi; i++) {
        struct sol_features *f = &r->idx->sols[i];
        build_features(r->idx, r->features, r->idx->reg->solutions[i], f);
        index_text(r, (uint32_t)i, f, &sb, &tl, kw);
    }
    free(kw);
    token_list_release(&tl);
    strbuf_release(&sb);
    return NULL;
}

static void run_release(struct run *r)
{
    arena_release(&r->words_arena);
    strmap_release(&r->words);
    free(r->word_text);
    free(r->state);
    free(r->codes);
    free(r->doc_end);
    free(r->doc_terms);
    free(r->to_global);
}

/* Reads a run's postings back in order, as index terms. */
struct run_cursor {
    const struct run *r;
    size_t pos, doc;
};

static int run_next(struct run_cursor *c, uint32_t *doc, uint32_t *term, uint32_t *count)
{
    const struct run *r = c->r;
    uint32_t code;

    while (c->doc < r->hi && c->pos == r->doc_end[c->doc - r->lo])
        c->doc++;
    if (c->doc >= r->hi)
        return 0;
    code = r->codes[c->pos++];
    if (code) {
        *term = r->to_global[code & PACKED_TERM_MASK];
        *count = code >> PACKED_TERM_BITS;
    } else {
        *term = r->to_global[r->codes[c->pos]];
        *count = r->codes[c->pos + 1];
        c->pos += 2;
    }
    *doc = (uint32_t)c->doc;
    return 1;
}

/* Runs to the index, in registry order: their terms first (so term ids
 * follow first use across the registry), then every posting list at its
 * exact size. */
static void merge_runs(struct index *idx, struct run *runs, size_t n_runs)
{
    size_t *sizes;
    uint32_t doc, term, count;

    for (size_t k = 0; k < n_runs; k++) {
        struct run *r = &runs[k];
        r->to_global = xmalloc((r->n_words + 1) * sizeof(uint32_t));
        for (size_t w = 0; w < r->n_words; w++)
            r->to_global[w] = (uint32_t)index_intern_term(idx, r->word_text[w]);
    }
    sizes = xcalloc(idx->n_terms + 1, sizeof(*sizes));
    for (size_t k = 0; k < n_runs; k++) {
        struct run_cursor c = { &runs[k], 0, runs[k].lo };
        while (run_next(&c, &doc, &term, &count))
            sizes[term]++;
    }
    for (size_t t = 0; t < idx->n_terms; t++) {
        idx->postings[t].items = xmalloc((sizes[t] ? sizes[t] : 1) * sizeof(struct posting));
        idx->postings[t].alloc = sizes[t];
    }
    free(sizes);
    for (size_t k = 0; k < n_runs; k++) {
        struct run_cursor c = { &runs[k], 0, runs[k].lo };
        while (run_next(&c, &doc, &term, &count)) {
            struct posting_list *pl = &idx->postings[term];
            pl->items[pl->n].doc = doc;
            pl->items[pl->n++].tf = count;
        }
    }
}

/* Asked for: that many. Otherwise one per core, each with at least
 * SOLUTIONS_PER_THREAD solutions. */
static int index_threads(size_t n_sols, int wanted)
{
    size_t most = wanted > 0 ? n_sols : n_sols / SOLUTIONS_PER_THREAD;

    return thread_count(wanted, most < MAX_INDEX_THREADS ? most : MAX_INDEX_THREADS);
}

static void index_solutions(struct index *idx, int threads)
{
    int n_runs = index_threads(idx->n_sols, threads);
    struct run *runs = xcalloc((size_t)n_runs, sizeof(*runs));
    pthread_t workers[MAX_INDEX_THREADS];
    int started[MAX_INDEX_THREADS] = { 0 };
    double total_len = 0;

    idx->n_feature_arenas = (size_t)n_runs;
    idx->feature_arenas = xcalloc((size_t)n_runs, sizeof(*idx->feature_arenas));
    for (int k = 0; k < n_runs; k++) {
        struct run *r = &runs[k];
        r->idx = idx;
        r->lo = idx->n_sols * (size_t)k / (size_t)n_runs;
        r->hi = idx->n_sols * (size_t)(k + 1) / (size_t)n_runs;
        r->features = &idx->feature_arenas[k];
        arena_init(r->features);
        arena_init(&r->words_arena);
        r->doc_end = xcalloc(r->hi - r->lo + 1, sizeof(*r->doc_end));
    }
    /* The first run on this thread, the others on their own. */
    for (int k = 1; k < n_runs; k++)
        started[k] = pthread_create(&workers[k], NULL, index_run, &runs[k]) == 0;
    index_run(&runs[0]);
    for (int k = 1; k < n_runs; k++) {
        if (started[k])
            pthread_join(workers[k], NULL);
        else
            index_run(&runs[k]);
    }
    merge_runs(idx, runs, (size_t)n_runs);
    for (int k = 0; k < n_runs; k++)
        run_release(&runs[k]);
    free(runs);
    for (size_t i = 0; i < idx->n_sols; i++) {
        list_solution(idx, (uint32_t)i);
        total_len += idx->sols[i].doc_len;
    }
    idx->avg_doc_len = idx->n_sols ? total_len / (double)idx->n_sols : 1;
}

/* --- the whole index ---------------------------------------------------------------- */

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

/* Domains with their parents and families, capabilities, keywords, KPIs. */
static void index_taxonomy(struct index *idx, const struct registry *reg)
{
    const struct taxonomy *tax = reg->taxonomy;

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
                index_add_keyword(idx, d->keywords.items[k].words.items[w], (uint16_t)i);
        index_add_keyword(idx, d->name, (uint16_t)i);
    }
    index_weigh_keywords(idx);
    idx->n_kpis = reg->kpis->kpis.n;
    for (size_t i = 0; i < idx->n_kpis; i++)
        strmap_put(&idx->kpi_ids, reg->kpis->kpis.items[i].id, (void *)(uintptr_t)(i + 1));
}

int index_build(struct index *idx, const struct registry *reg)
{
    return index_build_threads(idx, reg, 0);
}

int index_build_threads(struct index *idx, const struct registry *reg, int threads)
{
    memset(idx, 0, sizeof(*idx));
    idx->reg = reg;
    idx->arena = xcalloc(1, sizeof(*idx->arena));
    arena_init(idx->arena);
    if (!reg->taxonomy || !reg->kpis || !reg->rates) {
        fprintf(stderr, "scd: the registry needs a valid taxonomy, KPI catalogue and currency rates; "
                        "run 'scd validate rules/'\n");
        return -1;
    }
    index_taxonomy(idx, reg);
    idx->by_domain = xcalloc(idx->n_domains, sizeof(*idx->by_domain));
    idx->by_declared = xcalloc(idx->n_domains, sizeof(*idx->by_declared));
    idx->by_capability = xcalloc(idx->n_capabilities + 1, sizeof(*idx->by_capability));
    idx->by_kpi = xcalloc(idx->n_kpis + 1, sizeof(*idx->by_kpi));
    idx->n_sols = reg->n_solutions;
    idx->sols = xcalloc(idx->n_sols + 1, sizeof(*idx->sols));
    index_solutions(idx, threads);
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
    for (size_t k = 0; k < idx->n_feature_arenas; k++)
        arena_release(&idx->feature_arenas[k]);
    free(idx->feature_arenas);
    if (idx->arena) {
        arena_release(idx->arena);
        free(idx->arena);
    }
    memset(idx, 0, sizeof(*idx));
}
