import sqlalchemy as sa


class CommaSeparatedList(sa.types.TypeDecorator):  # as mailu/models.py: a varchar(4096)
    impl = sa.String(4096)
    cache_ok = True
