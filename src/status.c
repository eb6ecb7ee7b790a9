/* status.c: the status file of SPEC section 6, and `alembic-gate status`.
 *
 * Every field is present in every outcome (null or [] when unknown), so a
 * probe or a dashboard never has to guess whether a key is missing because of
 * an old version or because of a failure. */
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"

#define STATUS_MAX_BYTES (4u << 20)
#define JSON_MAX_DEPTH 64

static void append_string_or_null(struct strbuf *b, const char *s)
{
    if (s)
        sb_append_json_string(b, s);
    else
        sb_append(b, "null");
}

static void append_array(struct strbuf *b, const struct strvec *v)
{
    sb_appendc(b, '[');
    for (size_t i = 0; v && i < v->n; i++) {
        if (i)
            sb_appendc(b, ',');
        sb_append_json_string(b, v->v[i]);
    }
    sb_appendc(b, ']');
}

char *status_to_json(const struct status_report *r)
{
    struct strbuf b = {0};
    char ts[40];
    sb_appendf(&b, "{\"format\":1,\"tool\":\"alembic-gate\",\"version\":");
    sb_append_json_string(&b, AG_VERSION);
    sb_appendf(&b, ",\"ready\":%s,\"outcome\":", r->ready ? "true" : "false");
    append_string_or_null(&b, r->outcome);
    sb_append(&b, ",\"state\":");
    append_string_or_null(&b, r->state);
    sb_append(&b, ",\"action\":");
    append_string_or_null(&b, r->action ? r->action : "none");
    sb_appendf(&b, ",\"check_only\":%s,\"revisions_before\":", r->check_only ? "true" : "false");
    append_array(&b, r->revisions_before);
    sb_append(&b, ",\"revisions_after\":");
    append_array(&b, r->revisions_after);
    sb_append(&b, ",\"script_heads\":");
    append_array(&b, r->script_heads);
    if (r->pending >= 0)
        sb_appendf(&b, ",\"pending\":%ld", r->pending);
    else
        sb_append(&b, ",\"pending\":null");
    sb_append(&b, ",\"candidates\":[");
    for (size_t i = 0; i < r->n_candidates; i++) {
        if (i)
            sb_appendc(&b, ',');
        append_array(&b, &r->candidates[i]);
    }
    sb_append(&b, "],\"extra_objects\":");
    append_array(&b, r->extra_objects);
    if (r->extra_objects && (r->extra_objects_total > (long)r->extra_objects->n || r->extra_objects_more))
        sb_appendf(&b, ",\"extra_objects_total\":%ld", r->extra_objects_total);
    if (r->extra_objects && r->extra_objects_more)
        sb_append(&b, ",\"extra_objects_total_is_lower_bound\":true");
    sb_append(&b, ",\"contradicting\":");
    append_array(&b, r->contradicting);
    sb_append(&b, ",\"drift\":");
    append_array(&b, r->drift);
    sb_append(&b, ",\"uncertain\":");
    append_array(&b, r->uncertain);
    sb_append(&b, ",\"message\":");
    append_string_or_null(&b, r->message ? r->message : "");
    sb_append(&b, ",\"config\":");
    if (r->script_location) {
        sb_append(&b, "{\"file\":");
        append_string_or_null(&b, r->config_file);
        sb_append(&b, ",\"section\":");
        append_string_or_null(&b, r->config_section);
        sb_append(&b, ",\"script_location\":");
        append_string_or_null(&b, r->script_location);
        sb_append(&b, "}");
    } else {
        sb_append(&b, "null");
    }
    sb_append(&b, ",\"database\":{\"host\":");
    const struct conn_summary *d = r->database;
    append_string_or_null(&b, d ? d->host : NULL);
    sb_append(&b, ",\"port\":");
    char *end = NULL;
    long port = d && d->port ? strtol(d->port, &end, 10) : -1;
    if (d && d->port && end && *end == '\0' && port > 0 && port < 65536)
        sb_appendf(&b, "%ld", port);
    else
        append_string_or_null(&b, d ? d->port : NULL); /* a multi-host list stays a string */
    sb_append(&b, ",\"dbname\":");
    append_string_or_null(&b, d ? d->dbname : NULL);
    sb_append(&b, ",\"user\":");
    append_string_or_null(&b, d ? d->user : NULL);
    sb_append(&b, "},\"lock_key\":");
    append_string_or_null(&b, r->lock_key);
    sb_appendf(&b, ",\"attempts\":%d,\"started_at\":", r->attempts);
    format_utc_ms(r->started_at_ms, ts, sizeof ts);
    sb_append_json_string(&b, ts);
    sb_append(&b, ",\"finished_at\":");
    format_utc_ms(r->finished_at_ms, ts, sizeof ts);
    sb_append_json_string(&b, ts);
    sb_appendf(&b, ",\"duration_ms\":%lld,\"exit_code\":%d}\n", r->finished_at_ms - r->started_at_ms,
               r->exit_code);
    return sb_take(&b);
}

