/* strbuf.h - growable NUL-terminated text buffer (after git's strbuf).
 * buf is never NULL: an empty strbuf points at a shared "". */
#ifndef SCD_STRBUF_H
#define SCD_STRBUF_H

#include <stddef.h>

struct strbuf {
    size_t alloc, len;
    char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Hand the buffer over to the caller (free() it); sb is reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Truncate to len bytes (len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Read a whole file; 0 on success, -1 with errno set. */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max_size);

#endif
