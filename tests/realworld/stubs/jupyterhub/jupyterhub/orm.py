"""What JupyterHub's migrations take from jupyterhub.orm: the JSON column
types (TEXT holding JSON on PostgreSQL), the metadata's naming convention
(833da8570507 names its foreign keys with it), and the ORM classes
651f5419b74d names (in an annotation; its queries run only when the
role-map tables exist, which no migration creates)."""
import json

from sqlalchemy import MetaData, Text
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.types import TypeDecorator


class JSONDict(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else json.dumps(value)

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(value)


class JSONList(JSONDict):
    def process_bind_param(self, value, dialect):
        if isinstance(value, list) and value and isinstance(value[0], list):
            value = value[0]
        return super().process_bind_param(value, dialect)

    def process_result_value(self, value, dialect):
        return [] if value is None else json.loads(value)


meta = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
Base = declarative_base(metadata=meta)


class APIToken:
    pass


class OAuthClient:
    pass


class Role:
    pass


class Spawner:
    pass
