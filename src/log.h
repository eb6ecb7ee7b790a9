/* log.h: the gate's log on stderr, as text or one JSON object per line.
 *
 * Callers never pass a password or connection string here: the log has no
 * way to tell a secret from a message, so the rule is enforced at the source
 * (dburl.h describes a connection without its secrets). */
#ifndef AG_LOG_H
#define AG_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };
enum log_format { LOG_TEXT = 0, LOG_JSON = 1 };

struct log_field {
    const char *key;
    const char *value; /* written as a JSON string; NULL is skipped */
};

void log_setup(enum log_format format, enum log_level max_level);
enum log_level log_max_level(void);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The fields appear as keys of the JSON object, or as key=value after the
 * message in text format. */
void log_fields(enum log_level level, const struct log_field *fields, int n_fields,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
