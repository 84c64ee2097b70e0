/* iso.c - ISO code tables: countries (3166-1 alpha-2), currencies (4217), languages (639-1). */
#include "iso.h"

#include <stdlib.h>
#include <string.h>

/* Every table below is sorted by code (strcmp order) for bsearch: keep it so. */

struct iso_named {
    const char *code;
    const char *name;
};

struct iso_currency {
    const char *code;
    int minor_units;
};

/* Regional networks (WeGO-style), in the order of region_strings[] below. */
enum iso_region {
    REGION_ASIA_PACIFIC,
    REGION_AFRICA,
    REGION_EUROPE,
    REGION_EURASIA,
    REGION_LATIN_AMERICA,
    REGION_MIDDLE_EAST,
    REGION_NORTH_AMERICA,
};

static const char *const region_strings[] = {
    [REGION_ASIA_PACIFIC] = "asia-pacific",
    [REGION_AFRICA] = "africa",
    [REGION_EUROPE] = "europe",
    [REGION_EURASIA] = "eurasia",
    [REGION_LATIN_AMERICA] = "latin-america",
    [REGION_MIDDLE_EAST] = "middle-east",
    [REGION_NORTH_AMERICA] = "north-america",
};

struct iso_country {
    const char *code;
    const char *name;
    enum iso_region region;
};

/* ISO 3166-1 alpha-2: the 249 officially assigned codes (no user-assigned XK),
   with common English short names and regional network.  Region conventions:
   Russia, Belarus, the Caucasus (AM AZ GE) and Central Asia -> eurasia; Ukraine,
   Moldova, Turkey, Cyprus -> europe; Egypt, the Gulf, the Levant, Iraq, Iran,
   Yemen -> middle-east; the rest of North Africa (incl. Sudan) -> africa;
   Afghanistan, Pakistan, Mongolia, South/East/South-East Asia, Oceania ->
   asia-pacific; Mexico, Central/South America, the Caribbean -> latin-america;
   US, Canada, Greenland, Bermuda, Saint Pierre and Miquelon -> north-america.
   Dependencies follow geography; remote ones follow UN M49 (IO, TF -> africa;
   BV, GS -> latin-america; HM, UM -> asia-pacific); AQ -> asia-pacific. */
