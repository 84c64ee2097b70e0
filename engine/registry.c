/* registry.c - find the files of a registry, load them in reference order,
 * validate and bind them, and run the checks that span files. */
#include "registry.h"
#include "catalog.h"
#include "diag.h"
#include "doc.h"
#include "outline.h"
#include "schema.h"
#include "strbuf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct source {
    const char *path; /* as shown in diagnostics; in the registry arena */
    enum file_kind kind;
    int reported;     /* its problems are the user's to see */
    struct doc_node *doc;
    struct arena doc_arena; /* the document tree, freed once the file is bound */
    struct diag_list parse_diags; /* what the parsing thread found */
    size_t problems;
    int rules_kind;   /* enum rules_kind for FILE_RULES, -1 when unreadable */
};

struct loader {
    struct registry *reg;
    struct source *sources;
    size_t n, alloc;
    struct strmap defined[REF_COUNT]; /* id -> "file:line:col" where defined */
    struct strmap seen;               /* "dev:inode" -> source index + 1 */
    size_t alloc_rule_sets, alloc_vendors, alloc_cities, alloc_solutions;
    int have_taxonomy, have_kpis, have_rates;
};

const char *file_kind_name(enum file_kind kind)
{
    switch (kind) {
    case FILE_CITY: return "city profile";
    case FILE_VENDOR: return "vendor";
    case FILE_SOLUTION: return "solution package";
    case FILE_RULES: return "rule file";
    case FILE_OUTLINE: return "outline";
    default: return "unknown";
    }
}

enum file_kind registry_kind_of(const char *path)
{
    char buf[PATH_MAX];
    const char *slash, *start;
    size_t len;

    if (strlen(path) >= sizeof(buf))
        return FILE_UNKNOWN;
    strcpy(buf, path);
    len = strlen(buf);
    while (len > 1 && buf[len - 1] == '/')
        buf[--len] = '\0';
    slash = strrchr(buf, '/');
    if (!slash)
        return FILE_UNKNOWN;
    buf[slash - buf] = '\0';
    start = strrchr(buf, '/');
    start = start ? start + 1 : buf;
    if (!strcmp(start, "outlines")) {
        /* rules/outlines/: the grandparent must be the rules folder. */
        const char *parent;
        if (start == buf)
            return FILE_UNKNOWN;
        buf[start - buf - 1] = '\0';
        parent = strrchr(buf, '/');
        parent = parent ? parent + 1 : buf;
        return !strcmp(parent, "rules") ? FILE_OUTLINE : FILE_UNKNOWN;
    }
    if (!strcmp(start, "cities"))
        return FILE_CITY;
    if (!strcmp(start, "vendors"))
        return FILE_VENDOR;
    if (!strcmp(start, "solutions"))
        return FILE_SOLUTION;
    if (!strcmp(start, "rules"))
        return FILE_RULES;
    return FILE_UNKNOWN;
}

static int is_yaml_name(const char *name)
{
    size_t len = strlen(name);

    if (name[0] == '.')
        return 0;
    return (len > 5 && !strcmp(name + len - 5, ".yaml")) || (len > 4 && !strcmp(name + len - 4, ".yml"));
}

/* Each file is loaded once, however it was named: the key is its device and
 * inode (one stat, where realpath would walk every path component). A
 * folder listing knows both already and passes them in (known = 1). */
static void add_source_at(struct loader *ld, const char *path, int reported, int known, dev_t dev, ino_t ino)
{
    char key[64];
    struct stat st;
    struct source *s;
    void *existing = NULL;

    if (!known && stat(path, &st) == 0) {
        known = 1;
        dev = st.st_dev;
        ino = st.st_ino;
    }
    if (known)
        snprintf(key, sizeof(key), "%llu:%llu", (unsigned long long)dev, (unsigned long long)ino);
    else
        snprintf(key, sizeof(key), "#%zu", ld->n);
    if (strmap_get(&ld->seen, key)) {
        existing = strmap_get(&ld->seen, key);
        ld->sources[(uintptr_t)existing - 1].reported |= reported;
        return;
    }
    ALLOC_GROW(ld->sources, ld->n + 1, ld->alloc);
    s = &ld->sources[ld->n++];
    memset(s, 0, sizeof(*s));
    s->path = arena_strdup(&ld->reg->arena, path); /* model positions point at it */
    strmap_put(&ld->seen, arena_strdup(&ld->reg->arena, key), (void *)(uintptr_t)ld->n);
    s->kind = registry_kind_of(path);
    s->reported = reported;
    s->rules_kind = -1;
}

static void add_source(struct loader *ld, const char *path, int reported)
{
    add_source_at(ld, path, reported, 0, 0, 0);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct folder_entry {
    char *name;
    ino_t ino;
    int regular; /* 1 a regular file, 0 something else, -1 the listing did not say */
};

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const struct folder_entry *)a)->name, ((const struct folder_entry *)b)->name);
}

