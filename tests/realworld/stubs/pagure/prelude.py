# Pagure's migrations are not self-contained: a deployment runs createdb.py
# (pagure.lib.model.create_tables(), i.e. create_all() over the models and
# the hooks' plugin tables) before `alembic upgrade head`, so a table the
# application added is made by create_all(), and only later changes to it
# are migrations. Seventeen tables the scripts alter were never created by a
# migration. This makes each of them, as create_all() would, just before the
# first revision that needs it, in the form the application's model had
# before that revision was written (the parent of the commit that added the
# revision; the columns that revision adds left out):
#   298891e63039  status_pull_requests  pagure/lib/model.py at 5e7392b4
#   208b0cd232ab  tags_colored, tags_issues_colored (which it fills):
#                 pagure/lib/model.py at 717597f7 (tag_description, which
#                 6addaed6008e adds, left out)
#   38581a8fbae2  issue_keys            pagure/lib/model.py at e18f6cef^
#   d4d2c5aa8a0   watchers              pagure/lib/model.py at b49f9371^
#   317a285e04a8  the nine hook_* tables it alters: pagure/hooks/*.py at
#                 ab59c151^ (hook_rtd as rtd.py had it there)
#   e18d5b78d782  hook_pagure_ci        pagure/hooks/pagure_ci.py at 5434db23^
# The tables Pagure's models have and no migration ever touches are not made
# (they would be unexplained tables to the gate at every cut point).
import datetime

import sqlalchemy as sa
from alembic.runtime import migration

meta = sa.MetaData()
# Only what the foreign keys point at (made by the baseline).
sa.Table("projects", meta, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("users", meta, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("issues", meta, sa.Column("uid", sa.String(32), primary_key=True))



def hook(name, *columns):
    """A plugin's table: one row per project, an `active` flag, its settings."""
    return sa.Table(
        name, meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer,
                  sa.ForeignKey("projects.id", onupdate="CASCADE", ondelete="CASCADE"),
                  nullable=False, unique=True, index=True),
        sa.Column("active", sa.Boolean, nullable=False, default=False),
        *columns)


TABLES = {
    "298891e63039": [sa.Table(
        "status_pull_requests", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.Text, nullable=False, unique=True))],
    "208b0cd232ab": [sa.Table(
        "tags_colored", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tag", sa.String(255), nullable=False),
        sa.Column("project_id", sa.Integer,
                  sa.ForeignKey("projects.id", ondelete="CASCADE", onupdate="CASCADE"),
                  nullable=False),
        sa.Column("tag_color", sa.String(25), default="DeepSkyBlue"),
        sa.Column("date_created", sa.DateTime, nullable=False, default=datetime.datetime.utcnow),
        sa.UniqueConstraint("project_id", "tag")), sa.Table(
        "tags_issues_colored", meta,
        sa.Column("tag_id", sa.Integer,
                  sa.ForeignKey("tags_colored.id", ondelete="CASCADE", onupdate="CASCADE"),
                  primary_key=True),
        sa.Column("issue_uid", sa.String(32),
                  sa.ForeignKey("issues.uid", ondelete="CASCADE", onupdate="CASCADE"),
                  primary_key=True),
        sa.Column("date_created", sa.DateTime, nullable=False, default=datetime.datetime.utcnow))],
    "38581a8fbae2": [sa.Table(
        "issue_keys", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer,
                  sa.ForeignKey("projects.id", onupdate="CASCADE", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key_type", sa.String(255), nullable=False),
        sa.UniqueConstraint("project_id", "name"))],
    "d4d2c5aa8a0": [sa.Table(
        "watchers", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", onupdate="CASCADE"),
                  nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", onupdate="CASCADE"),
                  nullable=False, index=True),
        sa.Column("watch", sa.Boolean, nullable=False),
        sa.UniqueConstraint("project_id", "user_id"))],
    "317a285e04a8": [
        hook("hook_fedmsg"),
        hook("hook_irc",
             sa.Column("server", sa.Text, nullable=False),
             sa.Column("port", sa.Text, nullable=False),
             sa.Column("room", sa.Text, nullable=False),
             sa.Column("nick", sa.Text, nullable=True, default=None),
             sa.Column("nick_pass", sa.Text, nullable=True, default=None),
             sa.Column("join", sa.Boolean, nullable=False, default=True),
             sa.Column("ssl", sa.Boolean, nullable=False, default=True)),
        hook("hook_mail", sa.Column("mail_to", sa.Text, nullable=False)),
        hook("hook_pagure_force_commit", sa.Column("branches", sa.Text, nullable=False)),
        hook("hook_pagure"),
        hook("hook_pagure_requests"),
        hook("hook_pagure_tickets"),
        hook("hook_pagure_unsigned_commit"),
        hook("hook_rtd",
             sa.Column("project_name", sa.Text, nullable=False),
             sa.Column("branches", sa.Text, nullable=True))],
    "e18d5b78d782": [sa.Table(
        "hook_pagure_ci", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer,
                  sa.ForeignKey("projects.id", onupdate="CASCADE", ondelete="CASCADE"),
                  nullable=False, unique=True, index=True),
        sa.Column("pagure_ci_token", sa.String(32), nullable=True, index=True),
        sa.Column("ci_type", sa.String(255), nullable=True),
        sa.Column("ci_url", sa.String(255), nullable=True, unique=False),
        sa.Column("active", sa.Boolean, nullable=False, default=False))],
}

_init = migration.RevisionStep.__init__


def __init__(self, revision_map, revision, is_upgrade):
    _init(self, revision_map, revision, is_upgrade)
    tables = TABLES.get(revision.revision) if is_upgrade else None
    if tables:
        upgrade = self.migration_fn

        def migration_fn(**kw):
            from alembic import op
            bind = op.get_bind()
            for table in tables:
                table.create(bind, checkfirst=True)
            return upgrade(**kw)

        self.migration_fn = migration_fn


migration.RevisionStep.__init__ = __init__

# 317a285e04a8 and 61ac23e35f86 call op.create_foreign_key(name=...), the
# keyword Alembic before 1.0 took (constraint_name since): pass it on.
from alembic.operations import Operations

_create_foreign_key = Operations.create_foreign_key


def create_foreign_key(self, *args, **kw):
    if "name" in kw and "constraint_name" not in kw:
        kw["constraint_name"] = kw.pop("name")
    return _create_foreign_key(self, *args, **kw)


Operations.create_foreign_key = create_foreign_key

# 6a3ed02ee160 quotes its string literals with double quotes (MySQL's and
# SQLite's leniency): on PostgreSQL they are column names and the INSERT
# fails. Run the statement it means (data only: the schema is unchanged).
_execute = Operations.execute
BROKEN = ('INSERT INTO acls (name, description, created) '
          'VALUES ("internal_access", "Access Pagure internal APIs", NOW());')


def execute(self, sqltext, *args, **kw):
    if sqltext == BROKEN:
        sqltext = sqltext.replace('"', "'")
    return _execute(self, sqltext, *args, **kw)


Operations.execute = execute
