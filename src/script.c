/* script.c: finding and reading Alembic revision files without Python.
 *
 * A file is tokenized once; its module-level assignments give the revision
 * identifiers and its upgrade() body goes to ops.c. Nothing is evaluated:
 * the four identifier variables must be literals, which is what Alembic's
 * templates write. */
#include "script.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exitcode.h"
#include "log.h"
#include "pytok.h"
#include "util.h"

#define DISCOVERY_MAX_DEPTH 64
#define LITERAL_MAX_ITEMS 4096

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void revision_free(struct revision *r)
{
    free(r->id);
    free_list(r->down_revisions, r->n_down);
    free_list(r->depends_on, r->n_depends);
    free_list(r->branch_labels, r->n_labels);
    free(r->path);
    free(r->doc);
    upgrade_effects_free(&r->effects);
    memset(r, 0, sizeof *r);
}

void script_set_free(struct script_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        revision_free(&s->revs[i]);
    free(s->revs);
    memset(s, 0, sizeof *s);
}

/* The end of a simple statement: `;` or the end of the logical line. */
static int is_statement_end(const struct token *t)
{
    return t->kind == TOK_NEWLINE || t->kind == TOK_END || tok_is_op(t, ";");
}

/* A literal value: None, a string (adjacent literals concatenated), or a
 * tuple/list of strings, possibly a bare tuple `"a", "b"`. Reads tokens
 * from *i up to the statement's end or, for one element of an unpacking
 * (element set), up to its comma, where *i is left. Returns 0 and fills
 * items (NULL-terminated; None gives an empty list with *is_none set), or
 * -1. */
static int read_literal(const struct token_list *tl, size_t *i, int element, char ***items, size_t *n,
                        int *is_none)
{
    size_t k = *i;
    *items = xcalloc(1, sizeof **items);
    *n = 0;
    *is_none = 0;
    size_t cap = 1;
    const struct token *t = &tl->t[k];
    if (tok_is_name(t, "None") && (is_statement_end(&tl->t[k + 1]) || (element && tok_is_op(&tl->t[k + 1], ",")))) {
        *is_none = 1;
        *i = k + 1;
        return 0;
    }
    int bracketed = tok_is_op(t, "(") || tok_is_op(t, "[");
    const char *close = tok_is_op(t, "(") ? ")" : "]";
    if (bracketed)
        k++;
    for (;;) {
        t = &tl->t[k];
        if (bracketed && tok_is_op(t, close)) {
            k++;
            break;
        }
        if (t->kind != TOK_STRING || !t->value || (t->flags & (TOKF_FSTRING | TOKF_BYTES)))
            goto bad;
        struct strbuf b = {0};
        sb_appendn(&b, "", 0);
        while (tl->t[k].kind == TOK_STRING) {
            if (!tl->t[k].value || (tl->t[k].flags & (TOKF_FSTRING | TOKF_BYTES))) {
                sb_free(&b);
                goto bad;
            }
            if (memchr(tl->t[k].value, '\0', tl->t[k].value_len)) {
                sb_free(&b);
                goto bad;
            }
            sb_append(&b, tl->t[k].value);
            k++;
        }
        if (*n >= LITERAL_MAX_ITEMS) {
            sb_free(&b);
            goto bad;
        }
        xgrow(items, &cap, *n + 2, sizeof **items);
        (*items)[(*n)++] = sb_take(&b);
        (*items)[*n] = NULL;
        t = &tl->t[k];
        if (tok_is_op(t, ",")) {
            if (element && !bracketed)
                break; /* the unpacking's comma */
            k++;
            if (!bracketed && is_statement_end(&tl->t[k]))
                break;
            continue;
        }
        if (bracketed) {
            if (!tok_is_op(t, close))
                goto bad;
            continue;
        }
        break;
    }
    if (!is_statement_end(&tl->t[k]) && !(element && tok_is_op(&tl->t[k], ",")))
        goto bad;
    *i = k;
    return 0;
bad:
    free_list(*items, *n);
    *items = NULL;
    *n = 0;
    return -1;
}

/* Skips to the token after the NEWLINE ending the statement at *i, and over
 * any indented block it opens. */
static size_t next_statement(const struct token_list *tl, size_t i)
{
    while (tl->t[i].kind != TOK_NEWLINE && tl->t[i].kind != TOK_END)
        i++;
    if (tl->t[i].kind == TOK_NEWLINE)
        i++;
    if (tl->t[i].kind == TOK_INDENT) {
        int depth = 0;
        for (; tl->t[i].kind != TOK_END; i++) {
            if (tl->t[i].kind == TOK_INDENT)
                depth++;
            else if (tl->t[i].kind == TOK_DEDENT && --depth == 0) {
                i++;
                break;
            }
        }
    }
    return i;
}

