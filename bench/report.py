#!/usr/bin/env python3
"""report.py - the benchmark's summary table, from the measurements of one run.

    bench/report.py --out-dir DIR --registry REG --seed N --results FILE

Reads DIR/{bare,load,rank,ours,peer,compare}.txt (key=value lines written by
yaml_bare, bench_load, bench_rank, timed and compare.py), prints a Markdown
table with each figure, its baseline from the same run, the ratio and the
goal, and writes the same text to FILE.
"""
import argparse
import os
import platform
import subprocess
import sys


def read_kv(path):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                k, v = line.strip().split("=", 1)
                try:
                    out[k] = float(v)
                except ValueError:
                    out[k] = v
    return out


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def engine_version():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        rev = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", here, "status", "--porcelain", "--", "../engine"], capture_output=True,
                               text=True).stdout.strip()
        return rev + (" with uncommitted engine changes" if dirty else "")
    except OSError:
        return "unknown"


def verdict(ok):
    return "met" if ok else "**not met**"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--seed", default="42")
    ap.add_argument("--results", required=True)
    ap.add_argument("--engine", help="engine version to print (default: from git)")
    a = ap.parse_args()
    d = a.out_dir
    bare, load, rank = read_kv(os.path.join(d, "bare.txt")), read_kv(os.path.join(d, "load.txt")), read_kv(os.path.join(d, "rank.txt"))
    ours, peer, cmp_ = read_kv(os.path.join(d, "ours.txt")), read_kv(os.path.join(d, "peer.txt")), read_kv(os.path.join(d, "compare.txt"))

    sols, problems = int(load["solutions"]), int(load["problems"])
    mb = load["bytes"] / 1e6
    load_ratio = load["mb_per_s"] / bare["mb_per_s"]
    sample = int(cmp_.get("peer_sample", 1))
    if sample == 1:
        peer_e2e = peer["seconds"]
        peer_note = "measured over all %d problems" % problems
    else:
        peer_e2e = cmp_["peer_all_problems_estimate_seconds"]
        peer_note = ("estimated: the peer ranked every %d. problem (%d of %d) in %.0f s; load %.0f s + prepare %.0f s "
                     "+ %.0f ms mean per problem x %d problems" %
                     (sample, cmp_["peer_problems_ranked"], cmp_["peer_problems_total"], peer["seconds"],
                      cmp_["peer_load_seconds"], cmp_["peer_prepare_seconds"], cmp_["peer_mean_problem_us"] / 1e3,
                      cmp_["peer_problems_total"]))
    e2e_ratio = peer_e2e / ours["seconds"]
    agree = cmp_["same_top10_set_share"]
    rss_per = load["peak_rss_per_solution"]
    match_rss_per = ours["peak_rss"] / sols

    lines = []
    w = lines.append
    w("# Benchmark results")
    w("")
    w("Registry `%s`: seed %s, %d solutions, %d cities, %d problems, %d files, %.1f MB." %
      (os.path.basename(a.registry.rstrip("/")), a.seed, sols, int(load["cities"]), problems, int(load["files"]), mb))
    w("Engine: commit %s. Machine: %s, %d cores, Python %s. All figures from one `make bench` run on the same "
      "files; times are wall clock, best of %s where repeated." %
      (a.engine or engine_version(), cpu_model(), os.cpu_count() or 0, platform.python_version(), "the runs"))
    if sols < 100000:
        w("")
        w("The goals are set for 100k solutions and 1k cities; at this size fixed costs (process start, rules, "
          "threads) dominate and the ratios say little.")
    w("")
    w("| # | measure | ours | baseline (same run) | ratio | goal | |")
    w("|---|---|---|---|---|---|---|")
    w("| 1 | load throughput: registry_load + index_build | %.1f MB/s (%.2f s) | bare libyaml event loop %.1f MB/s (%.2f s) | %.2fx | >= 0.6x | %s |" %
      (load["mb_per_s"], load["seconds"], bare["mb_per_s"], bare["seconds"], load_ratio, verdict(load_ratio >= 0.6)))
    w("| | of which loading + validating only | %.1f MB/s (%.2f s) | | %.2fx | | |" %
      (load["load_mb_per_s"], load["load_seconds"], load["load_mb_per_s"] / bare["mb_per_s"]))
    if "cpu_mb_per_s" in load and "cpu_mb_per_s" in bare:
        w("| | bytes per CPU second, all threads (work done; the loader uses both cores) | %.1f MB/s | %.1f MB/s | %.2fx | | |" %
          (load["cpu_mb_per_s"], bare["cpu_mb_per_s"], load["cpu_mb_per_s"] / bare["cpu_mb_per_s"]))
    w("| 2 | `scd match --format json --top 10`, all problems, end to end | %.2f s | Python peer (full scan) %.1f s | %.0fx faster | >= 50x | %s |" %
      (ours["seconds"], peer_e2e, e2e_ratio, verdict(e2e_ratio >= 50)))
    if "per_problem_speedup" in cmp_:
        w("| | ranking per problem, the peer's %d problems, 1 thread | %.0f us mean | peer %.0f us mean | %.0fx | | |" %
          (cmp_["same_problems"], cmp_["ours_same_problems_mean_us"], cmp_["peer_same_problems_mean_us"],
           cmp_["per_problem_speedup"]))
    w("| | same top-10 set as the peer | %d of %d problems | | %.1f%% (same order %.1f%%) | >= 95%% | %s |" %
      (cmp_["same_top10_set"], cmp_["problems_compared"], 100 * agree, 100 * cmp_["same_top10_order_share"],
       verdict(agree >= 0.95)))
    w("| 3 | ranking latency per problem, index candidates | median %.0f us, p99 %.0f us | full scan: median %.0f us, p99 %.0f us | %.1fx (median) | median <= 2000 us | %s |" %
      (rank["index_median_us"], rank["index_p99_us"], rank["full_median_us"], rank["full_p99_us"],
       rank["full_median_us"] / rank["index_median_us"], verdict(rank["index_median_us"] <= 2000)))
    if "index_cpu_median_us" in rank:
        w("| | the same in thread CPU time | median %.0f us, p99 %.0f us | median %.0f us, p99 %.0f us | | | |" %
          (rank["index_cpu_median_us"], rank["index_cpu_p99_us"], rank["full_cpu_median_us"], rank["full_cpu_p99_us"]))
    w("| | candidates per problem (from the posting lists, each screened by a score bound) | mean %.0f (%.1f%% of solutions) | %d | | | |" %
      (rank["candidates_mean"], 100 * rank["candidates_share"], sols))
    w("| | index top-10 = full-scan top-10 | %d of %d problems (same order %d) | | %.1f%% | | |" %
      (rank["index_vs_full_same_top10_set"], problems, rank["index_vs_full_same_top10_order"],
       100 * rank["index_vs_full_same_top10_set"] / problems))
    w("| 4 | peak RSS per loaded solution (bench_load, after load + index) | %.0f B (peak %.0f MB) | | | <= 4096 B | %s |" %
      (rss_per, load["peak_rss"] / 2**20, verdict(rss_per <= 4096)))
    w("| | RSS kept after load + index | %.0f B per solution (%.0f MB) | | | | |" %
      (load["rss_kept_per_solution"], load["rss_kept"] / 2**20))
    w("| | peak RSS of `scd match` (with JSON output) | %.0f B per solution (%.0f MB) | | | | |" %
      (match_rss_per, ours["peak_rss"] / 2**20))
    w("| 5 | match_run, all problems: 2 threads vs 1 | %.2f s | 1 thread %.2f s | %.2fx speed-up | | |" %
      (rank["match_2_threads_seconds"], rank["match_1_thread_seconds"], rank["thread_speedup"]))
    w("")
    w("Peer: %s." % peer_note)
    w("Memory breakdown at load: registry arena %.0f MB, index arena %.1f MB, classifier term table %.0f MB "
      "(%d domains x %d terms x 4 B), posting lists %.0f MB." %
      (load["registry_arena"] / 2**20, load["index_arena"] / 2**20, load["domain_tf_bytes"] / 2**20,
       int(load["domain_tf_bytes"] / 4 / load["terms"]) if load["terms"] else 0, int(load["terms"]),
       load["postings_bytes"] / 2**20))
    w("")
    w("Commands: `make -C bench` (SOLUTIONS=%d CITIES=%d SEED=%s); measurements and raw outputs in `%s/`." %
      (sols, int(load["cities"]), a.seed, d))
    text = "\n".join(lines) + "\n"
    sys.stdout.write("\n" + text)
    with open(a.results, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
