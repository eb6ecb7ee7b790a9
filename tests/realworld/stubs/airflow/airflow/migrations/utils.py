"""airflow.migrations.utils as on PostgreSQL."""
from collections import defaultdict
from contextlib import contextmanager


def get_mssql_table_constraints(conn, table_name):
    # Only called on MSSQL.
    return defaultdict(lambda: defaultdict(list))


@contextmanager
def disable_sqlite_fkeys(op):
    yield op
