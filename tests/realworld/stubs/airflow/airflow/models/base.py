"""airflow.models.base on PostgreSQL (no id collation)."""
import sqlalchemy as sa

ID_LEN = 250
COLLATION_ARGS = {}


def StringID(*, length=ID_LEN, **kwargs):
    return sa.String(length=length, **kwargs)
