"""Indico's PyIntEnum as PostgreSQL sees it: a SMALLINT, and a CHECK
constraint valid_enum_<column> (named ck_<table>_valid_enum_<column> by
Indico's naming convention, see prelude.py) over the enum's values, added
when the column joins its table (create_table)."""
from sqlalchemy import type_coerce
from sqlalchemy.event import listens_for
from sqlalchemy.sql.schema import CheckConstraint
from sqlalchemy.sql.sqltypes import SchemaType, SmallInteger
from sqlalchemy.sql.type_api import TypeDecorator


class PyIntEnum(TypeDecorator, SchemaType):
    impl = SmallInteger
    cache_ok = True

    def __init__(self, enum=None, exclude_values=None):
        self.enum = enum
        self.exclude_values = frozenset(exclude_values or ())
        TypeDecorator.__init__(self)
        SchemaType.__init__(self)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return int(self.enum(value))

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)


@listens_for(PyIntEnum, 'before_parent_attach')
def _type_before_parent_attach(type_, col):
    @listens_for(col, 'after_parent_attach')
    def _col_after_parent_attach(col, table):
        int_col = type_coerce(col, SmallInteger)
        CheckConstraint(int_col.in_(x.value for x in type_.enum if x not in type_.exclude_values),
                        f'valid_enum_{col.name}')