/* Every YAML file of a folder, in name order so results never depend on
 * the order the file system lists them. Missing folder: nothing. The
 * listing's own file type and inode spare a stat per file (a registry
 * holds 100,000 of them); a symbolic link or an unknown type is stat'ed. */
static void add_folder(struct loader *ld, const char *dir, int reported)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    struct folder_entry *entries = NULL;
    size_t n = 0, alloc = 0;
    struct stat dst;
    struct strbuf path = STRBUF_INIT;

    if (!d)
        return;
    if (fstat(dirfd(d), &dst) < 0) {
        closedir(d);
        return;
    }
    while ((de = readdir(d)))
        if (is_yaml_name(de->d_name)) {
            ALLOC_GROW(entries, n + 1, alloc);
            entries[n].name = xstrdup(de->d_name);
            entries[n].ino = de->d_ino;
            entries[n++].regular = de->d_type == DT_REG ? 1 : de->d_type == DT_UNKNOWN || de->d_type == DT_LNK ? -1 : 0;
        }
    closedir(d);
    if (n)
        qsort(entries, n, sizeof(*entries), compare_entries);
    for (size_t i = 0; i < n; i++) {
        struct stat st;

        strbuf_reset(&path);
        strbuf_addstr(&path, dir);
        if (dir[strlen(dir) - 1] != '/')
            strbuf_addch(&path, '/');
        strbuf_addstr(&path, entries[i].name);
        if (entries[i].regular > 0)
            add_source_at(ld, path.buf, reported, 1, dst.st_dev, entries[i].ino);
        else if (entries[i].regular < 0 && stat(path.buf, &st) == 0 && S_ISREG(st.st_mode))
            add_source_at(ld, path.buf, reported, 1, st.st_dev, st.st_ino);
        free(entries[i].name);
    }
    strbuf_release(&path);
    free(entries);
}

static char *join(const char *root, const char *name)
{
    struct strbuf sb = STRBUF_INIT;

    if (!root || !strcmp(root, "."))
        strbuf_addstr(&sb, name);
    else
        strbuf_addf(&sb, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", name);
    return strbuf_detach(&sb, NULL);
}

/* A folder named on the command line: a kind folder (cities/, ...) is
 * checked file by file; any other folder, such as a registry root, is
 * checked through the kind folders it holds, so `scd validate .` never
 * passes by checking nothing. YAML files directly inside it are still
 * loaded, to be reported as of unknown kind. */
static void add_named_folder(struct loader *ld, const char *dir)
{
    static const char *const kinds[] = { "rules", "vendors", "cities", "solutions" };
    char *probe = join(dir, "x.yaml");
    enum file_kind kind = registry_kind_of(probe);

    free(probe);
    add_folder(ld, dir, 1);
    if (kind == FILE_RULES) {
        char *sub = join(dir, "outlines");
        add_folder(ld, sub, 1);
        free(sub);
    }
    if (kind != FILE_UNKNOWN)
        return;
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        char *sub = join(dir, kinds[i]);
        add_folder(ld, sub, 1);
        free(sub);
    }
    {
        char *sub = join(dir, "rules/outlines");
        add_folder(ld, sub, 1);
        free(sub);
    }
}

/* --- references ------------------------------------------------------------ */

static const char *suggest_from_map(const struct strmap *m, const char *value, struct strbuf *out)
{
    const char **keys;
    size_t n = 0;
    const char *best;

    if (!m->n)
        return NULL;
    keys = xmalloc(m->n * sizeof(*keys));
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            keys[n++] = m->slots[i].key;
    qsort(keys, n, sizeof(*keys), compare_names); /* ties resolve the same way every run */
    best = schema_suggest(value, keys, n);
    if (best)
        strbuf_addstr(out, best);
    free(keys);
    return best;
}

static int check_ref(void *data, enum schema_ref ref, const char *scope, const char *value,
                     struct strbuf *suggestion)
{
    struct loader *ld = data;
    const struct catalog_entry *entry;
    const char *names[32];
    size_t n = 0;

    switch (ref) {
    case REF_DOMAIN:
    case REF_CAPABILITY:
    case REF_STANDARD:
        if (!ld->have_taxonomy)
            return -1;
        break;
    case REF_KPI:
        if (!ld->have_kpis)
            return -1;
        break;
    case REF_RATE:
        if (!ld->have_rates)
            return -1;
        break;
    case REF_FILTER:
    case REF_SCORER: {
        const struct catalog_entry *table = ref == REF_FILTER ? catalog_filters : catalog_scorers;
        size_t count = ref == REF_FILTER ? catalog_filter_count : catalog_scorer_count;
        if (catalog_find(table, count, value))
            return 1;
        for (size_t i = 0; i < count && n < ARRAY_SIZE(names); i++)
            names[n++] = table[i].name;
        if (schema_suggest(value, names, n))
            strbuf_addstr(suggestion, schema_suggest(value, names, n));
        return 0;
    }
    case REF_FILTER_PARAM:
    case REF_SCORER_PARAM:
        entry = ref == REF_FILTER_PARAM ? catalog_find(catalog_filters, catalog_filter_count, scope ? scope : "")
                                        : catalog_find(catalog_scorers, catalog_scorer_count, scope ? scope : "");
        if (!entry)
            return -1; /* the unknown name is reported already */
        if (catalog_find_param(entry, value))
            return 1;
        for (const struct catalog_param *p = entry->params; p->name && n < ARRAY_SIZE(names); p++)
            names[n++] = p->name;
        if (schema_suggest(value, names, n))
            strbuf_addstr(suggestion, schema_suggest(value, names, n));
        return 0;
    default:
        break;
    }
    if (strmap_has(&ld->defined[ref], value))
        return 1;
    suggest_from_map(&ld->defined[ref], value, suggestion);
    return 0;
}

