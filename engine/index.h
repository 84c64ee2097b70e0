/* index.h - the in-memory index a match session runs on: interned terms,
 * posting lists by domain (with the taxonomy's parents), capability, KPI,
 * region and text term, compact per-solution features with costs in one
 * currency, text statistics for BM25, and the taxonomy's multilingual
 * keywords as a phrase dictionary.
 *
 * Built once from a loaded registry; read-only afterwards, so ranking can
 * run on several threads at once. The registry must outlive the index. */
#ifndef SCD_INDEX_H
#define SCD_INDEX_H

#include "strmap.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

struct registry;
struct solution;
struct vendor;
struct city;
struct problem;

struct id_list {
    uint32_t *items;
    size_t n, alloc;
};

struct posting {
    uint32_t doc;
    uint32_t tf;
};

struct posting_list {
    struct posting *items;
    size_t n, alloc;
};

struct kpi_gain {
    uint16_t kpi;
    float change;
};

struct ref_city {
    float population;
    int8_t income;
    char country[3];
};

/* What ranking needs of a solution, flattened. Costs are in the rate
 * table's base currency; NAN where the solution does not say. */
struct sol_features {
    const struct solution *sol;
    const struct vendor *vendor;
    uint16_t *domains;   /* domain indexes as declared */
    size_t n_domains;
    uint16_t *caps;      /* capability indexes, sorted */
    size_t n_caps;
    struct kpi_gain *kpis;
    size_t n_kpis;
    struct ref_city *refs;
    size_t n_refs;
    uint64_t languages;    /* language codes hashed to one bit each: a quick "no shared language" */
    uint16_t *language_codes; /* index_code2 of each language it works in */
    size_t n_language_codes;
    uint16_t *cloud_codes;    /* index_code2 of each country its cloud keeps data in */
    int8_t *cloud_regions;    /* and that country's enum region (-1 unknown) */
    size_t n_cloud;
    uint8_t connectivity;  /* bit per enum connectivity: any one will do */
    uint8_t regions;       /* bit per enum region */
    int8_t power, hosting;
    double capex_fixed, capex_per_unit, units_per_100k, opex_year, opex_per_unit_year, pilot_units;
    float trl, deployments, pilot_months;
    uint32_t doc_len;      /* terms in its text */
};

struct domain_info {
    const char *id, *name;
    int parent;            /* index, or -1 for a family */
    int family;            /* index of its family (itself for a family) */
};

struct keyword_hit {
    uint16_t domain;
    float weight;
};

struct keyword_entry {
    struct keyword_hit *hits;
    size_t n;
};

struct index {
    const struct registry *reg;
    struct arena *arena;
    struct arena *feature_arenas;  /* one per indexing thread: solutions' feature arrays */
    size_t n_feature_arenas;

    struct domain_info *domains;
    size_t n_domains;
    struct strmap domain_ids;      /* id -> index + 1 */
    struct strmap capability_ids;  /* id -> index + 1 */
    const char **capability_names;
    uint16_t *capability_domain;   /* per capability, the domain owning it */
    size_t n_capabilities;
    struct strmap kpi_ids;         /* id -> index + 1 */
    size_t n_kpis;

    struct sol_features *sols;     /* in registry order */
    size_t n_sols;

    struct strmap terms;           /* token -> term id + 1 */
    size_t n_terms;
    struct posting_list *postings; /* per term */
    size_t postings_alloc;
    double avg_doc_len;

    struct id_list *by_domain;     /* per domain, its solutions and its sub-domains' */
    struct id_list *by_declared;   /* per domain, the solutions naming exactly it */
    struct id_list *by_capability;
    struct id_list *by_kpi;
    struct id_list by_region[8];

    struct strmap keywords;        /* phrase -> struct keyword_entry */
    struct strmap keyword_prefixes; /* every shorter start of a phrase, to stop looking early */
    size_t max_phrase_words;
    /* Classifier evidence: per domain, term frequencies of its solutions'
     * text (dense, n_domains x n_terms) and their totals. */
    float *domain_tf;
    double *domain_total;
};

/* Build from a valid registry (taxonomy, KPI catalogue and rates present).
 * Returns 0, or -1 when the registry lacks what an index needs (message on
 * stderr). */
int index_build(struct index *idx, const struct registry *reg);
/* The same on a given number of threads (0: one per core, and none for
 * fewer than a few thousand solutions, as index_build does). The index is
 * the same whatever the number; tests build it several ways to check. */
int index_build_threads(struct index *idx, const struct registry *reg, int threads);
void index_release(struct index *idx);

int index_domain(const struct index *idx, const char *id);       /* -1 when unknown */
int index_capability(const struct index *idx, const char *id);
int index_kpi(const struct index *idx, const char *id);
int index_term(const struct index *idx, const char *token);     /* -1 when unknown */

/* Keyword hits of a text: adds to score[d] for every domain d (score has
 * n_domains entries); returns the number of phrases matched. */
size_t index_keyword_scores(const struct index *idx, const struct token_list *tokens, double *score);

/* A query: the problem's terms with counts, plus the concept terms of
 * the domains its keywords name (so French text meets English text). */
struct query_term {
    int term;
    double qtf;
};
struct query {
    struct query_term *items;
    size_t n, alloc;
};
void index_query(const struct index *idx, const struct token_list *tokens, struct query *out);
void query_release(struct query *q);

/* A two-letter code ("fr", "KE") as a number below 676, or 0xFFFF. */
uint16_t index_code2(const char *code);

/* The bit a language code sets in a language mask. */
uint64_t index_language_bit(const char *code);

/* Concept term of a domain, "@mobility/parking". */
void index_concept_term(char *buf, size_t size, const char *domain_id);

/* For index_build.c, while the index is built (not thread-safe): the id of
 * a term, added when new; a keyword phrase of a domain; the keywords'
 * weights once all are in. */
int index_intern_term(struct index *idx, const char *token);
void index_add_keyword(struct index *idx, const char *phrase, uint16_t domain);
void index_weigh_keywords(struct index *idx);

#endif
