/* test_agenda.c - the meeting agenda algorithm (agenda.c).
 *
 * Small random instances (seeded, so every run sees the same ones) are
 * solved by brute force over every subset of pairs: agenda_build must reach
 * the same optimum. Larger ones are checked with an independent optimality
 * certificate: the residual graph of the chosen meetings, closed by t -> s,
 * has no negative cycle (Bellman-Ford). Every agenda is checked for what a
 * schedule must hold: no party twice in a slot, every limit kept, slots in
 * range, each pair used at most once, the total the sum of the weights. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "agenda.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- instances ---------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
    /* xorshift64*: the same sequence on every platform. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static int rng_between(int lo, int hi)
{
    return lo + (int)(rng() % (uint32_t)(hi - lo + 1));
}

struct instance {
    struct agenda_params params;
    struct agenda_pair pairs[1024];
    size_t n_pairs;
};

/* Every pair with probability density/100, weights in 1..max_weight (a
 * few non-positive ones when with_nonpositive). */
static void random_instance(struct instance *in, int max_cities, int max_vendors, int max_slots, int density,
                            int max_weight, int with_nonpositive, size_t max_pairs)
{
    memset(in, 0, sizeof(*in));
    in->params.n_cities = (size_t)rng_between(1, max_cities);
    in->params.n_vendors = (size_t)rng_between(1, max_vendors);
    in->params.slots = rng_between(1, max_slots);
    in->params.max_per_city = rng_between(1, in->params.slots);
    in->params.max_per_vendor = rng_between(1, in->params.slots);
    for (size_t c = 0; c < in->params.n_cities; c++)
        for (size_t v = 0; v < in->params.n_vendors; v++) {
            struct agenda_pair *p;
            if (rng_between(1, 100) > density || in->n_pairs == max_pairs)
                continue;
            p = &in->pairs[in->n_pairs++];
            p->city = c;
            p->vendor = v;
            p->weight = rng_between(1, max_weight);
            if (with_nonpositive && rng_between(1, 10) == 1)
                p->weight = -rng_between(0, 5);
        }
}

/* --- checks --------------------------------------------------------------------- */

/* What every agenda must hold. */
static void check_schedule(const struct instance *in, const struct agenda *a)
{
    const struct agenda_params *p = &in->params;
    size_t nc = p->n_cities, nv = p->n_vendors;
    int *city_meetings = calloc(nc, sizeof(int)), *vendor_meetings = calloc(nv, sizeof(int));
    unsigned char *city_busy = calloc(nc * (size_t)p->slots, 1);
    unsigned char *vendor_busy = calloc(nv * (size_t)p->slots, 1);
    unsigned char *used = calloc(in->n_pairs + 1, 1);
    long long total = 0;
    int max_degree = 0;

    assert_non_null(city_meetings);
    assert_non_null(vendor_meetings);
    assert_non_null(city_busy);
    assert_non_null(vendor_busy);
    assert_non_null(used);
    for (size_t m = 0; m < a->n; m++) {
        const struct agenda_meeting *mt = &a->meetings[m];
        const struct agenda_pair *pair;

        assert_true(mt->pair < in->n_pairs);
        pair = &in->pairs[mt->pair];
        assert_true(pair->weight > 0);              /* never a pair without gain */
        assert_false(used[mt->pair]);               /* each pair at most once */
        used[mt->pair] = 1;
        assert_true(mt->slot >= 0 && mt->slot < p->slots);
        assert_true(mt->slot < a->slots_used);
        assert_false(city_busy[pair->city * (size_t)p->slots + (size_t)mt->slot]);     /* no double booking */
        assert_false(vendor_busy[pair->vendor * (size_t)p->slots + (size_t)mt->slot]);
        city_busy[pair->city * (size_t)p->slots + (size_t)mt->slot] = 1;
        vendor_busy[pair->vendor * (size_t)p->slots + (size_t)mt->slot] = 1;
        city_meetings[pair->city]++;
        vendor_meetings[pair->vendor]++;
        total += pair->weight;
        if (m > 0) {                                /* ordered by slot, then pair */
            const struct agenda_meeting *prev = &a->meetings[m - 1];
            assert_true(prev->slot < mt->slot || (prev->slot == mt->slot && prev->pair < mt->pair));
        }
    }
    for (size_t c = 0; c < nc; c++) {
        assert_true(city_meetings[c] <= p->max_per_city);
        if (city_meetings[c] > max_degree)
            max_degree = city_meetings[c];
    }
    for (size_t v = 0; v < nv; v++) {
        assert_true(vendor_meetings[v] <= p->max_per_vendor);
        if (vendor_meetings[v] > max_degree)
            max_degree = vendor_meetings[v];
    }
    assert_int_equal(a->total, total);
    assert_int_equal(a->slots_used, max_degree); /* König: as many slots as the busiest party */
    free(city_meetings);
    free(vendor_meetings);
    free(city_busy);
    free(vendor_busy);
    free(used);
}

