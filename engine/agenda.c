/* agenda.c - maximum-weight b-matching by min-cost flow, then slots by
 * bipartite edge colouring. */
#include "agenda.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* --- min-cost flow ------------------------------------------------------------- */

struct arc {
    size_t to;
    int cap;
    long long cost;
    long long next;        /* next arc out of the same node, -1 at the end */
};

struct flow {
    struct arc *arcs;
    size_t n_arcs, alloc;
    long long *first;      /* per node: first arc, -1 when none */
    size_t n_nodes;
};

#define FLOW_INF (LLONG_MAX / 4)

/* An arc and its residual twin: arc i and i ^ 1 are each other's reverse. */
static size_t flow_add(struct flow *f, size_t from, size_t to, int cap, long long cost)
{
    size_t id = f->n_arcs;

    ALLOC_GROW(f->arcs, f->n_arcs + 2, f->alloc);
    f->arcs[id] = (struct arc){ to, cap, cost, f->first[from] };
    f->first[from] = (long long)id;
    f->arcs[id + 1] = (struct arc){ from, 0, -cost, f->first[to] };
    f->first[to] = (long long)id + 1;
    f->n_arcs += 2;
    return id;
}

/* Successive shortest paths from s to t with Dijkstra on reduced costs.
 * The graph is a DAG at the start (s -> cities -> vendors -> t), so the
 * first potentials are its shortest distances, computed in one pass over
 * the layers. Each augmentation takes the cheapest path, and the cost of
 * the k-th path never decreases (min cost is convex in the flow), so
 * stopping at the first path that does not lower the cost gives the
 * minimum cost over every flow value: the maximum total weight. */
static void flow_solve(struct flow *f, size_t s, size_t t, size_t first_vendor)
{
    size_t n = f->n_nodes;
    long long *pot = xcalloc(n, sizeof(*pot));
    long long *dist = xmalloc(n * sizeof(*dist));
    long long *via = xmalloc(n * sizeof(*via));
    unsigned char *done = xmalloc(n);

    /* Layers: s and the cities at 0; a vendor at its cheapest incoming arc;
     * t at its cheapest vendor. Unreachable nodes stay unreachable, and
     * their potential is never read. */
    for (size_t v = first_vendor; v < t; v++) {
        long long best = 0;
        for (long long a = f->first[v]; a >= 0; a = f->arcs[a].next)
            if (f->arcs[a ^ 1].cap > 0 && f->arcs[a ^ 1].cost < best)
                best = f->arcs[a ^ 1].cost;
        pot[v] = best;
        if (best < pot[t])
            pot[t] = best;
    }
    for (;;) {
        for (size_t i = 0; i < n; i++) {
            dist[i] = FLOW_INF;
            via[i] = -1;
            done[i] = 0;
        }
        dist[s] = 0;
        for (;;) {
            size_t u = n;
            for (size_t i = 0; i < n; i++)
                if (!done[i] && dist[i] < FLOW_INF && (u == n || dist[i] < dist[u]))
                    u = i;
            if (u == n)
                break;
            done[u] = 1;
            for (long long a = f->first[u]; a >= 0; a = f->arcs[a].next) {
                const struct arc *arc = &f->arcs[a];
                long long nd;
                if (arc->cap <= 0 || done[arc->to])
                    continue;
                nd = dist[u] + arc->cost + pot[u] - pot[arc->to];
                if (nd < dist[arc->to]) {
                    dist[arc->to] = nd;
                    via[arc->to] = a;
                }
            }
        }
        /* The path's real cost is its reduced cost plus pot[t] - pot[s]. */
        if (dist[t] >= FLOW_INF || dist[t] + pot[t] - pot[s] >= 0)
            break;
        for (size_t i = 0; i < n; i++)
            pot[i] += dist[i] < dist[t] ? dist[i] : dist[t];
        for (size_t v = t; v != s;) {
            long long a = via[v];
            f->arcs[a].cap--;
            f->arcs[a ^ 1].cap++;
            v = f->arcs[a ^ 1].to;
        }
    }
    free(pot);
    free(dist);
    free(via);
    free(done);
}

/* --- edge colouring --------------------------------------------------------------- */

/* Colour the chosen edges with colours 0..delta-1 so that no two edges at a
 * node share a colour. For an edge (u, v): a is a colour free at u, b one
 * free at v. If a is also free at v, take it. Otherwise swap a and b along
 * the path from v that alternates a, b, a, ...: in a bipartite graph that
 * path cannot reach u (it would arrive there on an a-edge, and a is free at
 * u), and afterwards a is free at v too. */
static void colour_edges(int *colour, const size_t *ends_u, const size_t *ends_v, size_t n_edges,
                         size_t n_nodes, int delta)
{
    long long *at = xmalloc(n_nodes * (size_t)delta * sizeof(*at));
    size_t *path = xmalloc((n_edges + 1) * sizeof(*path));

#define AT(node, c) at[(node) * (size_t)delta + (size_t)(c)]
    for (size_t i = 0; i < n_nodes * (size_t)delta; i++)
        at[i] = -1;
    for (size_t e = 0; e < n_edges; e++) {
        size_t u = ends_u[e], v = ends_v[e];
        int a = 0, b = 0;

        while (AT(u, a) >= 0)
            a++;
        while (AT(v, b) >= 0)
            b++;
        if (AT(v, a) >= 0) {
            size_t len = 0, x = v;
            int c = a;
            long long pe;

            while ((pe = AT(x, c)) >= 0) {
                path[len++] = (size_t)pe;
                x = ends_u[pe] == x ? ends_v[pe] : ends_u[pe];
                c = c == a ? b : a;
            }
            for (size_t i = 0; i < len; i++) {
                size_t p = path[i];
                AT(ends_u[p], colour[p]) = -1;
                AT(ends_v[p], colour[p]) = -1;
                colour[p] = colour[p] == a ? b : a;
            }
            for (size_t i = 0; i < len; i++) {
                size_t p = path[i];
                AT(ends_u[p], colour[p]) = (long long)p;
                AT(ends_v[p], colour[p]) = (long long)p;
            }
        }
        colour[e] = a;
        AT(u, a) = (long long)e;
        AT(v, a) = (long long)e;
    }
#undef AT
    free(at);
    free(path);
}

