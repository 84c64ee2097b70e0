/* render_md.c - a stage document tree as Markdown (CommonMark with GitHub
 * tables). The text of the tree is plain: every character Markdown would
 * read as markup is escaped, so what the reader sees is what the tree says. */
#include "render.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Text that looks like an entity reference (&amp; &#38;) would be decoded. */
static int looks_like_entity(const char *s)
{
    size_t i = 1;

    if (s[i] == '#')
        i++;
    if (!isalnum((unsigned char)s[i]))
        return 0;
    while (isalnum((unsigned char)s[i]) && i < 40)
        i++;
    return s[i] == ';';
}

/* in_table: a cell, where '|' ends the cell and a newline the row. */
static void md_escape(struct strbuf *out, const char *text, int in_table)
{
    int line_start = 1;

    for (const char *s = text; *s; s++) {
        unsigned char c = (unsigned char)*s, prev = s > text ? (unsigned char)s[-1] : ' ';

        if (c == '\n') {
            if (in_table) {
                strbuf_addch(out, ' ');
            } else {
                strbuf_addch(out, '\n');
                line_start = 1;
                continue;
            }
        } else if (c == '\r') {
            continue;
        } else if (strchr("\\`*[]<>~", c) || (c == '|' && in_table) ||
                   (c == '&' && looks_like_entity(s)) ||
                   (c == '_' && !(isalnum(prev) && isalnum((unsigned char)s[1])))) {
            strbuf_addch(out, '\\');
            strbuf_addch(out, (char)c);
        } else if (line_start && !in_table && strchr("#-+=", c)) {
            strbuf_addch(out, '\\');
            strbuf_addch(out, (char)c);
        } else if (line_start && !in_table && isdigit(c)) {
            /* "1. text" or "1) text" at the start of a line would open a list. */
            const char *d = s;
            while (isdigit((unsigned char)*d))
                d++;
            strbuf_add(out, s, (size_t)(d - s));
            if (*d == '.' || *d == ')') {
                strbuf_addch(out, '\\');
                strbuf_addch(out, *d);
                d++;
            }
            s = d - 1;
        } else {
            strbuf_addch(out, (char)c);
        }
        line_start = 0;
    }
}

static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void cell(struct strbuf *out, const json_t *v, int code, int bold)
{
    const char *text = json_string_value(v);

    if (!text || !*text) {
        strbuf_addstr(out, " ");
        return;
    }
    strbuf_addch(out, ' ');
    if (bold)
        strbuf_addstr(out, "**");
    if (code) {
        /* A code span shows its text as it is; only '|' still ends the cell. */
        strbuf_addch(out, '`');
        for (const char *s = text; *s; s++) {
            if (*s == '|')
                strbuf_addstr(out, "\\|");
            else if (*s == '`' || *s == '\n')
                strbuf_addch(out, *s == '`' ? '\'' : ' ');
            else
                strbuf_addch(out, *s);
        }
        strbuf_addch(out, '`');
    } else {
        md_escape(out, text, 1);
    }
    if (bold)
        strbuf_addstr(out, "**");
    strbuf_addch(out, ' ');
}

static void table(struct strbuf *out, const json_t *b)
{
    const json_t *cols = json_object_get(b, "columns"), *col, *row;
    size_t i, j;

    if (*str(b, "caption")) {
        strbuf_addstr(out, "**");
        md_escape(out, str(b, "caption"), 1);
        strbuf_addstr(out, "**\n\n");
    }
    strbuf_addch(out, '|');
    json_array_foreach(cols, i, col) {
        cell(out, json_object_get(col, "title"), 0, 0);
        strbuf_addch(out, '|');
    }
    strbuf_addstr(out, "\n|");
    json_array_foreach(cols, i, col)
        strbuf_addstr(out, strcmp(str(col, "align"), "right") ? "---|" : "---:|");
    strbuf_addch(out, '\n');
    for (int part = 0; part < 2; part++)
        json_array_foreach(json_object_get(b, part ? "footer" : "rows"), i, row) {
            const json_t *v;
            strbuf_addch(out, '|');
            json_array_foreach(row, j, v) {
                col = json_array_get(cols, j);
                cell(out, v, json_is_true(json_object_get(col, "code")), part);
                strbuf_addch(out, '|');
            }
            strbuf_addch(out, '\n');
        }
    if (*str(b, "source")) {
        strbuf_addstr(out, "\n*");
        md_escape(out, str(b, "source"), 1);
        strbuf_addstr(out, "*\n");
    }
}

static void block(struct strbuf *out, const json_t *b)
{
    const char *type = str(b, "type");
    const json_t *v;
    size_t i;

    if (!strcmp(type, "paragraph")) {
        md_escape(out, str(b, "text"), 0);
        strbuf_addch(out, '\n');
    } else if (!strcmp(type, "note")) {
        /* A quoted paragraph: assumptions and caveats stand out. */
        strbuf_addstr(out, "> ");
        md_escape(out, str(b, "text"), 1);
        strbuf_addch(out, '\n');
    } else if (!strcmp(type, "list")) {
        int ordered = json_is_true(json_object_get(b, "ordered"));
        json_array_foreach(json_object_get(b, "items"), i, v) {
            if (ordered)
                strbuf_addf(out, "%zu. ", i + 1);
            else
                strbuf_addstr(out, "- ");
            md_escape(out, json_string_value(v) ? json_string_value(v) : "", 1);
            strbuf_addch(out, '\n');
        }
    } else if (!strcmp(type, "kv")) {
        json_array_foreach(json_object_get(b, "items"), i, v) {
            strbuf_addstr(out, "- **");
            md_escape(out, str(v, "key"), 1);
            strbuf_addstr(out, ":** ");
            md_escape(out, str(v, "value"), 1);
            strbuf_addch(out, '\n');
        }
    } else if (!strcmp(type, "table")) {
        table(out, b);
    }
}

/* number: "2" for a top-level section, "2.1" below it; headings read "2." and "2.1". */
static void section(struct strbuf *out, const json_t *s, const char *number, int depth)
{
    const json_t *b, *sub;
    size_t i;

    strbuf_addch(out, '\n');
    for (int d = 0; d < depth + 2 && d < 6; d++)
        strbuf_addch(out, '#');
    strbuf_addf(out, " %s%s ", number, depth ? "" : ".");
    md_escape(out, str(s, "title"), 1);
    strbuf_addch(out, '\n');
    json_array_foreach(json_object_get(s, "blocks"), i, b) {
        strbuf_addch(out, '\n');
        block(out, b);
    }
    json_array_foreach(json_object_get(s, "sections"), i, sub) {
        struct strbuf num = STRBUF_INIT;
        strbuf_addf(&num, "%s.%zu", number, i + 1);
        section(out, sub, num.buf, depth + 1);
        strbuf_release(&num);
    }
}

void render_markdown(const json_t *doc, struct strbuf *out)
{
    const json_t *s;
    size_t i;

    strbuf_addstr(out, "# ");
    md_escape(out, str(doc, "title"), 1);
    strbuf_addch(out, '\n');
    if (*str(doc, "subtitle")) {
        strbuf_addstr(out, "\n*");
        md_escape(out, str(doc, "subtitle"), 1);
        strbuf_addstr(out, "*\n");
    }
    json_array_foreach(json_object_get(doc, "sections"), i, s) {
        char number[32];
        snprintf(number, sizeof(number), "%zu", i + 1);
        section(out, s, number, 0);
    }
}
