"""funnel's scripts are written for SQLAlchemy 2.0 (sa.Uuid; sa.Row in
annotations evaluated when a script is loaded), and its history was made by
the SQLAlchemy of each script's day."""
import re

import compat20  # noqa: F401
import sqlalchemy
from sqlalchemy import util
from sqlalchemy.engine import Row
from sqlalchemy.schema import PrimaryKeyConstraint, Sequence
from sqlalchemy.sql import type_api

if not hasattr(sqlalchemy, "Row"):
    sqlalchemy.Row = Row
if not hasattr(sqlalchemy, "quoted_name"):  # 2.0 exports it (331a4250aa4b)
    from sqlalchemy.sql.elements import quoted_name
    sqlalchemy.quoted_name = quoted_name

# Before SQLAlchemy 1.1 (2016-10) the first Integer column of a composite
# primary key without a foreign key was SERIAL: 21a7dfe8ab4d (2015) made
# proposal_redirect.url_id so, and 488077138ee4 (2018) drops its default and
# its sequence proposal_redirect_url_id_seq. Scripts created before 1.1 get
# that rule back while they run.
from alembic.runtime import migration

OLD_RULE = [False]

# What funnel's production database had before a script ran that no earlier
# script made (created by the models' create_all or by hand), run in the
# script's transaction just before its upgrade().
FIXUPS = {
    # renames user_group_proposal_space_id_name_key (the model's
    # UniqueConstraint('proposal_space_id', 'name')); 4b630fb42760 made none.
    "ccfad4d5e383": [
        "ALTER TABLE user_group ADD CONSTRAINT user_group_proposal_space_id_name_key"
        " UNIQUE (proposal_space_id, name)",
    ],
}
_step_init = migration.RevisionStep.__init__


def _step_init_dated(self, revision_map, revision, is_upgrade):
    _step_init(self, revision_map, revision, is_upgrade)
    fn = self.migration_fn
    m = re.search(r"Create Date: (\d{4}-\d\d-\d\d)", revision.module.__doc__ or "")
    old = bool(m) and m.group(1) < "2016-10-05"

    fixups = FIXUPS.get(revision.revision, ()) if is_upgrade else ()

    def run(*args, **kwargs):
        OLD_RULE[0] = old
        try:
            if fixups and kwargs.get("engine_name", "") == "":
                from alembic import op
                for sql in fixups:
                    op.execute(sql)
            return fn(*args, **kwargs)
        finally:
            OLD_RULE[0] = False

    run.__name__ = fn.__name__
    self.migration_fn = run


migration.RevisionStep.__init__ = _step_init_dated

_autoinc = PrimaryKeyConstraint._autoincrement_column.fget


def _autoinc_dated(self):
    if OLD_RULE[0] and len(self.columns) > 1 and not any(c.autoincrement is True for c in self.columns):
        for col in self.columns:
            if (col.autoincrement and col.type._type_affinity is not None
                    and issubclass(col.type._type_affinity, type_api.INTEGERTYPE._type_affinity)
                    and not col.foreign_keys
                    and isinstance(col.default, (type(None), Sequence))
                    and col.server_default is None):
                return col
        return None
    return _autoinc(self)


PrimaryKeyConstraint._autoincrement_column = util.memoized_property(_autoinc_dated)
