from indico.util.enum import IndicoIntEnum


class EditableType(IndicoIntEnum):
    paper = 1
    slides = 2
    poster = 3
