from indico.util.enum import IndicoIntEnum


class LinkType(IndicoIntEnum):
    category = 1
    event = 2
    contribution = 3
    subcontribution = 4
    session = 5
    session_block = 6
