/* text.h - multilingual text normalisation: UTF-8 text to a list of
 * lowercase tokens (Latin, Vietnamese and Hangul aware), with stop words
 * dropped and simple English plurals folded, so the same words in a problem
 * and in a solution meet. */
#ifndef SCD_TEXT_H
#define SCD_TEXT_H

#include <stddef.h>

struct token_list {
    char **items;   /* NUL-terminated, pointing into chars */
    size_t n, alloc;
    char *chars;    /* every token, back to back: one allocation, not one per word */
    size_t used, chars_alloc;
};

#define TOKEN_LIST_INIT { NULL, 0, 0, NULL, 0, 0 }

/* Append the tokens of s[0..len) to out. Stop words are dropped unless
 * keep_stop_words is set (keyword phrases keep them so they match alike). */
void text_tokenize(struct token_list *out, const char *s, size_t len, int keep_stop_words);
void token_list_release(struct token_list *tl);
void token_list_reset(struct token_list *tl);

/* Append an id's words: "traffic-flow-monitoring" -> "traffic flow monitoring". */
struct strbuf;
void text_add_id_words(struct strbuf *sb, const char *id);

/* 1 for a word too common to carry meaning ("the", "de", "para"). */
int text_is_stop_word(const char *token);

/* 1 when the token starts with a Hangul syllable: such words carry attached
 * particles (주차장이, 주차장을), so keywords match them as prefixes. */
int text_is_hangul(const char *token);

/* Byte length of the first n UTF-8 characters of s (or strlen when shorter). */
size_t text_utf8_prefix(const char *s, size_t n);
/* Number of UTF-8 characters in s. */
size_t text_utf8_length(const char *s);

#endif
