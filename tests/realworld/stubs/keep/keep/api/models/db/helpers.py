from datetime import datetime

NULL_FOR_DELETED_AT = datetime(1000, 1, 1, 0, 0)
