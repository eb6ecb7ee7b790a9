from sqlalchemy.types import DateTime, TypeDecorator


class TZDateTime(TypeDecorator):  # as fittrackee/database.py: a naive UTC timestamp
    impl = DateTime
    cache_ok = True
