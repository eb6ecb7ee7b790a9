"""The column types of airflow.utils.sqlalchemy, as they land on PostgreSQL:
UtcDateTime is TIMESTAMP WITH TIME ZONE, ExtendedJSON is JSON,
ExecutorConfigType is a PickleType (BYTEA)."""
import pickle

import sqlalchemy as sa
from sqlalchemy.types import JSON, TIMESTAMP, PickleType, Text, TypeDecorator


class UtcDateTime(TypeDecorator):
    impl = TIMESTAMP(timezone=True)
    cache_ok = True


class ExtendedJSON(TypeDecorator):
    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(JSON)


class ExecutorConfigType(PickleType):
    cache_ok = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("pickler", pickle)
        super().__init__(*args, **kwargs)
