/* money.h - amounts as people read them: "1,250,000 USD", rounded to the
 * currency's minor unit (or to whole units above a million), never
 * "1250000.000001". */
#ifndef SCD_MONEY_H
#define SCD_MONEY_H

struct strbuf;

/* Append amount with thousands separators and the currency code. Amounts of
 * 10,000 and more are shown in whole units. NAN prints "unknown". */
void money_format(struct strbuf *out, double amount, const char *currency);

/* Append a plain number with thousands separators, rounded to decimals. */
void number_format(struct strbuf *out, double value, int decimals);

#endif
