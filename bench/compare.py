#!/usr/bin/env python3
"""compare.py - top-10 agreement between `scd match --format json --top 10`
and the Python peer, and time per problem on the problems the peer ranked.

    bench/compare.py OURS.json PEER.json [--peer-times FILE] [--latencies FILE] [--show N]

OURS.json: the output of scd match; PEER.json: {city: {problem: [ids]}} from
peer.py. Only the problems in PEER.json are compared (the peer may have run
on a sample). --peer-times: peer.py --times output; --latencies: bench_rank's
per-problem latencies (same problems, single thread). Prints key=value lines,
then the first N disagreements (default 5) on stderr.
"""
import argparse
import json
import statistics
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ours")
    ap.add_argument("peer")
    ap.add_argument("--peer-times")
    ap.add_argument("--latencies")
    ap.add_argument("--show", type=int, default=5)
    a = ap.parse_args()

    with open(a.ours, encoding="utf-8") as f:
        ours_doc = json.load(f)
    with open(a.peer, encoding="utf-8") as f:
        peer = json.load(f)
    ours = {}
    for c in ours_doc["cities"]:
        for p in c["problems"]:
            ours[(c["id"], p["id"])] = [r["solution"] for r in p["results"]]
    total_ours = len(ours)

    n = same_set = same_order = missing = 0
    overlap = []
    shown = 0
    for cid, probs in peer.items():
        for pid, ptop in probs.items():
            n += 1
            otop = ours.get((cid, pid))
            if otop is None:
                missing += 1
                continue
            if set(otop) == set(ptop):
                same_set += 1
            if otop == ptop:
                same_order += 1
            if ptop or otop:
                overlap.append(len(set(otop) & set(ptop)) / max(len(otop), len(ptop)))
            if set(otop) != set(ptop) and shown < a.show:
                shown += 1
                print("compare: %s/%s differs:\n  ours: %s\n  peer: %s" % (cid, pid, otop, ptop), file=sys.stderr)
    print("problems_ours=%d" % total_ours)
    print("problems_compared=%d" % n)
    print("problems_missing=%d" % missing)
    print("same_top10_set=%d" % same_set)
    print("same_top10_order=%d" % same_order)
    print("same_top10_set_share=%.4f" % (same_set / n if n else 0))
    print("same_top10_order_share=%.4f" % (same_order / n if n else 0))
    print("mean_top10_overlap=%.4f" % (statistics.mean(overlap) if overlap else 0))

    if a.peer_times:
        with open(a.peer_times) as f:
            pt = json.load(f)
        per = {(c, p): s for c, p, s in pt["per_problem"]}
        print("peer_sample=%d" % pt["sample"])
        print("peer_problems_total=%d" % pt["problems_total"])
        print("peer_problems_ranked=%d" % pt["problems_ranked"])
        print("peer_load_seconds=%.3f" % pt["load_seconds"])
        print("peer_prepare_seconds=%.3f" % pt["prepare_seconds"])
        print("peer_rank_seconds=%.3f" % pt["rank_seconds"])
        mean = pt["rank_seconds"] / pt["problems_ranked"] if pt["problems_ranked"] else 0
        print("peer_mean_problem_us=%.1f" % (mean * 1e6))
        # What a run over every problem would take: load and prepare once,
        # then the measured mean per problem for each of them.
        est = pt["load_seconds"] + pt["prepare_seconds"] + mean * pt["problems_total"]
        print("peer_all_problems_estimate_seconds=%.3f" % est)
        if a.latencies:
            ours_us = []
            peer_us = []
            with open(a.latencies, encoding="utf-8") as f:
                for line in f:
                    cid, pid, idx_us, full_us, _ = line.rstrip("\n").split("\t")
                    if (cid, pid) in per:
                        ours_us.append(float(idx_us))
                        peer_us.append(per[(cid, pid)] * 1e6)
            if ours_us:
                print("same_problems=%d" % len(ours_us))
                print("ours_same_problems_mean_us=%.1f" % statistics.mean(ours_us))
                print("peer_same_problems_mean_us=%.1f" % statistics.mean(peer_us))
                print("ours_same_problems_median_us=%.1f" % statistics.median(ours_us))
                print("peer_same_problems_median_us=%.1f" % statistics.median(peer_us))
                print("per_problem_speedup=%.1f" % (statistics.mean(peer_us) / statistics.mean(ours_us)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