/* The token ending the simple statement at i: its `;` at bracket depth 0,
 * or the end of the logical line (brackets never hold one). */
static size_t simple_statement_end(const struct token_list *tl, size_t i)
{
    int depth = 0;
    for (; tl->t[i].kind != TOK_END && tl->t[i].kind != TOK_NEWLINE; i++) {
        const struct token *t = &tl->t[i];
        if (t->kind != TOK_OP || t->len != 1)
            continue; /* every line of every script passes here: one test for most tokens */
        char c = t->start[0];
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}')
            depth--;
        else if (c == ';' && depth == 0)
            break;
    }
    return i;
}

/* A compound statement: what its first line holds after the colon is in
 * its block, `;` or not. */
static int starts_compound(const struct token *t)
{
    static const char *const keywords[] = {"if", "elif", "else", "for", "while", "with", "try", "except",
                                           "finally", "def", "class", "async", "match"};
    if (t->kind != TOK_NAME)
        return tok_is_op(t, "@");
    if (!strchr("iefwtdcam", t->start[0]))
        return 0; /* no keyword starts so: most lines are assignments and imports */
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (tok_is_name(t, keywords[k]))
            return 1;
    return 0;
}

static const char *const header_names[] = {"revision", "down_revision", "branch_labels", "depends_on"};
#define HEADER_TARGETS_MAX 8

static int header_index(const struct token *t)
{
    for (int k = 0; k < 4; k++)
        if (tok_is_name(t, header_names[k]))
            return k;
    return -1;
}

/* One value read for header variable `which` (items NULL: not a literal). */
static int set_header(const char *path, int line, int which, char **items, size_t n, int is_none,
                      struct revision *out, int *have_revision, char *err, size_t errlen)
{
    if (!items && which == 2) {
        /* Labels name branches but do not shape the graph. */
        free_list(out->branch_labels, out->n_labels);
        out->branch_labels = NULL;
        out->n_labels = 0;
        out->labels_unread_line = line;
        return 0;
    }
    if (!items) {
        snprintf(err, errlen, "%s:%d: %s is not a literal (None, a string, or a tuple or list of strings)", path,
                 line, header_names[which]);
        return EXIT_INVALID_SCRIPTS;
    }
    if (which == 0) {
        if (is_none || n != 1) {
            snprintf(err, errlen, "%s:%d: revision must be one string", path, line);
            free_list(items, n);
            return EXIT_INVALID_SCRIPTS;
        }
        free(out->id);
        out->id = xstrdup(items[0]);
        out->revision_line = line;
        *have_revision = 1;
        free_list(items, n);
    } else if (which == 1) {
        free_list(out->down_revisions, out->n_down);
        out->down_revisions = items;
        out->n_down = n;
    } else if (which == 2) {
        free_list(out->branch_labels, out->n_labels);
        out->branch_labels = items;
        out->n_labels = n;
        out->labels_unread_line = 0;
    } else {
        free_list(out->depends_on, out->n_depends);
        out->depends_on = items;
        out->n_depends = n;
    }
    return 0;
}

/* A module-level simple statement starting at i that assigns the revision
 * identifiers, in the forms Python allows and scripts use: `revision =
 * "b"`, annotated (`revision: str = "b"`), chained (`branch_labels =
 * depends_on = None`) and unpacked (`revision, down_revision = "b", "a"`).
 * Any other statement is not read. Returns 0 or EXIT_INVALID_SCRIPTS. */
