# warehouse/utils/db/types.py: TZDateTime is a TypeDecorator over DateTime
# (timestamp without time zone on PostgreSQL).
from sqlalchemy import DateTime, TypeDecorator


class TZDateTime(TypeDecorator):
    impl = DateTime
    cache_ok = True
