/* test_tmp.h - temporary folders for the unit tests: where to make them
 * ($TMPDIR when it is short enough for the fixtures' path buffers, else
 * /tmp), and removing one with everything in it. */
#ifndef SCD_TEST_TMP_H
#define SCD_TEST_TMP_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *test_tmp_base(void)
{
    const char *base = getenv("TMPDIR");

    return base && *base && strlen(base) < 32 ? base : "/tmp";
}

static inline int test_remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

/* Remove dir and all it holds; nothing for NULL or "". */
static inline void test_remove_tree(const char *dir)
{
    if (dir && *dir)
        nftw(dir, test_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
