"""The column types of prefect/server/utilities/database.py, as they are on
PostgreSQL: UUID is uuid, Timestamp timestamptz, JSON jsonb, Pydantic jsonb."""
from sqlalchemy import TIMESTAMP
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import CHAR, TypeDecorator


class Timestamp(TypeDecorator):
    impl = TIMESTAMP(timezone=True)
    cache_ok = True

    def __init__(self, timezone=True, **kw):
        super().__init__()

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        return dialect.type_descriptor(TIMESTAMP(timezone=True))


class UUID(TypeDecorator):
    impl = CHAR(36)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        return dialect.type_descriptor(CHAR(36))


class JSON(TypeDecorator):
    impl = postgresql.JSONB
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(postgresql.JSONB(none_as_null=True))


class Pydantic(TypeDecorator):
    impl = JSON
    cache_ok = True

    def __init__(self, pydantic_type=None, sa_column_type=None):
        super().__init__()
        if sa_column_type is not None:
            self.impl = sa_column_type