static const struct iso_country countries[] = {
    { "AD", "Andorra", REGION_EUROPE },
    { "AE", "United Arab Emirates", REGION_MIDDLE_EAST },
    { "AF", "Afghanistan", REGION_ASIA_PACIFIC },
    { "AG", "Antigua and Barbuda", REGION_LATIN_AMERICA },
    { "AI", "Anguilla", REGION_LATIN_AMERICA },
    { "AL", "Albania", REGION_EUROPE },
    { "AM", "Armenia", REGION_EURASIA },
    { "AO", "Angola", REGION_AFRICA },
    { "AQ", "Antarctica", REGION_ASIA_PACIFIC },
    { "AR", "Argentina", REGION_LATIN_AMERICA },
    { "AS", "American Samoa", REGION_ASIA_PACIFIC },
    { "AT", "Austria", REGION_EUROPE },
    { "AU", "Australia", REGION_ASIA_PACIFIC },
    { "AW", "Aruba", REGION_LATIN_AMERICA },
    { "AX", "Åland Islands", REGION_EUROPE },
    { "AZ", "Azerbaijan", REGION_EURASIA },
    { "BA", "Bosnia and Herzegovina", REGION_EUROPE },
    { "BB", "Barbados", REGION_LATIN_AMERICA },
    { "BD", "Bangladesh", REGION_ASIA_PACIFIC },
    { "BE", "Belgium", REGION_EUROPE },
    { "BF", "Burkina Faso", REGION_AFRICA },
    { "BG", "Bulgaria", REGION_EUROPE },
    { "BH", "Bahrain", REGION_MIDDLE_EAST },
    { "BI", "Burundi", REGION_AFRICA },
    { "BJ", "Benin", REGION_AFRICA },
    { "BL", "Saint Barthélemy", REGION_LATIN_AMERICA },
    { "BM", "Bermuda", REGION_NORTH_AMERICA },
    { "BN", "Brunei", REGION_ASIA_PACIFIC },
    { "BO", "Bolivia", REGION_LATIN_AMERICA },
    { "BQ", "Bonaire, Sint Eustatius and Saba", REGION_LATIN_AMERICA },
    { "BR", "Brazil", REGION_LATIN_AMERICA },
    { "BS", "Bahamas", REGION_LATIN_AMERICA },
    { "BT", "Bhutan", REGION_ASIA_PACIFIC },
    { "BV", "Bouvet Island", REGION_LATIN_AMERICA },
    { "BW", "Botswana", REGION_AFRICA },
    { "BY", "Belarus", REGION_EURASIA },
    { "BZ", "Belize", REGION_LATIN_AMERICA },
    { "CA", "Canada", REGION_NORTH_AMERICA },
    { "CC", "Cocos (Keeling) Islands", REGION_ASIA_PACIFIC },
    { "CD", "Democratic Republic of the Congo", REGION_AFRICA },
    { "CF", "Central African Republic", REGION_AFRICA },
    { "CG", "Republic of the Congo", REGION_AFRICA },
    { "CH", "Switzerland", REGION_EUROPE },
    { "CI", "Côte d'Ivoire", REGION_AFRICA },
    { "CK", "Cook Islands", REGION_ASIA_PACIFIC },
    { "CL", "Chile", REGION_LATIN_AMERICA },
    { "CM", "Cameroon", REGION_AFRICA },
    { "CN", "China", REGION_ASIA_PACIFIC },
    { "CO", "Colombia", REGION_LATIN_AMERICA },
    { "CR", "Costa Rica", REGION_LATIN_AMERICA },
    { "CU", "Cuba", REGION_LATIN_AMERICA },
    { "CV", "Cabo Verde", REGION_AFRICA },
    { "CW", "Curaçao", REGION_LATIN_AMERICA },
    { "CX", "Christmas Island", REGION_ASIA_PACIFIC },
    { "CY", "Cyprus", REGION_EUROPE },
    { "CZ", "Czechia", REGION_EUROPE },
    { "DE", "Germany", REGION_EUROPE },
    { "DJ", "Djibouti", REGION_AFRICA },
    { "DK", "Denmark", REGION_EUROPE },
    { "DM", "Dominica", REGION_LATIN_AMERICA },
    { "DO", "Dominican Republic", REGION_LATIN_AMERICA },
    { "DZ", "Algeria", REGION_AFRICA },
    { "EC", "Ecuador", REGION_LATIN_AMERICA },
    { "EE", "Estonia", REGION_EUROPE },
    { "EG", "Egypt", REGION_MIDDLE_EAST },
    { "EH", "Western Sahara", REGION_AFRICA },
    { "ER", "Eritrea", REGION_AFRICA },
    { "ES", "Spain", REGION_EUROPE },
    { "ET", "Ethiopia", REGION_AFRICA },
    { "FI", "Finland", REGION_EUROPE },
    { "FJ", "Fiji", REGION_ASIA_PACIFIC },
    { "FK", "Falkland Islands", REGION_LATIN_AMERICA },
    { "FM", "Micronesia", REGION_ASIA_PACIFIC },
    { "FO", "Faroe Islands", REGION_EUROPE },
    { "FR", "France", REGION_EUROPE },
    { "GA", "Gabon", REGION_AFRICA },
    { "GB", "United Kingdom", REGION_EUROPE },
    { "GD", "Grenada", REGION_LATIN_AMERICA },
    { "GE", "Georgia", REGION_EURASIA },
    { "GF", "French Guiana", REGION_LATIN_AMERICA },
    { "GG", "Guernsey", REGION_EUROPE },
    { "GH", "Ghana", REGION_AFRICA },
    { "GI", "Gibraltar", REGION_EUROPE },
    { "GL", "Greenland", REGION_NORTH_AMERICA },
    { "GM", "Gambia", REGION_AFRICA },
    { "GN", "Guinea", REGION_AFRICA },
    { "GP", "Guadeloupe", REGION_LATIN_AMERICA },
    { "GQ", "Equatorial Guinea", REGION_AFRICA },
    { "GR", "Greece", REGION_EUROPE },
    { "GS", "South Georgia and the South Sandwich Islands", REGION_LATIN_AMERICA },
    { "GT", "Guatemala", REGION_LATIN_AMERICA },
    { "GU", "Guam", REGION_ASIA_PACIFIC },
    { "GW", "Guinea-Bissau", REGION_AFRICA },
    { "GY", "Guyana", REGION_LATIN_AMERICA },
    { "HK", "Hong Kong", REGION_ASIA_PACIFIC },
    { "HM", "Heard Island and McDonald Islands", REGION_ASIA_PACIFIC },
    { "HN", "Honduras", REGION_LATIN_AMERICA },
    { "HR", "Croatia", REGION_EUROPE },
    { "HT", "Haiti", REGION_LATIN_AMERICA },
    { "HU", "Hungary", REGION_EUROPE },
    { "ID", "Indonesia", REGION_ASIA_PACIFIC },
    { "IE", "Ireland", REGION_EUROPE },
    { "IL", "Israel", REGION_MIDDLE_EAST },
    { "IM", "Isle of Man", REGION_EUROPE },
    { "IN", "India", REGION_ASIA_PACIFIC },
    { "IO", "British Indian Ocean Territory", REGION_AFRICA },
    { "IQ", "Iraq", REGION_MIDDLE_EAST },
    { "IR", "Iran", REGION_MIDDLE_EAST },
    { "IS", "Iceland", REGION_EUROPE },
    { "IT", "Italy", REGION_EUROPE },
    { "JE", "Jersey", REGION_EUROPE },
    { "JM", "Jamaica", REGION_LATIN_AMERICA },
    { "JO", "Jordan", REGION_MIDDLE_EAST },
    { "JP", "Japan", REGION_ASIA_PACIFIC },
    { "KE", "Kenya", REGION_AFRICA },
    { "KG", "Kyrgyzstan", REGION_EURASIA },
    { "KH", "Cambodia", REGION_ASIA_PACIFIC },
    { "KI", "Kiribati", REGION_ASIA_PACIFIC },
    { "KM", "Comoros", REGION_AFRICA },
    { "KN", "Saint Kitts and Nevis", REGION_LATIN_AMERICA },
    { "KP", "North Korea", REGION_ASIA_PACIFIC },
    { "KR", "South Korea", REGION_ASIA_PACIFIC },
    { "KW", "Kuwait", REGION_MIDDLE_EAST },
    { "KY", "Cayman Islands", REGION_LATIN_AMERICA },
    { "KZ", "Kazakhstan", REGION_EURASIA },
    { "LA", "Laos", REGION_ASIA_PACIFIC },
    { "LB", "Lebanon", REGION_MIDDLE_EAST },
    { "LC", "Saint Lucia", REGION_LATIN_AMERICA },
    { "LI", "Liechtenstein", REGION_EUROPE },
    { "LK", "Sri Lanka", REGION_ASIA_PACIFIC },
    { "LR", "Liberia", REGION_AFRICA },
    { "LS", "Lesotho", REGION_AFRICA },
    { "LT", "Lithuania", REGION_EUROPE },
    { "LU", "Luxembourg", REGION_EUROPE },
    { "LV", "Latvia", REGION_EUROPE },
    { "LY", "Libya", REGION_AFRICA },
    { "MA", "Morocco", REGION_AFRICA },
    { "MC", "Monaco", REGION_EUROPE },
    { "MD", "Moldova", REGION_EUROPE },
    { "ME", "Montenegro", REGION_EUROPE },
    { "MF", "Saint Martin", REGION_LATIN_AMERICA },
    { "MG", "Madagascar", REGION_AFRICA },
    { "MH", "Marshall Islands", REGION_ASIA_PACIFIC },
    { "MK", "North Macedonia", REGION_EUROPE },
    { "ML", "Mali", REGION_AFRICA },
    { "MM", "Myanmar", REGION_ASIA_PACIFIC },
    { "MN", "Mongolia", REGION_ASIA_PACIFIC },
    { "MO", "Macao", REGION_ASIA_PACIFIC },
    { "MP", "Northern Mariana Islands", REGION_ASIA_PACIFIC },
    { "MQ", "Martinique", REGION_LATIN_AMERICA },
    { "MR", "Mauritania", REGION_AFRICA },
    { "MS", "Montserrat", REGION_LATIN_AMERICA },
    { "MT", "Malta", REGION_EUROPE },
    { "MU", "Mauritius", REGION_AFRICA },
    { "MV", "Maldives", REGION_ASIA_PACIFIC },
    { "MW", "Malawi", REGION_AFRICA },
    { "MX", "Mexico", REGION_LATIN_AMERICA },
    { "MY", "Malaysia", REGION_ASIA_PACIFIC },
    { "MZ", "Mozambique", REGION_AFRICA },
    { "NA", "Namibia", REGION_AFRICA },
    { "NC", "New Caledonia", REGION_ASIA_PACIFIC },
    { "NE", "Niger", REGION_AFRICA },
    { "NF", "Norfolk Island", REGION_ASIA_PACIFIC },
    { "NG", "Nigeria", REGION_AFRICA },
    { "NI", "Nicaragua", REGION_LATIN_AMERICA },
    { "NL", "Netherlands", REGION_EUROPE },
    { "NO", "Norway", REGION_EUROPE },
    { "NP", "Nepal", REGION_ASIA_PACIFIC },
    { "NR", "Nauru", REGION_ASIA_PACIFIC },
    { "NU", "Niue", REGION_ASIA_PACIFIC },
    { "NZ", "New Zealand", REGION_ASIA_PACIFIC },
    { "OM", "Oman", REGION_MIDDLE_EAST },
    { "PA", "Panama", REGION_LATIN_AMERICA },
    { "PE", "Peru", REGION_LATIN_AMERICA },
    { "PF", "French Polynesia", REGION_ASIA_PACIFIC },
    { "PG", "Papua New Guinea", REGION_ASIA_PACIFIC },
    { "PH", "Philippines", REGION_ASIA_PACIFIC },
    { "PK", "Pakistan", REGION_ASIA_PACIFIC },
    { "PL", "Poland", REGION_EUROPE },
    { "PM", "Saint Pierre and Miquelon", REGION_NORTH_AMERICA },
    { "PN", "Pitcairn Islands", REGION_ASIA_PACIFIC },
    { "PR", "Puerto Rico", REGION_LATIN_AMERICA },
    { "PS", "Palestine", REGION_MIDDLE_EAST },
    { "PT", "Portugal", REGION_EUROPE },
    { "PW", "Palau", REGION_ASIA_PACIFIC },
    { "PY", "Paraguay", REGION_LATIN_AMERICA },
    { "QA", "Qatar", REGION_MIDDLE_EAST },
    { "RE", "Réunion", REGION_AFRICA },
    { "RO", "Romania", REGION_EUROPE },
    { "RS", "Serbia", REGION_EUROPE },
    { "RU", "Russia", REGION_EURASIA },
    { "RW", "Rwanda", REGION_AFRICA },
    { "SA", "Saudi Arabia", REGION_MIDDLE_EAST },
    { "SB", "Solomon Islands", REGION_ASIA_PACIFIC },
    { "SC", "Seychelles", REGION_AFRICA },
    { "SD", "Sudan", REGION_AFRICA },
    { "SE", "Sweden", REGION_EUROPE },
    { "SG", "Singapore", REGION_ASIA_PACIFIC },
    { "SH", "Saint Helena, Ascension and Tristan da Cunha", REGION_AFRICA },
    { "SI", "Slovenia", REGION_EUROPE },
    { "SJ", "Svalbard and Jan Mayen", REGION_EUROPE },
    { "SK", "Slovakia", REGION_EUROPE },
    { "SL", "Sierra Leone", REGION_AFRICA },
    { "SM", "San Marino", REGION_EUROPE },
    { "SN", "Senegal", REGION_AFRICA },
    { "SO", "Somalia", REGION_AFRICA },
    { "SR", "Suriname", REGION_LATIN_AMERICA },
    { "SS", "South Sudan", REGION_AFRICA },
    { "ST", "Sao Tome and Principe", REGION_AFRICA },
    { "SV", "El Salvador", REGION_LATIN_AMERICA },
    { "SX", "Sint Maarten", REGION_LATIN_AMERICA },
    { "SY", "Syria", REGION_MIDDLE_EAST },
    { "SZ", "Eswatini", REGION_AFRICA },
    { "TC", "Turks and Caicos Islands", REGION_LATIN_AMERICA },
    { "TD", "Chad", REGION_AFRICA },
    { "TF", "French Southern Territories", REGION_AFRICA },
    { "TG", "Togo", REGION_AFRICA },
    { "TH", "Thailand", REGION_ASIA_PACIFIC },
    { "TJ", "Tajikistan", REGION_EURASIA },
    { "TK", "Tokelau", REGION_ASIA_PACIFIC },
    { "TL", "Timor-Leste", REGION_ASIA_PACIFIC },
    { "TM", "Turkmenistan", REGION_EURASIA },
    { "TN", "Tunisia", REGION_AFRICA },
    { "TO", "Tonga", REGION_ASIA_PACIFIC },
    { "TR", "Türkiye", REGION_EUROPE },
    { "TT", "Trinidad and Tobago", REGION_LATIN_AMERICA },
    { "TV", "Tuvalu", REGION_ASIA_PACIFIC },
    { "TW", "Taiwan", REGION_ASIA_PACIFIC },
    { "TZ", "Tanzania", REGION_AFRICA },
    { "UA", "Ukraine", REGION_EUROPE },
    { "UG", "Uganda", REGION_AFRICA },
    { "UM", "United States Minor Outlying Islands", REGION_ASIA_PACIFIC },
    { "US", "United States", REGION_NORTH_AMERICA },
    { "UY", "Uruguay", REGION_LATIN_AMERICA },
    { "UZ", "Uzbekistan", REGION_EURASIA },
    { "VA", "Vatican City", REGION_EUROPE },
    { "VC", "Saint Vincent and the Grenadines", REGION_LATIN_AMERICA },
    { "VE", "Venezuela", REGION_LATIN_AMERICA },
    { "VG", "British Virgin Islands", REGION_LATIN_AMERICA },
    { "VI", "U.S. Virgin Islands", REGION_LATIN_AMERICA },
    { "VN", "Vietnam", REGION_ASIA_PACIFIC },
    { "VU", "Vanuatu", REGION_ASIA_PACIFIC },
    { "WF", "Wallis and Futuna", REGION_ASIA_PACIFIC },
    { "WS", "Samoa", REGION_ASIA_PACIFIC },
    { "YE", "Yemen", REGION_MIDDLE_EAST },
    { "YT", "Mayotte", REGION_AFRICA },
    { "ZA", "South Africa", REGION_AFRICA },
    { "ZM", "Zambia", REGION_AFRICA },
    { "ZW", "Zimbabwe", REGION_AFRICA },
};

