# The column types aodh's migrations take from its models (as
# aodh/storage/sqlalchemy/models.py defines them for PostgreSQL).
from sqlalchemy import DateTime, Text
from sqlalchemy.types import TypeDecorator


class JSONEncodedDict(TypeDecorator):  # json text
    impl = Text
    cache_ok = True


class TimestampUTC(TypeDecorator):  # a plain timestamp outside MySQL
    impl = DateTime
    cache_ok = True