/* The best total over every subset of pairs that keeps the limits. */
static long long brute_force(const struct instance *in)
{
    long long best = 0;
    int city_deg[8], vendor_deg[8];

    assert_true(in->n_pairs <= 16);
    for (uint32_t mask = 0; mask < (1u << in->n_pairs); mask++) {
        long long total = 0;
        int ok = 1;
        memset(city_deg, 0, sizeof(city_deg));
        memset(vendor_deg, 0, sizeof(vendor_deg));
        for (size_t i = 0; i < in->n_pairs && ok; i++) {
            if (!(mask & (1u << i)))
                continue;
            total += in->pairs[i].weight;
            ok = ++city_deg[in->pairs[i].city] <= in->params.max_per_city &&
                 ++vendor_deg[in->pairs[i].vendor] <= in->params.max_per_vendor;
        }
        if (ok && total > best)
            best = total;
    }
    return best;
}

/* Optimality certificate: the chosen meetings are a maximum-weight
 * b-matching iff the residual graph of the flow they make (s -> city ->
 * vendor -> t, costs -weight) has no negative cycle once t and s are
 * joined both ways at cost 0. */
static int has_negative_cycle(const struct instance *in, const struct agenda *a)
{
    const struct agenda_params *p = &in->params;
    size_t nc = p->n_cities, nv = p->n_vendors, n = nc + nv + 2, s = 0, t = nc + nv + 1, n_arcs = 0;
    struct { size_t from, to; long long cost; } *arcs = calloc(2 * in->n_pairs + 2 * (nc + nv) + 2, sizeof(*arcs));
    unsigned char *chosen = calloc(in->n_pairs + 1, 1);
    int *city_deg = calloc(nc, sizeof(int)), *vendor_deg = calloc(nv, sizeof(int));
    long long *dist = calloc(n, sizeof(long long));
    int changed = 0;

    assert_non_null(arcs);
    for (size_t m = 0; m < a->n; m++) {
        chosen[a->meetings[m].pair] = 1;
        city_deg[in->pairs[a->meetings[m].pair].city]++;
        vendor_deg[in->pairs[a->meetings[m].pair].vendor]++;
    }
#define ARC(f, t_, c) (arcs[n_arcs].from = (f), arcs[n_arcs].to = (t_), arcs[n_arcs].cost = (c), n_arcs++)
    for (size_t i = 0; i < in->n_pairs; i++) {
        size_t c = 1 + in->pairs[i].city, v = 1 + nc + in->pairs[i].vendor;
        if (in->pairs[i].weight <= 0)
            continue;
        if (chosen[i])
            ARC(v, c, in->pairs[i].weight);
        else
            ARC(c, v, -in->pairs[i].weight);
    }
    for (size_t c = 0; c < nc; c++) {
        if (city_deg[c] < p->max_per_city)
            ARC(s, 1 + c, 0);
        if (city_deg[c] > 0)
            ARC(1 + c, s, 0);
    }
    for (size_t v = 0; v < nv; v++) {
        if (vendor_deg[v] < p->max_per_vendor)
            ARC(1 + nc + v, t, 0);
        if (vendor_deg[v] > 0)
            ARC(t, 1 + nc + v, 0);
    }
    ARC(t, s, 0);
    ARC(s, t, 0);
#undef ARC
    /* Bellman-Ford from a virtual source joined to every node (all dist 0). */
    for (size_t round = 0; round <= n; round++) {
        changed = 0;
        for (size_t i = 0; i < n_arcs; i++)
            if (dist[arcs[i].from] + arcs[i].cost < dist[arcs[i].to]) {
                dist[arcs[i].to] = dist[arcs[i].from] + arcs[i].cost;
                changed = 1;
            }
        if (!changed)
            break;
    }
    free(arcs);
    free(chosen);
    free(city_deg);
    free(vendor_deg);
    free(dist);
    return changed;
}

