# The column types keystone's migrations take from keystone/common/sql/core.py
# (re-exported by keystone.common.sql), as defined there.
import sqlalchemy as sql
from sqlalchemy import types as sql_types

Text = sql.Text


class JsonBlob(sql_types.TypeDecorator):  # json text
    impl = sql.Text
    cache_ok = True


class DateTimeInt(sql_types.TypeDecorator):  # microseconds since the epoch
    impl = sql.BigInteger
    cache_ok = True
