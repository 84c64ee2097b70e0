/* render_html.c - a stage document tree as one self-contained HTML page:
 * inline CSS, no scripts, no external assets, tables for figures, a
 * contents box, and print rules so the page reads as a document on A4.
 * Every text of the tree goes through render_html_escape. */
#include "render.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

static const char css[] =
    ":root{--ink:#1d2733;--muted:#5b6776;--rule:#d3d9e1;--accent:#1f5a85;--band:#f2f5f8}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;color:var(--ink);background:#fff;"
    "font:16px/1.55 \"Segoe UI\",\"Helvetica Neue\",Helvetica,Arial,\"Noto Sans\",sans-serif}\n"
    ".page{max-width:60rem;margin:0 auto;padding:2.5rem 2rem 4rem}\n"
    "header{border-bottom:3px solid var(--accent);padding-bottom:1rem;margin-bottom:1.5rem}\n"
    "h1{font-size:1.9rem;line-height:1.2;margin:0}\n"
    ".subtitle{color:var(--muted);margin:.45rem 0 0;font-size:1.05rem}\n"
    "nav.toc{background:var(--band);border:1px solid var(--rule);padding:.8rem 1.2rem .9rem;margin:0 0 2rem}\n"
    "nav.toc p{font-size:.78rem;text-transform:uppercase;letter-spacing:.07em;color:var(--muted);"
    "margin:0 0 .35rem;font-weight:600}\n"
    "nav.toc ol{list-style:none;margin:0;padding:0;columns:2;column-gap:2rem}\n"
    "nav.toc li{margin:.1rem 0;break-inside:avoid}\n"
    "nav.toc a{color:var(--ink);text-decoration:none}\n"
    "nav.toc a:hover{text-decoration:underline}\n"
    "h2{font-size:1.35rem;line-height:1.25;margin:2.3rem 0 .8rem;padding-bottom:.3rem;"
    "border-bottom:1px solid var(--rule);color:var(--accent)}\n"
    "h3{font-size:1.12rem;line-height:1.3;margin:1.8rem 0 .6rem}\n"
    "h4{font-size:1rem;margin:1.3rem 0 .5rem}\n"
    ".n{color:var(--muted);font-weight:400;margin-right:.45em}\n"
    "p{margin:.5rem 0 .85rem}\n"
    "ul,ol{margin:.4rem 0 .9rem;padding-left:1.4rem}\n"
    "li{margin:.15rem 0}\n"
    ".table{overflow-x:auto;margin:.7rem 0 1rem}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem}\n"
    "caption{text-align:left;font-weight:600;padding:0 0 .4rem;caption-side:top}\n"
    "th,td{border:1px solid var(--rule);padding:.35rem .55rem;vertical-align:top;text-align:left}\n"
    "thead th{background:var(--band);font-weight:600}\n"
    "tbody tr:nth-child(even) td{background:#fafbfc}\n"
    "tfoot td{font-weight:600;background:var(--band)}\n"
    ".r{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".source{font-size:.8rem;color:var(--muted);font-style:italic;margin:.3rem 0 0}\n"
    ".note{border-left:4px solid #c29a1e;background:#fbf6e6;padding:.6rem .9rem;margin:.9rem 0}\n"
    "dl.kv{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.3rem 1.4rem;margin:.6rem 0 1rem}\n"
    "dl.kv dt{font-weight:600;color:var(--muted)}\n"
    "dl.kv dd{margin:0}\n"
    "code{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,monospace;font-size:.86em;"
    "background:var(--band);padding:0 .2em;border-radius:2px;overflow-wrap:anywhere}\n"
    "@page{size:A4;margin:16mm 15mm 18mm}\n"
    "@media print{\n"
    "body{font-size:10pt;line-height:1.45}\n"
    ".page{max-width:none;padding:0}\n"
    "nav.toc{break-after:page;border:0;background:none;padding:0}\n"
    "h2,h3,h4{break-after:avoid}\n"
    "h2{margin-top:1.6rem}\n"
    ".table{overflow:visible;break-inside:avoid}\n"
    "table{font-size:8.5pt}\n"
    "th,td{padding:.25rem .4rem}\n"
    ".r{white-space:normal}\n"
    "tr,dl.kv,.note{break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    "tbody tr:nth-child(even) td{background:none}\n"
    "a{color:inherit;text-decoration:none}\n"
    "}\n";

