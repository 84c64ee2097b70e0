/* classify.h - the domain of a problem that names none, from its text in any
 * of the taxonomy's languages: keyword evidence from the taxonomy plus the
 * registry's own solutions as evidence (naive Bayes over their words). */
#ifndef SCD_CLASSIFY_H
#define SCD_CLASSIFY_H

#include <stddef.h>

struct index;

struct classification {
    int domain;        /* index into idx->domains, -1 when nothing points anywhere */
    double confidence; /* the winner's share of the evidence, 0..1 */
    int ranked[3];     /* the three best domains, -1 padded */
    double ranked_confidence[3];
};

void classify_text(const struct index *idx, const char *title, const char *text, struct classification *out);

#endif
