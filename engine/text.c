/* text.c - tokenizer and case folding for the scripts the programme's
 * cities write in: Latin (with accents), Vietnamese and Hangul. */
#include "text.h"
#include "strbuf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Common words of the taxonomy's languages that carry no meaning for
 * matching. Sorted for bsearch. */
static const char *const stop_words[] = {
    "a", "about", "al", "als", "also", "an", "and", "any", "are", "as", "at", "au", "aux", "be", "been",
    "but", "by", "can", "ce", "ces", "cette", "como", "con", "cual", "dan", "das", "de", "del", "des",
    "di", "do", "dos", "du", "e", "ee", "el", "em", "en", "es", "est", "et", "for", "from", "has", "have",
    "il", "in", "into", "is", "it", "its", "ke", "la", "las", "le", "les", "lo", "los", "mais", "more",
    "most", "na", "no", "not", "o", "of", "on", "or", "os", "ou", "our", "par", "para", "pas", "per",
    "por", "pour", "qu", "que", "qui", "se", "ses", "sin", "so", "some", "son", "su", "sur", "sus",
    "than", "that", "the", "their", "them", "there", "these", "they", "this", "to", "um", "un", "una",
    "une", "uno", "was", "we", "were", "what", "when", "which", "who", "will", "with", "y", "yang",
    "you",
};

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int text_is_stop_word(const char *w)
{
    /* The longest stop word has five letters: skip the search for the rest. */
    if (strnlen(w, 6) > 5)
        return 0;
    return bsearch(&w, stop_words, ARRAY_SIZE(stop_words), sizeof(stop_words[0]), compare_str) != NULL;
}

/* Decode one UTF-8 character; returns its length (1 for a stray byte). */
static size_t decode(const unsigned char *p, size_t avail, unsigned *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0 && avail >= 2) {
        *cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        return 2;
    }
    if ((p[0] & 0xF0) == 0xE0 && avail >= 3) {
        *cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return 3;
    }
    if ((p[0] & 0xF8) == 0xF0 && avail >= 4) {
        *cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

static size_t encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int is_word_char(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp == 0xD7 || cp == 0xF7)
        return 0;
    if (cp >= 0xC0 && cp <= 0x24F) /* Latin-1 letters, Latin Extended-A/B */
        return 1;
    if (cp >= 0x300 && cp <= 0x36F) /* combining accents (decomposed Vietnamese) */
        return 1;
    if (cp >= 0x1E00 && cp <= 0x1EFF) /* Latin Extended Additional: Vietnamese */
        return 1;
    if (cp >= 0xAC00 && cp <= 0xD7A3) /* Hangul syllables */
        return 1;
    if (cp >= 0x1100 && cp <= 0x11FF)
        return 1;
    if (cp >= 0x0370 && cp <= 0x052F) /* Greek, Cyrillic */
        return 1;
    if (cp >= 0x0600 && cp <= 0x06FF) /* Arabic letters */
        return 1;
    if (cp >= 0x0E00 && cp <= 0x0E7F) /* Thai */
        return 1;
    if (cp >= 0x4E00 && cp <= 0x9FFF) /* CJK ideographs */
        return 1;
    return 0;
}

static unsigned fold_case(unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && !(cp & 1) && cp != 0x130)
        return cp + 1;
    if (cp >= 0x1EA0 && cp <= 0x1EF9 && !(cp & 1))
        return cp + 1;
    if (cp == 0x110) /* Đ */
        return 0x111;
    if (cp >= 0x391 && cp <= 0x3A9)
        return cp + 32;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    return cp;
}

static void push(struct token_list *out, const char *w, size_t len, int keep_stop_words)
{
    char *t;
    char *old = out->chars;

    if (!len)
        return;
    /* English plural: "sensors" meets "sensor"; short words stay. */
    if (len >= 5 && w[len - 1] == 's' && w[len - 2] != 's' && w[len - 2] != 'u' && w[len - 2] != 'i' &&
        (unsigned char)w[len - 2] < 0x80)
        len--;
    if (len == 1 && (unsigned char)w[0] < 0x80 && !(w[0] >= '0' && w[0] <= '9'))
        return;
    ALLOC_GROW(out->chars, out->used + len + 1, out->chars_alloc);
    if (out->chars != old) /* moved: re-point the tokens already there */
        for (size_t i = 0; i < out->n; i++)
            out->items[i] = out->chars + (out->items[i] - old);
    t = out->chars + out->used;
    memcpy(t, w, len);
    t[len] = '\0';
    if (!keep_stop_words && text_is_stop_word(t))
        return;
    out->used += len + 1;
    ALLOC_GROW(out->items, out->n + 1, out->alloc);
    out->items[out->n++] = t;
}

void text_tokenize(struct token_list *out, const char *s, size_t len, int keep_stop_words)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    char word[256];
    size_t wlen = 0;

    while (p < end) {
        unsigned cp;
        size_t n = decode(p, (size_t)(end - p), &cp);

        p += n;
        if (is_word_char(cp)) {
            if (wlen + 4 < sizeof(word))
                wlen += encode(fold_case(cp), word + wlen);
            continue;
        }
        /* An apostrophe inside a word (l'eau, d'éclairage) splits off the article. */
        push(out, word, wlen, keep_stop_words);
        wlen = 0;
    }
    push(out, word, wlen, keep_stop_words);
}

void token_list_reset(struct token_list *tl)
{
    tl->n = 0;
    tl->used = 0;
}

void token_list_release(struct token_list *tl)
{
    free(tl->items);
    free(tl->chars);
    memset(tl, 0, sizeof(*tl));
}

int text_is_hangul(const char *token)
{
    unsigned cp;
    size_t len = strlen(token);

    if (!len)
        return 0;
    decode((const unsigned char *)token, len, &cp);
    return cp >= 0xAC00 && cp <= 0xD7A3;
}

size_t text_utf8_prefix(const char *s, size_t n)
{
    size_t i = 0;

    while (s[i] && n) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        n--;
    }
    return i;
}

size_t text_utf8_length(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

void text_add_id_words(struct strbuf *sb, const char *id)
{
    for (; *id; id++)
        strbuf_addch(sb, *id == '-' ? ' ' : *id);
}
