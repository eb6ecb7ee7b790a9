/* status.h: the status file of SPEC section 6: written atomically
 * (temporary file in the same directory, fsync, rename), mode 0644,
 * directories created as needed; and read back by `alembic-gate status`. */
#ifndef AG_STATUS_H
#define AG_STATUS_H

#include <stdio.h>

#include "dburl.h"
#include "util.h"

struct status_report {
    int ready;
    const char *outcome;      /* fresh healthy repaired would_repair ahead needs_human unreachable error */
    const char *state;        /* a gate_state name, or NULL (null) before diagnosis */
    const char *action;       /* "none", "stamp" */
    int check_only;
    const struct strvec *revisions_before;
    const struct strvec *revisions_after;
    const struct strvec *script_heads;
    long pending;             /* -1: null (unknown) */
    const struct strvec *candidates;
    size_t n_candidates;
    const struct strvec *extra_objects;
    long extra_objects_total; /* written when more than extra_objects names; -1: not known */
    int extra_objects_more;   /* the total is a lower bound: counting stopped there */
    const struct strvec *contradicting;
    const struct strvec *drift;     /* state drift: the objects that differ from the record */
    const struct strvec *uncertain; /* objects the model could not decide */
    const char *message;
    /* `config`: the file and section script_location was read from (NULL
     * for a flag or variable) and the directory it names; null before the
     * configuration is read. */
    const char *config_file;
    const char *config_section;
    const char *script_location;
    const struct conn_summary *database;
    const char *lock_key;     /* decimal, or NULL */
    int attempts;
    long long started_at_ms;  /* wall clock, epoch ms */
    long long finished_at_ms;
    int exit_code;
};

/* Serialises r as the JSON object of SPEC section 6 (one line plus newline). */
char *status_to_json(const struct status_report *r);

/* Where the file goes: its directory, opened once and checked (see
 * status.c), and the file's name in it. */
struct status_target {
    int dirfd;
    char *path;
    char *base;
};

/* Opens the status file's directory, creating missing ones (0755), and
 * checks it: the directory must belong to the gate's user and be writable by
 * no one else, a symlink on the way must be root's or that user's, and an
 * existing file at the path must be a regular file. Returns 0, or
 * EXIT_CONFIG (78) with err naming the path. */
int status_target_open(const char *path, struct status_target *t, char *err, size_t errlen);
void status_target_close(struct status_target *t);

/* Writes the file into t's directory: a new temporary file (O_EXCL,
 * O_NOFOLLOW), mode 0644, fsync, rename over the name, fsync of the
 * directory. Returns 0, or -1 with err naming the path and reason. */
int status_write_to(const struct status_target *t, const struct status_report *r, char *err,
                    size_t errlen);
/* status_target_open, status_write_to, status_target_close. */
int status_write(const char *path, const struct status_report *r, char *err, size_t errlen);

/* `alembic-gate status`: prints a summary of the file to out; returns 0 only
 * when it parses and says "ready": true, 1 when it says not ready, 78 when the
 * file is missing, unreadable or not a regular file (never blocks on a FIFO),
 * with a message on stderr. */
int status_command(const char *path, FILE *out);

/* Checks a status document: 1 ready, 0 not ready, -1 not a status file.
 * Pure (fuzzed). */
int status_parse_ready(const char *text, size_t len, char *outcome, size_t outcome_len);

#endif
