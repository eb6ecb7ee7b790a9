# As fief/models/generics.py: GUID is PostgreSQL's uuid there, TIMESTAMPAware
# a TIMESTAMP (timestamptz with timezone=True).
from sqlalchemy import TIMESTAMP
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.types import CHAR, TypeDecorator


class GUID(TypeDecorator):
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(UUID())
        return dialect.type_descriptor(CHAR(36))


class TIMESTAMPAware(TypeDecorator):
    impl = TIMESTAMP
    cache_ok = True
