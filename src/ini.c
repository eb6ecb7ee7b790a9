/* ini.c: alembic.ini as Python's ConfigParser (strict, BasicInterpolation)
 * reads it. Pure. */
#include "ini.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define INI_MAX_DEPTH 10  /* ConfigParser's MAX_INTERPOLATION_DEPTH */
/* One value, before or after interpolation. Real ones (paths, URLs) are
 * well under a KiB; the bound keeps %(x)s chains that double at each of the
 * ten levels from costing more than a few milliseconds. */
#define INI_MAX_VALUE (64u << 10)

struct ini_entry {
    char *section;  /* lowercase not applied: section names are case-sensitive */
    char *key;      /* lowercased */
    char *raw;
    size_t raw_len;
    size_t raw_cap;
    char *value;    /* interpolated, cached */
    int line;
};

struct ini {
    struct strmap index; /* "section\x1fkey" -> entry */
    char *path;
    char *here;
    struct ini_entry *e;
    size_t n;
    size_t cap;
    struct strvec sections;
    struct strmap section_index;
};

/* Interpolation looks up every %(name)s it meets, so the "section<US>key"
 * lookup key is built on the stack when it fits. */
static struct ini_entry *find(const struct ini *ini, const char *section, const char *key)
{
    char small[256];
    size_t ls = strlen(section), lk = strlen(key);
    char *k = ls + lk + 2 <= sizeof small ? small : xmalloc(ls + lk + 2);
    memcpy(k, section, ls);
    k[ls] = '\x1f';
    memcpy(k + ls + 1, key, lk + 1);
    size_t i;
    int found = strmap_get(&ini->index, k, &i);
    if (k != small)
        free(k);
    return found ? &ini->e[i] : NULL;
}

int ini_has_section(const struct ini *ini, const char *section)
{
    size_t ignored;
    return strmap_get(&ini->section_index, section, &ignored);
}

void ini_free(struct ini *ini)
{
    if (!ini)
        return;
    for (size_t i = 0; i < ini->n; i++) {
        free(ini->e[i].section);
        free(ini->e[i].key);
        free(ini->e[i].raw);
        free(ini->e[i].value);
    }
    free(ini->e);
    strmap_free(&ini->index);
    sv_free(&ini->sections);
    strmap_free(&ini->section_index);
    free(ini->path);
    free(ini->here);
    free(ini);
}

static char *strip(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return xstrndup(s, len);
}

struct ini *ini_parse(const char *text, size_t len, const char *path, const char *here, char *err,
                      size_t errlen)
{
    struct ini *ini = xcalloc(1, sizeof *ini);
    ini->path = xstrdup(path);
    ini->here = xstrdup(here ? here : ".");
    char *section = NULL;
    struct ini_entry *last = NULL;
    int line_no = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        line_no++;
        const char *line = text + pos;
        size_t ll = eol - pos;
        if (ll && line[ll - 1] == '\r')
            ll--;
        pos = eol + 1;
        if (memchr(line, '\0', ll)) {
            snprintf(err, errlen, "%s:%d: NUL byte", path, line_no);
            goto fail;
        }
        size_t indent = 0;
        while (indent < ll && (line[indent] == ' ' || line[indent] == '\t'))
            indent++;
        const char *body = line + indent;
        size_t bl = ll - indent;
        if (bl == 0 || body[0] == '#' || body[0] == ';')
            continue;
        if (indent > 0 && last) {
            /* A continuation line. */
            char *piece = strip(body, bl);
            size_t plen = strlen(piece);
            /* Appended in place: a long run of continuation lines stays linear. */
            xgrow(&last->raw, &last->raw_cap, last->raw_len + plen + 2, 1);
            last->raw[last->raw_len++] = '\n';
            memcpy(last->raw + last->raw_len, piece, plen + 1);
            last->raw_len += plen;
            free(piece);
            if (last->raw_len > INI_MAX_VALUE) {
                snprintf(err, errlen, "%s:%d: value longer than %u KiB", path, line_no, INI_MAX_VALUE >> 10);
                goto fail;
            }
            continue;
        }
        if (body[0] == '[') {
            const char *close = memchr(body, ']', bl);
            if (!close) {
                snprintf(err, errlen, "%s:%d: section header without ']'", path, line_no);
                goto fail;
            }
            free(section);
            section = xstrndup(body + 1, (size_t)(close - body - 1));
            if (ini_has_section(ini, section)) {
                snprintf(err, errlen, "%s:%d: section [%.60s] appears twice", path, line_no, section);
                goto fail;
            }
            sv_push(&ini->sections, section);
            strmap_put(&ini->section_index, section, ini->sections.n - 1);
            last = NULL;
            continue;
        }
        if (!section) {
            snprintf(err, errlen, "%s:%d: a setting before any [section] header", path, line_no);
            goto fail;
        }
        size_t d = 0;
        while (d < bl && body[d] != '=' && body[d] != ':')
            d++;
        if (d == bl) {
            snprintf(err, errlen, "%s:%d: expected 'key = value'", path, line_no);
            goto fail;
        }
        char *key = strip(body, d);
        for (char *k = key; *k; k++)
            *k = (char)tolower((unsigned char)*k);
        if (!*key) {
            free(key);
            snprintf(err, errlen, "%s:%d: empty key", path, line_no);
            goto fail;
        }
        if (find(ini, section, key)) {
            snprintf(err, errlen, "%s:%d: '%.60s' is set twice in [%.60s]", path, line_no, key, section);
            free(key);
            goto fail;
        }
        xgrow(&ini->e, &ini->cap, ini->n + 1, sizeof *ini->e);
        char *index_key = xasprintf("%s\x1f%s", section, key);
        strmap_put(&ini->index, index_key, ini->n);
        free(index_key);
        last = &ini->e[ini->n++];
        last->section = xstrdup(section);
        last->key = key;
        last->raw = strip(body + d + 1, bl - d - 1);
        last->raw_len = strlen(last->raw);
        last->raw_cap = last->raw_len + 1;
        last->value = NULL;
        last->line = line_no;
    }
    free(section);
    return ini;