/* ---- writing: only into a directory no other user can write ----
 *
 * The gate often runs as root and the default path is under /tmp, so every
 * name it opens must be one no other user can have planted: a symlink at the
 * temporary name would make root truncate and chmod its target, a directory
 * owned by someone else lets them swap status.json under the probe. So the
 * path is walked one component at a time from a descriptor: the file's own
 * directory must belong to the gate's user and be writable by nobody else
 * (the gate creates it, 0755, when missing), and a symlink on the way is
 * followed only when root or the gate's user made it. Everything after that
 * is relative to that directory's descriptor, so renaming things around the
 * path later changes nothing. The directories above may be anyone's (a
 * Kubernetes emptyDir is 0777): whoever can write there can move the gate's
 * directory aside, but never make the gate write anywhere else. */

#define STATUS_PATH_MAX_DEPTH 64

static int dir_trusted(const struct stat *st, int final)
{
    return !final || (st->st_uid == geteuid() && !(st->st_mode & 022));
}

/* Opens (creating if missing) the directory `name` in dirfd. Returns the new
 * descriptor or -1 with why set. */
static int open_component(int dirfd, const char *name, int final, const char **why)
{
    struct stat st;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT) {
                *why = strerror(errno);
                return -1;
            }
            if (mkdirat(dirfd, name, 0755) != 0 && errno != EEXIST) {
                *why = strerror(errno);
                return -1;
            }
            continue; /* look again at what is there now */
        }
        int follow = 0;
        if (S_ISLNK(st.st_mode)) {
            if (st.st_uid != 0 && st.st_uid != geteuid()) {
                *why = "is a symlink owned by another user";
                return -1;
            }
            follow = 1;
        } else if (!S_ISDIR(st.st_mode)) {
            *why = "is not a directory";
            return -1;
        }
        int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
        if (fd < 0) {
            *why = strerror(errno);
            return -1;
        }
        if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || !dir_trusted(&st, final)) {
            *why = "is not owned by the gate's user, or is writable by other users";
            close(fd);
            return -1;
        }
        return fd;
    }
    *why = "changed while it was being created";
    return -1;
}

/* 1 when s names no directory below where it starts ("", "/", "./.", ...). */
static int only_dots(const char *s)
{
    for (; *s; s++)
        if (*s != '/' && !(*s == '.' && (s[1] == '/' || s[1] == '\0')))
            return 0;
    return 1;
}

int status_target_open(const char *path, struct status_target *t, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    t->dirfd = -1;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        snprintf(err, errlen, "status file %s: not a file name (--status-file)", path);
        return EXIT_CONFIG;
    }
    char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
    const char *why = NULL;
    char *failed_at = NULL;
    int cur = open(path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    if (cur < 0 || fstat(cur, &st) != 0 || !dir_trusted(&st, only_dots(dir))) {
        why = cur < 0 ? strerror(errno) : "is not owned by the gate's user, or is writable by other users";
        failed_at = xstrdup(path[0] == '/' ? "/" : ".");
    }
    int depth = 0;
    for (char *p = dir; !why;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        char *c = p;
        p += strcspn(p, "/");
        if (*p)
            *p++ = '\0';
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0 || ++depth > STATUS_PATH_MAX_DEPTH) {
            why = "'..' or too many components in the path";
            failed_at = xstrdup(c);
            break;
        }
        int next = open_component(cur, c, only_dots(p), &why);
        if (next < 0) {
            failed_at = xstrndup(path, (size_t)(c - dir) + strlen(c));
            break;
        }
        close(cur);
        cur = next;
    }
    free(dir);
    if (why) {
        snprintf(err, errlen, "status file %s: refusing to write: %s %s (--status-file; use a directory the gate "
                 "creates, or one owned by its user and writable by no one else)", path,
                 failed_at ? failed_at : path, why);
        free(failed_at);
        if (cur >= 0)
            close(cur);
        return EXIT_CONFIG;
    }
    /* An existing status file must be a regular file: a device node or a
     * FIFO given as the path is refused, never replaced. */
    if (fstatat(cur, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "status file %s: refusing to write: it exists and is not a regular file "
                 "(--status-file)", path);
        close(cur);
        return EXIT_CONFIG;
    }
    t->dirfd = cur;
    t->path = xstrdup(path);
    t->base = xstrdup(base);
    return 0;
}

