/* bench_util.h - what the benchmark programs share: a monotonic clock, peak
 * and current RSS, the registry's file list, and percentiles. Header-only
 * (static functions) so each program stays one file plus libscd.a. */
#ifndef SCD_BENCH_UTIL_H
#define SCD_BENCH_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static inline double bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the calling thread, in seconds: a check on wall-clock figures
 * when other processes share the machine. */
static inline double bench_thread_cpu(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the whole process (user + system), in seconds. */
static inline double bench_process_cpu(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Peak resident set of this process so far, in bytes. */
static inline size_t bench_peak_rss(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (size_t)ru.ru_maxrss * 1024;
}

/* Resident set right now, in bytes (0 when /proc is unavailable). */
static inline size_t bench_current_rss(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, resident = 0;

    if (!f)
        return 0;
    if (fscanf(f, "%lu %lu", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

struct bench_files {
    char **paths;
    size_t *sizes;
    size_t n, alloc, bytes;
};

static int bench_compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The YAML files the loader reads: rules/, vendors/, cities/, solutions/
 * under root, each folder in name order. */
static inline void bench_list_files(struct bench_files *out, const char *root)
{
    static const char *const folders[] = { "rules", "vendors", "cities", "solutions" };

    memset(out, 0, sizeof(*out));
    for (size_t k = 0; k < sizeof(folders) / sizeof(folders[0]); k++) {
        char dir[4096];
        DIR *d;
        struct dirent *de;
        size_t first = out->n;

        snprintf(dir, sizeof(dir), "%s/%s", root, folders[k]);
        d = opendir(dir);
        if (!d)
            continue;
        while ((de = readdir(d))) {
            size_t len = strlen(de->d_name);
            char path[8192];
            struct stat st;

            if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
                continue;
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
                continue;
            if (out->n == out->alloc) {
                out->alloc = out->alloc ? 2 * out->alloc : 1024;
                out->paths = realloc(out->paths, out->alloc * sizeof(*out->paths));
                out->sizes = realloc(out->sizes, out->alloc * sizeof(*out->sizes));
                if (!out->paths || !out->sizes) {
                    fprintf(stderr, "bench: out of memory\n");
                    exit(3);
                }
            }
            out->paths[out->n] = strdup(path);
            out->sizes[out->n++] = (size_t)st.st_size;
            out->bytes += (size_t)st.st_size;
        }
        closedir(d);
        qsort(out->paths + first, out->n - first, sizeof(*out->paths), bench_compare_names);
    }
}

static inline void bench_files_release(struct bench_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->paths[i]);
    free(f->paths);
    free(f->sizes);
    memset(f, 0, sizeof(*f));
}

static int bench_compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of v[0..n), nearest rank; sorts v. */
static inline double bench_quantile(double *v, size_t n, double q)
{
    size_t k;

    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), bench_compare_doubles);
    k = (size_t)(q * (double)n + 0.999999);
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    return v[k - 1];
}

#endif
