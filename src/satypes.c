/* satypes.c: the SQLAlchemy type table. Checked against SQLAlchemy 1.4's
 * PostgreSQL dialect and PostgreSQL 15's format_type(). */
#include "satypes.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

enum type_form {
    T_PLAIN,     /* the name, arguments ignored */
    T_LENGTH,    /* "pg(n)" when a length is given, else "pg" */
    T_CHAR,      /* "character(n)", n defaulting to 1 as PostgreSQL does */
    T_NUMERIC,   /* "numeric(p,s)", s defaulting to 0; "numeric" without p */
    T_FLOAT,     /* FLOAT(p): real for p <= 24, else double precision */
    T_TIMESTAMP, /* "timestamp[(p)] with[out] time zone" */
    T_TIME,      /* "time[(p)] with[out] time zone" */
    T_ARRAY,     /* "item[]" */
    T_ENUM,      /* its name= (native), or varchar of the longest value */
    T_INTEGER,   /* plain, and SERIAL when an autoincrementing primary key */
};

struct sa_type {
    const char *name;
    const char *pg;
    enum type_form form;
    int tz_default; /* T_TIMESTAMP/T_TIME: with time zone unless timezone= says otherwise */
};

static const struct sa_type types[] = {
    {"String", "character varying", T_LENGTH, 0},
    {"VARCHAR", "character varying", T_LENGTH, 0},
    {"Unicode", "character varying", T_LENGTH, 0},
    {"NVARCHAR", "character varying", T_LENGTH, 0},
    {"AutoString", "character varying", T_LENGTH, 0}, /* SQLModel's str columns (keep, langflow) */
    {"Text", "text", T_PLAIN, 0},
    {"TEXT", "text", T_PLAIN, 0},
    {"UnicodeText", "text", T_PLAIN, 0},
    {"CHAR", "character", T_CHAR, 0},
    {"NCHAR", "character", T_CHAR, 0},
    {"Integer", "integer", T_INTEGER, 0},
    {"INTEGER", "integer", T_INTEGER, 0},
    {"INT", "integer", T_INTEGER, 0},
    {"BigInteger", "bigint", T_INTEGER, 0},
    {"BIGINT", "bigint", T_INTEGER, 0},
    {"SmallInteger", "smallint", T_INTEGER, 0},
    {"SMALLINT", "smallint", T_INTEGER, 0},
    {"Boolean", "boolean", T_PLAIN, 0},
    {"BOOLEAN", "boolean", T_PLAIN, 0},
    {"DateTime", "timestamp", T_TIMESTAMP, 0},
    {"DATETIME", "timestamp", T_TIMESTAMP, 0},
    {"TIMESTAMP", "timestamp", T_TIMESTAMP, 0},
    {"Date", "date", T_PLAIN, 0},
    {"DATE", "date", T_PLAIN, 0},
    {"Time", "time", T_TIME, 0},
    {"TIME", "time", T_TIME, 0},
    {"Interval", "interval", T_PLAIN, 0},
    {"INTERVAL", "interval", T_PLAIN, 0},
    {"Numeric", "numeric", T_NUMERIC, 0},
    {"NUMERIC", "numeric", T_NUMERIC, 0},
    {"DECIMAL", "numeric", T_NUMERIC, 0},
    {"Float", "double precision", T_FLOAT, 0},
    {"FLOAT", "double precision", T_FLOAT, 0},
    {"REAL", "real", T_PLAIN, 0},
    {"DOUBLE_PRECISION", "double precision", T_PLAIN, 0},
    {"Double", "double precision", T_PLAIN, 0}, /* SQLAlchemy 2.0 */
    {"DOUBLE", "double precision", T_PLAIN, 0},
    {"JSON", "json", T_PLAIN, 0},
    {"JSONB", "jsonb", T_PLAIN, 0},
    {"UUID", "uuid", T_PLAIN, 0},
    {"Uuid", "uuid", T_PLAIN, 0}, /* SQLAlchemy 2.0: native uuid on PostgreSQL (polar) */
    {"ARRAY", NULL, T_ARRAY, 0},
    {"LargeBinary", "bytea", T_PLAIN, 0},
    {"BLOB", "bytea", T_PLAIN, 0},
    {"BYTEA", "bytea", T_PLAIN, 0},
    {"PickleType", "bytea", T_PLAIN, 0},
    {"Enum", NULL, T_ENUM, 0},
    {"ENUM", NULL, T_ENUM, 0},
    {"INET", "inet", T_PLAIN, 0},
    {"CIDR", "cidr", T_PLAIN, 0},
    {"MACADDR", "macaddr", T_PLAIN, 0},
    {"MONEY", "money", T_PLAIN, 0},
    {"OID", "oid", T_PLAIN, 0},
    {"TSVECTOR", "tsvector", T_PLAIN, 0},
    {"HSTORE", "hstore", T_PLAIN, 0},
    {"CITEXT", "citext", T_PLAIN, 0},
    {"INT4RANGE", "int4range", T_PLAIN, 0},
    {"INT8RANGE", "int8range", T_PLAIN, 0},
    {"NUMRANGE", "numrange", T_PLAIN, 0},
    {"DATERANGE", "daterange", T_PLAIN, 0},
    {"TSRANGE", "tsrange", T_PLAIN, 0},
    {"TSTZRANGE", "tstzrange", T_PLAIN, 0},
};

static const struct sa_type *find(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].name, name) == 0)
            return &types[i];
    return NULL;
}

int sa_type_is_integer(const char *name)
{
    const struct sa_type *t = find(name);
    return t && t->form == T_INTEGER;
}

int sa_type_is_enum(const char *name)
{
    const struct sa_type *t = find(name);
    return t && t->form == T_ENUM;
}

/* The first length-like number: a positional one or length=/precision=. */
static long first_number(const struct sa_type_args *a)
{
    return a->n_num > 0 ? a->num[0] : a->length;
}

static char *time_name(const char *base, const struct sa_type_args *a)
{
    long p = first_number(a);
    const char *zone = a->timezone == 1 ? "with" : "without";
    if (p >= 0)
        return xasprintf("%s(%ld) %s time zone", base, p, zone);
    return xasprintf("%s %s time zone", base, zone);
}

char *sa_type_name(const char *name, const struct sa_type_args *a)
{
    const struct sa_type *t = find(name);
    if (!t)
        return NULL;
    long n = first_number(a);
    switch (t->form) {
    case T_PLAIN:
    case T_INTEGER:
        return xstrdup(t->pg);
    case T_LENGTH:
        return n >= 0 ? xasprintf("%s(%ld)", t->pg, n) : xstrdup(t->pg);
    case T_CHAR:
        return xasprintf("character(%ld)", n >= 0 ? n : 1);
    case T_NUMERIC: {
        long s = a->n_num > 1 ? a->num[1] : a->scale;
        if (n < 0)
            return xstrdup("numeric");
        return xasprintf("numeric(%ld,%ld)", n, s >= 0 ? s : 0);
    }
    case T_FLOAT:
        return xstrdup(n >= 1 && n <= 24 ? "real" : "double precision");
    case T_TIMESTAMP:
        return time_name("timestamp", a);
    case T_TIME:
        return time_name("time", a);
    case T_ARRAY:
        return a->item ? xasprintf("%s[]", a->item) : NULL;
    case T_ENUM:
        if (a->native_enum)
            return a->enum_name ? xstrdup(a->enum_name) : NULL;
        return a->longest_value >= 0 ? xasprintf("character varying(%ld)", a->longest_value) : NULL;
    }
    return NULL;
}
