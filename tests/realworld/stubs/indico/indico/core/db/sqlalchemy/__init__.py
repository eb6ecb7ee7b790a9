from .custom import PyIntEnum, UTCDateTime  # noqa: F401
