/* sha256.h - SHA-256 (FIPS 180-4), our own implementation: incremental
 * context plus one-shot helpers that give the lowercase hex digest. */
#ifndef SCD_SHA256_H
#define SCD_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE 65 /* 64 hex digits and the NUL */

struct sha256_ctx {
    uint32_t state[8];
    uint64_t bytes;        /* total message length so far, in bytes */
    unsigned char block[64];
    size_t used;           /* bytes waiting in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Finish: writes the 32-byte digest; ctx must be re-initialised to reuse. */
void sha256_final(struct sha256_ctx *ctx, unsigned char out[SHA256_DIGEST_SIZE]);

/* Digest of data[0..len) as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);

/* Digest of a file's contents; 0 on success, -1 with errno set when it
 * cannot be opened or read (out is then "" ). */
int sha256_file_hex(const char *path, char out[SHA256_HEX_SIZE]);

#endif
