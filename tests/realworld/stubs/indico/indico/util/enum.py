from enum import Enum, IntEnum


class IndicoEnum(Enum):
    pass


class IndicoIntEnum(IntEnum):
    pass


RichIntEnum = IndicoIntEnum