fail:
    free(section);
    ini_free(ini);
    return NULL;
}

/* BasicInterpolation, iteratively: each %(name)s is replaced by the raw
 * value of name (same section, then DEFAULT, then `here`), and the result
 * is interpolated again, at most INI_MAX_DEPTH levels deep as in Python. */
static char *interpolate(struct ini *ini, const char *section, const struct ini_entry *entry, char *err,
                         size_t errlen)
{
    char *cur = xstrdup(entry->raw);
    for (int depth = 0;; depth++) {
        if (!strchr(cur, '%'))
            return cur;
        /* Only %% left: the final pass turns each into one %. */
        int has_ref = 0;
        for (const char *p = cur; *p; p++) {
            if (p[0] == '%' && p[1] == '%') {
                p++;
                continue;
            }
            if (p[0] == '%')
                has_ref = 1;
        }
        int final_pass = !has_ref;
        if (depth > INI_MAX_DEPTH) {
            snprintf(err, errlen, "%s:%d: interpolation of '%s' nests deeper than %d levels", ini->path,
                     entry->line, entry->key, INI_MAX_DEPTH);
            free(cur);
            return NULL;
        }
        struct strbuf out = {0};
        sb_appendn(&out, "", 0);
        for (const char *p = cur; *p;) {
            if (p[0] != '%') {
                /* Plain text up to the next % in one copy: values reach 64 KiB. */
                const char *pct = strchr(p, '%');
                size_t run = pct ? (size_t)(pct - p) : strlen(p);
                sb_appendn(&out, p, run);
                p += run;
                continue;
            }
            if (p[1] == '%') {
                sb_append(&out, final_pass ? "%" : "%%");
                p += 2;
                continue;
            }
            if (p[1] != '(') {
                snprintf(err, errlen, "%s:%d: '%%' in '%s' must be written '%%%%' or start '%%(name)s'",
                         ini->path, entry->line, entry->key);
                goto bad;
            }
            const char *close = strstr(p, ")s");
            if (!close) {
                snprintf(err, errlen, "%s:%d: bad interpolation syntax in '%s'", ini->path, entry->line,
                         entry->key);
                goto bad;
            }
            char *name = xstrndup(p + 2, (size_t)(close - p - 2));
            for (char *k = name; *k; k++)
                *k = (char)tolower((unsigned char)*k);
            const struct ini_entry *ref = find(ini, section, name);
            if (!ref)
                ref = find(ini, "DEFAULT", name);
            if (ref)
                sb_append(&out, ref->raw);
            else if (strcmp(name, "here") == 0)
                sb_append(&out, ini->here);
            else {
                snprintf(err, errlen, "%s:%d: '%s' refers to %%(%.60s)s, which is not set", ini->path,
                         entry->line, entry->key, name);
                free(name);
                goto bad;
            }
            free(name);
            p = close + 2;
            if (out.len > INI_MAX_VALUE) {
                snprintf(err, errlen, "%s:%d: interpolated value of '%s' longer than %u KiB", ini->path,
                         entry->line, entry->key, INI_MAX_VALUE >> 10);
                goto bad;
            }
        }
        free(cur);
        cur = sb_take(&out);
        if (final_pass)
            return cur;
        continue;
    bad:
        sb_free(&out);
        free(cur);
        return NULL;
    }
}

const char *ini_get(struct ini *ini, const char *section, const char *key, char *err, size_t errlen)
{
    char lkey[128];
    snprintf(lkey, sizeof lkey, "%s", key);
    for (char *k = lkey; *k; k++)
        *k = (char)tolower((unsigned char)*k);
    struct ini_entry *e = find(ini, section, lkey);
    if (!e)
        e = find(ini, "DEFAULT", lkey);
    if (!e)
        return NULL;
    if (!e->value) {
        char local[512];
        e->value = interpolate(ini, section, e, err ? err : local, err ? errlen : sizeof local);
    }
    return e->value;
}

int ini_line(const struct ini *ini, const char *section, const char *key)
{
    const struct ini_entry *e = find(ini, section, key);
    return e ? e->line : 0;
}
