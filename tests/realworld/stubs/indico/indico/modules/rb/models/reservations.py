from indico.util.enum import IndicoIntEnum


class ReservationState(IndicoIntEnum):
    pending = 1
    accepted = 2
    cancelled = 3
    rejected = 4
