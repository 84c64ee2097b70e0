/* iso.h - ISO code tables: countries (3166-1 alpha-2), currencies (4217), languages (639-1). */
#ifndef SCD_ISO_H
#define SCD_ISO_H
/* Each returns 1 when code is a current assigned code (exact, case-sensitive: "KR", "USD", "ko"), else 0. */
int iso_country_valid(const char *code);
int iso_currency_valid(const char *code);
int iso_language_valid(const char *code);
/* English short name of a country ("Republic of Korea" style is fine: use common short names, e.g. "Korea, Republic of" -> "South Korea"), or NULL when unknown. */
const char *iso_country_name(const char *code);
/* The regional network (WeGO-style) a country belongs to, as the strings the
 * registry uses: "asia-pacific", "africa", "europe", "eurasia", "latin-america",
 * "middle-east", "north-america"; NULL for an unknown code. */
const char *iso_country_region(const char *code);
/* Number of decimal places of a currency's minor unit (USD 2, KRW 0, JPY 0, VND 0, UGX 0, XOF 0, CLP 0, KWD 3, BHD 3, JOD 3, TND 3, OMR 3, IQD 3, LYD 3), or -1 when unknown. */
int iso_currency_minor_units(const char *code);
/* English name of a language ("Korean"), or NULL. */
const char *iso_language_name(const char *code);
#endif
