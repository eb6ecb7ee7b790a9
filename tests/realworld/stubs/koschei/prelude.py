# 155bedecdab calls helpers on koschei's mapped classes (Build.package_id, ...)
# whose import is commented out in the script (#from koschei.models import *):
# as committed it cannot run anywhere (NameError); it ran with that import in
# place. Give its module the names that import gave it: the classes of
# koschei/models.py at d176b4a (the commit that added it), with only the
# foreign-key columns the script reads (models_155bedecdab.py), and select.
# 42ec52bcb3b4's upgrade() begins with `raise NotImplementedError()` (its
# imports commented out too): a data migration, disabled after it ran, that
# fetched every finished build's tasks from Koji. On an empty database it
# loops over no builds: run it as doing nothing.
from alembic.runtime import migration

_init = migration.RevisionStep.__init__


def __init__(self, revision_map, revision, is_upgrade):
    _init(self, revision_map, revision, is_upgrade)
    if revision.revision == "155bedecdab":
        import models_155bedecdab
        from sqlalchemy import select
        names = {n: getattr(models_155bedecdab, n) for n in models_155bedecdab.__all__}
        names["select"] = select
        for name, value in names.items():
            revision.module.__dict__.setdefault(name, value)
    if revision.revision == "42ec52bcb3b4" and is_upgrade:
        self.migration_fn = lambda **kw: None


migration.RevisionStep.__init__ = __init__
