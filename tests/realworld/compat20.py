"""SQLAlchemy 2.0 names that migrations written for 2.0 use, mapped onto
Debian's 1.4 with the DDL 2.0 emits on PostgreSQL (a stub's prelude imports
this when its project needs it)."""
import sqlalchemy
from sqlalchemy.dialects import postgresql

if not hasattr(sqlalchemy, "UUID"):
    # 2.0's sa.UUID and sa.Uuid are PostgreSQL's native uuid there.
    sqlalchemy.UUID = postgresql.UUID
    sqlalchemy.Uuid = postgresql.UUID
    sqlalchemy.types.UUID = postgresql.UUID
    sqlalchemy.types.Uuid = postgresql.UUID
