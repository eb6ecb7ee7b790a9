from datetime import timezone
from email.utils import format_datetime


def http_date(timestamp):
    return format_datetime(timestamp.astimezone(timezone.utc), usegmt=True)
