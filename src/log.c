#include "log.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static enum log_format g_format = LOG_TEXT;
static enum log_level g_max = LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_setup(enum log_format format, enum log_level max_level)
{
    g_format = format;
    g_max = max_level;
}

enum log_level log_max_level(void)
{
    return g_max;
}

static void log_v(enum log_level level, const struct log_field *fields, int n_fields,
                  const char *fmt, va_list ap)
{
    if (level > g_max)
        return;
    char ts[40];
    format_utc_ms(wall_ms(), ts, sizeof ts);
    struct strbuf msg = {0};
    sb_vappendf(&msg, fmt, ap);
    struct strbuf line = {0};
    if (g_format == LOG_JSON) {
        sb_append(&line, "{\"ts\":");
        sb_append_json_string(&line, ts);
        sb_append(&line, ",\"level\":");
        sb_append_json_string(&line, level_names[level]);
        sb_append(&line, ",\"msg\":");
        sb_append_json_string(&line, msg.s ? msg.s : "");
        for (int i = 0; i < n_fields; i++) {
            if (!fields[i].value)
                continue;
            sb_appendc(&line, ',');
            sb_append_json_string(&line, fields[i].key);
            sb_appendc(&line, ':');
            sb_append_json_string(&line, fields[i].value);
        }
        sb_append(&line, "}\n");
    } else {
        sb_appendf(&line, "%s alembic-gate %-5s %s", ts, level_names[level], msg.s ? msg.s : "");
        for (int i = 0; i < n_fields; i++)
            if (fields[i].value)
                sb_appendf(&line, " %s=%s", fields[i].key, fields[i].value);
        sb_appendc(&line, '\n');
    }
    /* One write per line, so lines from concurrent gates sharing a pipe do not interleave. */
    size_t off = 0;
    while (off < line.len) {
        ssize_t w = write(2, line.s + off, line.len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    sb_free(&line);
    sb_free(&msg);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_v(level, NULL, 0, fmt, ap);
    va_end(ap);
}

void log_fields(enum log_level level, const struct log_field *fields, int n_fields,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_v(level, fields, n_fields, fmt, ap);
    va_end(ap);
}
