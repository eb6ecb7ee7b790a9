# op.drop_index(if_exists=True) (0133): Alembic 1.12's argument, which 1.8.1
# takes for a dialect option (an "if" dialect) and drops; SQLAlchemy 1.4's
# DropIndex has it (the same stand-in as polar's).
from alembic.ddl.impl import DefaultImpl
from sqlalchemy.schema import DropIndex


def _drop_index(self, index, **kw):
    self._exec(DropIndex(index, if_exists=bool(index.dialect_kwargs.get("if_exists"))))


DefaultImpl.drop_index = _drop_index
