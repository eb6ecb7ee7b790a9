# Column types as gnocchi/indexer/sqlalchemy_types.py has them outside MySQL.
import sqlalchemy
from sqlalchemy import types


class PreciseTimestamp(types.TypeDecorator):
    impl = sqlalchemy.DateTime
    cache_ok = True


class TimestampUTC(types.TypeDecorator):
    impl = sqlalchemy.DateTime
    cache_ok = True
