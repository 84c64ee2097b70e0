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

/* ISO 3166-1 alpha-2: the 249 officially assigned codes (no user-assigned XK),
   with common English short names. */
static const struct iso_named countries[] = {
    { "AD", "Andorra" },
    { "AE", "United Arab Emirates" },
    { "AF", "Afghanistan" },
    { "AG", "Antigua and Barbuda" },
    { "AI", "Anguilla" },
    { "AL", "Albania" },
    { "AM", "Armenia" },
    { "AO", "Angola" },
    { "AQ", "Antarctica" },
    { "AR", "Argentina" },
    { "AS", "American Samoa" },
    { "AT", "Austria" },
    { "AU", "Australia" },
    { "AW", "Aruba" },
    { "AX", "Åland Islands" },
    { "AZ", "Azerbaijan" },
    { "BA", "Bosnia and Herzegovina" },
    { "BB", "Barbados" },
    { "BD", "Bangladesh" },
    { "BE", "Belgium" },
    { "BF", "Burkina Faso" },
    { "BG", "Bulgaria" },
    { "BH", "Bahrain" },
    { "BI", "Burundi" },
    { "BJ", "Benin" },
    { "BL", "Saint Barthélemy" },
    { "BM", "Bermuda" },
    { "BN", "Brunei" },
    { "BO", "Bolivia" },
    { "BQ", "Bonaire, Sint Eustatius and Saba" },
    { "BR", "Brazil" },
    { "BS", "Bahamas" },
    { "BT", "Bhutan" },
    { "BV", "Bouvet Island" },
    { "BW", "Botswana" },
    { "BY", "Belarus" },
    { "BZ", "Belize" },
    { "CA", "Canada" },
    { "CC", "Cocos (Keeling) Islands" },
    { "CD", "Democratic Republic of the Congo" },
    { "CF", "Central African Republic" },
    { "CG", "Republic of the Congo" },
    { "CH", "Switzerland" },
    { "CI", "Côte d'Ivoire" },
    { "CK", "Cook Islands" },
    { "CL", "Chile" },
    { "CM", "Cameroon" },
    { "CN", "China" },
    { "CO", "Colombia" },
    { "CR", "Costa Rica" },
    { "CU", "Cuba" },
    { "CV", "Cabo Verde" },
    { "CW", "Curaçao" },
    { "CX", "Christmas Island" },
    { "CY", "Cyprus" },
    { "CZ", "Czechia" },
    { "DE", "Germany" },
    { "DJ", "Djibouti" },
    { "DK", "Denmark" },
    { "DM", "Dominica" },
    { "DO", "Dominican Republic" },
    { "DZ", "Algeria" },
    { "EC", "Ecuador" },
    { "EE", "Estonia" },
    { "EG", "Egypt" },
    { "EH", "Western Sahara" },
    { "ER", "Eritrea" },
    { "ES", "Spain" },
    { "ET", "Ethiopia" },
    { "FI", "Finland" },
    { "FJ", "Fiji" },
    { "FK", "Falkland Islands" },
    { "FM", "Micronesia" },
    { "FO", "Faroe Islands" },
    { "FR", "France" },
    { "GA", "Gabon" },
    { "GB", "United Kingdom" },
    { "GD", "Grenada" },
    { "GE", "Georgia" },
    { "GF", "French Guiana" },
    { "GG", "Guernsey" },
    { "GH", "Ghana" },
    { "GI", "Gibraltar" },
    { "GL", "Greenland" },
    { "GM", "Gambia" },
    { "GN", "Guinea" },
    { "GP", "Guadeloupe" },
    { "GQ", "Equatorial Guinea" },
    { "GR", "Greece" },
    { "GS", "South Georgia and the South Sandwich Islands" },
    { "GT", "Guatemala" },
    { "GU", "Guam" },
    { "GW", "Guinea-Bissau" },
    { "GY", "Guyana" },
    { "HK", "Hong Kong" },
    { "HM", "Heard Island and McDonald Islands" },
    { "HN", "Honduras" },
    { "HR", "Croatia" },
    { "HT", "Haiti" },
    { "HU", "Hungary" },
    { "ID", "Indonesia" },
    { "IE", "Ireland" },
    { "IL", "Israel" },
    { "IM", "Isle of Man" },
    { "IN", "India" },
    { "IO", "British Indian Ocean Territory" },
    { "IQ", "Iraq" },
    { "IR", "Iran" },
    { "IS", "Iceland" },
    { "IT", "Italy" },
    { "JE", "Jersey" },
    { "JM", "Jamaica" },
    { "JO", "Jordan" },
    { "JP", "Japan" },
    { "KE", "Kenya" },
    { "KG", "Kyrgyzstan" },
    { "KH", "Cambodia" },
    { "KI", "Kiribati" },
    { "KM", "Comoros" },
    { "KN", "Saint Kitts and Nevis" },
    { "KP", "North Korea" },
    { "KR", "South Korea" },
    { "KW", "Kuwait" },
    { "KY", "Cayman Islands" },
    { "KZ", "Kazakhstan" },
    { "LA", "Laos" },
    { "LB", "Lebanon" },
    { "LC", "Saint Lucia" },
    { "LI", "Liechtenstein" },
    { "LK", "Sri Lanka" },
    { "LR", "Liberia" },
    { "LS", "Lesotho" },
    { "LT", "Lithuania" },
    { "LU", "Luxembourg" },
    { "LV", "Latvia" },
    { "LY", "Libya" },
    { "MA", "Morocco" },
    { "MC", "Monaco" },
    { "MD", "Moldova" },
    { "ME", "Montenegro" },
    { "MF", "Saint Martin" },
    { "MG", "Madagascar" },
    { "MH", "Marshall Islands" },
    { "MK", "North Macedonia" },
    { "ML", "Mali" },
    { "MM", "Myanmar" },
    { "MN", "Mongolia" },
    { "MO", "Macao" },
    { "MP", "Northern Mariana Islands" },
    { "MQ", "Martinique" },
    { "MR", "Mauritania" },
    { "MS", "Montserrat" },
    { "MT", "Malta" },
    { "MU", "Mauritius" },
    { "MV", "Maldives" },
    { "MW", "Malawi" },
    { "MX", "Mexico" },
    { "MY", "Malaysia" },
    { "MZ", "Mozambique" },
    { "NA", "Namibia" },
    { "NC", "New Caledonia" },
    { "NE", "Niger" },
    { "NF", "Norfolk Island" },
    { "NG", "Nigeria" },
    { "NI", "Nicaragua" },
    { "NL", "Netherlands" },
    { "NO", "Norway" },
    { "NP", "Nepal" },
    { "NR", "Nauru" },
    { "NU", "Niue" },
    { "NZ", "New Zealand" },
    { "OM", "Oman" },
    { "PA", "Panama" },
    { "PE", "Peru" },
    { "PF", "French Polynesia" },
    { "PG", "Papua New Guinea" },
    { "PH", "Philippines" },
    { "PK", "Pakistan" },
    { "PL", "Poland" },
    { "PM", "Saint Pierre and Miquelon" },
    { "PN", "Pitcairn Islands" },
    { "PR", "Puerto Rico" },
    { "PS", "Palestine" },
    { "PT", "Portugal" },
    { "PW", "Palau" },
    { "PY", "Paraguay" },
    { "QA", "Qatar" },
    { "RE", "Réunion" },
    { "RO", "Romania" },
    { "RS", "Serbia" },
    { "RU", "Russia" },
    { "RW", "Rwanda" },
    { "SA", "Saudi Arabia" },
    { "SB", "Solomon Islands" },
    { "SC", "Seychelles" },
    { "SD", "Sudan" },
    { "SE", "Sweden" },
    { "SG", "Singapore" },
    { "SH", "Saint Helena, Ascension and Tristan da Cunha" },
    { "SI", "Slovenia" },
    { "SJ", "Svalbard and Jan Mayen" },
    { "SK", "Slovakia" },
    { "SL", "Sierra Leone" },
    { "SM", "San Marino" },
    { "SN", "Senegal" },
    { "SO", "Somalia" },
    { "SR", "Suriname" },
    { "SS", "South Sudan" },
    { "ST", "Sao Tome and Principe" },
    { "SV", "El Salvador" },
    { "SX", "Sint Maarten" },
    { "SY", "Syria" },
    { "SZ", "Eswatini" },
    { "TC", "Turks and Caicos Islands" },
    { "TD", "Chad" },
    { "TF", "French Southern Territories" },
    { "TG", "Togo" },
    { "TH", "Thailand" },
    { "TJ", "Tajikistan" },
    { "TK", "Tokelau" },
    { "TL", "Timor-Leste" },
    { "TM", "Turkmenistan" },
    { "TN", "Tunisia" },
    { "TO", "Tonga" },
    { "TR", "Türkiye" },
    { "TT", "Trinidad and Tobago" },
    { "TV", "Tuvalu" },
    { "TW", "Taiwan" },
    { "TZ", "Tanzania" },
    { "UA", "Ukraine" },
    { "UG", "Uganda" },
    { "UM", "United States Minor Outlying Islands" },
    { "US", "United States" },
    { "UY", "Uruguay" },
    { "UZ", "Uzbekistan" },
    { "VA", "Vatican City" },
    { "VC", "Saint Vincent and the Grenadines" },
    { "VE", "Venezuela" },
    { "VG", "British Virgin Islands" },
    { "VI", "U.S. Virgin Islands" },
    { "VN", "Vietnam" },
    { "VU", "Vanuatu" },
    { "WF", "Wallis and Futuna" },
    { "WS", "Samoa" },
    { "YE", "Yemen" },
    { "YT", "Mayotte" },
    { "ZA", "South Africa" },
    { "ZM", "Zambia" },
    { "ZW", "Zimbabwe" },
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

static const struct iso_currency *find_currency(const char *code)
{
    if (code == NULL)
        return NULL;
    return bsearch(code, currencies, ISO_COUNT(currencies), sizeof(currencies[0]),
                   cmp_currency);
}

int iso_country_valid(const char *code)
{
    return find_named(countries, ISO_COUNT(countries), code) != NULL;
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
    const struct iso_named *e = find_named(countries, ISO_COUNT(countries), code);

    return e != NULL ? e->name : NULL;
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
