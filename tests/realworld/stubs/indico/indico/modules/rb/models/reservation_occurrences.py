from indico.util.enum import IndicoIntEnum


class ReservationOccurrenceState(IndicoIntEnum):
    valid = 2
    cancelled = 3
    rejected = 4
