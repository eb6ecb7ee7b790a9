# Keep's migrations are written for SQLAlchemy 2.0 (sqlmodel's
# sqltypes.types.Uuid: PostgreSQL's uuid there).
import compat20  # noqa: F401
