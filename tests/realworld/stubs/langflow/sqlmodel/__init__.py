"""The part of SQLModel Langflow's migrations use: sqlmodel.AutoString and
sqlmodel.sql.sqltypes (AutoString, and `types`, SQLAlchemy's types module)."""
from sqlmodel.sql.sqltypes import AutoString  # noqa: F401
from sqlmodel import sql  # noqa: F401
