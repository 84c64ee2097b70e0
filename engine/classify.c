/* classify.c - keyword evidence plus naive Bayes over solution texts. */
#include "classify.h"
#include "index.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How much a parent's keywords lend to its sub-domains, and how much the
 * solutions' words weigh against the taxonomy's keywords. */
#define PARENT_SHARE 0.5
#define EVIDENCE_WEIGHT 1.0

static void naive_bayes(const struct index *idx, const struct token_list *tokens, double *post)
{
    double *logp = xcalloc(idx->n_domains, sizeof(double));
    double best = -INFINITY, sum = 0;
    size_t used = 0;

    if (!idx->n_terms)
        goto out;
    for (size_t i = 0; i < tokens->n; i++) {
        int t;
        if (text_is_stop_word(tokens->items[i]) || (t = index_term(idx, tokens->items[i])) < 0)
            continue;
        used++;
        for (size_t d = 0; d < idx->n_domains; d++) {
            double tf = idx->domain_tf[d * idx->n_terms + (size_t)t];
            logp[d] += log((tf + 0.1) / (idx->domain_total[d] + 0.1 * (double)idx->n_terms));
        }
    }
    if (!used)
        goto out;
    for (size_t d = 0; d < idx->n_domains; d++)
        if (idx->domain_total[d] > 0 && logp[d] > best)
            best = logp[d];
    for (size_t d = 0; d < idx->n_domains; d++)
        if (idx->domain_total[d] > 0) {
            post[d] = exp(logp[d] - best);
            sum += post[d];
        }
    for (size_t d = 0; d < idx->n_domains; d++)
        post[d] = sum > 0 ? post[d] / sum : 0;
out:
    free(logp);
}

void classify_text(const struct index *idx, const char *title, const char *text, struct classification *out)
{
    struct strbuf sb = STRBUF_INIT;
    struct token_list tl = TOKEN_LIST_INIT;
    double *kw = xcalloc(idx->n_domains + 1, sizeof(double));
    double *post = xcalloc(idx->n_domains + 1, sizeof(double));
    double *score = xcalloc(idx->n_domains + 1, sizeof(double));
    double total = 0;

    /* The title says what the problem is about; count it twice. */
    strbuf_addf(&sb, "%s. %s. %s", title ? title : "", title ? title : "", text ? text : "");
    text_tokenize(&tl, sb.buf, sb.len, 1);
    index_keyword_scores(idx, &tl, kw);
    naive_bayes(idx, &tl, post);
    for (size_t d = 0; d < idx->n_domains; d++) {
        int parent = idx->domains[d].parent;
        score[d] = kw[d] + (parent >= 0 ? PARENT_SHARE * kw[parent] : 0) + EVIDENCE_WEIGHT * post[d];
        total += score[d];
    }
    for (int k = 0; k < 3; k++) {
        out->ranked[k] = -1;
        out->ranked_confidence[k] = 0;
    }
    for (size_t d = 0; d < idx->n_domains; d++) {
        if (score[d] <= 0)
            continue;
        for (int k = 0; k < 3; k++) {
            /* Ties go to the domain listed first in the taxonomy. */
            if (out->ranked[k] < 0 || score[d] > score[out->ranked[k]]) {
                for (int m = 2; m > k; m--)
                    out->ranked[m] = out->ranked[m - 1];
                out->ranked[k] = (int)d;
                break;
            }
        }
    }
    for (int k = 0; k < 3; k++)
        if (out->ranked[k] >= 0)
            out->ranked_confidence[k] = score[out->ranked[k]] / total;
    out->domain = out->ranked[0];
    out->confidence = out->ranked_confidence[0];
    free(kw);
    free(post);
    free(score);
    token_list_release(&tl);
    strbuf_release(&sb);
}
