/* test_sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors
 * ("", "abc", the 448- and 896-bit messages, one million 'a'), the padding
 * boundaries (55..65, 119, 120, 128 bytes, checked against coreutils'
 * sha256sum), incremental updates split at every offset, and the file
 * helper. */
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

struct vector {
    const char *name;
    const char *text; /* NULL: `repeat` copies of 'a' */
    size_t repeat;
    const char *hex;
};

static const struct vector vectors[] = {
    { "empty", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "abc", 0, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "448-bit", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0,
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    { "896-bit",
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      0, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
    { "million-a", NULL, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
    { "a*55", NULL, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
    { "a*56", NULL, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
    { "a*57", NULL, 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
    { "a*63", NULL, 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
    { "a*64", NULL, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
    { "a*65", NULL, 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
    { "a*119", NULL, 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
    { "a*120", NULL, 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
    { "a*128", NULL, 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
};

static char *message(const struct vector *v, size_t *len)
{
    char *buf;

    if (v->text) {
        *len = strlen(v->text);
        return xstrdup(v->text);
    }
    *len = v->repeat;
    buf = xmalloc(v->repeat + 1);
    memset(buf, 'a', v->repeat);
    buf[v->repeat] = '\0';
    return buf;
}

static void test_one_shot(void **state)
{
    const struct vector *v = *state;
    char hex[SHA256_HEX_SIZE];
    size_t len;
    char *msg = message(v, &len);

    sha256_hex(msg, len, hex);
    assert_string_equal(hex, v->hex);
    free(msg);
}

/* Fed in two pieces split at every offset (at a few for the long one), and
 * one byte at a time: the same digest. */
static void test_incremental(void **state)
{
    static const char hexdigits[] = "0123456789abcdef";
    const struct vector *v = *state;
    size_t len, step;
    char *msg = message(v, &len);

    step = len > 1000 ? len / 7 : 1;
    for (size_t split = 0; split <= len; split += step) {
        struct sha256_ctx ctx;
        unsigned char digest[SHA256_DIGEST_SIZE];
        char hex[SHA256_HEX_SIZE];

        sha256_init(&ctx);
        sha256_update(&ctx, msg, split);
        sha256_update(&ctx, msg + split, len - split);
        sha256_final(&ctx, digest);
        for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
            hex[2 * i] = hexdigits[digest[i] >> 4];
            hex[2 * i + 1] = hexdigits[digest[i] & 15];
        }
        hex[64] = '\0';
        assert_string_equal(hex, v->hex);
    }
    if (len <= 1000) {
        struct sha256_ctx ctx;
        unsigned char digest[SHA256_DIGEST_SIZE], expect[SHA256_DIGEST_SIZE];

        sha256_init(&ctx);
        for (size_t i = 0; i < len; i++)
            sha256_update(&ctx, msg + i, 1);
        sha256_final(&ctx, digest);
        for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
            expect[i] = (unsigned char)strtoul((char[]){ v->hex[2 * i], v->hex[2 * i + 1], 0 }, NULL, 16);
        assert_memory_equal(digest, expect, SHA256_DIGEST_SIZE);
    }
    free(msg);
}

static void test_file(void **state)
{
    char path[] = "/tmp/scd-sha256-XXXXXX", hex[SHA256_HEX_SIZE];
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "abc", 3), 3);
    close(fd);
    assert_int_equal(sha256_file_hex(path, hex), 0);
    assert_string_equal(hex, vectors[1].hex);
    unlink(path);
    errno = 0;
    assert_int_equal(sha256_file_hex(path, hex), -1);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(hex, "");
}

int main(void)
{
    struct CMUnitTest tests[2 * ARRAY_SIZE(vectors) + 1];
    size_t n = 0;

    for (size_t i = 0; i < ARRAY_SIZE(vectors); i++) {
        tests[n++] = (struct CMUnitTest){ vectors[i].name, test_one_shot, NULL, NULL, (void *)&vectors[i] };
        tests[n++] = (struct CMUnitTest){ vectors[i].name, test_incremental, NULL, NULL, (void *)&vectors[i] };
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_file);
    return _cmocka_run_group_tests("sha256", tests, n, NULL, NULL);
}
