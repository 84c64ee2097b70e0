/* candidates.c - a problem's candidates from the index's posting lists, and
 * their BM25 text scores. */
#include "candidates.h"
#include "index.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Per-thread scratch, one entry per solution, all zero between problems:
 * reused, so a ranking neither maps and faults in fresh pages (which also
 * serialises threads on the kernel's memory map) nor clears the whole of it,
 * only the entries its candidates touched. */
static _Thread_local struct {
    uint8_t *flags, *cap_hits, *kpi_hits;
    float *bm25;
    uint32_t *items;
    size_t size;
} scratch;

static void scratch_reserve(size_t n)
{
    if (scratch.size >= n)
        return;
    candidates_release_thread();
    scratch.flags = xcalloc(n, 1);
    scratch.cap_hits = xcalloc(n, 1);
    scratch.kpi_hits = xcalloc(n, 1);
    scratch.bm25 = xcalloc(n, sizeof(float));
    scratch.items = xcalloc(n, sizeof(uint32_t));
    scratch.size = n;
}

void candidates_release_thread(void)
{
    free(scratch.flags);
    free(scratch.cap_hits);
    free(scratch.kpi_hits);
    free(scratch.bm25);
    free(scratch.items);
    memset(&scratch, 0, sizeof(scratch));
}

/* Add a list's solutions not yet in, in the list's order; count the list
 * in hits when given. */
static void add_list(struct candidates *c, const struct id_list *l, uint8_t flag, uint8_t *hits)
{
    for (size_t i = 0; i < l->n; i++) {
        uint32_t doc = l->items[i];
        if (!scratch.flags[doc])
            scratch.items[c->n++] = doc;
        scratch.flags[doc] |= flag;
        if (hits && hits[doc] < 255)
            hits[doc]++;
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
        memset(scratch.flags, CANDIDATE, idx->n_sols);
        for (size_t i = 0; i < idx->n_sols; i++)
            scratch.items[i] = (uint32_t)i;
        out->n = idx->n_sols;
        return;
    }
    out->listed = 1;
    /* The domain's own list first: ranking takes candidates in this order,
     * and the best are most likely there, so its bar rises early. */
    add_list(out, &idx->by_domain[domain], CANDIDATE | CANDIDATE_IN_DOMAIN, NULL);
    for (int d = idx->domains[domain].parent; d >= 0; d = idx->domains[d].parent)
        add_list(out, &idx->by_declared[d], CANDIDATE, NULL);
    if (runner_up >= 0)
        add_list(out, &idx->by_domain[runner_up], CANDIDATE, NULL);
    for (size_t i = 0; i < n_caps; i++)
        add_list(out, &idx->by_capability[caps[i]], CANDIDATE, scratch.cap_hits);
    for (size_t i = 0; i < n_kpis; i++)
        add_list(out, &idx->by_kpi[kpis[i]], CANDIDATE, scratch.kpi_hits);
}

/* --- BM25 ----------------------------------------------------------------------- */

static double inverse_doc_freq(const struct index *idx, const struct posting_list *pl)
{
    double n = (double)idx->n_sols, df = (double)pl->n;

    return log(1 + (n - df + 0.5) / (df + 0.5));
}

/* One term's share of a solution's score (qtf: the query's count, 3 at
 * most). Both functions below add these up in query order, so a solution
 * gets the same float from either. */
static float term_score(const struct index *idx, double idf, double qtf, const struct posting *po, double k1,
                        double b)
{
    double tf = po->tf;
    double norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * idx->sols[po->doc].doc_len / idx->avg_doc_len));

    return (float)(idf * norm * qtf);
}

/* Walks each term's whole posting list: for common terms that is long, but
 * sequential, and the check per posting reads a byte per solution that the
 * candidates already brought into cache. */
void candidates_bm25(struct candidates *c, const struct index *idx, const struct query *q, double k1, double b)
{
    const uint8_t *flags = scratch.flags;
    float *out = scratch.bm25;

    for (size_t i = 0; i < q->n; i++) {
        const struct posting_list *pl = &idx->postings[q->items[i].term];
        double w = inverse_doc_freq(idx, pl), qtf = fmin(q->items[i].qtf, 3);
        for (size_t j = 0; j < pl->n; j++)
            if (flags[pl->items[j].doc])
                out[pl->items[j].doc] += term_score(idx, w, qtf, &pl->items[j], k1, b);
    }
    c->bm25 = out;
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
            out += term_score(idx, inverse_doc_freq(idx, pl), fmin(q->items[i].qtf, 3), po, k1, b);
    }
    return out;
}

void candidates_done(struct candidates *c)
{
    if (!c->listed) {
        memset(scratch.flags, 0, c->n);
        memset(scratch.bm25, 0, c->n * sizeof(float));
    } else {
        for (size_t i = 0; i < c->n; i++) {
            uint32_t doc = c->items[i];
            scratch.flags[doc] = scratch.cap_hits[doc] = scratch.kpi_hits[doc] = 0;
            scratch.bm25[doc] = 0;
        }
    }
    memset(c, 0, sizeof(*c));
}
