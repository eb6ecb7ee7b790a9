# dagster-postgres runs its migrations over engines made with
# isolation_level="AUTOCOMMIT" (dagster_postgres/{run,event_log,schedule}_storage):
# 032's CREATE INDEX CONCURRENTLY needs it. The runner's env.py calls
# sqlalchemy.create_engine: give its engines the same isolation.
import sqlalchemy

_create_engine = sqlalchemy.create_engine


def create_engine(*args, **kwargs):
    kwargs.setdefault("isolation_level", "AUTOCOMMIT")
    return _create_engine(*args, **kwargs)


sqlalchemy.create_engine = create_engine