static int read_header_statement(const char *path, const struct token_list *tl, size_t i, struct revision *out,
                                 int *have_revision, char *err, size_t errlen)
{
    int target[HEADER_TARGETS_MAX]; /* header_names index of each target, -1 for another name */
    size_t width = 0, n_targets = 0, k = i;
    int line = tl->t[i].line, any = 0;
    if (tl->t[k].kind == TOK_NAME && tok_is_op(&tl->t[k + 1], ":")) {
        /* An annotation: its '=' at bracket depth 0, if it has one. */
        target[0] = header_index(&tl->t[k]);
        int depth = 0;
        for (k += 2; !is_statement_end(&tl->t[k]); k++) {
            if (tok_is_op(&tl->t[k], "[") || tok_is_op(&tl->t[k], "("))
                depth++;
            else if (tok_is_op(&tl->t[k], "]") || tok_is_op(&tl->t[k], ")"))
                depth--;
            else if (depth == 0 && tok_is_op(&tl->t[k], "="))
                break;
        }
        if (target[0] < 0 || !tok_is_op(&tl->t[k], "="))
            return 0;
        width = n_targets = 1;
        any = 1;
        k++;
    } else {
        /* Target lists, each NAME[, NAME...] followed by '=', all as wide. */
        for (;;) {
            size_t j = k, w = 0;
            int ok = 0;
            while (tl->t[j].kind == TOK_NAME && w < HEADER_TARGETS_MAX) {
                w++;
                j++;
                if (tok_is_op(&tl->t[j], ",")) {
                    j++;
                    continue;
                }
                ok = tok_is_op(&tl->t[j], "=");
                break;
            }
            if (!ok || (width && w != width) || n_targets + w > HEADER_TARGETS_MAX)
                break;
            for (size_t q = 0; q < w; q++) {
                target[n_targets] = header_index(&tl->t[k + 2 * q]);
                any |= target[n_targets++] >= 0;
            }
            width = w;
            k = j + 1;
        }
        if (!any)
            return 0;
    }
    /* One value per position: the whole right-hand side when one wide. */
    for (size_t q = 0; q < width; q++) {
        char **items = NULL;
        size_t n = 0;
        int is_none = 0, ok = k != SIZE_MAX && read_literal(tl, &k, width > 1, &items, &n, &is_none) == 0;
        if (ok && width > 1) {
            /* The elements' commas; the last one may close with a comma of its own. */
            if (tok_is_op(&tl->t[k], ","))
                k++;
            ok = q + 1 < width ? !is_statement_end(&tl->t[k]) : is_statement_end(&tl->t[k]);
        }
        if (!ok) {
            free_list(items, n);
            items = NULL;
            n = 0;
            k = SIZE_MAX; /* no more values to read */
        }
        /* Every target at this position gets its own copy. */
        int rc = 0;
        for (size_t t = q; t < n_targets && !rc; t += width) {
            if (target[t] < 0)
                continue;
            char **v = NULL;
            if (items) {
                v = xcalloc(n + 1, sizeof *v);
                for (size_t c = 0; c < n; c++)
                    v[c] = xstrdup(items[c]);
            }
            rc = set_header(path, line, target[t], v, n, is_none, out, have_revision, err, errlen);
        }
        free_list(items, n);
        if (rc)
            return rc;
    }
    return 0;
}

/* Alembic's legacy rule: a file named <hex>.py takes that id. */
static char *hex_id_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len < 4 || strcmp(base + len - 3, ".py") != 0)
        return NULL;
    for (size_t i = 0; i < len - 3; i++)
        if (!((base[i] >= '0' && base[i] <= '9') || (base[i] >= 'a' && base[i] <= 'f')))
            return NULL;
    return xstrndup(base, len - 3);
}

/* The text `history` prints: the docstring stripped, up to the first blank line. */
static char *short_doc(const char *doc)
{
    while (*doc == ' ' || *doc == '\t' || *doc == '\n' || *doc == '\r' || *doc == '\f' || *doc == '\v')
        doc++;
    size_t len = strlen(doc);
    while (len && strchr(" \t\n\r\f\v", doc[len - 1]))
        len--;
    const char *para = strstr(doc, "\n\n");
    if (para && (size_t)(para - doc) < len)
        len = (size_t)(para - doc);
    return xstrndup(doc, len);
}