/* ISO 4217 active currency codes with their minor-unit decimals.  Excluded: fund
   codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals, bond-market
   units, XDR, XSU, XUA, XTS, XXX, and codes withdrawn by 2026 (ANG -> XCG,
   BGN -> EUR, HRK -> EUR, SLL -> SLE, ZWL -> ZWG). */
static const struct iso_currency currencies[] = {
    { "AED", 2 },    /* UAE Dirham */
    { "AFN", 2 },    /* Afghani */
    { "ALL", 2 },    /* Lek */
    { "AMD", 2 },    /* Armenian Dram */
    { "AOA", 2 },    /* Kwanza */
    { "ARS", 2 },    /* Argentine Peso */
    { "AUD", 2 },    /* Australian Dollar */
    { "AWG", 2 },    /* Aruban Florin */
    { "AZN", 2 },    /* Azerbaijan Manat */
    { "BAM", 2 },    /* Convertible Mark */
    { "BBD", 2 },    /* Barbados Dollar */
    { "BDT", 2 },    /* Taka */
    { "BHD", 3 },    /* Bahraini Dinar */
    { "BIF", 0 },    /* Burundi Franc */
    { "BMD", 2 },    /* Bermudian Dollar */
    { "BND", 2 },    /* Brunei Dollar */
    { "BOB", 2 },    /* Boliviano */
    { "BRL", 2 },    /* Brazilian Real */
    { "BSD", 2 },    /* Bahamian Dollar */
    { "BTN", 2 },    /* Ngultrum */
    { "BWP", 2 },    /* Pula */
    { "BYN", 2 },    /* Belarusian Ruble */
    { "BZD", 2 },    /* Belize Dollar */
    { "CAD", 2 },    /* Canadian Dollar */
    { "CDF", 2 },    /* Congolese Franc */
    { "CHF", 2 },    /* Swiss Franc */
    { "CLP", 0 },    /* Chilean Peso */
    { "CNY", 2 },    /* Yuan Renminbi */
    { "COP", 2 },    /* Colombian Peso */
    { "CRC", 2 },    /* Costa Rican Colon */
    { "CUC", 2 },    /* Peso Convertible */
    { "CUP", 2 },    /* Cuban Peso */
    { "CVE", 2 },    /* Cabo Verde Escudo */
    { "CZK", 2 },    /* Czech Koruna */
    { "DJF", 0 },    /* Djibouti Franc */
    { "DKK", 2 },    /* Danish Krone */
    { "DOP", 2 },    /* Dominican Peso */
    { "DZD", 2 },    /* Algerian Dinar */
    { "EGP", 2 },    /* Egyptian Pound */
    { "ERN", 2 },    /* Nakfa */
    { "ETB", 2 },    /* Ethiopian Birr */
    { "EUR", 2 },    /* Euro */
    { "FJD", 2 },    /* Fiji Dollar */
    { "FKP", 2 },    /* Falkland Islands Pound */
    { "GBP", 2 },    /* Pound Sterling */
    { "GEL", 2 },    /* Lari */
    { "GHS", 2 },    /* Ghana Cedi */
    { "GIP", 2 },    /* Gibraltar Pound */
    { "GMD", 2 },    /* Dalasi */
    { "GNF", 0 },    /* Guinean Franc */
    { "GTQ", 2 },    /* Quetzal */
    { "GYD", 2 },    /* Guyana Dollar */
    { "HKD", 2 },    /* Hong Kong Dollar */
    { "HNL", 2 },    /* Lempira */
    { "HTG", 2 },    /* Gourde */
    { "HUF", 2 },    /* Forint */
    { "IDR", 2 },    /* Rupiah */
    { "ILS", 2 },    /* New Israeli Sheqel */
    { "INR", 2 },    /* Indian Rupee */
    { "IQD", 3 },    /* Iraqi Dinar */
    { "IRR", 2 },    /* Iranian Rial */
    { "ISK", 0 },    /* Iceland Krona */
    { "JMD", 2 },    /* Jamaican Dollar */
    { "JOD", 3 },    /* Jordanian Dinar */
    { "JPY", 0 },    /* Yen */
    { "KES", 2 },    /* Kenyan Shilling */
    { "KGS", 2 },    /* Som */
    { "KHR", 2 },    /* Riel */
    { "KMF", 0 },    /* Comorian Franc */
    { "KPW", 2 },    /* North Korean Won */
    { "KRW", 0 },    /* Won */
    { "KWD", 3 },    /* Kuwaiti Dinar */
    { "KYD", 2 },    /* Cayman Islands Dollar */
    { "KZT", 2 },    /* Tenge */
    { "LAK", 2 },    /* Lao Kip */
    { "LBP", 2 },    /* Lebanese Pound */
    { "LKR", 2 },    /* Sri Lanka Rupee */
    { "LRD", 2 },    /* Liberian Dollar */
    { "LSL", 2 },    /* Loti */
    { "LYD", 3 },    /* Libyan Dinar */
    { "MAD", 2 },    /* Moroccan Dirham */
    { "MDL", 2 },    /* Moldovan Leu */
    { "MGA", 2 },    /* Malagasy Ariary */
    { "MKD", 2 },    /* Denar */
    { "MMK", 2 },    /* Kyat */
    { "MNT", 2 },    /* Tugrik */
    { "MOP", 2 },    /* Pataca */
    { "MRU", 2 },    /* Ouguiya */
    { "MUR", 2 },    /* Mauritius Rupee */
    { "MVR", 2 },    /* Rufiyaa */
    { "MWK", 2 },    /* Malawi Kwacha */
    { "MXN", 2 },    /* Mexican Peso */
    { "MYR", 2 },    /* Malaysian Ringgit */
    { "MZN", 2 },    /* Mozambique Metical */
    { "NAD", 2 },    /* Namibia Dollar */
    { "NGN", 2 },    /* Naira */
    { "NIO", 2 },    /* Cordoba Oro */
    { "NOK", 2 },    /* Norwegian Krone */
    { "NPR", 2 },    /* Nepalese Rupee */
    { "NZD", 2 },    /* New Zealand Dollar */
    { "OMR", 3 },    /* Rial Omani */
    { "PAB", 2 },    /* Balboa */
    { "PEN", 2 },    /* Sol */
    { "PGK", 2 },    /* Kina */
    { "PHP", 2 },    /* Philippine Peso */
    { "PKR", 2 },    /* Pakistan Rupee */
    { "PLN", 2 },    /* Zloty */
    { "PYG", 0 },    /* Guarani */
    { "QAR", 2 },    /* Qatari Rial */
    { "RON", 2 },    /* Romanian Leu */
    { "RSD", 2 },    /* Serbian Dinar */
    { "RUB", 2 },    /* Russian Ruble */
    { "RWF", 0 },    /* Rwanda Franc */
    { "SAR", 2 },    /* Saudi Riyal */
    { "SBD", 2 },    /* Solomon Islands Dollar */
    { "SCR", 2 },    /* Seychelles Rupee */
    { "SDG", 2 },    /* Sudanese Pound */
    { "SEK", 2 },    /* Swedish Krona */
    { "SGD", 2 },    /* Singapore Dollar */
    { "SHP", 2 },    /* Saint Helena Pound */
    { "SLE", 2 },    /* Leone */
    { "SOS", 2 },    /* Somali Shilling */
    { "SRD", 2 },    /* Surinam Dollar */
    { "SSP", 2 },    /* South Sudanese Pound */
    { "STN", 2 },    /* Dobra */
    { "SVC", 2 },    /* El Salvador Colon */
    { "SYP", 2 },    /* Syrian Pound */
    { "SZL", 2 },    /* Lilangeni */
    { "THB", 2 },    /* Baht */
    { "TJS", 2 },    /* Somoni */
    { "TMT", 2 },    /* Turkmenistan New Manat */
    { "TND", 3 },    /* Tunisian Dinar */
    { "TOP", 2 },    /* Pa'anga */
    { "TRY", 2 },    /* Turkish Lira */
    { "TTD", 2 },    /* Trinidad and Tobago Dollar */
    { "TWD", 2 },    /* New Taiwan Dollar */
    { "TZS", 2 },    /* Tanzanian Shilling */
    { "UAH", 2 },    /* Hryvnia */
    { "UGX", 0 },    /* Uganda Shilling */
    { "USD", 2 },    /* US Dollar */
    { "UYU", 2 },    /* Peso Uruguayo */
    { "UZS", 2 },    /* Uzbekistan Sum */
    { "VED", 2 },    /* Bolivar Soberano */
    { "VES", 2 },    /* Bolivar Soberano */
    { "VND", 0 },    /* Dong */
    { "VUV", 0 },    /* Vatu */
    { "WST", 2 },    /* Tala */
    { "XAF", 0 },    /* CFA Franc BEAC */
    { "XCD", 2 },    /* East Caribbean Dollar */
    { "XCG", 2 },    /* Caribbean Guilder */
    { "XOF", 0 },    /* CFA Franc BCEAO */
    { "XPF", 0 },    /* CFP Franc */
    { "YER", 2 },    /* Yemeni Rial */
    { "ZAR", 2 },    /* Rand */
    { "ZMW", 2 },    /* Zambian Kwacha */
    { "ZWG", 2 },    /* Zimbabwe Gold */
};

