# Quay's env.py calls context.run_migrations(op=alembic_op, tables=tables,
# tester=get_tester()), and every script is upgrade(op, tables, tester):
# the same keyword arguments are passed here. tables is
# AttrDict(gen_sqlalchemy_metadata(all_models).tables), the application's
# models as SQLAlchemy tables, which the scripts use for op.bulk_insert() into
# the kind tables and the like: here each is reflected from the database when
# first asked for (SELECTs only). The tester is quay's NoopTester (production:
# TEST_MIGRATE unset), whose methods do nothing.
import sqlalchemy as sa
from alembic import op as alembic_op
from alembic.runtime.environment import EnvironmentContext

import stubhook


class LazyTables:
    def __init__(self):
        self._cache = {}

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in self._cache:
            self._cache[name] = sa.Table(name, sa.MetaData(), autoload_with=alembic_op.get_bind())
        return self._cache[name]

    __getitem__ = __getattr__


class NoopTester:
    TestDataType = stubhook.Stub("DataTypes")

    def is_testing(self):
        return False

    def populate_table(self, table_name, fields):
        return None

    def populate_column(self, table_name, col_name, field_type):
        return None


_run_migrations = EnvironmentContext.run_migrations


def run_migrations(self, **kw):
    kw.setdefault("op", alembic_op)
    kw.setdefault("tables", LazyTables())
    kw.setdefault("tester", NoopTester())
    return _run_migrations(self, **kw)


EnvironmentContext.run_migrations = run_migrations