void render_html_escape(struct strbuf *out, const char *text)
{
    for (const char *s = text; *s; s++)
        switch (*s) {
        case '&': strbuf_addstr(out, "&amp;"); break;
        case '<': strbuf_addstr(out, "&lt;"); break;
        case '>': strbuf_addstr(out, "&gt;"); break;
        case '"': strbuf_addstr(out, "&quot;"); break;
        case '\'': strbuf_addstr(out, "&#39;"); break;
        case '\r': break;
        default: strbuf_addch(out, *s);
        }
}

static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void esc(struct strbuf *out, const char *text)
{
    render_html_escape(out, text);
}

static void cells(struct strbuf *out, const json_t *cols, const json_t *row, const char *tag)
{
    const json_t *v;
    size_t j;

    strbuf_addstr(out, "<tr>");
    json_array_foreach(row, j, v) {
        const json_t *col = json_array_get(cols, j);
        int right = !strcmp(str(col, "align"), "right"), code = json_is_true(json_object_get(col, "code"));
        const char *text = json_string_value(v) ? json_string_value(v) : "";

        strbuf_addf(out, "<%s%s>", tag, right ? " class=\"r\"" : "");
        if (code && *text)
            strbuf_addstr(out, "<code>");
        esc(out, text);
        if (code && *text)
            strbuf_addstr(out, "</code>");
        strbuf_addf(out, "</%s>", tag);
    }
    strbuf_addstr(out, "</tr>\n");
}

static void table(struct strbuf *out, const json_t *b)
{
    const json_t *cols = json_object_get(b, "columns"), *col, *row;
    size_t i;

    strbuf_addstr(out, "<div class=\"table\"><table>\n");
    if (*str(b, "caption")) {
        strbuf_addstr(out, "<caption>");
        esc(out, str(b, "caption"));
        strbuf_addstr(out, "</caption>\n");
    }
    strbuf_addstr(out, "<thead><tr>");
    json_array_foreach(cols, i, col) {
        strbuf_addf(out, "<th scope=\"col\"%s>", strcmp(str(col, "align"), "right") ? "" : " class=\"r\"");
        esc(out, str(col, "title"));
        strbuf_addstr(out, "</th>");
    }
    strbuf_addstr(out, "</tr></thead>\n<tbody>\n");
    json_array_foreach(json_object_get(b, "rows"), i, row)
        cells(out, cols, row, "td");
    strbuf_addstr(out, "</tbody>\n");
    if (json_array_size(json_object_get(b, "footer"))) {
        strbuf_addstr(out, "<tfoot>\n");
        json_array_foreach(json_object_get(b, "footer"), i, row)
            cells(out, cols, row, "td");
        strbuf_addstr(out, "</tfoot>\n");
    }
    strbuf_addstr(out, "</table>\n");
    if (*str(b, "source")) {
        strbuf_addstr(out, "<p class=\"source\">");
        esc(out, str(b, "source"));
        strbuf_addstr(out, "</p>\n");
    }
    strbuf_addstr(out, "</div>\n");
}