/* ISO 639-1: all 184 two-letter language codes (deprecated iw, in, ji, jw, mo, sh excluded). */
static const struct iso_named languages[] = {
    { "aa", "Afar" },
    { "ab", "Abkhazian" },
    { "ae", "Avestan" },
    { "af", "Afrikaans" },
    { "ak", "Akan" },
    { "am", "Amharic" },
    { "an", "Aragonese" },
    { "ar", "Arabic" },
    { "as", "Assamese" },
    { "av", "Avaric" },
    { "ay", "Aymara" },
    { "az", "Azerbaijani" },
    { "ba", "Bashkir" },
    { "be", "Belarusian" },
    { "bg", "Bulgarian" },
    { "bh", "Bihari" },
    { "bi", "Bislama" },
    { "bm", "Bambara" },
    { "bn", "Bengali" },
    { "bo", "Tibetan" },
    { "br", "Breton" },
    { "bs", "Bosnian" },
    { "ca", "Catalan" },
    { "ce", "Chechen" },
    { "ch", "Chamorro" },
    { "co", "Corsican" },
    { "cr", "Cree" },
    { "cs", "Czech" },
    { "cu", "Church Slavonic" },
    { "cv", "Chuvash" },
    { "cy", "Welsh" },
    { "da", "Danish" },
    { "de", "German" },
    { "dv", "Divehi" },
    { "dz", "Dzongkha" },
    { "ee", "Ewe" },
    { "el", "Greek" },
    { "en", "English" },
    { "eo", "Esperanto" },
    { "es", "Spanish" },
    { "et", "Estonian" },
    { "eu", "Basque" },
    { "fa", "Persian" },
    { "ff", "Fulah" },
    { "fi", "Finnish" },
    { "fj", "Fijian" },
    { "fo", "Faroese" },
    { "fr", "French" },
    { "fy", "Western Frisian" },
    { "ga", "Irish" },
    { "gd", "Scottish Gaelic" },
    { "gl", "Galician" },
    { "gn", "Guarani" },
    { "gu", "Gujarati" },
    { "gv", "Manx" },
    { "ha", "Hausa" },
    { "he", "Hebrew" },
    { "hi", "Hindi" },
    { "ho", "Hiri Motu" },
    { "hr", "Croatian" },
    { "ht", "Haitian Creole" },
    { "hu", "Hungarian" },
    { "hy", "Armenian" },
    { "hz", "Herero" },
    { "ia", "Interlingua" },
    { "id", "Indonesian" },
    { "ie", "Interlingue" },
    { "ig", "Igbo" },
    { "ii", "Sichuan Yi" },
    { "ik", "Inupiaq" },
    { "io", "Ido" },
    { "is", "Icelandic" },
    { "it", "Italian" },
    { "iu", "Inuktitut" },
    { "ja", "Japanese" },
    { "jv", "Javanese" },
    { "ka", "Georgian" },
    { "kg", "Kongo" },
    { "ki", "Kikuyu" },
    { "kj", "Kuanyama" },
    { "kk", "Kazakh" },
    { "kl", "Kalaallisut" },
    { "km", "Khmer" },
    { "kn", "Kannada" },
    { "ko", "Korean" },
    { "kr", "Kanuri" },
    { "ks", "Kashmiri" },
    { "ku", "Kurdish" },
    { "kv", "Komi" },
    { "kw", "Cornish" },
    { "ky", "Kyrgyz" },
    { "la", "Latin" },
    { "lb", "Luxembourgish" },
    { "lg", "Ganda" },
    { "li", "Limburgish" },
    { "ln", "Lingala" },
    { "lo", "Lao" },
    { "lt", "Lithuanian" },
    { "lu", "Luba-Katanga" },
    { "lv", "Latvian" },
    { "mg", "Malagasy" },
    { "mh", "Marshallese" },
    { "mi", "Maori" },
    { "mk", "Macedonian" },
    { "ml", "Malayalam" },
    { "mn", "Mongolian" },
    { "mr", "Marathi" },
    { "ms", "Malay" },
    { "mt", "Maltese" },
    { "my", "Burmese" },
    { "na", "Nauru" },
    { "nb", "Norwegian Bokmål" },
    { "nd", "North Ndebele" },
    { "ne", "Nepali" },
    { "ng", "Ndonga" },
    { "nl", "Dutch" },
    { "nn", "Norwegian Nynorsk" },
    { "no", "Norwegian" },
    { "nr", "South Ndebele" },
    { "nv", "Navajo" },
    { "ny", "Chichewa" },
    { "oc", "Occitan" },
    { "oj", "Ojibwa" },
    { "om", "Oromo" },
    { "or", "Oriya" },
    { "os", "Ossetian" },
    { "pa", "Punjabi" },
    { "pi", "Pali" },
    { "pl", "Polish" },
    { "ps", "Pashto" },
    { "pt", "Portuguese" },
    { "qu", "Quechua" },
    { "rm", "Romansh" },
    { "rn", "Rundi" },
    { "ro", "Romanian" },
    { "ru", "Russian" },
    { "rw", "Kinyarwanda" },
    { "sa", "Sanskrit" },
    { "sc", "Sardinian" },
    { "sd", "Sindhi" },
    { "se", "Northern Sami" },
    { "sg", "Sango" },
    { "si", "Sinhala" },
    { "sk", "Slovak" },
    { "sl", "Slovenian" },
    { "sm", "Samoan" },
    { "sn", "Shona" },
    { "so", "Somali" },
    { "sq", "Albanian" },
    { "sr", "Serbian" },
    { "ss", "Swati" },
    { "st", "Southern Sotho" },
    { "su", "Sundanese" },
    { "sv", "Swedish" },
    { "sw", "Swahili" },
    { "ta", "Tamil" },
    { "te", "Telugu" },
    { "tg", "Tajik" },
    { "th", "Thai" },
    { "ti", "Tigrinya" },
    { "tk", "Turkmen" },
    { "tl", "Tagalog" },
    { "tn", "Tswana" },
    { "to", "Tongan" },
    { "tr", "Turkish" },
    { "ts", "Tsonga" },
    { "tt", "Tatar" },
    { "tw", "Twi" },
    { "ty", "Tahitian" },
    { "ug", "Uyghur" },
    { "uk", "Ukrainian" },
    { "ur", "Urdu" },
    { "uz", "Uzbek" },
    { "ve", "Venda" },
    { "vi", "Vietnamese" },
    { "vo", "Volapük" },
    { "wa", "Walloon" },
    { "wo", "Wolof" },
    { "xh", "Xhosa" },
    { "yi", "Yiddish" },
    { "yo", "Yoruba" },
    { "za", "Zhuang" },
    { "zh", "Chinese" },
    { "zu", "Zulu" },
};

