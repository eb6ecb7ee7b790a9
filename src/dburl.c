/* dburl.c: DATABASE_URL, POSTGRES_* and sqlalchemy.url to libpq's
 * keyword/value arrays. Pure, except for reading *_FILE secrets.
 *
 * The URL is taken apart here rather than handed to libpq because the
 * SQLAlchemy forms (postgresql+asyncpg://) and asyncpg's ssl= are not
 * libpq's, and because an error must name the part at fault without ever
 * repeating the URL, which holds the password. */
#include "dburl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "exitcode.h"
#include "log.h"
#include "util.h"

#define URL_MAX_BYTES (64u * 1024)
#define SECRET_MAX_BYTES (64u * 1024)

void conninfo_set(struct conninfo *ci, const char *key, const char *val)
{
    for (size_t i = 0; i < ci->n; i++) {
        if (strcmp(ci->keys[i], key) == 0) {
            free(ci->vals[i]);
            ci->vals[i] = xstrdup(val);
            return;
        }
    }
    size_t cap = ci->cap;
    xgrow(&ci->keys, &cap, ci->n + 2, sizeof *ci->keys);
    xgrow(&ci->vals, &ci->cap, ci->n + 2, sizeof *ci->vals);
    ci->keys[ci->n] = xstrdup(key);
    ci->vals[ci->n] = xstrdup(val);
    ci->n++;
    ci->keys[ci->n] = NULL;
    ci->vals[ci->n] = NULL;
}

const char *conninfo_get(const struct conninfo *ci, const char *key)
{
    for (size_t i = 0; i < ci->n; i++)
        if (strcmp(ci->keys[i], key) == 0)
            return ci->vals[i];
    return NULL;
}

void conninfo_free(struct conninfo *ci)
{
    for (size_t i = 0; i < ci->n; i++) {
        free(ci->keys[i]);
        free(ci->vals[i]);
    }
    free(ci->keys);
    free(ci->vals);
    memset(ci, 0, sizeof *ci);
}

/* libpq's connection keywords (PostgreSQL 15): anything else in a URL's
 * query is a driver's option (SQLAlchemy, asyncpg) that libpq would reject. */
static const char *const libpq_keywords[] = {
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "channel_binding",
    "connect_timeout", "client_encoding", "options", "application_name", "fallback_application_name",
    "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout",
    "replication", "gssencmode", "sslmode", "requiressl", "sslcompression", "sslcert", "sslkey",
    "sslpassword", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
    "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname", "gsslib", "service",
    "target_session_attrs",
};

static int is_libpq_keyword(const char *k)
{
    for (size_t i = 0; i < sizeof libpq_keywords / sizeof libpq_keywords[0]; i++)
        if (strcmp(libpq_keywords[i], k) == 0)
            return 1;
    return 0;
}

/* Percent-decodes s[0..len) into a new string; NULL on a malformed escape
 * or an encoded NUL (which libpq cannot take). */
static char *pct_decode(const char *s, size_t len, int plus_is_space)
{
    char *out = xmalloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            if (i + 2 >= len) {
                free(out);
                return NULL;
            }
            int a = hex_digit_value(s[i + 1]), b = hex_digit_value(s[i + 2]);
            if (a < 0 || b < 0 || (a == 0 && b == 0)) {
                free(out);
                return NULL;
            }
            out[o++] = (char)(a * 16 + b);
            i += 2;
        } else if (plus_is_space && s[i] == '+') {
            out[o++] = ' ';
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

static int set_decoded(struct conninfo *ci, const char *key, const char *s, size_t len, const char *what,
                       const char *part, int plus_is_space, char *err, size_t errlen)
{
    char *v = pct_decode(s, len, plus_is_space);
    if (!v) {
        snprintf(err, errlen, "%s: malformed percent-escape in the %s", what, part);
        return EXIT_CONFIG;
    }
    conninfo_set(ci, key, v);
    free(v);
    return 0;
}

/* asyncpg's ssl= to libpq's sslmode. */
static const char *ssl_to_sslmode(const char *v)
{
    static const char *const modes[] = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
        return "require";
    if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return "disable";
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcasecmp(v, modes[i]) == 0)
            return modes[i];
    return NULL;
}

