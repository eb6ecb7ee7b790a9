# Warehouse's env.py imports alembic_postgresql_enum, which registers
# op.sync_enum_values (our stand-in: alembic_postgresql_enum/).
import alembic_postgresql_enum  # noqa: F401
# Its migrations are written for SQLAlchemy 2.0 (sa.UUID, CITEXT,
# op.get_bind().commit() before an autocommit_block).
import compat20  # noqa: F401
import sqlalchemy
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.types import UserDefinedType

if not hasattr(postgresql, "CITEXT"):
    class CITEXT(UserDefinedType):
        cache_ok = True

        def get_col_spec(self, **kw):
            return "CITEXT"

    postgresql.CITEXT = CITEXT

if not hasattr(Connection, "commit"):
    def commit(self):
        # 2.0's Connection.commit(): ends the transaction in progress.
        trans = self.get_transaction()
        if trans is not None and trans.is_active:
            trans.commit()

    Connection.commit = commit
