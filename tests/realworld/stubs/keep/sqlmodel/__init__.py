"""The part of SQLModel Keep's migrations use: sqlmodel.sql.sqltypes
(AutoString, and `types`, SQLAlchemy's types module) and Session (SQLModel's
is SQLAlchemy's with a different exec())."""
from sqlalchemy.orm import Session  # noqa: F401
from sqlmodel.sql.sqltypes import AutoString  # noqa: F401
from sqlmodel import sql  # noqa: F401
