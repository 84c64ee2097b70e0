/* candidates.c - a problem's candidates from the index's posting lists, and
 * their BM25 text scores. */
#include "candidates.h"
#include "index.h"
#include "util.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Per-thread scratch, reused from problem to problem, so a ranking neither
 * maps and faults in fresh pages (which also serialises threads on the
 * kernel's memory map) nor clears more than its candidates touched. The
 * per-candidate arrays are read in order; only `place` is per solution. */
static _Thread_local struct {
    uint32_t *place;             /* per solution: its place in items + 1, 0 when not in */
    uint64_t *in;                /* per solution, a bit: in items (small enough to stay in cache) */
    uint32_t *items;
    uint8_t *flags, *cap_hits, *kpi_hits;
    float *bm25;
    double *len_norm;            /* BM25's k1 * (1 - b + b * length / average) */
    size_t size;
} scratch;

static void scratch_reserve(size_t n)
{
    if (scratch.size >= n)
        return;
    candidates_release_thread();
    scratch.place = xcalloc(n, sizeof(uint32_t));
    scratch.in = xcalloc(n / 64 + 1, sizeof(uint64_t));
    scratch.items = xcalloc(n, sizeof(uint32_t));
    scratch.flags = xcalloc(n, 1);
    scratch.cap_hits = xcalloc(n, 1);
    scratch.kpi_hits = xcalloc(n, 1);
    scratch.bm25 = xcalloc(n, sizeof(float));
    scratch.len_norm = xcalloc(n, sizeof(double));
    scratch.size = n;
}

void candidates_release_thread(void)
{
    free(scratch.place);
    free(scratch.in);
    free(scratch.items);
    free(scratch.flags);
    free(scratch.cap_hits);
    free(scratch.kpi_hits);
    free(scratch.bm25);
    free(scratch.len_norm);
    memset(&scratch, 0, sizeof(scratch));
}

/* Add a list's solutions not yet in, in the list's order; count the list
 * in hits when given. */
static void add_list(struct candidates *c, const struct index *idx, const struct id_list *l, uint8_t flag,
                     uint8_t *hits)
{
    for (size_t i = 0; i < l->n; i++) {
        uint32_t doc = l->items[i], at = scratch.place[doc];
        if (!at) {
            scratch.items[c->n] = doc;
            at = scratch.place[doc] = (uint32_t)++c->n;
            scratch.in[doc / 64] |= (uint64_t)1 << (doc % 64);
            /* BM25 reads its length next, and the solutions lie scattered
             * over memory: ask for it now, while the lists are walked. */
            PREFETCH(&idx->sols[doc].doc_len);
        }
        scratch.flags[at - 1] |= flag;
        if (hits && hits[at - 1] < 255)
            hits[at - 1]++;
    }
}

void candidates_find(struct candidates *out, const struct index *idx, int domain, int runner_up, const int *caps,
                     size_t n_caps, const int *kpis, size_t n_kpis, int everyone)
{
    scratch_reserve(idx->n_sols + 1);
    memset(out, 0, sizeof(*out));
    out->items = scratch.items;
    out->flags = scratch.flags;
    out->cap_hits = scratch.cap_hits;
    out->kpi_hits = scratch.kpi_hits;
    out->bm25 = scratch.bm25;
    if (everyone || domain < 0) {
        for (size_t i = 0; i < idx->n_sols; i++) {
            scratch.items[i] = (uint32_t)i;
            scratch.place[i] = (uint32_t)i + 1;
            scratch.in[i / 64] |= (uint64_t)1 << (i % 64);
        }
        out->n = idx->n_sols;
        return;
    }
    out->listed = 1;
    /* The domain's own list first: ranking takes candidates in this order,
     * and the best are most likely there, so its bar rises early. */
    add_list(out, idx, &idx->by_domain[domain], CANDIDATE_IN_DOMAIN, NULL);
    for (int d = idx->domains[domain].parent; d >= 0; d = idx->domains[d].parent)
        add_list(out, idx, &idx->by_declared[d], 0, NULL);
    if (runner_up >= 0)
        add_list(out, idx, &idx->by_domain[runner_up], 0, NULL);
    for (size_t i = 0; i < n_caps; i++)
        add_list(out, idx, &idx->by_capability[caps[i]], 0, scratch.cap_hits);
    for (size_t i = 0; i < n_kpis; i++)
        add_list(out, idx, &idx->by_kpi[kpis[i]], 0, scratch.kpi_hits);
}

/* --- BM25 ----------------------------------------------------------------------- */

static double inverse_doc_freq(const struct index *idx, const struct posting_list *pl)
{
    double n = (double)idx->n_sols, df = (double)pl->n;

    return log(1 + (n - df + 0.5) / (df + 0.5));
}

/* BM25's saturating norm of a term's count tf in a solution of length
 * norm len_norm. */
static double norm(double tf, double len_norm, double k1)
{
    return tf * (k1 + 1) / (tf + len_norm);
}

/* The share of a solution's score one term brings: the term's idf and norm
 * in the solution, and its count in the query (qtf, 3 at most). Both
 * functions below add these up in query order, so a solution gets the same
 * float from either. */
static float term_score(double idf, double norm_, double qtf)
{
    return (float)(idf * norm_ * qtf);
}

static double length_norm(const struct index *idx, uint32_t sol, double k1, double b)
{
    return k1 * (1 - b + b * idx->sols[sol].doc_len / idx->avg_doc_len);
}

/* Walks each term's whole posting list: for common terms that is long, but
 * sequential. Most postings are of solutions not among the candidates, and
 * which are is as good as random, so a branch per posting would be
 * mispredicted often: a chunk's postings of candidates are picked out
 * first without branching, then scored. */
enum { CHUNK = 256 };

void candidates_bm25(struct candidates *c, const struct index *idx, const struct query *q, double k1, double b)
{
    const uint64_t *in = scratch.in;
    const uint32_t *place = scratch.place;
    float *out = scratch.bm25;
    double *len_norm = scratch.len_norm;
    uint32_t hit[CHUNK];

    for (size_t i = 0; i < c->n; i++)
        len_norm[i] = length_norm(idx, c->items[i], k1, b);
    for (size_t i = 0; i < q->n; i++) {
        const struct posting_list *pl = &idx->postings[q->items[i].term];
        const struct posting *items = pl->items;
        double w = inverse_doc_freq(idx, pl), qtf = fmin(q->items[i].qtf, 3);
        for (size_t lo = 0; lo < pl->n; lo += CHUNK) {
            size_t hi = lo + CHUNK < pl->n ? lo + CHUNK : pl->n, n_hit = 0;
            for (size_t j = lo; j < hi; j++) {
                uint32_t doc = items[j].doc;
                hit[n_hit] = (uint32_t)j;
                n_hit += in[doc / 64] >> (doc % 64) & 1;
            }
            for (size_t h = 0; h < n_hit; h++) {
                const struct posting *po = &items[hit[h]];
                uint32_t at = place[po->doc] - 1;
                out[at] += term_score(w, norm(po->tf, len_norm[at], k1), qtf);
            }
        }
    }
}

/* A term's posting for sol, or NULL: a list is in solution order with one
 * posting per solution (the index adds solutions in order). */
static const struct posting *find_posting(const struct posting_list *pl, uint32_t sol)
{
    size_t lo = 0, hi = pl->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pl->items[mid].doc == sol)
            return &pl->items[mid];
        if (pl->items[mid].doc < sol)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

float candidates_bm25_one(const struct index *idx, const struct query *q, uint32_t sol, double k1, double b)
{
    float out = 0;

    for (size_t i = 0; i < q->n; i++) {
        const struct posting_list *pl = &idx->postings[q->items[i].term];
        const struct posting *po = find_posting(pl, sol);
        if (po)
            out += term_score(inverse_doc_freq(idx, pl), norm(po->tf, length_norm(idx, sol, k1, b), k1),
                              fmin(q->items[i].qtf, 3));
    }
    return out;
}

void candidates_done(struct candidates *c)
{
    for (size_t i = 0; i < c->n; i++) {
        scratch.place[c->items[i]] = 0;
        scratch.in[c->items[i] / 64] = 0;
    }
    memset(scratch.flags, 0, c->n);
    memset(scratch.cap_hits, 0, c->n);
    memset(scratch.kpi_hits, 0, c->n);
    memset(scratch.bm25, 0, c->n * sizeof(float));
    memset(c, 0, sizeof(*c));
}
