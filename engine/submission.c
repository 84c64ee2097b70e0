/* submission.c - validation of submitted texts and the registry write
 * protocol described in submission.h. */
#include "submission.h"
#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "registry.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const folders[] = { "cities", "solutions" };
static const char *const kinds[] = { "city", "solution" };

const char *submission_folder(const char *kind)
{
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
        if (kind && !strcmp(kind, kinds[i]))
            return folders[i];
    return NULL;
}

/* ROOT/NAME, or NAME alone for the current directory, so messages read
 * like `scd validate`'s: "cities/kampala.yaml". */
static char *path_join(const char *root, const char *name)
{
    struct strbuf sb = STRBUF_INIT;

    if (!root || !*root || !strcmp(root, "."))
        strbuf_addstr(&sb, name);
    else
        strbuf_addf(&sb, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", name);
    return strbuf_detach(&sb, NULL);
}

char *submission_file(const char *root, const char *kind, const char *object_id)
{
    struct strbuf sb = STRBUF_INIT;
    char *path;

    strbuf_addf(&sb, "%s/%s.yaml", submission_folder(kind), object_id);
    path = path_join(root, sb.buf);
    strbuf_release(&sb);
    return path;
}

struct store *submission_open_store(const char *cmd, const char *db_option, const char *root)
{
    char path[PATH_MAX];
    struct store *st = NULL;

    store_path(db_option, root, path, sizeof(path));
    if (store_open(&st, path) < 0) {
        fprintf(stderr, "scd %s: %s\n", cmd, store_errmsg(NULL));
        return NULL;
    }
    return st;
}

/* --- validation ------------------------------------------------------------- */

/* [a-z0-9][a-z0-9-]*: safe as a file name, and the schema's id format. */
static int id_is_safe(const char *s, size_t n)
{
    if (!n || n > 200 || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* The top-level id of text when it parses and looks like an id, else NULL. */
static char *peek_id(const char *text, size_t len)
{
    struct arena arena = ARENA_INIT;
    struct diag_list ignored = DIAG_LIST_INIT;
    struct doc_node *root = NULL;
    const struct doc_node *id;
    char *out = NULL;

    if (doc_load_buffer(&root, &arena, "submission", text, len, NULL, &ignored) == 0) {
        id = doc_map_get(root, "id");
        if (id && id->kind == DOC_STRING && id_is_safe(id->text, id->n))
            out = xstrndup(id->text, id->n);
    }
    diag_list_release(&ignored);
    arena_release(&arena);
    return out;
}

static void replace_all(char **s, const char *from, const char *to)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p = *s, *hit;
    size_t flen = strlen(from);

    if (!flen || !strstr(p, from))
        return;
    while ((hit = strstr(p, from))) {
        strbuf_add(&sb, p, (size_t)(hit - p));
        strbuf_addstr(&sb, to);
        p = hit + flen;
    }
    strbuf_addstr(&sb, p);
    free(*s);
    *s = strbuf_detach(&sb, NULL);
}

static int write_all(int fd, const char *text, size_t len)
{
    while (len) {
        ssize_t n = write(fd, text, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        text += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Validate text as it would be at TMP/FOLDER/NAME.yaml against root. The
 * registry code decides a file's kind by its folder, so the text is placed
 * in a temporary folder of that name; the root still supplies rules and
 * vendors. Returns the registry_load code, or SUBMISSION_ERR. */
static int validate_as(const char *root, const char *kind, const char *name, const char *display, const char *text,
                       size_t len, struct diag_list *diags, char **object_id, struct strbuf *err)
{
    const char *tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    struct strbuf dir = STRBUF_INIT, sub = STRBUF_INIT, file = STRBUF_INIT;
    struct registry reg;
    struct registry_options opts;
    const char *paths[1];
    int fd = -1, rc = SUBMISSION_ERR;

    strbuf_addf(&dir, "%s/scd-submit-XXXXXX", tmpdir);
    if (!mkdtemp(dir.buf)) {
        strbuf_addf(err, "cannot create a temporary folder in '%s': %s", tmpdir, strerror(errno));
        strbuf_release(&dir);
        return SUBMISSION_ERR;
    }
    strbuf_addf(&sub, "%s/%s", dir.buf, submission_folder(kind));
    strbuf_addf(&file, "%s/%s", sub.buf, name);
    if (mkdir(sub.buf, 0700) < 0 || (fd = open(file.buf, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0 ||
        write_all(fd, text, len) < 0) {
        strbuf_addf(err, "cannot write a temporary copy in '%s': %s", dir.buf, strerror(errno));
        goto cleanup;
    }
    close(fd);
    fd = -1;

    paths[0] = file.buf;
    opts.paths = paths;
    opts.n_paths = 1;
    rc = registry_load(&reg, root, &opts, diags);
    if (rc == 0 && object_id) {
        const char *id = NULL;
        if (!strcmp(kind, "city") && reg.n_cities == 1)
            id = reg.cities[0]->id;
        else if (!strcmp(kind, "solution") && reg.n_solutions == 1)
            id = reg.solutions[0]->id;
        if (!id || !id_is_safe(id, strlen(id))) {
            diag_add(diags, display, 1, 1, "id", "no usable id in the file");
            rc = REGISTRY_INVALID;
        } else {
            *object_id = xstrdup(id);
        }
    }
    registry_release(&reg);
    /* Name the user's file, not the temporary copy, everywhere. */
    for (size_t i = 0; i < diags->n; i++) {
        replace_all(&diags->items[i].file, file.buf, display);
        replace_all(&diags->items[i].message, file.buf, display);
    }
    if (rc == REGISTRY_USAGE)
        rc = REGISTRY_INVALID;
cleanup:
    if (fd >= 0)
        close(fd);
    unlink(file.buf);
    rmdir(sub.buf);
    rmdir(dir.buf);
    strbuf_release(&dir);
    strbuf_release(&sub);
    strbuf_release(&file);
    return rc;
}

int submission_validate(const char *root, const char *kind, const char *display, const char *text, size_t len,
                        struct diag_list *diags, char **object_id, struct strbuf *err)
{
    struct strbuf name = STRBUF_INIT;
    char *id = peek_id(text, len);
    const char *base;
    int rc;

    *object_id = NULL;
    if (!submission_folder(kind)) {
        strbuf_addf(err, "unknown kind '%s' (expected city or solution)", kind);
        free(id);
        return SUBMISSION_ERR;
    }
    /* Named after its id, as approval will name it; without a usable id the
     * user's own file name, so the validator reports the real problem. */
    base = strrchr(display, '/');
    base = base ? base + 1 : display;
    if (id)
        strbuf_addf(&name, "%s.yaml", id);
    else
        strbuf_addstr(&name, *base && *base != '.' ? base : "submission.yaml");
    rc = validate_as(root, kind, name.buf, display, text, len, diags, object_id, err);
    if (rc == REGISTRY_INVALID) {
        /* A file of the other kind fails with a page of unknown fields; say
         * what it is. */
        const char *other = !strcmp(kind, "city") ? "solution" : "city";
        struct diag_list other_diags = DIAG_LIST_INIT;
        struct strbuf other_err = STRBUF_INIT;
        if (validate_as(root, other, name.buf, display, text, len, &other_diags, NULL, &other_err) == 0)
            diag_add(diags, display, 0, 0, "",
                     "this is a %s file, not a %s file: submit it with 'scd submit %s'",
                     other, kind, other);
        diag_list_release(&other_diags);
        strbuf_release(&other_err);
        diag_sort(diags);
        rc = SUBMISSION_INVALID;
    }
    strbuf_release(&name);
    free(id);
    return rc;
}

/* --- the write protocol ------------------------------------------------------ */

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    int rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

static mode_t file_mode(void)
{
    mode_t mask = umask(0);

    umask(mask);
    return 0666 & ~mask;
}

/* Write text to a new DIR/NAME.tmp-XXXXXX, fsync it; *out is its path. */
static int write_temp(const char *target, const char *text, size_t len, char **out, struct strbuf *err)
{
    struct strbuf tmp = STRBUF_INIT;
    int fd;

    strbuf_addf(&tmp, "%s.tmp-XXXXXX", target);
    fd = mkstemp(tmp.buf);
    if (fd < 0) {
        strbuf_addf(err, "cannot create '%s': %s", tmp.buf, strerror(errno));
        strbuf_release(&tmp);
        return SUBMISSION_ERR;
    }
    if (fchmod(fd, file_mode()) < 0 || write_all(fd, text, len) < 0 || fsync(fd) < 0) {
        strbuf_addf(err, "cannot write '%s': %s", tmp.buf, strerror(errno));
        close(fd);
        unlink(tmp.buf);
        strbuf_release(&tmp);
        return SUBMISSION_ERR;
    }
    if (close(fd) < 0) {
        strbuf_addf(err, "cannot write '%s': %s", tmp.buf, strerror(errno));
        unlink(tmp.buf);
        strbuf_release(&tmp);
        return SUBMISSION_ERR;
    }
    *out = strbuf_detach(&tmp, NULL);
    return 0;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

int submission_write_file(const char *path, const char *text, size_t len, struct strbuf *err)
{
    char *tmp = NULL, *dir = dir_of(path);
    int rc = SUBMISSION_ERR;

    if (write_temp(path, text, len, &tmp, err) < 0)
        goto cleanup;
    if (rename(tmp, path) < 0) {
        strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
        unlink(tmp);
        goto cleanup;
    }
    if (fsync_dir(dir) < 0) {
        strbuf_addf(err, "cannot sync folder '%s': %s", dir, strerror(errno));
        goto cleanup;
    }
    rc = 0;
cleanup:
    free(tmp);
    free(dir);
    return rc;
}

/* A copy of src at dst (for the undo record where hard links fail). */
static int copy_file(const char *src, const char *dst)
{
    struct strbuf sb = STRBUF_INIT;
    int fd, rc = -1;

    if (strbuf_read_file(&sb, src, (size_t)1 << 30) < 0)
        return -1;
    fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, file_mode());
    if (fd >= 0) {
        rc = write_all(fd, sb.buf, sb.len) < 0 || fsync(fd) < 0 ? -1 : 0;
        if (close(fd) < 0)
            rc = -1;
    }
    strbuf_release(&sb);
    return rc;
}

static int create_marker(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0)
        return -1;
    if (fsync(fd) < 0) {
        close(fd);
        return -1;
    }
    return close(fd);
}

/* Put back what the undo record says was there before. */
static int undo(const char *file, const char *undo_path, const char *absent_path)
{
    int rc = 0;

    if (access(absent_path, F_OK) == 0) {
        if (unlink(file) < 0 && errno != ENOENT)
            rc = -1;
        if (rc == 0)
            unlink(absent_path);
    } else if (access(undo_path, F_OK) == 0) {
        /* rename() of two links to one file does nothing: then just unlink. */
        if (rename(undo_path, file) < 0)
            rc = -1;
        else
            unlink(undo_path);
    }
    return rc;
}

int submission_publish(struct store *st, const char *root, const char *kind, const char *object_id,
                       const char *text, size_t len, struct strbuf *err)
{
    char *dir = path_join(root, submission_folder(kind));
    char *file = submission_file(root, kind, object_id);
    char *tmp = NULL;
    struct strbuf undo_path = STRBUF_INIT, absent_path = STRBUF_INIT;
    struct stat stbuf;
    int rc = SUBMISSION_ERR, have_undo = 0;

    strbuf_addf(&undo_path, "%s/.%s.yaml.undo", dir, object_id);
    strbuf_addf(&absent_path, "%s/.%s.yaml.absent", dir, object_id);
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        strbuf_addf(err, "cannot create folder '%s': %s", dir, strerror(errno));
        goto fail;
    }
    /* 1. the new text, durable under a temporary name */
    if (write_temp(file, text, len, &tmp, err) < 0)
        goto fail;
    /* 2. the undo record (submission_begin removed any stale one) */
    unlink(undo_path.buf);
    unlink(absent_path.buf);
    if (lstat(file, &stbuf) == 0) {
        if (link(file, undo_path.buf) < 0 && copy_file(file, undo_path.buf) < 0) {
            strbuf_addf(err, "cannot keep the previous '%s' as '%s': %s", file, undo_path.buf, strerror(errno));
            goto fail;
        }
    } else if (errno != ENOENT || create_marker(absent_path.buf) < 0) {
        strbuf_addf(err, "cannot prepare to write '%s': %s", file, strerror(errno));
        goto fail;
    }
    have_undo = 1;
    if (fsync_dir(dir) < 0) {
        strbuf_addf(err, "cannot sync folder '%s': %s", dir, strerror(errno));
        goto fail;
    }
    /* 3. the new file in place */
    if (rename(tmp, file) < 0) {
        strbuf_addf(err, "cannot write '%s': %s", file, strerror(errno));
        goto fail;
    }
    free(tmp);
    tmp = NULL;
    if (fsync_dir(dir) < 0) {
        strbuf_addf(err, "cannot sync folder '%s': %s", dir, strerror(errno));
        goto restore;
    }
    /* 4. the commit point */
    if (store_commit(st) < 0) {
        strbuf_addstr(err, store_errmsg(st));
        goto restore;
    }
    /* 5. done: the undo record is no longer needed */
    unlink(undo_path.buf);
    unlink(absent_path.buf);
    rc = 0;
    goto cleanup;

restore:
    store_rollback(st);
    if (undo(file, undo_path.buf, absent_path.buf) < 0 || fsync_dir(dir) < 0)
        strbuf_addf(err, "; and '%s' could not be put back: 'scd check' will settle it", file);
    goto cleanup;
fail:
    store_rollback(st);
    if (tmp)
        unlink(tmp);
    if (have_undo) {
        unlink(undo_path.buf);
        unlink(absent_path.buf);
    }
cleanup:
    free(tmp);
    free(dir);
    free(file);
    strbuf_release(&undo_path);
    strbuf_release(&absent_path);
    return rc;
}

/* --- recovery ------------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && !memcmp(s + n - m, suffix, m);
}

static int is_temp_name(const char *name)
{
    return strstr(name, ".yaml.tmp-") != NULL;
}

/* ".ID.yaml.undo" / ".ID.yaml.absent" -> ID (malloc'd), else NULL. */
static char *undo_object(const char *name)
{
    static const char *const suffixes[] = { ".yaml.undo", ".yaml.absent" };

    if (name[0] != '.')
        return NULL;
    for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
        if (ends_with(name, suffixes[i]) && strlen(name) > strlen(suffixes[i]) + 1)
            return xstrndup(name + 1, strlen(name) - strlen(suffixes[i]) - 1);
    return NULL;
}

int submission_needs_recovery(const char *root)
{
    int found = 0;

    for (size_t i = 0; i < ARRAY_SIZE(folders) && !found; i++) {
        char *dir = path_join(root, folders[i]);
        DIR *d = opendir(dir);
        struct dirent *de;

        free(dir);
        if (!d)
            continue;
        while (!found && (de = readdir(d))) {
            char *id = undo_object(de->d_name);
            found = id || is_temp_name(de->d_name);
            free(id);
        }
        closedir(d);
    }
    return found;
}

/* Settle the undo record of one object: keep the file when it is the
 * latest approved text (the commit happened), else put the old one back. */
static int settle(struct store *st, const char *root, const char *kind, const char *dir, const char *id,
                  struct strbuf *what)
{
    struct store_submission sub;
    struct strbuf undo_path = STRBUF_INIT, absent_path = STRBUF_INIT;
    char *file = submission_file(root, kind, id);
    char sha[SHA256_HEX_SIZE];
    int rc, committed = 0;

    strbuf_addf(&undo_path, "%s/.%s.yaml.undo", dir, id);
    strbuf_addf(&absent_path, "%s/.%s.yaml.absent", dir, id);
    rc = store_latest_approved(st, kind, id, &sub);
    if (rc == STORE_ERR)
        goto cleanup;
    if (rc == 0) {
        committed = sha256_file_hex(file, sha) == 0 && !strcmp(sha, sub.sha256);
        store_submission_release(&sub);
    }
    rc = 0;
    if (committed) {
        unlink(undo_path.buf);
        unlink(absent_path.buf);
        strbuf_addf(what, "%s%s: kept (approval was recorded)", what->len ? "; " : "", file);
    } else {
        if (undo(file, undo_path.buf, absent_path.buf) < 0)
            rc = STORE_ERR;
        strbuf_addf(what, "%s%s: %s (approval was not recorded)", what->len ? "; " : "", file,
                    rc ? "could not be restored" : "previous text restored");
    }
cleanup:
    free(file);
    strbuf_release(&undo_path);
    strbuf_release(&absent_path);
    return rc;
}

int submission_recover(struct store *st, const char *root, FILE *log)
{
    struct strbuf what = STRBUF_INIT;
    int settled = 0, failed = 0;

    for (size_t i = 0; i < ARRAY_SIZE(folders); i++) {
        char *dir = path_join(root, folders[i]);
        DIR *d = opendir(dir);
        struct dirent *de;
        char **names = NULL;
        size_t n = 0, alloc = 0;

        if (!d) {
            free(dir);
            continue;
        }
        while ((de = readdir(d))) {
            char *id = undo_object(de->d_name);
            if (id || is_temp_name(de->d_name)) {
                ALLOC_GROW(names, n + 1, alloc);
                names[n++] = xstrdup(de->d_name);
            }
            free(id);
        }
        closedir(d);
        /* Undo records first: a temp file is only ever a leftover. */
        for (size_t j = 0; j < n; j++) {
            char *id = undo_object(names[j]);
            if (id) {
                struct strbuf p = STRBUF_INIT;
                strbuf_addf(&p, "%s/%s", dir, names[j]);
                /* .undo and .absent of one object are settled together. */
                if (access(p.buf, F_OK) == 0) {
                    if (settle(st, root, kinds[i], dir, id, &what) < 0)
                        failed = 1;
                    else
                        settled++;
                }
                strbuf_release(&p);
                free(id);
            }
        }
        for (size_t j = 0; j < n; j++) {
            if (is_temp_name(names[j])) {
                struct strbuf p = STRBUF_INIT;
                strbuf_addf(&p, "%s/%s", dir, names[j]);
                if (unlink(p.buf) == 0) {
                    strbuf_addf(&what, "%s%s: unfinished temporary file removed", what.len ? "; " : "", p.buf);
                    settled++;
                }
                strbuf_release(&p);
            }
            free(names[j]);
        }
        free(names);
        if (settled)
            fsync_dir(dir);
        free(dir);
    }
    if (settled && log)
        fprintf(log, "scd: recovered an interrupted write: %s\n", what.buf);
    if (settled && store_audit(st, NULL, "recover", NULL, what.buf) < 0)
        failed = 1;
    strbuf_release(&what);
    if (failed) {
        if (log)
            fprintf(log, "scd: could not settle an interrupted write: %s\n", store_errmsg(st));
        return SUBMISSION_ERR;
    }
    return settled;
}

int submission_begin(struct store *st, const char *root, FILE *log)
{
    if (store_begin(st) < 0)
        return SUBMISSION_ERR;
    switch (submission_recover(st, root, log)) {
    case 0:
        return 0;
    case SUBMISSION_ERR:
        store_rollback(st);
        return SUBMISSION_ERR;
    default:
        /* What recovery did stands whatever the caller does next. */
        if (store_commit(st) < 0 || store_begin(st) < 0)
            return SUBMISSION_ERR;
        return 0;
    }
}

/* --- shared by the commands ---------------------------------------------------- */

static json_t *opt_string(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *submission_json(const struct store_submission *sub, int with_body)
{
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(sub->id));
    json_object_set_new(o, "kind", opt_string(sub->kind));
    json_object_set_new(o, "object_id", opt_string(sub->object_id));
    json_object_set_new(o, "version", json_integer(sub->version));
    json_object_set_new(o, "status", opt_string(sub->status));
    json_object_set_new(o, "submitted_by", opt_string(sub->submitted_by));
    json_object_set_new(o, "submitted_at", opt_string(sub->submitted_at));
    json_object_set_new(o, "message", opt_string(sub->message));
    json_object_set_new(o, "sha256", json_string(sub->sha256));
    json_object_set_new(o, "reviewed_by", opt_string(sub->reviewed_by));
    json_object_set_new(o, "reviewed_at", opt_string(sub->reviewed_at));
    json_object_set_new(o, "reason", opt_string(sub->reason));
    if (with_body)
        json_object_set_new(o, "body", sub->body ? json_stringn(sub->body, sub->body_len) : json_null());
    return o;
}

void submission_print_json(json_t *value)
{
    json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(value);
}

int submission_parse_number(const char *s, long long *out)
{
    char *end;
    long long v;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

struct doc_node *submission_parse(struct arena *arena, const char *what, const char *text, size_t len)
{
    struct diag_list diags = DIAG_LIST_INIT;
    struct doc_node *root = NULL;

    if (doc_load_buffer(&root, arena, what, text, len, NULL, &diags) < 0) {
        diag_print_text(&diags, stderr);
        root = NULL;
    }
    diag_list_release(&diags);
    return root;
}

int submission_open_object(const char *cmd, const char *db_option, const char *root, const char *object_id,
                           const char *kind_option, struct store **st, const char **kind)
{
    *st = submission_open_store(cmd, db_option, root);
    if (!*st)
        return 3;
    return submission_resolve_kind(*st, cmd, object_id, kind_option, kind);
}

int submission_load_version(struct store *st, const char *cmd, const char *kind, const char *object_id,
                            long long version, struct store_submission *out)
{
    struct store_submission latest;
    int r = store_submission_find(st, kind, object_id, (int)version, out);

    if (r == STORE_NOTFOUND) {
        if (store_submission_find(st, kind, object_id, 0, &latest) == 0) {
            fprintf(stderr, "scd %s: %s '%s' has no version %lld (versions 1 to %d)\n", cmd, kind, object_id,
                    version, latest.version);
            store_submission_release(&latest);
        } else {
            fprintf(stderr, "scd %s: %s '%s' has no version %lld\n", cmd, kind, object_id, version);
        }
        return 1;
    }
    if (r < 0) {
        fprintf(stderr, "scd %s: %s\n", cmd, store_errmsg(st));
        return 3;
    }
    return 0;
}

int submission_resolve_kind(struct store *st, const char *cmd, const char *object_id, const char *kind_option,
                            const char **out)
{
    int found;

    if (kind_option && !submission_folder(kind_option)) {
        fprintf(stderr, "scd %s: unknown kind '%s' (expected city or solution)\n", cmd, kind_option);
        return 2;
    }
    found = store_object_kinds(st, object_id);
    if (found < 0) {
        fprintf(stderr, "scd %s: %s\n", cmd, store_errmsg(st));
        return 3;
    }
    if (kind_option) {
        if (!(found & (!strcmp(kind_option, "city") ? STORE_KIND_CITY : STORE_KIND_SOLUTION))) {
            fprintf(stderr, "scd %s: no %s '%s' in the database (never submitted)\n", cmd, kind_option, object_id);
            return 1;
        }
        *out = !strcmp(kind_option, "city") ? "city" : "solution";
        return 0;
    }
    if (!found) {
        fprintf(stderr, "scd %s: no submissions for '%s' in the database (unknown id)\n", cmd, object_id);
        return 1;
    }
    if (found == (STORE_KIND_CITY | STORE_KIND_SOLUTION)) {
        fprintf(stderr, "scd %s: '%s' is both a city and a solution id: say which with --kind\n", cmd, object_id);
        return 1;
    }
    *out = found == STORE_KIND_CITY ? "city" : "solution";
    return 0;
}
