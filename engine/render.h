/* render.h - the two renderers of a stage document tree (stage_tree.h):
 * Markdown a person can hand over as it is, and a self-contained HTML page
 * (inline CSS, no external assets, readable when printed). Both number the
 * sections the same way and escape every text of the tree, so a city named
 * "<script>" is shown as text. They only read the tree. */
#ifndef SCD_RENDER_H
#define SCD_RENDER_H

#include <jansson.h>

struct strbuf;

void render_markdown(const json_t *doc, struct strbuf *out);
void render_html(const json_t *doc, struct strbuf *out);

/* Append text with the characters HTML gives a meaning to (& < > " ')
 * replaced by entities. */
void render_html_escape(struct strbuf *out, const char *text);

#endif
