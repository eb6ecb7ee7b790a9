"""Stand-in for open_webui.internal.db: JSONField, the TypeDecorator over
Text the application's columns use (TEXT on PostgreSQL)."""
import json

from sqlalchemy import types


class JSONField(types.TypeDecorator):
    impl = types.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(value)

    def process_result_value(self, value, dialect):
        if value is not None:
            return json.loads(value)

    def copy(self, **kw):
        return JSONField(self.impl.length)