#define ISO_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* bsearch comparators: the key is a const char *, the element's first member is the code. */
static int cmp_named(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct iso_named *)elem)->code);
}

static int cmp_country(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct iso_country *)elem)->code);
}

static int cmp_currency(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct iso_currency *)elem)->code);
}

static const struct iso_named *find_named(const struct iso_named *table, size_t n,
                                          const char *code)
{
    if (code == NULL)
        return NULL;
    return bsearch(code, table, n, sizeof(table[0]), cmp_named);
}

static const struct iso_country *find_country(const char *code)
{
    if (code == NULL)
        return NULL;
    return bsearch(code, countries, ISO_COUNT(countries), sizeof(countries[0]), cmp_country);
}

static const struct iso_currency *find_currency(const char *code)
{
    if (code == NULL)
        return NULL;
    return bsearch(code, currencies, ISO_COUNT(currencies), sizeof(currencies[0]),
                   cmp_currency);
}

int iso_country_valid(const char *code)
{
    return find_country(code) != NULL;
}

int iso_currency_valid(const char *code)
{
    return find_currency(code) != NULL;
}

int iso_language_valid(const char *code)
{
    return find_named(languages, ISO_COUNT(languages), code) != NULL;
}

const char *iso_country_name(const char *code)
{
    const struct iso_country *e = find_country(code);

    return e != NULL ? e->name : NULL;
}

const char *iso_country_region(const char *code)
{
    const struct iso_country *e = find_country(code);

    return e != NULL ? region_strings[e->region] : NULL;
}

int iso_currency_minor_units(const char *code)
{
    const struct iso_currency *e = find_currency(code);

    return e != NULL ? e->minor_units : -1;
}

const char *iso_language_name(const char *code)
{
    const struct iso_named *e = find_named(languages, ISO_COUNT(languages), code);

    return e != NULL ? e->name : NULL;
}
