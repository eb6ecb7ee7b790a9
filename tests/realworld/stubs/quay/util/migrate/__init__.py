# Stand-ins for the column types quay's util.migrate gives its scripts: on
# PostgreSQL they are TEXT and VARCHAR(n), which is all a migration's DDL
# needs of them.
import sqlalchemy as sa


class UTF8LongText(sa.types.TypeDecorator):
    impl = sa.Text
    cache_ok = True


class UTF8CharField(sa.types.TypeDecorator):
    impl = sa.String
    cache_ok = True
