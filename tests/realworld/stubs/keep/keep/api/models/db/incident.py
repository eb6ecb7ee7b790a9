from keep.api.models.db.base import Incident  # noqa: F401
