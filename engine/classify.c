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
#define EVIDENCE_WEIGHT 0.5

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
    /* Two levels: the family gathers its sub-domains' evidence, then the
     * best sub-domain of the winning family is named (the family itself
     * when none of its sub-domains has evidence of its own). */
    for (size_t d = 0; d < idx->n_domains; d++) {
        double own = kw[d] + EVIDENCE_WEIGHT * post[d];
        score[d] += own;
        if (idx->domains[d].family != (int)d)
            score[idx->domains[d].family] += own;
        total += own;
    }
    for (int k = 0; k < 3; k++) {
        out->ranked[k] = -1;
        out->ranked_confidence[k] = 0;
    }
    /* Families best first; within a family its sub-domains with evidence of
     * their own, best first (the family itself when none has any). */
    for (int k = 0; k < 3;) {
        int fam = -1;
        double own_total = 0;
        for (size_t d = 0; d < idx->n_domains; d++) {
            int taken = 0;
            if (idx->domains[d].family != (int)d || score[d] <= 0)
                continue;
            for (int m = 0; m < k; m++)
                taken |= idx->domains[out->ranked[m]].family == (int)d;
            /* Ties go to the domain listed first in the taxonomy. */
            if (!taken && (fam < 0 || score[d] > score[fam]))
                fam = (int)d;
        }
        if (fam < 0)
            break;
        for (size_t d = 0; d < idx->n_domains; d++)
            if (idx->domains[d].family == fam && (int)d != fam)
                own_total += kw[d] + EVIDENCE_WEIGHT * post[d];
        if (own_total <= 0) {
            out->ranked[k] = fam;
            out->ranked_confidence[k++] = total > 0 ? score[fam] / total : 0;
            continue;
        }
        while (k < 3) {
            int best = -1;
            double best_own = 0;
            for (size_t d = 0; d < idx->n_domains; d++) {
                double own = kw[d] + EVIDENCE_WEIGHT * post[d];
                int taken = 0;
                if (idx->domains[d].family != fam || (int)d == fam || own <= 0)
                    continue;
                for (int m = 0; m < k; m++)
                    taken |= out->ranked[m] == (int)d;
                if (!taken && own > best_own) {
                    best = (int)d;
                    best_own = own;
                }
            }
            if (best < 0)
                break;
            out->ranked[k] = best;
            out->ranked_confidence[k++] = total > 0 ? score[fam] / total * best_own / own_total : 0;
        }
    }
    out->domain = out->ranked[0];
    out->confidence = out->ranked_confidence[0];
    free(kw);
    free(post);
    free(score);
    token_list_release(&tl);
    strbuf_release(&sb);
}
