"""pgvector.sqlalchemy.Vector's DDL: VECTOR(dim)."""
from sqlalchemy.types import UserDefinedType


class Vector(UserDefinedType):
    cache_ok = True

    def __init__(self, dim=None):
        self.dim = dim

    def get_col_spec(self, **kw):
        return "VECTOR" if self.dim is None else "VECTOR(%d)" % self.dim