int script_parse(const char *path, const char *text, size_t len, struct token_list *tl,
                 struct revision *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->path = xstrdup(path);
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: holds a NUL byte: not a Python source file", path);
        return EXIT_INVALID_SCRIPTS;
    }
    char terr[256];
    if (pytok_tokenize(text, len, tl, terr, sizeof terr) != 0) {
        snprintf(err, errlen, "%s:%s", path, terr);
        return EXIT_INVALID_SCRIPTS;
    }
    int rc = 0;
    int have_revision = 0;
    size_t upgrade_body = (size_t)-1, default_engine_body = (size_t)-1;
    int per_engine = 0; /* upgrade(engine_name): Flask-Migrate's multi-database template */
    size_t i = 0;
    int first_statement = 1;
    while (tl->t[i].kind != TOK_END) {
        const struct token *t = &tl->t[i];
        if (t->kind == TOK_NEWLINE || t->kind == TOK_DEDENT) {
            i++;
            continue;
        }
        if (first_statement && t->kind == TOK_STRING && t->value) {
            /* The module docstring: adjacent literals form one string. */
            size_t k = i;
            struct strbuf b = {0};
            sb_appendn(&b, "", 0);
            while (tl->t[k].kind == TOK_STRING && tl->t[k].value)
                sb_append(&b, tl->t[k++].value);
            if (tl->t[k].kind == TOK_NEWLINE) {
                char *full = sb_take(&b);
                out->doc = short_doc(full);
                free(full);
            } else {
                sb_free(&b);
            }
        }
        first_statement = 0;
        /* Flask-Migrate's multi-database template dispatches
         * `upgrade(engine_name)` to `upgrade_<engine>()` through globals();
         * the default database's is `upgrade_` (funnel). */
        int is_upgrade = tok_is_name(&tl->t[i + 1], "upgrade"), is_default = tok_is_name(&tl->t[i + 1], "upgrade_");
        if (tok_is_name(t, "def") && (is_upgrade || is_default) && tok_is_op(&tl->t[i + 2], "(")) {
            size_t k = i + 3;
            int depth = 1;
            while (depth > 0 && tl->t[k].kind != TOK_END) {
                if (tok_is_op(&tl->t[k], "(") || tok_is_op(&tl->t[k], "[") || tok_is_op(&tl->t[k], "{"))
                    depth++;
                else if (tok_is_op(&tl->t[k], ")") || tok_is_op(&tl->t[k], "]") || tok_is_op(&tl->t[k], "}"))
                    depth--;
                else if (is_upgrade && depth == 1 && tok_is_name(&tl->t[k], "engine_name"))
                    per_engine = 1;
                k++;
            }
            while (tl->t[k].kind != TOK_END && tl->t[k].kind != TOK_NEWLINE && !tok_is_op(&tl->t[k], ":"))
                k++;
            if (tok_is_op(&tl->t[k], ":")) {
                if (is_upgrade)
                    upgrade_body = k + 1;
                else
                    default_engine_body = k + 1;
            }
            i = next_statement(tl, i);
            continue;
        }
        if (starts_compound(t)) {
            i = next_statement(tl, i);
            continue;
        }
        /* Simple statements, `;` between them. */
        for (;;) {
            size_t end = simple_statement_end(tl, i);
            rc = read_header_statement(path, tl, i, out, &have_revision, err, errlen);
            i = end;
            if (rc || !tok_is_op(&tl->t[i], ";"))
                break;
            i++;
        }
        if (rc)
            break;
        i = next_statement(tl, i);
    }
    if (rc == 0 && !have_revision) {
        out->id = hex_id_from_name(path);
        if (!out->id) {
            snprintf(err, errlen, "%s: no revision variable, and the file name is not a hex revision id", path);
            rc = EXIT_INVALID_SCRIPTS;
        }
    }
    if (rc == 0) {
        if (!out->down_revisions)
            out->down_revisions = xcalloc(1, sizeof *out->down_revisions);
        if (!out->depends_on)
            out->depends_on = xcalloc(1, sizeof *out->depends_on);
        if (!out->branch_labels)
            out->branch_labels = xcalloc(1, sizeof *out->branch_labels);
        if (!out->doc)
            out->doc = xstrdup("");
        ops_extract(tl, per_engine && default_engine_body != (size_t)-1 ? default_engine_body : upgrade_body,
                    &out->effects);
    }
    return rc;
}

