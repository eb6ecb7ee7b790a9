from keep.api.models.db.base import AlertEnrichment, LastAlertToIncident  # noqa: F401
