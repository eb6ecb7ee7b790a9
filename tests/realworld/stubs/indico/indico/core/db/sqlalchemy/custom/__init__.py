from .int_enum import PyIntEnum  # noqa: F401
from .utcdatetime import UTCDateTime  # noqa: F401
