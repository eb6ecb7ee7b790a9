DEFAULT_ALERT_STATUSES_TO_IGNORE = ["resolved", "acknowledged"]
