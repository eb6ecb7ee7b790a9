"""Indico's UTCDateTime: a plain TIMESTAMP WITHOUT TIME ZONE on PostgreSQL
holding UTC."""
import pytz
from sqlalchemy import types


class UTCDateTime(types.TypeDecorator):
    impl = types.DateTime
    cache_ok = True

    def process_bind_param(self, value, engine):
        if value is not None and value.tzinfo is not None:
            return value.astimezone(pytz.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, engine):
        return None if value is None else value.replace(tzinfo=pytz.utc)