static int define_id(void *data, enum schema_ref ref, const char *value, const char *file, unsigned line,
                     unsigned col, struct strbuf *previous)
{
    struct loader *ld = data;
    void *existing = NULL;
    char *where = arena_printf(&ld->reg->arena, "%s:%u:%u", file, line, col);

    if (strmap_add(&ld->defined[ref], value, where, &existing) < 0) {
        strbuf_addstr(previous, existing);
        return -1;
    }
    return 0;
}

/* --- checks across fields and files ------------------------------------------ */

static void report_at(struct loader *ld, struct source *src, struct diag_list *diags,
                      const struct doc_node *node, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void report_at(struct loader *ld, struct source *src, struct diag_list *diags,
                      const struct doc_node *node, const char *path, const char *fmt, ...)
{
    va_list ap;

    (void)ld;
    va_start(ap, fmt);
    diag_addv(diags, src->path, node ? node->line : 1, node ? node->col : 1, path, fmt, ap);
    va_end(ap);
    src->problems++;
}

/* A document's node at a dotted path of mapping keys and [i] indexes. */
static const struct doc_node *node_at(const struct doc_node *root, const char *path)
{
    const struct doc_node *node = root;
    char key[128];

    while (node && *path) {
        if (*path == '[') {
            size_t i = strtoul(path + 1, (char **)&path, 10);
            if (*path == ']')
                path++;
            node = node->kind == DOC_SEQ && i < node->n ? node->v.items[i] : NULL;
        } else {
            size_t len = strcspn(path, ".[");
            if (len >= sizeof(key))
                return NULL;
            memcpy(key, path, len);
            key[len] = '\0';
            node = doc_map_get(node, key);
            path += len;
        }
        if (*path == '.')
            path++;
    }
    return node;
}

static void check_file_name(struct loader *ld, struct source *src, struct diag_list *diags, const char *id)
{
    const char *base = strrchr(src->path, '/');
    size_t len;

    base = base ? base + 1 : src->path;
    len = strcspn(base, ".");
    if (id && (strlen(id) != len || strncmp(base, id, len)))
        report_at(ld, src, diags, node_at(src->doc, "id"), "id",
                  "id '%s' does not match the file name '%s' (name the file %s.yaml)", id, base, id);
}

static void check_cost(struct loader *ld, struct source *src, struct diag_list *diags, const struct cost *c)
{
    if (!isnan(c->capex_per_unit) && !c->unit)
        report_at(ld, src, diags, node_at(src->doc, "cost"), "cost.unit",
                  "required when capex_per_unit is given (what is one unit?)");
    if ((!isnan(c->opex_per_unit_year) || !isnan(c->units_per_100k)) && isnan(c->capex_per_unit) && !c->unit)
        report_at(ld, src, diags, node_at(src->doc, "cost"), "cost.unit",
                  "required when per-unit costs or units_per_100k are given");
}

static void check_taxonomy(struct loader *ld, struct source *src, struct diag_list *diags,
                           const struct taxonomy *t)
{
    for (size_t i = 0; i < t->domains.n; i++) {
        const struct domain *d = &t->domains.items[i];
        const char *slash = d->id ? strrchr(d->id, '/') : NULL;
        char path[64];

        if (!slash)
            continue;
        snprintf(path, sizeof(path), "domains[%zu].id", i);
        if (!strmap_getn(&ld->defined[REF_DOMAIN], d->id, (size_t)(slash - d->id)))
            report_at(ld, src, diags, node_at(src->doc, path), path, "parent domain '%.*s' is not defined",
                      (int)(slash - d->id), d->id);
    }
}

static void check_params(struct loader *ld, struct source *src, struct diag_list *diags, const char *what,
                         size_t index, const struct catalog_entry *entry,
                         const struct named_number *params, size_t n)
{
    for (size_t j = 0; entry && j < n; j++) {
        const struct catalog_param *p = params[j].name ? catalog_find_param(entry, params[j].name) : NULL;
        char path[128];

        if (!p || isnan(params[j].value) || (params[j].value >= p->min && params[j].value <= p->max))
            continue;
        snprintf(path, sizeof(path), "%s[%zu].params.%s", what, index, params[j].name);
        report_at(ld, src, diags, node_at(src->doc, path), path, "must be between %g and %g, got %g", p->min,
                  p->max, params[j].value);
    }
}

static void check_rule_set(struct loader *ld, struct source *src, struct diag_list *diags,
                           const struct rule_set *rs)
{
    double total = 0;

    for (size_t i = 0; i < rs->filters.n; i++) {
        const struct filter_rule *f = &rs->filters.items[i];
        char path[64];

        check_params(ld, src, diags, "filters", i,
                     f->name ? catalog_find(catalog_filters, catalog_filter_count, f->name) : NULL,
                     f->params.items, f->params.n);
        for (size_t j = 0; j < i; j++)
            if (f->name && rs->filters.items[j].name && !strcmp(f->name, rs->filters.items[j].name)) {
                snprintf(path, sizeof(path), "filters[%zu].name", i);
                report_at(ld, src, diags, node_at(src->doc, path), path, "filter '%s' is listed twice", f->name);
            }
        if (f->mode == FILTER_PENALTY && isnan(f->penalty)) {
            snprintf(path, sizeof(path), "filters[%zu]", i);
            report_at(ld, src, diags, node_at(src->doc, path), path, "penalty mode needs 'penalty' (points)");
        }
    }
    for (size_t i = 0; i < rs->scorers.n; i++) {
        const struct scorer_rule *s = &rs->scorers.items[i];
        char path[64];

        if (!isnan(s->weight))
            total += s->weight;
        check_params(ld, src, diags, "scorers", i,
                     s->name ? catalog_find(catalog_scorers, catalog_scorer_count, s->name) : NULL,
                     s->params.items, s->params.n);
        for (size_t j = 0; j < i; j++)
            if (s->name && rs->scorers.items[j].name && !strcmp(s->name, rs->scorers.items[j].name)) {
                snprintf(path, sizeof(path), "scorers[%zu].name", i);
                report_at(ld, src, diags, node_at(src->doc, path), path, "scorer '%s' is listed twice", s->name);
            }
    }
    if (rs->scorers.n && total <= 0)
        report_at(ld, src, diags, node_at(src->doc, "scorers"), "scorers", "weights must not all be zero");
}

/* --- loading ------------------------------------------------------------------ */

static const struct schema_object *rules_schema(int kind)
{
    switch (kind) {
    case RULES_TAXONOMY: return &schema_taxonomy;
    case RULES_KPI_CATALOGUE: return &schema_kpi_catalogue;
    case RULES_CURRENCY_RATES: return &schema_currency_rates;
    case RULES_RULE_SET: return &schema_rule_set;
    default: return NULL;
    }
}

static void read_rules_kind(struct loader *ld, struct source *src, struct diag_list *diags)
{
    const struct doc_node *kind = doc_map_get(src->doc, "kind");

    if (src->doc->kind != DOC_MAP) {
        report_at(ld, src, diags, src->doc, "", "expected a mapping with a 'kind' (taxonomy, kpi-catalogue, "
                  "currency-rates or rule-set), got %s", doc_kind_name(src->doc->kind));
        return;
    }
    for (int k = 0; k < RULES_KIND_COUNT && kind && kind->kind == DOC_STRING; k++)
        if (!strcmp(kind->text, rules_kind_names[k]))
            src->rules_kind = k;
    if (src->rules_kind < 0 && (!kind || kind->kind == DOC_NULL)) {
        report_at(ld, src, diags, kind ? kind : src->doc, "kind",
                  "missing required field (one of taxonomy, kpi-catalogue, currency-rates, rule-set)");
    } else if (src->rules_kind < 0) {
        /* Worded like the validator's enum errors: what was found, and a likely fix. */
        struct strbuf got = STRBUF_INIT;
        const char *hint = kind->kind == DOC_STRING ? schema_suggest(kind->text, rules_kind_names, RULES_KIND_COUNT)
                                                    : NULL;

        doc_describe(&got, kind);
        report_at(ld, src, diags, kind, "kind",
                  "expected one of taxonomy, kpi-catalogue, currency-rates, rule-set; got %s%s%s%s", got.buf,
                  hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
        strbuf_release(&got);
    }
}

static void *bind_source(struct loader *ld, struct source *src, const struct schema_object *schema,
                         struct diag_list *diags)
{
    struct schema_refs refs = { ld, check_ref, define_id };
    void *obj = arena_alloc(&ld->reg->arena, schema->size);

    src->problems += schema_bind(obj, schema, src->doc, src->path, &ld->reg->arena, &refs, diags);
    return obj;
}

#define APPEND(reg, field, count, obj)                                      \
    do {                                                                   \
        ALLOC_GROW((reg)->field, (reg)->count + 1, ld->alloc_##field);     \
        (reg)->field[(reg)->count++] = (obj);                              \
    } while (0)

static void bind_rules(struct loader *ld, struct source *src, struct diag_list *diags)
{
    struct registry *reg = ld->reg;
    void *obj;
    const char *dup = NULL;

    if (src->rules_kind == RULES_TAXONOMY && ld->have_taxonomy)
        dup = "taxonomy";
    else if (src->rules_kind == RULES_KPI_CATALOGUE && ld->have_kpis)
        dup = "KPI catalogue";
    else if (src->rules_kind == RULES_CURRENCY_RATES && ld->have_rates)
        dup = "currency rate table";
    if (dup) {
        report_at(ld, src, diags, doc_map_get(src->doc, "kind"), "kind",
                  "a second %s; a registry has exactly one", dup);
        return;
    }
    obj = bind_source(ld, src, rules_schema(src->rules_kind), diags);
    switch (src->rules_kind) {
    case RULES_TAXONOMY: {
        struct taxonomy *t = obj;
        ld->have_taxonomy = 1;
        check_taxonomy(ld, src, diags, t);
        if (!src->problems)
            reg->taxonomy = t;
        for (size_t i = 0; i < t->domains.n; i++) {
            struct domain *d = &t->domains.items[i];
            if (d->id)
                strmap_put(&reg->domains, d->id, d);
            for (size_t j = 0; j < d->capabilities.n; j++)
                if (d->capabilities.items[j]) {
                    strmap_put(&reg->capabilities, d->capabilities.items[j], d);
                    strmap_put(&reg->capability_domain, d->capabilities.items[j], d);
                }
        }
        for (size_t i = 0; i < t->standards.n; i++)
            if (t->standards.items[i].id)
                strmap_put(&reg->standards, t->standards.items[i].id, &t->standards.items[i]);
        break;
    }
    case RULES_KPI_CATALOGUE: {
        struct kpi_catalogue *k = obj;
        ld->have_kpis = 1;
        if (!src->problems)
            reg->kpis = k;
        for (size_t i = 0; i < k->kpis.n; i++)
            if (k->kpis.items[i].id)
                strmap_put(&reg->kpi_index, k->kpis.items[i].id, &k->kpis.items[i]);
        break;
    }
    case RULES_CURRENCY_RATES: {
        struct currency_rates *r = obj;
        ld->have_rates = 1;
        if (!src->problems)
            reg->rates = r;
        /* Rates are defined by the table itself, the base at 1. */
        if (r->base)
            strmap_put(&ld->defined[REF_RATE], r->base, (void *)"base");
        for (size_t i = 0; i < r->rates.n; i++)
            if (r->rates.items[i].currency) {
                strmap_put(&ld->defined[REF_RATE], r->rates.items[i].currency, (void *)"rate");
                strmap_put(&reg->rate_index, r->rates.items[i].currency, &r->rates.items[i]);
            }
        break;
    }
    case RULES_RULE_SET:
        check_rule_set(ld, src, diags, obj);
        if (!src->problems)
            APPEND(reg, rule_sets, n_rule_sets, (struct rule_set *)obj);
        break;
    }
}

/* Parse a source's document; NULL when it cannot be read or parsed (the
 * problem is in out). */
static struct doc_node *load_source(struct source *src, struct diag_list *out)
{
    size_t before = out->n;

    if (doc_load_file(&src->doc, &src->doc_arena, src->path, NULL, out) < 0)
        src->doc = NULL;
    src->problems += out->n - before;
    return src->doc;
}

/* Cities, vendors and solutions are parsed by two hands: a parsing thread
 * that runs up to a window of files ahead, and the binding thread itself,
 * which parses the next untaken file whenever the one it needs is still in
 * the other's hands, so neither core idles. Binding stays in file order (ids,
 * references); parsing need not. Files are taken with one atomic counter;
 * a hand sleeps only when the window is full or nothing is left to take. */
#define PARSE_WINDOW 256

struct parsing {
    struct source **order;  /* vendors, then cities, then solutions, in name order */
    size_t n;
    atomic_size_t next;     /* the first file no hand has taken */
    atomic_uchar *parsed;   /* per file: 1 once its tree is ready */
    atomic_size_t bound;    /* files bound so far */
    atomic_size_t binder_waits_for;  /* file the binder sleeps on, or SIZE_MAX */
    atomic_size_t parser_waits_for;  /* file the parser sleeps before, or SIZE_MAX */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    int threaded;
};

static void wake(struct parsing *ps)
{
    pthread_mutex_lock(&ps->lock);
    pthread_cond_broadcast(&ps->cond);
    pthread_mutex_unlock(&ps->lock);
}

static void parse_one(struct parsing *ps, size_t i)
{
    struct source *src = ps->order[i];

    if (doc_load_file(&src->doc, &src->doc_arena, src->path, NULL, &src->parse_diags) < 0)
        src->doc = NULL;
    atomic_store(&ps->parsed[i], 1);
    if (atomic_load(&ps->binder_waits_for) == i)
        wake(ps);
}

/* Take the next file if the window allows; SIZE_MAX when it does not or
 * none is left. */
static size_t take(struct parsing *ps)
{
    size_t i = atomic_load(&ps->next);

    while (i < ps->n && i < atomic_load(&ps->bound) + PARSE_WINDOW)
        if (atomic_compare_exchange_weak(&ps->next, &i, i + 1))
            return i;
    return SIZE_MAX;
}

static void *parsing_thread(void *arg)
{
    struct parsing *ps = arg;

    while (atomic_load(&ps->next) < ps->n) {
        size_t i = take(ps);

        if (i != SIZE_MAX) {
            parse_one(ps, i);
            continue;
        }
        /* The window is full: sleep until the binder has used half of it. */
        pthread_mutex_lock(&ps->lock);
        i = atomic_load(&ps->next);
        atomic_store(&ps->parser_waits_for, i);
        while (i < ps->n && i >= atomic_load(&ps->bound) + PARSE_WINDOW / 2)
            pthread_cond_wait(&ps->cond, &ps->lock);
        atomic_store(&ps->parser_waits_for, SIZE_MAX);
        pthread_mutex_unlock(&ps->lock);
    }
    return NULL;
}

static void parsing_start(struct parsing *ps, struct loader *ld)
{
    static const enum file_kind kinds[] = { FILE_VENDOR, FILE_CITY, FILE_SOLUTION };

    memset(ps, 0, sizeof(*ps));
    ps->order = xcalloc(ld->n + 1, sizeof(*ps->order));
    for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
        for (size_t i = 0; i < ld->n; i++)
            if (ld->sources[i].kind == kinds[k])
                ps->order[ps->n++] = &ld->sources[i];
    ps->parsed = xcalloc(ps->n + 1, sizeof(*ps->parsed));
    atomic_init(&ps->next, 0);
    atomic_init(&ps->bound, 0);
    atomic_init(&ps->binder_waits_for, SIZE_MAX);
    atomic_init(&ps->parser_waits_for, SIZE_MAX);
    pthread_mutex_init(&ps->lock, NULL);
    pthread_cond_init(&ps->cond, NULL);
    /* A handful of files is not worth a thread. */
    ps->threaded = ps->n > 16 && pthread_create(&ps->thread, NULL, parsing_thread, ps) == 0;
}

/* The binder's side: file i parsed, by whichever hand. */
static struct source *parsing_wait_for(struct parsing *ps, size_t i)
{
    while (!atomic_load(&ps->parsed[i])) {
        size_t j = take(ps);

        if (j != SIZE_MAX) {
            parse_one(ps, j); /* i itself, or one ahead while the parser has i */
            continue;
        }
        pthread_mutex_lock(&ps->lock);
        atomic_store(&ps->binder_waits_for, i);
        while (!atomic_load(&ps->parsed[i]))
            pthread_cond_wait(&ps->cond, &ps->lock);
        atomic_store(&ps->binder_waits_for, SIZE_MAX);
        pthread_mutex_unlock(&ps->lock);
    }
    return ps->order[i];
}

static void parsing_bound(struct parsing *ps, size_t i)
{
    size_t waits;

    atomic_store(&ps->bound, i + 1);
    waits = atomic_load(&ps->parser_waits_for);
    if (waits != SIZE_MAX && waits < i + 1 + PARSE_WINDOW / 2)
        wake(ps);
}

static void parsing_finish(struct parsing *ps)
{
    if (ps->threaded)
        pthread_join(ps->thread, NULL);
    pthread_mutex_destroy(&ps->lock);
    pthread_cond_destroy(&ps->cond);
    free(ps->parsed);
    free(ps->order);
}

static void bind_all(struct loader *ld, struct diag_list *diags, struct diag_list *context_diags)
{
    struct registry *reg = ld->reg;

    int named[RULES_KIND_COUNT] = { 0 };

    /* A rule file named on the command line stands in for the root's file
     * of the same kind, so a new taxonomy can be checked before it lands. */
    for (size_t i = 0; i < ld->n; i++)
        if (ld->sources[i].kind == FILE_RULES && ld->sources[i].reported && ld->sources[i].rules_kind >= 0 &&
            ld->sources[i].rules_kind != RULES_RULE_SET)
            named[ld->sources[i].rules_kind] = 1;
    /* Rules in reference order: the taxonomy first, rule sets last. */
    for (int order = 0; order < RULES_KIND_COUNT; order++)
        for (size_t i = 0; i < ld->n; i++) {
            struct source *src = &ld->sources[i];
            if (src->kind != FILE_RULES || !src->doc || src->rules_kind != order ||
                (named[order] && !src->reported))
                continue;
            bind_rules(ld, src, src->reported ? diags : context_diags);
        }
    struct parsing ps;

    parsing_start(&ps, ld);
    for (size_t i = 0; i < ps.n; i++) {
        struct source *src = parsing_wait_for(&ps, i);
        struct diag_list *out = src->reported ? diags : context_diags;

        for (size_t k = 0; k < src->parse_diags.n; k++) {
            const struct diag *d = &src->parse_diags.items[k];
            diag_add(out, d->file, d->line, d->col, d->path, "%s", d->message);
        }
        src->problems += src->parse_diags.n;
        diag_list_release(&src->parse_diags);
        if (src->doc && src->kind == FILE_VENDOR) {
            struct vendor *v = bind_source(ld, src, &schema_vendor, out);
            check_file_name(ld, src, out, v->id);
            if (!src->problems) {
                APPEND(reg, vendors, n_vendors, v);
                strmap_put(&reg->vendor_index, v->id, v);
            }
        } else if (src->doc && src->kind == FILE_CITY) {
            struct city *c;
            strmap_release(&ld->defined[REF_PROBLEM]); /* problem ids are per city */
            c = bind_source(ld, src, &schema_city, out);
            check_file_name(ld, src, out, c->id);
            if (!src->problems) {
                APPEND(reg, cities, n_cities, c);
                strmap_put(&reg->city_index, c->id, c);
            }
        } else if (src->doc) {
            struct solution *s = bind_source(ld, src, &schema_solution, out);
            check_file_name(ld, src, out, s->id);
            check_cost(ld, src, out, &s->cost);
            if (!src->problems) {
                APPEND(reg, solutions, n_solutions, s);
                strmap_put(&reg->solution_index, s->id, s);
            }
        }
        arena_release(&src->doc_arena);
        src->doc = NULL;
        parsing_bound(&ps, i);
    }
    parsing_finish(&ps);
    /* Outlines are checked, not kept: a stage command loads the one it needs. */
    for (size_t i = 0; i < ld->n; i++) {
        struct source *src = &ld->sources[i];
        struct outline outline;

        if (src->kind == FILE_OUTLINE && src->doc)
            src->problems += outline_bind(&outline, src->doc, src->path, &reg->arena,
                                          src->reported ? diags : context_diags);
    }
}

int registry_load(struct registry *reg, const char *root, const struct registry_options *opts,
                  struct diag_list *diags)
{
    static const char *const folders[] = { "rules", "vendors", "cities", "solutions" };
    struct loader ld;
    struct diag_list context_diags = DIAG_LIST_INIT;
    int whole = !opts || !opts->n_paths;
    int rc = 0;

    memset(reg, 0, sizeof(*reg));
    arena_init(&reg->arena);
    reg->root = arena_strdup(&reg->arena, root ? root : ".");
    memset(&ld, 0, sizeof(ld));
    ld.reg = reg;

    {
        struct stat rst;
        if (stat(root ? root : ".", &rst) < 0 || !S_ISDIR(rst.st_mode)) {
            diag_add(diags, root ? root : ".", 0, 0, "", "registry root '%s' is not a folder",
                     root ? root : ".");
            return REGISTRY_USAGE;
        }
    }
    /* The root's rules and vendors are always the context of a check. */
    for (size_t i = 0; i < ARRAY_SIZE(folders); i++) {
        char *dir = join(root, folders[i]);
        if (whole || i < 2)
            add_folder(&ld, dir, whole);
        free(dir);
    }
    if (whole) {
        char *dir = join(root, "rules/outlines");
        add_folder(&ld, dir, 1);
        free(dir);
    }
    for (size_t i = 0; !whole && i < opts->n_paths; i++) {
        const char *p = opts->paths[i];
        struct stat st;

        if (stat(p, &st) < 0) {
            diag_add(diags, p, 0, 0, "", "cannot open '%s': %s", p, strerror(errno));
            rc = REGISTRY_USAGE;
        } else if (S_ISDIR(st.st_mode)) {
            add_named_folder(&ld, p);
        } else {
            add_source(&ld, p, 1);
        }
    }
    {
        /* Also when files are named: without the root's rules their domains,
         * KPIs and currencies would pass unchecked. */
        char *dir = join(root, "rules");
        struct stat st;
        if (stat(dir, &st) < 0)
            diag_add(diags, dir, 0, 0, "", "no rules folder: is '%s' a registry root? (use --root DIR)",
                     root ? root : ".");
        free(dir);
    }

    for (size_t i = 0; i < ld.n; i++) {
        struct source *src = &ld.sources[i];
        struct diag_list *out = src->reported ? diags : &context_diags;

        if (src->kind == FILE_UNKNOWN) {
            diag_add(out, src->path, 0, 0, "", "cannot tell what kind of file this is: put it in a folder "
                     "named cities/, solutions/, vendors/, rules/ or rules/outlines/");
            src->problems++;
            continue;
        }
        arena_init(&src->doc_arena);
        reg->files_loaded++;
        /* Cities, vendors and solutions are parsed when they are bound, one
         * at a time, so only one document tree is alive at once. */
        if (src->kind == FILE_CITY || src->kind == FILE_VENDOR || src->kind == FILE_SOLUTION)
            continue;
        load_source(src, out);
        if (src->kind == FILE_RULES && src->doc)
            read_rules_kind(&ld, src, out);
    }
    bind_all(&ld, diags, &context_diags);

    if (whole) {
        if (!ld.have_taxonomy)
            diag_add(diags, "rules", 0, 0, "", "no taxonomy (a rules/*.yaml file with kind: taxonomy)");
        if (!ld.have_kpis)
            diag_add(diags, "rules", 0, 0, "", "no KPI catalogue (a rules/*.yaml file with kind: kpi-catalogue)");
        if (!ld.have_rates)
            diag_add(diags, "rules", 0, 0, "", "no currency rates (a rules/*.yaml file with kind: currency-rates)");
        if (!reg->n_rule_sets)
            diag_add(diags, "rules", 0, 0, "", "no valid rule set (a rules/*.yaml file with kind: rule-set)");
    }
    for (size_t i = 0; i < ld.n; i++) {
        if (ld.sources[i].problems && ld.sources[i].reported)
            reg->files_invalid++;
        arena_release(&ld.sources[i].doc_arena);
    }
    free(ld.sources);
    for (size_t i = 0; i < REF_COUNT; i++)
        strmap_release(&ld.defined[i]);
    strmap_release(&ld.seen);
    diag_list_release(&context_diags);
    diag_sort(diags);
    if (rc)
        return rc;
    return diags->n ? REGISTRY_INVALID : 0;
}

void registry_release(struct registry *reg)
{
    free(reg->rule_sets);
    free(reg->vendors);
    free(reg->cities);
    free(reg->solutions);
    strmap_release(&reg->domains);
    strmap_release(&reg->capabilities);
    strmap_release(&reg->kpi_index);
    strmap_release(&reg->standards);
    strmap_release(&reg->vendor_index);
    strmap_release(&reg->city_index);
    strmap_release(&reg->solution_index);
    strmap_release(&reg->rate_index);
    strmap_release(&reg->capability_domain);
    arena_release(&reg->arena);
    memset(reg, 0, sizeof(*reg));
}

const struct city *registry_city(const struct registry *reg, const char *id)
{
    return strmap_get(&reg->city_index, id);
}

const struct solution *registry_solution(const struct registry *reg, const char *id)
{
    return strmap_get(&reg->solution_index, id);
}

const struct vendor *registry_vendor(const struct registry *reg, const char *id)
{
    return strmap_get(&reg->vendor_index, id);
}

const struct domain *registry_domain(const struct registry *reg, const char *id)
{
    return strmap_get(&reg->domains, id);
}

const struct kpi_def *registry_kpi(const struct registry *reg, const char *id)
{
    return strmap_get(&reg->kpi_index, id);
}

const struct rule_set *registry_rule_set(const struct registry *reg, const char *id)
{
    for (size_t i = 0; i < reg->n_rule_sets; i++)
        if (!strcmp(reg->rule_sets[i]->id, id ? id : "default"))
            return reg->rule_sets[i];
    return !id && reg->n_rule_sets ? reg->rule_sets[0] : NULL;
}

double registry_to_base(const struct registry *reg, double amount, const char *currency)
{
    const struct currency_rate *r;

    if (!reg->rates || !currency)
        return NAN;
    if (!strcmp(currency, reg->rates->base))
        return amount;
    r = strmap_get(&reg->rate_index, currency);
    return r ? amount / r->per_base : NAN;
}

double registry_from_base(const struct registry *reg, double amount, const char *currency)
{
    const struct currency_rate *r;

    if (!reg->rates || !currency)
        return NAN;
    if (!strcmp(currency, reg->rates->base))
        return amount;
    r = strmap_get(&reg->rate_index, currency);
    return r ? amount * r->per_base : NAN;
}

int registry_load_rule_set(struct registry *reg, const char *path, const struct rule_set **out,
                           struct diag_list *diags)
{
    struct loader ld;
    struct source src;
    size_t before = diags->n;
    int rc = 0;

    *out = NULL;
    memset(&ld, 0, sizeof(ld));
    memset(&src, 0, sizeof(src));
    ld.reg = reg;
    ld.have_rates = reg->rates != NULL;
    if (reg->rates) {
        strmap_put(&ld.defined[REF_RATE], reg->rates->base, (void *)"base");
        for (size_t i = 0; i < reg->rates->rates.n; i++)
            strmap_put(&ld.defined[REF_RATE], reg->rates->rates.items[i].currency, (void *)"rate");
    }
    src.path = arena_strdup(&reg->arena, path);
    src.kind = FILE_RULES;
    src.reported = 1;
    src.rules_kind = -1;
    arena_init(&src.doc_arena);
    if (doc_load_file(&src.doc, &src.doc_arena, path, NULL, diags) < 0) {
        rc = diags->n > before && diags->items[before].line == 0 ? REGISTRY_USAGE : REGISTRY_INVALID;
        goto cleanup;
    }
    read_rules_kind(&ld, &src, diags);
    if (src.rules_kind >= 0 && src.rules_kind != RULES_RULE_SET)
        report_at(&ld, &src, diags, doc_map_get(src.doc, "kind"), "kind",
                  "expected a rule set (kind: rule-set), got a %s", rules_kind_names[src.rules_kind]);
    if (diags->n == before) {
        struct rule_set *rs = bind_source(&ld, &src, &schema_rule_set, diags);
        check_rule_set(&ld, &src, diags, rs);
        if (diags->n == before)
            *out = rs;
    }
    rc = diags->n == before ? 0 : REGISTRY_INVALID;
cleanup:
    arena_release(&src.doc_arena);
    for (size_t i = 0; i < REF_COUNT; i++)
        strmap_release(&ld.defined[i]);
    diag_sort(diags);
    return rc;
}
