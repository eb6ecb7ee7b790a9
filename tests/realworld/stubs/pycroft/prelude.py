# Pycroft's data migrations are written for SQLAlchemy 2.0: ORM-enabled
# UPDATE/DELETE there take criteria 1.4's 'evaluate' synchronization refuses
# (not_(Room.inhabitable)) and values for columns a single-table subclass
# adds (sa.update(_Room).values(address_id=...)). Run them as the Core
# statements they compile to on PostgreSQL (the session holds nothing to keep
# in step on these throwaway databases).
from sqlalchemy import orm
from sqlalchemy.sql.dml import Delete, Update
from sqlalchemy.sql.util import _deep_deannotate

_execute = orm.Session.execute


def execute(self, statement, params=None, *args, **kw):
    if isinstance(statement, (Update, Delete)) and statement._propagate_attrs:
        core = statement._clone()
        core.table = _deep_deannotate(statement.table)
        core._propagate_attrs = {}
        return self.connection().execute(core, params or {})
    return _execute(self, statement, params, *args, **kw)


orm.Session.execute = execute

# 2.0's sqlalchemy.dialects.postgresql.types module (postgresql.types.MACADDR):
# 1.4 keeps the same types in postgresql.base.
import sys
import types

from sqlalchemy.dialects import postgresql

if not hasattr(postgresql, "types"):
    from sqlalchemy.dialects.postgresql import base as _pgbase
    _mod = types.ModuleType("sqlalchemy.dialects.postgresql.types")
    for _name in ("MACADDR", "INET", "CIDR", "BIT", "INTERVAL", "TIMESTAMP", "TIME",
                  "MONEY", "OID", "REGCLASS", "TSVECTOR"):
        if hasattr(_pgbase, _name):
            setattr(_mod, _name, getattr(_pgbase, _name))
    postgresql.types = _mod
    sys.modules[_mod.__name__] = _mod
