"""airflow.migrations.db_types on PostgreSQL: TIMESTAMP is timezone-aware,
StringID is a VARCHAR(250) without collation (airflow.models.base)."""
import sqlalchemy as sa


class TIMESTAMP(sa.TIMESTAMP):
    def __init__(self, *args, timezone=True, **kwargs):
        super().__init__(*args, timezone=timezone, **kwargs)


def StringID(*, length=250, **kwargs):
    return sa.String(length=length, **kwargs)
