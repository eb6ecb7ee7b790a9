#!/usr/bin/python3
"""Writes a generated Alembic project of N revisions for the benchmarks.

Usage: gen_project.py N OUTDIR

The revisions look like a real service's history: tables created with a few
columns, columns added, renamed and dropped, indexes, an occasional data-only
migration, and every 50 revisions a short branch that is merged back with an
empty merge revision. Both script templates (classic and annotated) are used.
Deterministic for a given N.
"""
import os
import random
import sys

INI = """[alembic]
script_location = %(here)s/migrations

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV = '''import os
from alembic import context
from sqlalchemy import create_engine

url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg2://", 1)
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
'''

CLASSIC = '''"""{msg}

Revision ID: {rev}
Revises: {down_doc}
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '{rev}'
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
{body}


def downgrade():
    pass
'''

ANNOTATED = '''"""{msg}

Revision ID: {rev}
Revises: {down_doc}
Create Date: 2026-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "{rev}"
down_revision: Union[str, Sequence[str], None] = {down}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
'''


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rnd = random.Random(n)
    versions = os.path.join(out, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write(INI)
    with open(os.path.join(out, "migrations", "env.py"), "w") as f:
        f.write(ENV)
    tables = {}  # name -> list of columns
    revs = []

    def rev_id(i):
        return "r%05d%06x" % (i, rnd.getrandbits(24))

    def body_for(i):
        kind = rnd.random()
        if not tables or kind < 0.25:
            t = "t%05d" % i
            cols = ["id", "name", "created_at"]
            tables[t] = list(cols)
            return ("    op.create_table(\n        %r,\n" % t
                    + "        sa.Column('id', sa.Integer(), nullable=False),\n"
                    + "        sa.Column('name', sa.String(length=100), nullable=True),\n"
                    + "        sa.Column('created_at', sa.DateTime(), nullable=True),\n"
                    + "        sa.PrimaryKeyConstraint('id'),\n    )")
        t = rnd.choice(sorted(tables))
        if kind < 0.55:
            c = "c%05d" % i
            tables[t].append(c)
            return "    op.add_column(%r, sa.Column(%r, sa.Integer(), nullable=True))" % (t, c)
        if kind < 0.70:
            return "    op.create_index(op.f('ix_%s_name_%d'), %r, ['name'], unique=False)" % (t, i, t)
        if kind < 0.80 and len(tables[t]) > 3:
            c = tables[t].pop()
            new = "%s_r" % c
            tables[t].append(new)
            return "    op.alter_column(%r, %r, new_column_name=%r)" % (t, c, new)
        if kind < 0.88 and len(tables[t]) > 3:
            c = tables[t].pop()
            return "    with op.batch_alter_table(%r, schema=None) as batch_op:\n        batch_op.drop_column(%r)" % (t, c)
        if kind < 0.94:
            return "    op.execute(\"UPDATE %s SET name = 'x' WHERE name IS NULL\")" % t
        return "    op.execute('ALTER TABLE %s ADD COLUMN d%05d integer')" % (t, i)

    def write(i, rid, downs, body):
        tmpl = ANNOTATED if i % 2 else CLASSIC
        q = '"' if tmpl is ANNOTATED else "'"
        if not downs:
            down, down_doc = "None", ""
        elif len(downs) == 1:
            down, down_doc = "%s%s%s" % (q, downs[0], q), downs[0]
        else:
            down = "(" + ", ".join("%s%s%s" % (q, d, q) for d in downs) + ")"
            down_doc = ", ".join(downs)
        with open(os.path.join(versions, "%s_step_%d.py" % (rid, i)), "w") as f:
            f.write(tmpl.format(msg="step %d" % i, rev=rid, down=down, down_doc=down_doc, body=body))

    head = None
    i = 0
    while i < n:
        if i > 0 and i % 50 == 0 and n - i >= 3:
            a, b, m = rev_id(i), rev_id(i + 1), rev_id(i + 2)
            write(i, a, [head], body_for(i))
            write(i + 1, b, [head], body_for(i + 1))
            write(i + 2, m, [a, b], "    pass")
            head = m
            i += 3
            continue
        rid = rev_id(i)
        write(i, rid, [head] if head else [], body_for(i))
        head = rid
        i += 1


if __name__ == "__main__":
    main()