/* --- tests ---------------------------------------------------------------------- */

static void test_brute_force_small(void **state)
{
    (void)state;
    rng_state = 0x5eed0001u;
    for (int round = 0; round < 600; round++) {
        struct instance *in = malloc(sizeof(*in));
        struct agenda a;

        assert_non_null(in);
        random_instance(in, 4, 4, 3, 70, round % 3 == 0 ? 3 : 40, round % 5 == 0, 13);
        assert_int_equal(agenda_build(&a, &in->params, in->pairs, in->n_pairs), 0);
        check_schedule(in, &a);
        if (a.total != brute_force(in))
            fail_msg("round %d: agenda total %lld, brute-force optimum %lld", round, a.total, brute_force(in));
        agenda_release(&a);
        free(in);
    }
}

static void test_certificate_large(void **state)
{
    (void)state;
    rng_state = 0x5eed0002u;
    for (int round = 0; round < 60; round++) {
        struct instance *in = malloc(sizeof(*in));
        struct agenda a;

        assert_non_null(in);
        random_instance(in, 30, 30, 8, 40, round % 2 ? 10000 : 5, round % 4 == 0, 1024);
        assert_int_equal(agenda_build(&a, &in->params, in->pairs, in->n_pairs), 0);
        check_schedule(in, &a);
        if (has_negative_cycle(in, &a))
            fail_msg("round %d: the residual graph has a negative cycle: not optimal", round);
        agenda_release(&a);
        free(in);
    }
}

/* A complete bipartite graph with every limit at slots: every pair is
 * chosen, every party has slots meetings, so the colouring must use all
 * slots without a clash (a greedy first-free-slot assignment fails here). */
static void test_complete_graph_needs_every_slot(void **state)
{
    (void)state;
    for (int n = 1; n <= 9; n++) {
        struct instance *in = calloc(1, sizeof(*in));
        struct agenda a;

        assert_non_null(in);
        in->params.n_cities = in->params.n_vendors = (size_t)n;
        in->params.slots = in->params.max_per_city = in->params.max_per_vendor = n;
        for (int c = 0; c < n; c++)
            for (int v = 0; v < n; v++)
                in->pairs[in->n_pairs++] = (struct agenda_pair){ (size_t)c, (size_t)v, 1 + (c * 7 + v * 3) % 11 };
        assert_int_equal(agenda_build(&a, &in->params, in->pairs, in->n_pairs), 0);
        assert_int_equal(a.n, (size_t)(n * n));
        assert_int_equal(a.slots_used, n);
        check_schedule(in, &a);
        agenda_release(&a);
        free(in);
    }
}

/* Greedy by weight takes 10 and then nothing fits; the optimum is 9 + 9. */
static void test_not_greedy(void **state)
{
    struct instance in;
    struct agenda a;

    (void)state;
    memset(&in, 0, sizeof(in));
    in.params = (struct agenda_params){ 2, 2, 1, 1, 1 };
    in.pairs[0] = (struct agenda_pair){ 0, 0, 10 };
    in.pairs[1] = (struct agenda_pair){ 0, 1, 9 };
    in.pairs[2] = (struct agenda_pair){ 1, 0, 9 };
    in.n_pairs = 3;
    assert_int_equal(agenda_build(&a, &in.params, in.pairs, in.n_pairs), 0);
    assert_int_equal(a.total, 18);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.meetings[0].pair, 1);
    assert_int_equal(a.meetings[1].pair, 2);
    check_schedule(&in, &a);
    agenda_release(&a);
}

