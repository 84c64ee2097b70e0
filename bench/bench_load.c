/* bench_load.c - load throughput and memory: registry_load (read, parse,
 * validate, bind) plus index_build over a registry, as `scd match` does
 * before it ranks anything.
 *
 *   bench_load DIR [REPEAT]
 *
 * The first run also measures memory: peak RSS (getrusage ru_maxrss) after
 * loading and after indexing, and the RSS that stays. Timings are the best
 * of REPEAT runs (default 3). Prints key=value lines. */
#include "bench_util.h"
#include "diag.h"
#include "index.h"
#include "registry.h"
#include "arena.h"

static size_t postings_bytes(const struct index *idx)
{
    size_t b = idx->postings_alloc * sizeof(*idx->postings);

    for (size_t t = 0; t < idx->n_terms; t++)
        b += idx->postings[t].alloc * sizeof(struct posting);
    return b;
}

int main(int argc, char **argv)
{
    struct bench_files files;
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    double best_load = 1e300, best_index = 1e300, best_total = 1e300, best_cpu = 1e300;
    size_t rss_start, peak_loaded = 0, peak_indexed = 0, rss_kept = 0, n_sols = 0, n_cities = 0, n_problems = 0;
    size_t reg_arena = 0, idx_arena = 0, tf_bytes = 0, post_bytes = 0, n_terms = 0, diags_n = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_load DIR [REPEAT]\n");
        return 2;
    }
    if (repeat < 1)
        repeat = 1;
    bench_list_files(&files, argv[1]);
    rss_start = bench_peak_rss();
    for (int r = 0; r < repeat; r++) {
        struct registry reg;
        struct index idx;
        struct diag_list diags = DIAG_LIST_INIT;
        double t0, t1, t2, c0 = bench_process_cpu(), cpu;

        t0 = bench_now();
        registry_load(&reg, argv[1], NULL, &diags);
        t1 = bench_now();
        if (r == 0)
            peak_loaded = bench_peak_rss();
        if (index_build(&idx, &reg) < 0) {
            fprintf(stderr, "bench_load: cannot index '%s'\n", argv[1]);
            return 1;
        }
        t2 = bench_now();
        cpu = bench_process_cpu() - c0;
        if (cpu < best_cpu)
            best_cpu = cpu;
        if (r == 0) {
            peak_indexed = bench_peak_rss();
            rss_kept = bench_current_rss();
            n_sols = reg.n_solutions;
            n_cities = reg.n_cities;
            for (size_t c = 0; c < reg.n_cities; c++)
                n_problems += reg.cities[c]->problems.n;
            reg_arena = reg.arena.used_bytes;
            idx_arena = idx.arena->used_bytes;
            for (size_t k = 0; k < idx.n_feature_arenas; k++)
                idx_arena += idx.feature_arenas[k].used_bytes;
            tf_bytes = idx.n_domains * idx.n_terms * sizeof(float);
            post_bytes = postings_bytes(&idx);
            n_terms = idx.n_terms;
            diags_n = diags.n;
            if (diags.n) {
                /* The first few, so a broken registry is seen, not just counted. */
                struct diag_list first = { diags.items, diags.n < 5 ? diags.n : 5, 0 };
                diag_print_text(&first, stderr);
            }
        }
        fprintf(stderr, "bench_load: run %d: load %.3f s, index %.3f s (cpu %.3f s), %zu solutions\n", r + 1, t1 - t0,
                t2 - t1, cpu, reg.n_solutions);
        if (t1 - t0 < best_load)
            best_load = t1 - t0;
        if (t2 - t1 < best_index)
            best_index = t2 - t1;
        if (t2 - t0 < best_total)
            best_total = t2 - t0;
        index_release(&idx);
        registry_release(&reg);
        diag_list_release(&diags);
    }
    if (diags_n)
        fprintf(stderr, "bench_load: warning: %zu diagnostics while loading '%s'\n", diags_n, argv[1]);
    printf("files=%zu\nbytes=%zu\nsolutions=%zu\ncities=%zu\nproblems=%zu\ndiagnostics=%zu\n", files.n, files.bytes,
           n_sols, n_cities, n_problems, diags_n);
    printf("load_seconds=%.6f\nindex_seconds=%.6f\nseconds=%.6f\n", best_load, best_index, best_total);
    printf("load_mb_per_s=%.2f\nmb_per_s=%.2f\n", (double)files.bytes / 1e6 / best_load,
           (double)files.bytes / 1e6 / best_total);
    printf("cpu_seconds=%.6f\ncpu_mb_per_s=%.2f\n", best_cpu, (double)files.bytes / 1e6 / best_cpu);
    printf("rss_start=%zu\npeak_rss_loaded=%zu\npeak_rss=%zu\nrss_kept=%zu\n", rss_start, peak_loaded, peak_indexed,
           rss_kept);
    printf("peak_rss_per_solution=%.0f\nrss_kept_per_solution=%.0f\n", n_sols ? (double)peak_indexed / (double)n_sols : 0,
           n_sols ? (double)rss_kept / (double)n_sols : 0);
    printf("registry_arena=%zu\nindex_arena=%zu\ndomain_tf_bytes=%zu\npostings_bytes=%zu\nterms=%zu\n", reg_arena,
           idx_arena, tf_bytes, post_bytes, n_terms);
    bench_files_release(&files);
    return 0;
}
