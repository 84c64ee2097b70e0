/* candidates.h - the solutions worth scoring for one problem, and what the
 * index's posting lists already say about each of them: whether it is
 * built for the problem's domain, how many of the problem's required
 * capabilities and KPIs list it, and its BM25 text score. A ranking reads
 * these to bound a solution's score before it reads the solution's
 * features, which are scattered over memory.
 *
 * The arrays are the calling thread's scratch, reused from problem to
 * problem: one struct candidates per thread at a time, handed back with
 * candidates_done before the next. */
#ifndef SCD_CANDIDATES_H
#define SCD_CANDIDATES_H

#include <stddef.h>
#include <stdint.h>

struct index;
struct query;

/* Ask for the memory at p ahead of its use: candidates lie scattered over
 * memory, and waiting for each in turn would be most of a ranking's time.
 * Only a hint; nothing where the compiler has no such builtin. */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

#define CANDIDATE_IN_DOMAIN 1  /* in the domain's list: built for it or a sub-domain */

struct candidates {
    uint32_t *items;           /* solution indexes, the problem's own domain first */
    size_t n;
    int listed;                /* 0: every solution (no domain, or a full scan); the
                                * facts below are then all zero */
    /* Per candidate, in the order of items: */
    const uint8_t *flags;      /* CANDIDATE_* bits */
    const uint8_t *cap_hits;   /* required capabilities' lists holding it, 255 at most */
    const uint8_t *kpi_hits;   /* the problem's KPIs' lists holding it, 255 at most */
    const float *bm25;         /* after candidates_bm25 */
};

/* Candidates for a problem of index domain `domain` (-1: unknown): the
 * domain's solutions and its sub-domains', those declaring one of its
 * ancestors, those of `runner_up` (-1: none), and those listing one of
 * caps[] or kpis[]. With everyone set, or no domain, every solution. */
void candidates_find(struct candidates *out, const struct index *idx, int domain, int runner_up, const int *caps,
                     size_t n_caps, const int *kpis, size_t n_kpis, int everyone);

/* BM25 of every candidate against q (Okapi, parameters k1 and b). */
void candidates_bm25(struct candidates *c, const struct index *idx, const struct query *q, double k1, double b);

/* BM25 of one solution against q: the same float candidates_bm25 gives it. */
float candidates_bm25_one(const struct index *idx, const struct query *q, uint32_t sol, double k1, double b);

/* Clear what the problem touched, so the next one starts from zero. */
void candidates_done(struct candidates *c);

/* Free the calling thread's scratch. */
void candidates_release_thread(void);

#endif
