"""sqlalchemy_jsonfield.JSONField on PostgreSQL: the dialect's JSON type."""
import json as _json

from sqlalchemy import types


class JSONField(types.TypeDecorator):
    impl = types.Text
    cache_ok = True

    def __init__(self, enforce_string=False, enforce_unicode=False, json=_json, json_type=types.JSON, *args, **kwargs):
        self.json_type = json_type
        super().__init__(*args, **kwargs)

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(self.json_type)
