from datetime import datetime

import pytz


def now_utc(exact=True):
    now = datetime.now(pytz.UTC)
    return now if exact else now.replace(second=0, microsecond=0)
