/* money.c - amounts with thousands separators. */
#include "money.h"
#include "iso.h"
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void number_format(struct strbuf *out, double value, int decimals)
{
    char digits[64];
    double scale = pow(10, decimals);
    double rounded = round(fabs(value) * scale) / scale;
    double whole = floor(rounded);
    long long frac = (long long)llround((rounded - whole) * scale);
    size_t len, first;

    if (isnan(value)) {
        strbuf_addstr(out, "unknown");
        return;
    }
    if (value < 0 && rounded > 0)
        strbuf_addch(out, '-');
    snprintf(digits, sizeof(digits), "%.0f", whole);
    len = strlen(digits);
    first = len % 3 ? len % 3 : 3;
    strbuf_add(out, digits, first);
    for (size_t i = first; i < len; i += 3) {
        strbuf_addch(out, ',');
        strbuf_add(out, digits + i, 3);
    }
    if (decimals > 0)
        strbuf_addf(out, ".%0*lld", decimals, frac);
}

void money_format(struct strbuf *out, double amount, const char *currency)
{
    int minor = currency ? iso_currency_minor_units(currency) : 2;

    if (isnan(amount)) {
        strbuf_addstr(out, "unknown");
        return;
    }
    if (minor < 0 || fabs(amount) >= 10000)
        minor = 0;
    /* Whole amounts read better without ".00". */
    if (minor > 0 && fabs(amount - round(amount)) < 0.005)
        minor = 0;
    number_format(out, amount, minor);
    if (currency)
        strbuf_addf(out, " %s", currency);
}
