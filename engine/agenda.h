/* agenda.h - the meeting agenda of a "Solutions Meet Cities" event.
 *
 * Given weighted city x vendor pairs, agenda_build chooses the one-to-one
 * meetings of greatest total weight such that every city meets at most
 * max_per_city vendors and every vendor at most max_per_vendor cities (a
 * maximum-weight b-matching, solved exactly as a min-cost flow by
 * successive shortest paths that stop at the first path with no gain), then
 * puts the meetings in time slots so that no party has two meetings in one
 * slot: a bipartite graph of maximum degree D can be edge-coloured with D
 * colours (König), found with alternating-path recolouring. D <= slots
 * because every limit is at most slots. Slots are then ordered by their
 * total weight, heaviest first.
 *
 * Pure computation on indexes: the caller maps cities and vendors to
 * 0..n-1 (in id order, which makes every tie-break an id order) and the
 * result back. Deterministic: the same input gives the same agenda. */
#ifndef SCD_AGENDA_H
#define SCD_AGENDA_H

#include <stddef.h>

struct agenda_pair {
    size_t city, vendor;   /* < n_cities, < n_vendors */
    long long weight;      /* integral (callers use score x 100); <= 0: never chosen */
};

struct agenda_params {
    size_t n_cities, n_vendors;
    int slots;             /* >= 1 */
    int max_per_city;      /* 1..slots */
    int max_per_vendor;    /* 1..slots */
};

struct agenda_meeting {
    size_t pair;           /* index into the caller's pairs */
    int slot;              /* 0-based */
};

struct agenda {
    struct agenda_meeting *meetings; /* ordered by slot, then by pair index */
    size_t n;
    long long total;       /* sum of the weights of the chosen pairs */
    int slots_used;        /* the largest number of meetings of one party */
};

/* Build the agenda into out (release with agenda_release). Pairs may repeat
 * a (city, vendor) combination; each is then a separate possible meeting.
 * Returns 0, or -1 when params are out of range or a pair names an index
 * out of range (out is then empty). */
int agenda_build(struct agenda *out, const struct agenda_params *params, const struct agenda_pair *pairs,
                 size_t n_pairs);
void agenda_release(struct agenda *a);

#endif
