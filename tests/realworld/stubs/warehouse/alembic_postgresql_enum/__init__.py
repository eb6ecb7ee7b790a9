"""Stand-in for alembic-postgresql-enum (not in Debian): TableReference,
ColumnType and op.sync_enum_values, doing on PostgreSQL what the library
does: rename the type to NAME_old, create NAME with the new values, cast
every affected column (defaults dropped and restored), drop NAME_old."""
import enum
from dataclasses import dataclass

from alembic.operations import Operations, MigrateOperation
from sqlalchemy import text


class ColumnType(enum.Enum):
    COMMON = "common"
    ARRAY = "array"


@dataclass
class TableReference:
    table_name: str
    column_name: str
    table_schema: str = "public"
    column_type: ColumnType = ColumnType.COMMON
    existing_server_default: str = None


def _q(name):
    return '"%s"' % name.replace('"', '""')


@Operations.register_operation("sync_enum_values")
class SyncEnumValuesOp(MigrateOperation):
    def __init__(self, enum_schema, enum_name, new_values, affected_columns,
                 enum_values_to_rename=(), **kw):
        self.enum_schema = enum_schema
        self.enum_name = enum_name
        self.new_values = new_values
        self.affected_columns = affected_columns
        self.enum_values_to_rename = enum_values_to_rename

    @classmethod
    def sync_enum_values(cls, operations, *args, **kw):
        return operations.invoke(cls(*args, **kw))


@Operations.implementation_for(SyncEnumValuesOp)
def _sync(operations, op):
    conn = operations.get_bind()
    schema, name = op.enum_schema, op.enum_name
    full = "%s.%s" % (_q(schema), _q(name))
    old = "%s.%s" % (_q(schema), _q(name + "_old"))
    conn.execute(text("ALTER TYPE %s RENAME TO %s" % (full, _q(name + "_old"))))
    values = ", ".join("'%s'" % v.replace("'", "''") for v in op.new_values)
    conn.execute(text("CREATE TYPE %s AS ENUM (%s)" % (full, values)))
    renames = dict(op.enum_values_to_rename or ())
    for ref in op.affected_columns:
        if isinstance(ref, tuple):
            ref = TableReference(table_name=ref[0], column_name=ref[1], table_schema=schema)
        table = "%s.%s" % (_q(ref.table_schema), _q(ref.table_name))
        col = _q(ref.column_name)
        default = conn.execute(text(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = CAST(:t AS regclass) AND a.attname = :c"),
            {"t": table, "c": ref.column_name}).scalar()
        if default is not None:
            conn.execute(text("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT" % (table, col)))
        if ref.column_type == ColumnType.ARRAY:
            using = "%s::text[]::%s[]" % (col, full)
            typ = full + "[]"
        else:
            expr = "%s::text" % col
            if renames:
                expr = "CASE %s %s ELSE %s END" % (expr, " ".join(
                    "WHEN '%s' THEN '%s'" % (a, b) for a, b in renames.items()), expr)
            using = "(%s)::%s" % (expr, full)
            typ = full
        conn.execute(text("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING %s" % (table, col, typ, using)))
        if default is not None:
            default = default.replace(name + "_old", name)
            conn.execute(text("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s" % (table, col, default)))
    conn.execute(text("DROP TYPE %s" % old))
