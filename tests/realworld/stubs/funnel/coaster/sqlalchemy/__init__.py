"""coaster.sqlalchemy's column types as they behave on PostgreSQL."""
from .columns import JsonDict, UrlType  # noqa: F401
