# Stand-in for manila.db.migrations.utils: load_table reflects a table.
import sqlalchemy as sa


def load_table(name, connection):
    return sa.Table(name, sa.MetaData(), autoload_with=connection)
