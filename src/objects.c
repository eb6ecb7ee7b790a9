/* objects.c: the object kinds table and canonical attribute strings. */
#include "objects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct obj_kind_info object_kinds[OBJ_KIND_COUNT] = {
    {OBJ_SCHEMA, "schema", 0, 1},
    {OBJ_TABLE, "table", 0, 1},
    {OBJ_COLUMN, "column", 1, 1},
    {OBJ_INDEX, "index", 0, 1},
    {OBJ_CONSTRAINT, "constraint", 1, 1},
    {OBJ_TYPE, "type", 0, 1},
    {OBJ_SEQUENCE, "sequence", 0, 1},
    {OBJ_VIEW, "view", 0, 1},
    {OBJ_MATVIEW, "materialized view", 0, 1},
    {OBJ_FUNCTION, "function", 0, 1},
    {OBJ_TRIGGER, "trigger", 1, 1},
    {OBJ_EXTENSION, "extension", 0, 0},
};

const struct obj_kind_info *obj_kind_info(enum obj_kind k)
{
    return (unsigned)k < OBJ_KIND_COUNT ? &object_kinds[k] : NULL;
}

const char *obj_kind_name(enum obj_kind k)
{
    return (unsigned)k < OBJ_KIND_COUNT ? object_kinds[k].name : "?";
}

int obj_kind_from_name(const char *name)
{
    for (size_t i = 0; i < OBJ_KIND_COUNT; i++)
        if (strcmp(object_kinds[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* One "k=v" line of an attribute string: key [k, k+klen), value [v, v+vlen). */
struct attr_line {
    const char *k, *v;
    size_t klen, vlen;
};

/* Reads the line at *p and advances past it; 0 at the end. */
static int next_attr(const char **p, struct attr_line *out)
{
    const char *s = *p;
    if (!s || !*s)
        return 0;
    const char *end = strchr(s, '\n');
    if (!end)
        end = s + strlen(s);
    const char *eq = memchr(s, '=', (size_t)(end - s));
    out->k = s;
    out->klen = eq ? (size_t)(eq - s) : (size_t)(end - s);
    out->v = eq ? eq + 1 : end;
    out->vlen = (size_t)(end - out->v);
    *p = *end ? end + 1 : end;
    return 1;
}

static int key_cmp(const struct attr_line *a, const char *key, size_t klen)
{
    size_t n = a->klen < klen ? a->klen : klen;
    int c = memcmp(a->k, key, n);
    if (c)
        return c;
    return a->klen < klen ? -1 : a->klen > klen;
}

void attrs_append(struct strbuf *b, const char *key, const char *value)
{
    if (!value)
        return;
    if (b->len)
        sb_appendc(b, '\n');
    sb_append(b, key);
    sb_appendc(b, '=');
    size_t from = b->len;
    sb_append(b, value);
    for (char *v = b->s + from; *v; v++)
        if (*v == '\n')
            *v = ' ';
}

void attrs_set(char **attrs, const char *key, const char *value)
{
    size_t klen = strlen(key);
    struct strbuf b = {0};
    int placed = value == NULL;
    const char *p = *attrs;
    struct attr_line a;
    while (next_attr(&p, &a)) {
        int c = key_cmp(&a, key, klen);
        if (c == 0)
            continue;
        if (c > 0 && !placed) {
            attrs_append(&b, key, value);
            placed = 1;
        }
        if (b.len)
            sb_appendc(&b, '\n');
        sb_appendn(&b, a.k, (size_t)(a.v + a.vlen - a.k));
    }
    if (!placed)
        attrs_append(&b, key, value);
    free(*attrs);
    *attrs = b.len ? sb_take(&b) : NULL;
    sb_free(&b);
}

int attrs_get(const char *attrs, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    const char *p = attrs;
    struct attr_line a;
    if (size)
        buf[0] = 0;
    while (next_attr(&p, &a)) {
        if (key_cmp(&a, key, klen) != 0)
            continue;
        if (size) {
            size_t n = a.vlen < size - 1 ? a.vlen : size - 1;
            memcpy(buf, a.v, n);
            buf[n] = 0;
        }
        return 1;
    }
    return 0;
}

int attrs_next(const char **p, const char **key, size_t *klen, const char **val, size_t *vlen)
{
    struct attr_line a;
    if (!next_attr(p, &a))
        return 0;
    *key = a.k;
    *klen = a.klen;
    *val = a.v;
    *vlen = a.vlen;
    return 1;
}

void attrs_merge(char **dst, const char *src)
{
    const char *p = src;
    struct attr_line a;
    while (next_attr(&p, &a)) {
        char *k = xstrndup(a.k, a.klen);
        char *v = xstrndup(a.v, a.vlen);
        attrs_set(dst, k, v);
        free(k);
        free(v);
    }
}

static int known(const struct attr_line *a)
{
    return !(a->vlen == 1 && a->v[0] == '?');
}

int attrs_conflict(const char *predicted, const char *observed, char *why, size_t whylen)
{
    /* Both are sorted by key: one merge pass. */
    const char *p = predicted, *q = observed;
    struct attr_line a, b;
    int have_a = next_attr(&p, &a), have_b = next_attr(&q, &b);
    while (have_a && have_b) {
        int c = key_cmp(&a, b.k, b.klen);
        if (c < 0) {
            have_a = next_attr(&p, &a);
        } else if (c > 0) {
            have_b = next_attr(&q, &b);
        } else {
            if (known(&a) && known(&b) && (a.vlen != b.vlen || memcmp(a.v, b.v, a.vlen) != 0)) {
                if (whylen)
                    snprintf(why, whylen, "%.*s: predicted %.*s, found %.*s", (int)a.klen, a.k,
                             (int)a.vlen, a.v, (int)b.vlen, b.v);
                return 1;
            }
            have_a = next_attr(&p, &a);
            have_b = next_attr(&q, &b);
        }
    }
    return 0;
}

char *pg_truncate_name(const char *name)
{
    size_t len = strlen(name);
    if (len <= PG_NAME_MAX)
        return xstrdup(name);
    /* As PostgreSQL's pg_mbcliplen: never end inside a UTF-8 sequence. */
    size_t cut = PG_NAME_MAX;
    while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
        cut--;
    return xstrndup(name, cut);
}
