/* bench_rank.c - ranking latency and the thread speed-up.
 *
 *   bench_rank DIR [--latencies FILE] [--repeat N]
 *
 * Builds the index once, then ranks every problem of every city with
 * rank_problem on one thread, timing each call (clock_gettime): first with
 * the index's candidate generation, then with params.full_scan = 1. The rule
 * set is the registry's default at the activator stage with top 10, as
 * `scd match --top 10` runs it. Then match_run over all problems with 1 and
 * with 2 threads, alternated N times (default 3), best of each, for the
 * speed-up.
 *
 * --latencies FILE writes "city<TAB>problem<TAB>index_us<TAB>full_us<TAB>candidates"
 * per problem, for comparing with the Python peer on the same problems.
 * Latency is wall-clock time (CLOCK_MONOTONIC); the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID) is printed too, as a check when other processes
 * share the machine. Prints key=value lines. */
#include "bench_util.h"
#include "diag.h"
#include "index.h"
#include "match.h"
#include "model.h"
#include "rank.h"
#include "registry.h"

struct item {
    const struct city *city;
    const struct problem *problem;
    double index_us, full_us;
    double index_cpu_us, full_cpu_us;
    size_t candidates;
    uint32_t top[10];
    size_t n_top;
};

static double time_match(const struct index *idx, const struct rule_set *rules, int threads)
{
    struct match_options mo;
    struct match_run run;
    double t0, t1;

    memset(&mo, 0, sizeof(mo));
    mo.stage = STAGE_ACTIVATOR;
    mo.top = 10;
    mo.threads = threads;
    t0 = bench_now();
    if (match_run(&run, idx, rules, &mo) < 0)
        exit(1);
    t1 = bench_now();
    match_run_release(&run);
    return t1 - t0;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *latencies = NULL;
    int repeat = 3;
    struct registry reg;
    struct index idx;
    struct diag_list diags = DIAG_LIST_INIT;
    const struct rule_set *rules;
    struct rank_params params, full;
    struct item *items = NULL;
    size_t n = 0, same_set = 0, same_order = 0;
    double *lat, *cand, sum_index = 0, sum_full = 0, t1, t2;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--latencies") && i + 1 < argc)
            latencies = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (!dir)
            dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: bench_rank DIR [--latencies FILE] [--repeat N]\n");
        return 2;
    }
    if (repeat < 1)
        repeat = 1;
    registry_load(&reg, dir, NULL, &diags);
    if (diags.n) {
        struct diag_list first = { diags.items, diags.n < 5 ? diags.n : 5, 0 };
        fprintf(stderr, "bench_rank: warning: %zu diagnostics while loading '%s'; the first:\n", diags.n, dir);
        diag_print_text(&first, stderr);
    }
    if (index_build(&idx, &reg) < 0 || !(rules = registry_rule_set(&reg, NULL))) {
        fprintf(stderr, "bench_rank: cannot index '%s' or no rule set\n", dir);
        return 1;
    }
    rank_params_init(&params, rules, STAGE_ACTIVATOR);
    params.top = 10;
    full = params;
    full.full_scan = 1;

    for (size_t c = 0; c < reg.n_cities; c++)
        n += reg.cities[c]->problems.n;
    items = calloc(n + 1, sizeof(*items));
    lat = calloc(n + 1, sizeof(*lat));
    cand = calloc(n + 1, sizeof(*cand));
    if (!items || !lat || !cand)
        return 3;
    n = 0;
    for (size_t c = 0; c < reg.n_cities; c++)
        for (size_t p = 0; p < reg.cities[c]->problems.n; p++) {
            items[n].city = reg.cities[c];
            items[n++].problem = &reg.cities[c]->problems.items[p];
        }

    /* Pass 1: the index's candidates. */
    for (size_t i = 0; i < n; i++) {
        struct problem_ranking r;
        double c0 = bench_thread_cpu(), t0 = bench_now(), t;

        rank_problem(&idx, &params, items[i].city, items[i].problem, &r);
        t = bench_now();
        items[i].index_us = (t - t0) * 1e6;
        items[i].index_cpu_us = (bench_thread_cpu() - c0) * 1e6;
        items[i].candidates = r.candidates;
        items[i].n_top = r.n_results;
        for (size_t k = 0; k < r.n_results && k < 10; k++)
            items[i].top[k] = r.results[k].sol;
        problem_ranking_release(&r);
    }
    /* Pass 2: every solution scored. */
    for (size_t i = 0; i < n; i++) {
        struct problem_ranking r;
        double c0 = bench_thread_cpu(), t0 = bench_now(), t;
        int set, order;

        rank_problem(&idx, &full, items[i].city, items[i].problem, &r);
        t = bench_now();
        items[i].full_us = (t - t0) * 1e6;
        items[i].full_cpu_us = (bench_thread_cpu() - c0) * 1e6;
        order = r.n_results == items[i].n_top;
        set = order;
        for (size_t k = 0; k < r.n_results && order; k++)
            order = r.results[k].sol == items[i].top[k];
        for (size_t k = 0; k < r.n_results && set; k++) {
            int found = 0;
            for (size_t j = 0; j < items[i].n_top && !found; j++)
                found = items[i].top[j] == r.results[k].sol;
            set = found;
        }
        same_set += set;
        same_order += order;
        problem_ranking_release(&r);
    }

    printf("solutions=%zu\nproblems=%zu\n", idx.n_sols, n);
    for (size_t i = 0; i < n; i++) {
        lat[i] = items[i].index_us;
        sum_index += items[i].index_us;
        cand[i] = (double)items[i].candidates;
    }
    printf("index_mean_us=%.1f\n", n ? sum_index / (double)n : 0);
    printf("index_median_us=%.1f\n", bench_quantile(lat, n, 0.5));
    printf("index_p99_us=%.1f\n", bench_quantile(lat, n, 0.99));
    printf("index_max_us=%.1f\n", n ? lat[n - 1] : 0);
    for (size_t i = 0; i < n; i++) {
        lat[i] = items[i].full_us;
        sum_full += items[i].full_us;
    }
    printf("full_mean_us=%.1f\n", n ? sum_full / (double)n : 0);
    printf("full_median_us=%.1f\n", bench_quantile(lat, n, 0.5));
    printf("full_p99_us=%.1f\n", bench_quantile(lat, n, 0.99));
    printf("full_max_us=%.1f\n", n ? lat[n - 1] : 0);
    for (size_t i = 0; i < n; i++)
        lat[i] = items[i].index_cpu_us;
    printf("index_cpu_median_us=%.1f\n", bench_quantile(lat, n, 0.5));
    printf("index_cpu_p99_us=%.1f\n", bench_quantile(lat, n, 0.99));
    for (size_t i = 0; i < n; i++)
        lat[i] = items[i].full_cpu_us;
    printf("full_cpu_median_us=%.1f\n", bench_quantile(lat, n, 0.5));
    printf("full_cpu_p99_us=%.1f\n", bench_quantile(lat, n, 0.99));
    {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += cand[i];
        printf("candidates_mean=%.0f\n", n ? sum / (double)n : 0);
        printf("candidates_median=%.0f\n", bench_quantile(cand, n, 0.5));
        printf("candidates_p99=%.0f\n", bench_quantile(cand, n, 0.99));
        printf("candidates_share=%.4f\n", n && idx.n_sols ? sum / (double)n / (double)idx.n_sols : 0);
    }
    printf("index_vs_full_same_top10_set=%zu\nindex_vs_full_same_top10_order=%zu\n", same_set, same_order);

    if (latencies) {
        FILE *f = fopen(latencies, "w");
        if (!f) {
            fprintf(stderr, "bench_rank: cannot write '%s'\n", latencies);
            return 1;
        }
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%s\t%s\t%.1f\t%.1f\t%zu\n", items[i].city->id, items[i].problem->id, items[i].index_us,
                    items[i].full_us, items[i].candidates);
        fclose(f);
    }

    /* Alternated, so a burst of load from elsewhere hits both alike; best of each. */
    t1 = t2 = 1e300;
    for (int r = 0; r < repeat; r++) {
        double a = time_match(&idx, rules, 1), b = time_match(&idx, rules, 2);
        fprintf(stderr, "bench_rank: match_run %d: 1 thread %.2f s, 2 threads %.2f s\n", r + 1, a, b);
        t1 = a < t1 ? a : t1;
        t2 = b < t2 ? b : t2;
    }
    printf("match_1_thread_seconds=%.4f\nmatch_2_threads_seconds=%.4f\nthread_speedup=%.2f\n", t1, t2, t1 / t2);

    free(items);
    free(lat);
    free(cand);
    index_release(&idx);
    registry_release(&reg);
    diag_list_release(&diags);
    return 0;
}