/* Heaviest slot first; limits below the number of slots hold. */
static void test_slot_order_and_limits(void **state)
{
    struct instance in;
    struct agenda a;

    (void)state;
    memset(&in, 0, sizeof(in));
    /* One city, three vendors, three slots, the city meets at most two. */
    in.params = (struct agenda_params){ 1, 3, 3, 2, 3 };
    in.pairs[0] = (struct agenda_pair){ 0, 0, 50 };
    in.pairs[1] = (struct agenda_pair){ 0, 1, 70 };
    in.pairs[2] = (struct agenda_pair){ 0, 2, 60 };
    in.n_pairs = 3;
    assert_int_equal(agenda_build(&a, &in.params, in.pairs, in.n_pairs), 0);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.total, 130);
    assert_int_equal(a.slots_used, 2);
    assert_int_equal(a.meetings[0].pair, 1);
    assert_int_equal(a.meetings[0].slot, 0);
    assert_int_equal(a.meetings[1].pair, 2);
    assert_int_equal(a.meetings[1].slot, 1);
    check_schedule(&in, &a);
    agenda_release(&a);
}

static void test_empty_and_nonpositive(void **state)
{
    struct agenda_params p = { 2, 2, 2, 2, 2 };
    struct agenda_pair pairs[] = { { 0, 0, 0 }, { 1, 1, -3 } };
    struct agenda a;

    (void)state;
    assert_int_equal(agenda_build(&a, &p, NULL, 0), 0);
    assert_int_equal(a.n, 0);
    assert_int_equal(a.total, 0);
    assert_int_equal(a.slots_used, 0);
    agenda_release(&a);
    assert_int_equal(agenda_build(&a, &p, pairs, 2), 0);
    assert_int_equal(a.n, 0);
    agenda_release(&a);
    agenda_release(NULL);
}

struct bad_params {
    const char *what;
    struct agenda_params params;
    struct agenda_pair pair;
};

static void test_rejects_bad_params(void **state)
{
    static const struct bad_params cases[] = {
        { "no slots", { 1, 1, 0, 1, 1 }, { 0, 0, 1 } },
        { "city limit 0", { 1, 1, 2, 0, 1 }, { 0, 0, 1 } },
        { "vendor limit 0", { 1, 1, 2, 1, 0 }, { 0, 0, 1 } },
        { "city limit above slots", { 1, 1, 2, 3, 1 }, { 0, 0, 1 } },
        { "vendor limit above slots", { 1, 1, 2, 1, 3 }, { 0, 0, 1 } },
        { "city out of range", { 1, 1, 2, 1, 1 }, { 1, 0, 1 } },
        { "vendor out of range", { 1, 1, 2, 1, 1 }, { 0, 1, 1 } },
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct agenda a;
        if (agenda_build(&a, &cases[i].params, &cases[i].pair, 1) != -1)
            fail_msg("%s: accepted", cases[i].what);
        assert_int_equal(a.n, 0);
        assert_null(a.meetings);
    }
}

/* The same input gives the same agenda, meeting for meeting. */
static void test_deterministic(void **state)
{
    struct instance *in = malloc(sizeof(*in));
    struct agenda a, b;

    (void)state;
    assert_non_null(in);
    rng_state = 0x5eed0003u;
    random_instance(in, 20, 20, 6, 60, 4, 0, 1024); /* few distinct weights: many ties */
    assert_int_equal(agenda_build(&a, &in->params, in->pairs, in->n_pairs), 0);
    assert_int_equal(agenda_build(&b, &in->params, in->pairs, in->n_pairs), 0);
    assert_int_equal(a.n, b.n);
    assert_int_equal(a.total, b.total);
    assert_memory_equal(a.meetings, b.meetings, a.n * sizeof(*a.meetings));
    agenda_release(&a);
    agenda_release(&b);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brute_force_small),
        cmocka_unit_test(test_certificate_large),
        cmocka_unit_test(test_complete_graph_needs_every_slot),
        cmocka_unit_test(test_not_greedy),
        cmocka_unit_test(test_slot_order_and_limits),
        cmocka_unit_test(test_empty_and_nonpositive),
        cmocka_unit_test(test_rejects_bad_params),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
