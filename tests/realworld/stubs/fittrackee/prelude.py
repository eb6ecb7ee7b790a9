# FitTrackee's env.py registers GeoAlchemy2's Alembic operations
# (batch_op.add_geospatial_column); the runner's env.py does not.
import geoalchemy2.alembic_helpers  # noqa: F401
# Its migrations are written for SQLAlchemy 2.0 (sa.UUID).
import compat20  # noqa: F401
