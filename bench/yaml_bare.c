/* yaml_bare.c - the physical limit for our loader: read every YAML file of a
 * registry and run libyaml's event parser over it, doing nothing with the
 * events. Same files, same order and same reading path (whole file into a
 * buffer, yaml_parser_set_input_string) as the loader.
 *
 *   yaml_bare DIR [REPEAT]
 *
 * Prints key=value lines: files, bytes, seconds (wall, best of REPEAT),
 * mb_per_s, and the same from CPU time (a check when the machine is shared). */
#include "bench_util.h"

#include <fcntl.h>
#include <yaml.h>

static char *read_file(const char *path, size_t size_hint, size_t *len)
{
    int fd = open(path, O_RDONLY);
    size_t alloc = size_hint + 1, n = 0;
    char *buf = malloc(alloc);
    ssize_t r;

    if (fd < 0 || !buf) {
        fprintf(stderr, "yaml_bare: cannot read '%s'\n", path);
        exit(3);
    }
    while ((r = read(fd, buf + n, alloc - n)) > 0) {
        n += (size_t)r;
        if (n == alloc) {
            alloc *= 2;
            buf = realloc(buf, alloc);
            if (!buf)
                exit(3);
        }
    }
    close(fd);
    *len = n;
    return buf;
}

/* One pass; returns events seen. */
static size_t parse_all(const struct bench_files *files, size_t *bytes)
{
    size_t events = 0;

    *bytes = 0;
    for (size_t i = 0; i < files->n; i++) {
        size_t len;
        char *buf = read_file(files->paths[i], files->sizes[i], &len);
        yaml_parser_t parser;
        yaml_event_t ev;
        int done = 0;

        if (!yaml_parser_initialize(&parser))
            exit(3);
        yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
        while (!done) {
            if (!yaml_parser_parse(&parser, &ev)) {
                fprintf(stderr, "yaml_bare: '%s': %s\n", files->paths[i], parser.problem);
                break;
            }
            done = ev.type == YAML_STREAM_END_EVENT;
            events++;
            yaml_event_delete(&ev);
        }
        yaml_parser_delete(&parser);
        free(buf);
        *bytes += len;
    }
    return events;
}

int main(int argc, char **argv)
{
    struct bench_files files;
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    double best = 1e300, list_best = 1e300, best_cpu = 1e300;
    size_t bytes = 0, events = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: yaml_bare DIR [REPEAT]\n");
        return 2;
    }
    if (repeat < 1)
        repeat = 1;
    for (int r = 0; r < repeat; r++) {
        /* Listing the folders is part of the loader's job too. */
        double c0 = bench_process_cpu(), t0 = bench_now(), t1, t2;
        bench_list_files(&files, argv[1]);
        t1 = bench_now();
        events = parse_all(&files, &bytes);
        t2 = bench_now();
        if (bench_process_cpu() - c0 < best_cpu)
            best_cpu = bench_process_cpu() - c0;
        if (t2 - t0 < best)
            best = t2 - t0;
        if (t1 - t0 < list_best)
            list_best = t1 - t0;
        if (r + 1 < repeat)
            bench_files_release(&files);
    }
    printf("files=%zu\nbytes=%zu\nevents=%zu\nlist_seconds=%.6f\nseconds=%.6f\nmb_per_s=%.2f\n", files.n, bytes,
           events, list_best, best, (double)bytes / 1e6 / best);
    printf("cpu_seconds=%.6f\ncpu_mb_per_s=%.2f\n", best_cpu, (double)bytes / 1e6 / best_cpu);
    bench_files_release(&files);
    return 0;
}
