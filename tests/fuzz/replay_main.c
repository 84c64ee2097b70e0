/* replay_main.c - run every file of a corpus folder through the fuzz target,
 * so `make test` replays the corpus with the normal compiler (and with
 * SANITIZE=address,undefined) without needing clang or libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    unsigned char *buf;
    size_t got;

    if (!f || fstat(fileno(f), &st) < 0) {
        fprintf(stderr, "fuzz-replay: cannot read '%s'\n", path);
        if (f)
            fclose(f);
        return -1;
    }
    /* Exactly the file's size, not NUL-terminated: the target must not read past it. */
    buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!buf) {
        fclose(f);
        return -1;
    }
    got = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    if (got != (size_t)st.st_size) {
        fprintf(stderr, "fuzz-replay: short read on '%s'\n", path);
        free(buf);
        return -1;
    }
    LLVMFuzzerTestOneInput(buf, got);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    DIR *d;
    struct dirent *de;
    size_t n = 0;
    int failed = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "fuzz-replay: cannot open '%s'\n", argv[1]);
        return 2;
    }
    while ((de = readdir(d))) {
        char path[4096];
        struct stat st;

        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name);
        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
            continue;
        if (replay_file(path) < 0)
            failed = 1;
        else
            n++;
    }
    closedir(d);
    printf("fuzz corpus: %zu inputs replayed\n", n);
    return failed;
}
