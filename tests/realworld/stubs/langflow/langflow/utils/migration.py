"""langflow.utils.migration's inspector checks, as Langflow has them."""
import sqlalchemy as sa


def table_exists(name, conn):
    return name in sa.inspect(conn).get_table_names()


def column_exists(table_name, column_name, conn):
    return column_name in [c["name"] for c in sa.inspect(conn).get_columns(table_name)]


def foreign_key_exists(table_name, fk_name, conn):
    return fk_name in [fk["name"] for fk in sa.inspect(conn).get_foreign_keys(table_name)]


def constraint_exists(table_name, constraint_name, conn):
    return constraint_name in [c["name"] for c in sa.inspect(conn).get_unique_constraints(table_name)]
