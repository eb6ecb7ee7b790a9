/* sanames.c: generated object names, as SQLAlchemy 1.4 and PostgreSQL make them. */
#include "sanames.h"

#include <string.h>

#include "md5.h"
#include "objects.h"
#include "util.h"

/* Python slices names by code point: the byte length of the first n code
 * points of the UTF-8 string s (all of s when it is shorter). */
static size_t utf8_prefix(const char *s, size_t n)
{
    size_t i = 0;
    for (size_t cp = 0; s[i] && cp < n; cp++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

char *sa_conv_name(const char *name)
{
    if (utf8_length(name) <= PG_NAME_MAX)
        return xstrdup(name);
    char hex[33];
    md5_hex(name, strlen(name), hex);
    return xasprintf("%.*s_%s", (int)utf8_prefix(name, PG_NAME_MAX - 8), name, hex + 28);
}

/* PostgreSQL's pg_mbcliplen for UTF-8: at most len bytes, whole characters. */
static size_t clip(const char *s, size_t len)
{
    if (len >= strlen(s))
        return strlen(s);
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
        len--;
    return len;
}

char *pg_object_name(const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
    size_t avail = PG_NAME_MAX > overhead ? PG_NAME_MAX - overhead : 0;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = clip(name1, n1);
    n2 = name2 ? clip(name2, n2) : 0;
    struct strbuf b = {0};
    sb_appendn(&b, name1, n1);
    if (name2) {
        sb_appendc(&b, '_');
        sb_appendn(&b, name2, n2);
    }
    if (label) {
        sb_appendc(&b, '_');
        sb_append(&b, label);
    }
    return sb_take(&b);
}

char *pg_name_addition(const char *const *cols, size_t n)
{
    struct strbuf b = {0};
    sb_appendn(&b, "", 0);
    for (size_t i = 0; i < n && b.len < PG_NAME_MAX + 1; i++) {
        if (b.len)
            sb_appendc(&b, '_');
        sb_appendn(&b, cols[i], strlen(cols[i]) < PG_NAME_MAX ? strlen(cols[i]) : PG_NAME_MAX);
    }
    return sb_take(&b);
}