static void block(struct strbuf *out, const json_t *b)
{
    const char *type = str(b, "type");
    const json_t *v;
    size_t i;

    if (!strcmp(type, "paragraph") || !strcmp(type, "note")) {
        strbuf_addstr(out, *type == 'n' ? "<p class=\"note\">" : "<p>");
        esc(out, str(b, "text"));
        strbuf_addstr(out, "</p>\n");
    } else if (!strcmp(type, "list")) {
        const char *tag = json_is_true(json_object_get(b, "ordered")) ? "ol" : "ul";
        strbuf_addf(out, "<%s>\n", tag);
        json_array_foreach(json_object_get(b, "items"), i, v) {
            strbuf_addstr(out, "<li>");
            esc(out, json_string_value(v) ? json_string_value(v) : "");
            strbuf_addstr(out, "</li>\n");
        }
        strbuf_addf(out, "</%s>\n", tag);
    } else if (!strcmp(type, "kv")) {
        strbuf_addstr(out, "<dl class=\"kv\">\n");
        json_array_foreach(json_object_get(b, "items"), i, v) {
            strbuf_addstr(out, "<dt>");
            esc(out, str(v, "key"));
            strbuf_addstr(out, "</dt><dd>");
            esc(out, str(v, "value"));
            strbuf_addstr(out, "</dd>\n");
        }
        strbuf_addstr(out, "</dl>\n");
    } else if (!strcmp(type, "table")) {
        table(out, b);
    }
}

/* Anchors come from the section numbers: ids in the tree may repeat. */
static void anchor(struct strbuf *out, const char *number)
{
    strbuf_addstr(out, "s-");
    for (const char *s = number; *s; s++)
        strbuf_addch(out, *s == '.' ? '-' : *s);
}

static void section(struct strbuf *out, const json_t *s, const char *number, int depth)
{
    const json_t *b, *sub;
    size_t i;
    int level = depth + 2 > 6 ? 6 : depth + 2;

    strbuf_addstr(out, "<section");
    if (*str(s, "id")) {
        strbuf_addstr(out, " data-id=\"");
        esc(out, str(s, "id"));
        strbuf_addch(out, '"');
    }
    strbuf_addf(out, ">\n<h%d id=\"", level);
    anchor(out, number);
    strbuf_addf(out, "\"><span class=\"n\">%s%s</span>", number, depth ? "" : ".");
    esc(out, str(s, "title"));
    strbuf_addf(out, "</h%d>\n", level);
    json_array_foreach(json_object_get(s, "blocks"), i, b)
        block(out, b);
    json_array_foreach(json_object_get(s, "sections"), i, sub) {
        struct strbuf num = STRBUF_INIT;
        strbuf_addf(&num, "%s.%zu", number, i + 1);
        section(out, sub, num.buf, depth + 1);
        strbuf_release(&num);
    }
    strbuf_addstr(out, "</section>\n");
}

void render_html(const json_t *doc, struct strbuf *out)
{
    const json_t *sections = json_object_get(doc, "sections"), *s;
    size_t i;

    strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"");
    esc(out, str(doc, "language"));
    strbuf_addstr(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(out, str(doc, "title"));
    strbuf_addstr(out, "</title>\n<style>\n");
    strbuf_addstr(out, css);
    strbuf_addstr(out, "</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<h1>");
    esc(out, str(doc, "title"));
    strbuf_addstr(out, "</h1>\n");
    if (*str(doc, "subtitle")) {
        strbuf_addstr(out, "<p class=\"subtitle\">");
        esc(out, str(doc, "subtitle"));
        strbuf_addstr(out, "</p>\n");
    }
    strbuf_addstr(out, "</header>\n");
    if (json_array_size(sections) > 1) {
        strbuf_addstr(out, "<nav class=\"toc\">\n<p>");
        esc(out, str(doc, "contents"));
        strbuf_addstr(out, "</p>\n<ol>\n");
        json_array_foreach(sections, i, s) {
            char number[32];
            snprintf(number, sizeof(number), "%zu", i + 1);
            strbuf_addstr(out, "<li><a href=\"#");
            anchor(out, number);
            strbuf_addf(out, "\"><span class=\"n\">%s.</span>", number);
            esc(out, str(s, "title"));
            strbuf_addstr(out, "</a></li>\n");
        }
        strbuf_addstr(out, "</ol>\n</nav>\n");
    }
    strbuf_addstr(out, "<main>\n");
    json_array_foreach(sections, i, s) {
        char number[32];
        snprintf(number, sizeof(number), "%zu", i + 1);
        section(out, s, number, 0);
    }
    strbuf_addstr(out, "</main>\n</div>\n</body>\n</html>\n");
}
