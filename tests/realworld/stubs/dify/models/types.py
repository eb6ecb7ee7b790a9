"""Stand-in for dify's api/models/types.py: the column types its migrations
name, with the DDL the real ones emit on PostgreSQL (their
load_dialect_impl): StringUUID -> uuid, LongText -> text, BinaryData ->
bytea, AdjustedJSON -> jsonb, EnumText -> varchar(length)."""
import sqlalchemy as sa
from sqlalchemy import CHAR, TEXT, VARCHAR, LargeBinary, TypeDecorator
from sqlalchemy.dialects.postgresql import BYTEA, JSONB, UUID


class StringUUID(TypeDecorator):
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(UUID())
        return dialect.type_descriptor(CHAR(36))


class LongText(TypeDecorator):
    impl = TEXT
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(TEXT())


class BinaryData(TypeDecorator):
    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(BYTEA())
        return dialect.type_descriptor(LargeBinary())


class AdjustedJSON(TypeDecorator):
    impl = sa.JSON
    cache_ok = True

    def __init__(self, astext_type=None):
        self.astext_type = astext_type
        super().__init__()

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            if self.astext_type:
                return dialect.type_descriptor(JSONB(astext_type=self.astext_type))
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(sa.JSON())


class EnumText(TypeDecorator):
    impl = VARCHAR
    cache_ok = True

    def __init__(self, enum_class, length=None):
        self._enum_class = enum_class
        longest = max(len(e.value) for e in enum_class)
        self._length = length if length is not None else max(longest, 20)
        super().__init__()

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(VARCHAR(self._length))
