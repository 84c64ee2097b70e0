/* model.c - the names of the model's enumerations, as written in YAML. */
#include "model.h"

const char *const region_names[] = { "asia-pacific", "africa", "europe", "eurasia",
                                     "latin-america", "middle-east", "north-america", NULL };
const char *const income_level_names[] = { "low", "lower-middle", "upper-middle", "high", NULL };
const char *const connectivity_names[] = { "fiber", "5g", "4g", "3g", "lorawan", "nb-iot",
                                           "wifi", "satellite", NULL };
const char *const reliability_names[] = { "low", "medium", "high", NULL };
const char *const priority_names[] = { "high", "medium", "low", NULL };
const char *const vendor_size_names[] = { "startup", "sme", "large", NULL };
const char *const hosting_names[] = { "cloud", "on-premise", "hybrid", NULL };
const char *const residency_names[] = { "in-country", "in-region", "none", NULL };
const char *const kpi_direction_names[] = { "lower-is-better", "higher-is-better", NULL };
const char *const standard_kind_names[] = { "api", "data-model", "protocol", NULL };
const char *const filter_mode_names[] = { "exclude", "penalty", "off", NULL };
const char *const rules_kind_names[] = { "taxonomy", "kpi-catalogue", "currency-rates",
                                         "rule-set", NULL };

const char *enum_name(const char *const *names, int value)
{
    if (value < 0)
        return "unknown";
    for (int i = 0; names[i]; i++)
        if (i == value)
            return names[i];
    return "unknown";
}
