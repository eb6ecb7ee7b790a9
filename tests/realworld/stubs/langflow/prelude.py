# Langflow's migrations are written for SQLAlchemy 2.0
# (sqlmodel.sql.sqltypes.types.Uuid is sqlalchemy.types.Uuid).
import compat20  # noqa: F401