static int parse_query(const char *q, size_t qlen, const char *what, struct conninfo *ci, char *err,
                       size_t errlen)
{
    size_t i = 0;
    while (i < qlen) {
        size_t amp = i;
        while (amp < qlen && q[amp] != '&')
            amp++;
        size_t eq = i;
        while (eq < amp && q[eq] != '=')
            eq++;
        if (amp == i) {
            i = amp + 1;
            continue;
        }
        char *key = pct_decode(q + i, eq - i, 1);
        if (!key) {
            snprintf(err, errlen, "%s: malformed percent-escape in a query parameter name", what);
            return EXIT_CONFIG;
        }
        const char *vs = eq < amp ? q + eq + 1 : q + amp;
        size_t vlen = eq < amp ? amp - eq - 1 : 0;
        char *val = pct_decode(vs, vlen, 1);
        if (!val) {
            snprintf(err, errlen, "%s: malformed percent-escape in a query parameter value", what);
            free(key);
            return EXIT_CONFIG;
        }
        if (strcmp(key, "ssl") == 0) {
            const char *mode = ssl_to_sslmode(val);
            if (!mode) {
                snprintf(err, errlen, "%s: the ssl= query parameter is not one of true, false, disable, allow, "
                         "prefer, require, verify-ca, verify-full", what);
                free(key);
                free(val);
                return EXIT_CONFIG;
            }
            conninfo_set(ci, "sslmode", mode);
        } else if (is_libpq_keyword(key)) {
            conninfo_set(ci, key, val);
        } else {
            log_warn("%s: query parameter '%.40s' is not a libpq option; ignored", what, key);
        }
        free(key);
        free(val);
        i = amp + 1;
    }
    return 0;
}

/* Splits "h1:5432,[::1]:5433,h3" into libpq's host and port lists. */
static int parse_hosts(const char *s, size_t len, const char *what, struct conninfo *ci, char *err,
                       size_t errlen)
{
    struct strbuf hosts = {0}, ports = {0};
    int any_port = 0, rc = 0;
    size_t i = 0;
    int first = 1;
    while (i <= len) {
        size_t end = i;
        int in_bracket = 0;
        while (end < len && (in_bracket || s[end] != ',')) {
            if (s[end] == '[')
                in_bracket = 1;
            else if (s[end] == ']')
                in_bracket = 0;
            end++;
        }
        const char *h = s + i;
        size_t hl = end - i;
        const char *p = NULL;
        size_t pl = 0;
        if (hl && h[0] == '[') {
            const char *close = memchr(h, ']', hl);
            if (!close) {
                snprintf(err, errlen, "%s: unterminated '[' in the host", what);
                rc = EXIT_CONFIG;
                break;
            }
            if ((size_t)(close - h) + 1 < hl) {
                if (close[1] != ':') {
                    snprintf(err, errlen, "%s: unexpected text after ']' in the host", what);
                    rc = EXIT_CONFIG;
                    break;
                }
                p = close + 2;
                pl = hl - (size_t)(close - h) - 2;
            }
            h++;
            hl = (size_t)(close - h);
        } else {
            const char *colon = memchr(h, ':', hl);
            if (colon) {
                p = colon + 1;
                pl = hl - (size_t)(colon - h) - 1;
                hl = (size_t)(colon - h);
            }
        }
        for (size_t k = 0; k < pl; k++) {
            if (p[k] < '0' || p[k] > '9') {
                snprintf(err, errlen, "%s: the port is not a number", what);
                rc = EXIT_CONFIG;
                break;
            }
        }
        if (rc)
            break;
        char *hd = pct_decode(h, hl, 0);
        if (!hd) {
            snprintf(err, errlen, "%s: malformed percent-escape in the host", what);
            rc = EXIT_CONFIG;
            break;
        }
        if (!first) {
            sb_appendc(&hosts, ',');
            sb_appendc(&ports, ',');
        }
        sb_append(&hosts, hd);
        sb_appendn(&ports, p ? p : "", pl);
        any_port |= pl > 0;
        free(hd);
        first = 0;
        i = end + 1;
    }
    if (rc == 0 && hosts.s && strspn(hosts.s, ",") != hosts.len)
        conninfo_set(ci, "host", hosts.s);
    if (rc == 0 && any_port)
        conninfo_set(ci, "port", ports.s);
    sb_free(&hosts);
    sb_free(&ports);
    return rc;
}

/* libpq's key=value syntax: values bare or in single quotes, backslash
 * escapes inside quotes and out. */
