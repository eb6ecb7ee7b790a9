"""pydantic.BaseModel as one script (67f1efb93c99) uses it: a class with
defaults, built from the rows of a query (none on an empty database)."""


class BaseModel:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
