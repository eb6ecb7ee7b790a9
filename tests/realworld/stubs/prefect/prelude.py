# sa.UUID (SQLAlchemy 2.0) in 5d03c01be85e's existing_type.
import compat20  # noqa: F401
