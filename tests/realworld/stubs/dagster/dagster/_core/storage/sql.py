"""The two names Dagster's migrations take from dagster._core.storage.sql:
get_current_timestamp (CURRENT_TIMESTAMP on PostgreSQL) and
MySQLCompatabilityTypes.UniqueText (VARCHAR(512))."""
import sqlalchemy as db
from sqlalchemy.ext.compiler import compiles


class get_current_timestamp(db.sql.expression.FunctionElement):  # noqa: N801
    type = db.types.DateTime()
    inherit_cache = True


@compiles(get_current_timestamp)
def _compile_current_timestamp(_element, _compiler, **_kw):
    return "CURRENT_TIMESTAMP"


class MySQLCompatabilityTypes:
    UniqueText = db.String(512)