static int parse_keyvalue(const char *s, const char *what, struct conninfo *ci, char *err, size_t errlen)
{
    const char *p = s;
    struct strbuf key = {0}, val = {0};
    int rc = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        key.len = 0;
        val.len = 0;
        sb_appendn(&key, "", 0);
        while (*p && *p != '=' && *p != ' ' && *p != '\t' && *p != '\n')
            sb_appendc(&key, *p++);
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '=') {
            snprintf(err, errlen, "%s: a word without '=' at byte %zu of the key=value string (values with "
                     "spaces need single quotes)", what, (size_t)(p - s));
            rc = EXIT_CONFIG;
            break;
        }
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        sb_appendn(&val, "", 0);
        if (*p == '\'') {
            p++;
            while (*p && *p != '\'') {
                if (*p == '\\' && p[1])
                    p++;
                sb_appendc(&val, *p++);
            }
            if (*p != '\'') {
                snprintf(err, errlen, "%s: unterminated quoted value in the key=value string", what);
                rc = EXIT_CONFIG;
                break;
            }
            p++;
        } else {
            while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
                if (*p == '\\' && p[1])
                    p++;
                sb_appendc(&val, *p++);
            }
        }
        if (!is_libpq_keyword(key.s)) {
            snprintf(err, errlen, "%s: a key at byte %zu of the key=value string is not a libpq connection "
                     "keyword", what, (size_t)(p - s));
            rc = EXIT_CONFIG;
            break;
        }
        conninfo_set(ci, key.s, val.s);
    }
    sb_free(&key);
    sb_free(&val);
    return rc;
}

/* The '@' that ends the userinfo, or NULL. Passwords are often pasted
 * unencoded, so a password may hold '@', '/', '?' and '#': when the user name
 * is followed by ':', the userinfo runs to the last '@' of the URL, as
 * SQLAlchemy reads it. Otherwise a '/' or '?' would end the host early and
 * the rest of the password would become the database name, in the log and the
 * status file. (The price: an unencoded '@' in a query value after a password
 * must be percent-encoded.) */
static const char *userinfo_end(const char *rest, const char *end)
{
    const char *p = rest;
    while (p < end && !strchr(":@/?#", *p))
        p++;
    if (p == end || (*p != ':' && *p != '@'))
        return NULL;
    if (*p == '@')
        return p;
    const char *at = NULL;
    for (const char *c = p; c < end; c++)
        if (*c == '@')
            at = c;
    return at;
}

int conninfo_from_url(const char *url, const char *what, struct conninfo *out, char *err, size_t errlen)
{
    size_t len = strlen(url);
    if (len > URL_MAX_BYTES) {
        snprintf(err, errlen, "%s: longer than %u bytes", what, URL_MAX_BYTES);
        return EXIT_CONFIG;
    }
    const char *sep = strstr(url, "://");
    if (!sep) {
        if (strchr(url, '='))
            return parse_keyvalue(url, what, out, err, errlen);
        snprintf(err, errlen, "%s: neither a postgresql:// URL nor a key=value string", what);
        return EXIT_CONFIG;
    }
    size_t scheme_len = (size_t)(sep - url);
    int ok_scheme = (scheme_len == 10 && strncasecmp(url, "postgresql", 10) == 0) ||
                    (scheme_len == 8 && strncasecmp(url, "postgres", 8) == 0) ||
                    (scheme_len > 11 && strncasecmp(url, "postgresql+", 11) == 0) ||
                    (scheme_len > 9 && strncasecmp(url, "postgres+", 9) == 0);
    if (!ok_scheme) {
        /* The scheme is not echoed: a mangled URL can hold anything before "://". */
        snprintf(err, errlen, "%s: the scheme is not postgresql://, postgres:// or postgresql+DRIVER://", what);
        return EXIT_CONFIG;
    }
    const char *rest = sep + 3;
    const char *end = url + len;
    const char *at = userinfo_end(rest, end);
    const char *after_at = at ? at + 1 : rest;
    const char *frag = memchr(after_at, '#', (size_t)(end - after_at));
    if (frag)
        end = frag;
    const char *q = memchr(after_at, '?', (size_t)(end - after_at));
    const char *path_end = q ? q : end;
    const char *slash = memchr(after_at, '/', (size_t)(path_end - after_at));
    const char *auth_end = slash ? slash : path_end;
    int rc;
    if (at) {
        const char *colon = memchr(rest, ':', (size_t)(at - rest));
        const char *user_end = colon ? colon : at;
        if (user_end > rest &&
            (rc = set_decoded(out, "user", rest, (size_t)(user_end - rest), what, "user name", 0, err, errlen)))
            return rc;
        if (colon && (rc = set_decoded(out, "password", colon + 1, (size_t)(at - colon - 1), what, "password", 0,
                                       err, errlen)))
            return rc;
    }
    const char *host = at ? at + 1 : rest;
    if (auth_end > host && (rc = parse_hosts(host, (size_t)(auth_end - host), what, out, err, errlen)))
        return rc;
    if (slash && path_end > slash + 1 &&
        (rc = set_decoded(out, "dbname", slash + 1, (size_t)(path_end - slash - 1), what, "database name", 0, err,
                          errlen)))
        return rc;
    if (q && (rc = parse_query(q + 1, (size_t)(end - q - 1), what, out, err, errlen)))
        return rc;
    return 0;
}

