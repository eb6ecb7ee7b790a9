"""SQLModel's AutoString: a String whose length is left out (VARCHAR with
no length on PostgreSQL; 255 only on MySQL)."""
from sqlalchemy import types


class AutoString(types.TypeDecorator):
    impl = types.String
    cache_ok = True
    mysql_default_length = 255

    def load_dialect_impl(self, dialect):
        if self.impl.length is None and dialect.name == "mysql":
            return dialect.type_descriptor(types.String(self.mysql_default_length))
        return super().load_dialect_impl(dialect)
