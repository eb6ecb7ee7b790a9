"""coaster's JsonDict (JSONB on PostgreSQL) and UrlType (UnicodeText)."""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


class JsonDict(sa.types.TypeDecorator):
    impl = sa.types.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(self.impl)


class UrlType(sa.types.TypeDecorator):
    impl = sa.types.UnicodeText
    cache_ok = True
