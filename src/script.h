/* script.h: finding and reading Alembic revision files (SPEC section 5).
 *
 * Discovery follows Alembic: each version location's top level (or the whole
 * tree, skipping __pycache__, when recursive), files named *.py except those
 * starting with ".#" or "__init__", in sorted order. Each file's module-level
 * revision, down_revision, branch_labels and depends_on are read as Python
 * literals; the module docstring gives the message `history` prints. A file
 * without `revision` takes its id from a lowercase-hex file name. A
 * computed branch_labels (`(cli.CONTRACT_BRANCH,)`) leaves the labels
 * unknown, with a warning: labels name branches but do not shape the graph. */
#ifndef AG_SCRIPT_H
#define AG_SCRIPT_H

#include <stddef.h>

#include "ops.h"

#define SCRIPT_MAX_FILE_BYTES (8u << 20) /* larger revision files are refused */

struct revision {
    char *id;
    char **down_revisions;   /* NULL-terminated; empty for a base */
    size_t n_down;
    char **depends_on;       /* NULL-terminated */
    size_t n_depends;
    char **branch_labels;    /* NULL-terminated */
    size_t n_labels;
    int labels_unread_line;  /* branch_labels was not a literal (computed): its
                                labels are unknown; 0 when read */
    char *path;              /* as found (version location + relative path) */
    char *doc;               /* module docstring as Alembic keeps it, or "" */
    int revision_line;       /* where `revision =` was, 0 for a file-name id */
    struct upgrade_effects effects;
};

struct script_set {
    struct revision *revs;   /* in discovery order */
    size_t n;
    size_t cap;
};

/* Reads every revision file under the given directories. Returns 0, or
 * EXIT_CONFIG (78) for a missing or unreadable directory, or
 * EXIT_INVALID_SCRIPTS (4) for an unreadable or unparsable file, with err as
 * "PATH:LINE: reason". */
int scripts_load(char *const *dirs, size_t n_dirs, int recursive, struct script_set *out,
                 char *err, size_t errlen);

/* Reads one file's text (exposed for unit tests and the fuzzer). path is
 * used for the hex-file-name rule and in errors. tl is the caller's
 * token list (zeroed, or reused from an earlier call; the caller frees it
 * with token_list_free). Returns 0 or EXIT_INVALID_SCRIPTS with err. */
int script_parse(const char *path, const char *text, size_t len, struct token_list *tl,
                 struct revision *out, char *err, size_t errlen);

void revision_free(struct revision *r);
void script_set_free(struct script_set *s);

#endif
