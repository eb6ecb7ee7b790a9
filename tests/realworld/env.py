"""The runner's Alembic environment, used in place of a project's own env.py
(which imports the application): the database comes from DATABASE_URL, and
nothing but the scripts themselves is run."""
import os

from alembic import context
from sqlalchemy import create_engine, pool

url = os.environ["DATABASE_URL"]
for prefix in ("postgresql://", "postgres://"):
    if url.startswith(prefix):
        url = "postgresql+psycopg2://" + url[len(prefix):]

# What a project's own env.py passes to configure() and its migrations read
# back (a naming convention in target_metadata): the stubs' env_options.py.
try:
    from env_options import OPTIONS
except ImportError:
    OPTIONS = {}

engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, **dict({"target_metadata": None}, **OPTIONS))
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