void status_target_close(struct status_target *t)
{
    if (t->dirfd >= 0)
        close(t->dirfd);
    free(t->path);
    free(t->base);
    memset(t, 0, sizeof *t);
    t->dirfd = -1;
}

static int write_all(int fd, const char *s, size_t len)
{
    while (len) {
        ssize_t w = write(fd, s, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        len -= (size_t)w;
    }
    return 0;
}

/* A new file under a name nobody else can have created (the directory is
 * ours alone; O_EXCL|O_NOFOLLOW even so). */
static int create_temporary(const struct status_target *t, char *name, size_t namelen)
{
    static unsigned counter;
    for (int attempt = 0; attempt < 16; attempt++) {
        snprintf(name, namelen, ".%s.%ld.%llx.%u.tmp", t->base, (long)getpid(), now_us(), counter++);
        int fd = openat(t->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int status_write_to(const struct status_target *t, const struct status_report *r, char *err, size_t errlen)
{
    char *json = status_to_json(r);
    char tmp[512];
    int fd = -1, rc = -1, created = 0;
    struct stat st;
    const char *step = "it exists and is not a regular file";
    errno = 0;
    if (fstatat(t->dirfd, t->base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode))
        goto out;
    step = "cannot create a temporary file";
    fd = create_temporary(t, tmp, sizeof tmp);
    if (fd < 0)
        goto out;
    created = 1;
    step = "cannot write";
    /* The umask must not make it unreadable to a probe running as another user. */
    if (fchmod(fd, 0644) != 0 || write_all(fd, json, strlen(json)) != 0 || fsync(fd) != 0)
        goto out;
    step = "cannot close";
    int closed = close(fd);
    fd = -1;
    if (closed != 0)
        goto out;
    step = "cannot rename the temporary file into place";
    if (renameat(t->dirfd, tmp, t->dirfd, t->base) != 0)
        goto out;
    created = 0;
    /* The rename is durable only once the directory entry is. */
    fsync(t->dirfd);
    rc = 0;
out:
    if (rc != 0) {
        snprintf(err, errlen, "status file %s: %s%s%s", t->path, step, errno ? ": " : "",
                 errno ? strerror(errno) : "");
        if (fd >= 0)
            close(fd);
        if (created)
            unlinkat(t->dirfd, tmp, 0);
    }
    free(json);
    return rc;
}

int status_write(const char *path, const struct status_report *r, char *err, size_t errlen)
{
    struct status_target t;
    if (status_target_open(path, &t, err, errlen) != 0)
        return -1;
    int rc = status_write_to(&t, r, err, errlen);
    status_target_close(&t);
    return rc;
}

/* ---- reading it back: a small JSON reader, iterative and depth-bounded ---- */

struct jreader {
    const char *s;
    size_t len;
    size_t pos;
};

static void skip_ws(struct jreader *j)
{
    while (j->pos < j->len && strchr(" \t\r\n", j->s[j->pos]) && j->s[j->pos])
        j->pos++;
}

/* Reads a string at pos into out (decoded, truncated to outlen-1; NULL to
 * skip). Returns 0, or -1 on malformed input. */
static int read_string(struct jreader *j, char *out, size_t outlen)
{
    size_t o = 0;
    if (j->pos >= j->len || j->s[j->pos] != '"')
        return -1;
    j->pos++;
    while (j->pos < j->len) {
        unsigned char c = (unsigned char)j->s[j->pos++];
        if (c == '"') {
            if (out && outlen)
                out[o] = '\0';
            return 0;
        }
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            if (j->pos >= j->len)
                return -1;
            char e = j->s[j->pos++];
            switch (e) {
            case '"': case '\\': case '/': c = (unsigned char)e; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u':
                if (j->len - j->pos < 4)
                    return -1;
                for (int k = 0; k < 4; k++)
                    if (!strchr("0123456789abcdefABCDEF", j->s[j->pos + k]) || !j->s[j->pos + k])
                        return -1;
                j->pos += 4;
                c = '?'; /* the summary needs no exact non-ASCII text */
                break;
            default:
                return -1;
            }
        }
        if (out && o + 1 < outlen)
            out[o++] = (char)c;
    }
    return -1;
}

/* Skips one value of any type, without recursion: nesting is counted. */
static int skip_value(struct jreader *j)
{
    int depth = 0;
    for (;;) {
        skip_ws(j);
        if (j->pos >= j->len)
            return -1;
        char c = j->s[j->pos];
        if (c == '"') {
            if (read_string(j, NULL, 0) != 0)
                return -1;
        } else if (c == '{' || c == '[') {
            if (++depth > JSON_MAX_DEPTH)
                return -1;
            j->pos++;
            continue;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return -1;
            depth--;
            j->pos++;
        } else if (c == ',' || c == ':') {
            if (depth == 0)
                return -1;
            j->pos++;
            continue;
        } else {
            size_t start = j->pos;
            while (j->pos < j->len && strchr("+-.0123456789eEtrufalsn", j->s[j->pos]) && j->s[j->pos])
                j->pos++;
            if (j->pos == start)
                return -1;
        }
        if (depth == 0)
            return 0;
    }
}

struct status_summary {
    int ready;          /* -1 unknown */
    char outcome[64];
    char state[64];
    char message[512];
    char finished_at[64];
};

static int parse_summary(const char *text, size_t len, struct status_summary *out)
{
    struct jreader j = {text, len, 0};
    memset(out, 0, sizeof *out);
    out->ready = -1;
    int format_seen = 0;
    skip_ws(&j);
    if (j.pos >= j.len || text[j.pos] != '{')
        return -1;
    j.pos++;
    skip_ws(&j);
    if (j.pos < j.len && text[j.pos] == '}')
        return -1;
    for (;;) {
        char key[64];
        skip_ws(&j);
        if (read_string(&j, key, sizeof key) != 0)
            return -1;
        skip_ws(&j);
        if (j.pos >= j.len || text[j.pos] != ':')
            return -1;
        j.pos++;
        skip_ws(&j);
        size_t vstart = j.pos;
        char *target = NULL;
        size_t target_len = 0;
        if (strcmp(key, "outcome") == 0)
            target = out->outcome, target_len = sizeof out->outcome;
        else if (strcmp(key, "state") == 0)
            target = out->state, target_len = sizeof out->state;
        else if (strcmp(key, "message") == 0)
            target = out->message, target_len = sizeof out->message;
        else if (strcmp(key, "finished_at") == 0)
            target = out->finished_at, target_len = sizeof out->finished_at;
        if (target && j.pos < j.len && text[j.pos] == '"') {
            if (read_string(&j, target, target_len) != 0)
                return -1;
        } else if (skip_value(&j) != 0) {
            return -1;
        }
        size_t vlen = j.pos - vstart;
        if (strcmp(key, "ready") == 0)
            out->ready = vlen == 4 && memcmp(text + vstart, "true", 4) == 0   ? 1
                         : vlen == 5 && memcmp(text + vstart, "false", 5) == 0 ? 0
                                                                              : -1;
        if (strcmp(key, "format") == 0)
            format_seen = 1;
        skip_ws(&j);
        if (j.pos < j.len && text[j.pos] == ',') {
            j.pos++;
            continue;
        }
        if (j.pos < j.len && text[j.pos] == '}')
            break;
        return -1;
    }
    if (!format_seen || out->ready < 0)
        return -1;
    return 0;
}

int status_parse_ready(const char *text, size_t len, char *outcome, size_t outcome_len)
{
    struct status_summary sum;
    if (parse_summary(text, len, &sum) != 0)
        return -1;
    if (outcome && outcome_len)
        snprintf(outcome, outcome_len, "%s", sum.outcome);
    return sum.ready;
}

/* The probe must never hang: the open does not wait (O_NONBLOCK), and a
 * FIFO or a device at the path is refused before anything is read. */
static int read_regular_file(const char *path, char **text, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    int err = fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
    struct strbuf b = {0};
    char chunk[8192];
    while (!err) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err = n < 0 ? errno : 0;
            break;
        }
        if (b.len + (size_t)n > STATUS_MAX_BYTES)
            err = EFBIG;
        else
            sb_appendn(&b, chunk, (size_t)n);
    }
    close(fd);
    if (err) {
        sb_free(&b);
        errno = err;
        return -1;
    }
    *len = b.len;
    *text = b.s ? sb_take(&b) : xstrdup("");
    return 0;
}

int status_command(const char *path, FILE *out)
{
    char *text = NULL;
    size_t len = 0;
    if (strcmp(path, "-") == 0) {
        fprintf(stderr, "alembic-gate: status: no status file (--status-file -)\n");
        return EXIT_CONFIG;
    }
    if (read_regular_file(path, &text, &len) != 0) {
        fprintf(stderr, "alembic-gate: status: cannot read %s: %s\n", path,
                errno == EINVAL ? "not a regular file" : strerror(errno));
        return EXIT_CONFIG;
    }
    struct status_summary sum;
    int rc = parse_summary(text, len, &sum);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "alembic-gate: status: %s is not an alembic-gate status file\n", path);
        return EXIT_CONFIG;
    }
    fprintf(out, "%s: %s (state %s) at %s: %s\n", sum.ready ? "ready" : "not ready", sum.outcome,
            sum.state[0] ? sum.state : "unknown", sum.finished_at, sum.message);
    return sum.ready ? 0 : 1;
}