/* --- the agenda -------------------------------------------------------------------- */

struct slot_rank {
    int colour;
    long long weight;
    size_t count, first;
};

static int compare_slot_rank(const void *pa, const void *pb)
{
    const struct slot_rank *a = pa, *b = pb;

    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a->first < b->first ? -1 : a->first > b->first;
}

static int compare_meeting(const void *pa, const void *pb)
{
    const struct agenda_meeting *a = pa, *b = pb;

    if (a->slot != b->slot)
        return a->slot < b->slot ? -1 : 1;
    return a->pair < b->pair ? -1 : a->pair > b->pair;
}

int agenda_build(struct agenda *out, const struct agenda_params *p, const struct agenda_pair *pairs,
                 size_t n_pairs)
{
    struct flow f;
    size_t nc = p->n_cities, nv = p->n_vendors, s, t;
    size_t *pair_arc = NULL, *ends_u = NULL, *ends_v = NULL, *degree = NULL;
    int *colour = NULL, delta = 0;
    struct slot_rank *ranks = NULL;
    int *slot_of = NULL;

    memset(out, 0, sizeof(*out));
    if (p->slots < 1 || p->max_per_city < 1 || p->max_per_city > p->slots || p->max_per_vendor < 1 ||
        p->max_per_vendor > p->slots)
        return -1;
    for (size_t i = 0; i < n_pairs; i++)
        if (pairs[i].city >= nc || pairs[i].vendor >= nv)
            return -1;

    /* Nodes: s = 0, cities 1..nc, vendors nc+1..nc+nv, t = nc+nv+1. */
    memset(&f, 0, sizeof(f));
    f.n_nodes = nc + nv + 2;
    s = 0;
    t = nc + nv + 1;
    f.first = xmalloc(f.n_nodes * sizeof(*f.first));
    for (size_t i = 0; i < f.n_nodes; i++)
        f.first[i] = -1;
    for (size_t c = 0; c < nc; c++)
        flow_add(&f, s, 1 + c, p->max_per_city, 0);
    for (size_t v = 0; v < nv; v++)
        flow_add(&f, 1 + nc + v, t, p->max_per_vendor, 0);
    pair_arc = xmalloc((n_pairs + 1) * sizeof(*pair_arc));
    for (size_t i = 0; i < n_pairs; i++)
        pair_arc[i] = pairs[i].weight > 0
            ? flow_add(&f, 1 + pairs[i].city, 1 + nc + pairs[i].vendor, 1, -pairs[i].weight)
            : (size_t)-1;
    flow_solve(&f, s, t, 1 + nc);

    /* The chosen pairs are the saturated city -> vendor arcs. */
    out->meetings = xcalloc(n_pairs + 1, sizeof(*out->meetings));
    ends_u = xmalloc((n_pairs + 1) * sizeof(*ends_u));
    ends_v = xmalloc((n_pairs + 1) * sizeof(*ends_v));
    degree = xcalloc(nc + nv + 1, sizeof(*degree));
    for (size_t i = 0; i < n_pairs; i++) {
        if (pair_arc[i] == (size_t)-1 || f.arcs[pair_arc[i]].cap != 0)
            continue;
        out->meetings[out->n].pair = i;
        ends_u[out->n] = pairs[i].city;
        ends_v[out->n] = nc + pairs[i].vendor;
        out->total += pairs[i].weight;
        out->n++;
        degree[pairs[i].city]++;
        degree[nc + pairs[i].vendor]++;
    }
    for (size_t i = 0; i < nc + nv; i++)
        if ((int)degree[i] > delta)
            delta = (int)degree[i];
    out->slots_used = delta;

    if (out->n) {
        colour = xcalloc(out->n, sizeof(*colour));
        colour_edges(colour, ends_u, ends_v, out->n, nc + nv, delta);
        /* Heaviest slot first: any permutation of the colours is a colouring. */
        ranks = xcalloc((size_t)delta, sizeof(*ranks));
        for (int c = 0; c < delta; c++) {
            ranks[c].colour = c;
            ranks[c].first = (size_t)-1;
        }
        for (size_t m = 0; m < out->n; m++) {
            struct slot_rank *r = &ranks[colour[m]];
            r->weight += pairs[out->meetings[m].pair].weight;
            r->count++;
            if (out->meetings[m].pair < r->first)
                r->first = out->meetings[m].pair;
        }
        qsort(ranks, (size_t)delta, sizeof(*ranks), compare_slot_rank);
        slot_of = xmalloc((size_t)delta * sizeof(*slot_of));
        for (int k = 0; k < delta; k++)
            slot_of[ranks[k].colour] = k;
        for (size_t m = 0; m < out->n; m++)
            out->meetings[m].slot = slot_of[colour[m]];
        qsort(out->meetings, out->n, sizeof(*out->meetings), compare_meeting);
    }

    free(f.arcs);
    free(f.first);
    free(pair_arc);
    free(ends_u);
    free(ends_v);
    free(degree);
    free(colour);
    free(ranks);
    free(slot_of);
    return 0;
}

void agenda_release(struct agenda *a)
{
    if (!a)
        return;
    free(a->meetings);
    memset(a, 0, sizeof(*a));
}