/* A secret file's content, with one trailing newline dropped. */
static int read_secret(const char *var, const char *path, char **out, char *err, size_t errlen)
{
    size_t len;
    if (read_file_limited(path, SECRET_MAX_BYTES, out, &len) != 0) {
        snprintf(err, errlen, "%s: cannot read %s: %s", var, path, strerror(errno));
        return EXIT_CONFIG;
    }
    if (strlen(*out) != len) {
        free(*out);
        snprintf(err, errlen, "%s: %s holds a NUL byte", var, path);
        return EXIT_CONFIG;
    }
    if (len && (*out)[len - 1] == '\n')
        (*out)[--len] = '\0';
    if (len && (*out)[len - 1] == '\r')
        (*out)[--len] = '\0';
    /* Kubernetes mounts secrets 0644 unless told otherwise (defaultMode). */
    struct stat st;
    if (stat(path, &st) == 0 && (st.st_mode & S_IROTH))
        log_warn("%s: %s is readable by every user (mode %04o); make it 0400 or 0440 (Kubernetes: "
                 "defaultMode: 0400)", var, path, (unsigned)(st.st_mode & 07777));
    return 0;
}

int conninfo_from_postgres_env(env_lookup_fn env, struct conninfo *out, int *found, char *err, size_t errlen)
{
    static const char *const vars[][2] = {
        {"POSTGRES_HOST", "host"}, {"POSTGRES_PORT", "port"}, {"POSTGRES_USER", "user"},
        {"POSTGRES_PASSWORD", "password"}, {"POSTGRES_DB", "dbname"},
    };
    *found = 0;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *plain = env(vars[i][0]);
        char file_var[64];
        snprintf(file_var, sizeof file_var, "%s_FILE", vars[i][0]);
        const char *file = env(file_var);
        if (plain && *plain && file && *file) {
            snprintf(err, errlen, "both %s and %s are set; use one", vars[i][0], file_var);
            return EXIT_CONFIG;
        }
        if (file && *file) {
            char *v;
            int rc = read_secret(file_var, file, &v, err, errlen);
            if (rc)
                return rc;
            conninfo_set(out, vars[i][1], v);
            free(v);
            *found = 1;
        } else if (plain && *plain) {
            conninfo_set(out, vars[i][1], plain);
            *found = 1;
        }
    }
    return 0;
}

void conninfo_summary(const struct conninfo *ci, env_lookup_fn env, struct conn_summary *out)
{
    static const char *const keys[][2] = {
        {"host", "PGHOST"}, {"port", "PGPORT"}, {"dbname", "PGDATABASE"}, {"user", "PGUSER"},
    };
    char **slots[] = {&out->host, &out->port, &out->dbname, &out->user};
    for (size_t i = 0; i < 4; i++) {
        const char *v = conninfo_get(ci, keys[i][0]);
        if (!v && i == 0)
            v = conninfo_get(ci, "hostaddr");
        if (!v || !*v)
            v = env(keys[i][1]);
        *slots[i] = v && *v ? xstrdup(v) : NULL;
    }
    /* libpq's defaults, so the log says where it really connects. */
    if (!out->port)
        out->port = xstrdup("5432");
    if (!out->dbname && out->user)
        out->dbname = xstrdup(out->user);
}

void conn_summary_free(struct conn_summary *s)
{
    free(s->host);
    free(s->port);
    free(s->dbname);
    free(s->user);
    memset(s, 0, sizeof *s);
}
