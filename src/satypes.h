/* satypes.h: SQLAlchemy and sqlalchemy.dialects.postgresql column types as
 * PostgreSQL's format_type() names them once SQLAlchemy 1.4's PostgreSQL
 * dialect has created the column (objects.h, column attribute "type").
 * Table-driven: a new type is a row in satypes.c. Pure. */
#ifndef AG_SATYPES_H
#define AG_SATYPES_H

/* What the call spelled, as far as it is literal. -1: not given. */
struct sa_type_args {
    long num[2];        /* the first two positional numbers: length, precision, scale */
    int n_num;
    long length;        /* length= / precision= keywords (-1 when absent) */
    long scale;         /* scale= */
    int timezone;       /* timezone=True: 1, False: 0, absent: -1 */
    const char *item;   /* ARRAY: the element's mapped name, or NULL when unknown */
    const char *enum_name; /* Enum/ENUM: name=, or NULL */
    int native_enum;    /* Enum(native_enum=False): 0, else 1 */
    long longest_value; /* Enum: the longest literal value's length, -1 when any is not literal */
};

/* The format_type() name for the type called name (the last dotted part:
 * "String", "JSONB"...), or NULL when the type is unknown. Returns a new
 * string. */
char *sa_type_name(const char *name, const struct sa_type_args *a);

/* 1 when SQLAlchemy renders an autoincrementing primary key column of this
 * type as SERIAL/BIGSERIAL/SMALLSERIAL (an integer type). */
int sa_type_is_integer(const char *name);

/* 1 for Enum/ENUM. */
int sa_type_is_enum(const char *name);

#endif