static int name_selected(const char *name)
{
    size_t len = strlen(name);
    return len >= 3 && strcmp(name + len - 3, ".py") == 0 && strncmp(name, ".#", 2) != 0 &&
           strncmp(name, "__init__", 8) != 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What reading one file after another reuses: the text buffer and the token
 * list keep their allocations from file to file. */
struct loader {
    struct strbuf text;
    struct token_list tokens;
};

/* Reads and parses one file into out, with the loader's buffers. */
static int load_file(const char *path, struct loader *ld, struct script_set *out, char *err, size_t errlen)
{
    if (read_file_into(path, SCRIPT_MAX_FILE_BYTES, &ld->text) != 0) {
        if (errno == EFBIG)
            snprintf(err, errlen, "%s: larger than %u MiB: not a revision file", path, SCRIPT_MAX_FILE_BYTES >> 20);
        else
            snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return EXIT_INVALID_SCRIPTS;
    }
    xgrow(&out->revs, &out->cap, out->n + 1, sizeof *out->revs);
    int rc = script_parse(path, ld->text.s, ld->text.len, &ld->tokens, &out->revs[out->n], err, errlen);
    if (rc == 0 && out->revs[out->n].labels_unread_line)
        log_warn("%s:%d: branch_labels is computed, not a literal: this revision's branch labels are unknown "
                 "to the gate (they do not change the graph)", path, out->revs[out->n].labels_unread_line);
    if (rc == 0)
        out->n++;
    else
        revision_free(&out->revs[out->n]);
    return rc;
}

/* One directory: its files in sorted order, then (when recursive) its
 * subdirectories in sorted order, depth first, with an explicit stack. */
static int load_tree(const char *root, int recursive, struct loader *ld, struct script_set *out, char *err,
                     size_t errlen)
{
    struct strvec stack = {0};
    sv_push(&stack, root);
    int rc = 0;
    while (stack.n && rc == 0) {
        char *dir = stack.v[--stack.n];
        stack.v[stack.n] = NULL;
        DIR *d = opendir(dir);
        if (!d) {
            if (strcmp(dir, root) == 0)
                snprintf(err, errlen, "%s: version location cannot be read: %s", dir, strerror(errno));
            else
                snprintf(err, errlen, "%s: cannot read: %s", dir, strerror(errno));
            rc = strcmp(dir, root) == 0 ? EXIT_CONFIG : EXIT_INVALID_SCRIPTS;
            free(dir);
            break;
        }
        /* files holds names, so sorting compares names, not the shared
         * directory prefix; subdirs holds full paths. */
        struct strvec files = {0}, subdirs = {0};
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            int selected = name_selected(e->d_name);
            int descend = recursive && strcmp(e->d_name, "__pycache__") != 0;
            /* The directory entry's type spares a stat per file; links and
             * file systems that do not report types are asked. */
            if (e->d_type == DT_REG) {
                if (selected)
                    sv_push(&files, e->d_name);
                continue;
            }
            if (e->d_type == DT_DIR) {
                if (descend)
                    sv_push_owned(&subdirs, xasprintf("%s/%s", dir, e->d_name));
                continue;
            }
            char *full = xasprintf("%s/%s", dir, e->d_name);
            struct stat st;
            if (stat(full, &st) != 0) {
                if (selected) {
                    snprintf(err, errlen, "%s: %s", full, strerror(errno));
                    rc = EXIT_INVALID_SCRIPTS;
                }
                free(full);
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                struct stat lst;
                /* Symlinked directories are not followed: they are how loops are made. */
                if (descend && lstat(full, &lst) == 0 && !S_ISLNK(lst.st_mode))
                    sv_push_owned(&subdirs, full);
                else
                    free(full);
            } else if (S_ISREG(st.st_mode) && selected) {
                sv_push(&files, e->d_name);
                free(full);
            } else {
                if (selected)
                    log_debug("%s: not a regular file; skipped", full);
                free(full);
            }
        }
        closedir(d);
        if (files.n)
            qsort(files.v, files.n, sizeof *files.v, cmp_str);
        for (size_t i = 0; i < files.n && rc == 0; i++) {
            char *full = xasprintf("%s/%s", dir, files.v[i]);
            rc = load_file(full, ld, out, err, errlen);
            free(full);
        }
        if (subdirs.n) {
            qsort(subdirs.v, subdirs.n, sizeof *subdirs.v, cmp_str);
            size_t depth = 0;
            for (const char *p = subdirs.v[0] + strlen(root); *p; p++)
                depth += *p == '/';
            if (depth > DISCOVERY_MAX_DEPTH) {
                snprintf(err, errlen, "%s: directories nest deeper than %d levels", dir, DISCOVERY_MAX_DEPTH);
                rc = EXIT_INVALID_SCRIPTS;
            }
            /* Pushed in reverse so the first in sorted order is read first. */
            for (size_t i = subdirs.n; i-- > 0 && rc == 0;)
                sv_push(&stack, subdirs.v[i]);
        }
        sv_free(&files);
        sv_free(&subdirs);
        free(dir);
    }
    sv_free(&stack);
    return rc;
}

int scripts_load(char *const *dirs, size_t n_dirs, int recursive, struct script_set *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct loader ld = {0};
    int rc = 0;
    size_t missing = 0;
    for (size_t i = 0; i < n_dirs && rc == 0; i++) {
        struct stat st;
        errno = 0;
        /* A location that does not exist is skipped, as Alembic skips it
         * (keystone lists a directory per release, not all of them made);
         * with none left there is nothing to read: a misconfiguration. */
        if (stat(dirs[i], &st) != 0 && errno == ENOENT && ++missing < n_dirs) {
            log_info("version location %s does not exist: skipped, as Alembic skips it", dirs[i]);
            continue;
        }
        if (errno || !S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "%s: version location is not a directory%s%s", dirs[i], errno ? ": " : "",
                     errno ? strerror(errno) : "");
            rc = EXIT_CONFIG;
            break;
        }
        rc = load_tree(dirs[i], recursive, &ld, out, err, errlen);
    }
    sb_free(&ld.text);
    token_list_free(&ld.tokens);
    return rc;
}
