# Polar's env.py imports alembic_utils (op.create_entity): our stand-in.
import alembic_utils  # noqa: F401
# Its migrations are written for SQLAlchemy 2.0: sa.Uuid / sa.UUID,
# postgresql.CITEXT and create_index(postgresql_nulls_not_distinct=True).
import compat20  # noqa: F401
from sqlalchemy import Index
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql.base import PGDDLCompiler
from sqlalchemy.types import UserDefinedType

if not hasattr(postgresql, "CITEXT"):
    class CITEXT(UserDefinedType):
        cache_ok = True

        def get_col_spec(self, **kw):
            return "CITEXT"

    postgresql.CITEXT = CITEXT

try:
    Index.argument_for("postgresql", "nulls_not_distinct", None)
    _visit_create_index = PGDDLCompiler.visit_create_index

    def visit_create_index(self, create, **kw):
        sql = _visit_create_index(self, create, **kw)
        if create.element.dialect_options["postgresql"]["nulls_not_distinct"]:
            at = sql.find(" WHERE ")
            at = len(sql) if at < 0 else at
            sql = sql[:at] + " NULLS NOT DISTINCT" + sql[at:]
        return sql

    PGDDLCompiler.visit_create_index = visit_create_index
except Exception:  # 2.0 knows it already
    pass

# op.create_index(if_not_exists=True) / op.drop_index(if_exists=True):
# Alembic 1.12's arguments, which 1.8.1 takes for dialect options (an
# "if" dialect) and drops; SQLAlchemy 1.4's CreateIndex / DropIndex have them.
from alembic.ddl.impl import DefaultImpl
from alembic.ddl.postgresql import PostgresqlImpl
from sqlalchemy.schema import CreateIndex, DropIndex


def _flag(index, name):
    return bool(index.dialect_kwargs.get(name))


def _drop_index(self, index, **kw):
    self._exec(DropIndex(index, if_exists=_flag(index, "if_exists")))


_pg_create_index = PostgresqlImpl.create_index


def _impl_create_index(self, index, **kw):
    if not _flag(index, "if_not_exists"):
        return _pg_create_index(self, index)
    for col in index.kwargs.get("postgresql_include", None) or ():
        if col not in index.table.c:
            from sqlalchemy import Column
            from sqlalchemy.types import NullType
            index.table.append_column(Column(col, NullType))
    self._exec(CreateIndex(index, if_not_exists=True))


DefaultImpl.drop_index = _drop_index
PostgresqlImpl.create_index = _impl_create_index
