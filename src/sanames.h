/* sanames.h: the names objects get when a migration does not spell them out
 * in full: SQLAlchemy's shortening of generated names (op.f(), naming
 * conventions) and PostgreSQL's choice of names for unnamed constraints and
 * owned sequences. Pure. */
#ifndef AG_SANAMES_H
#define AG_SANAMES_H

#include <stddef.h>

/* A name SQLAlchemy treats as generated (op.f(), a naming convention: its
 * `conv`/_truncated_label class) as its PostgreSQL compiler renders it: one
 * longer than 63 characters becomes its first 55 characters, "_", and the
 * last four hex digits of the MD5 of the full name (SQLAlchemy 1.4,
 * IdentifierPreparer._truncate_and_render_maxlen_name). A plain name goes to
 * the server as written (SQLAlchemy refuses an index or constraint name over
 * 63 characters; PostgreSQL cuts other identifiers: pg_truncate_name).
 * Returns a new string. */
char *sa_conv_name(const char *name);

/* PostgreSQL's makeObjectName: "name1_name2_label" (name2 may be NULL),
 * the longer of name1 and name2 shortened until it fits 63 bytes. */
char *pg_object_name(const char *name1, const char *name2, const char *label);

/* PostgreSQL's ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition:
 * column names joined with "_", stopping once 63 bytes are reached. */
char *pg_name_addition(const char *const *cols, size_t n);

#endif
