"""Alembic environment of the example project. The database is found the way
alembic-gate finds it: DATABASE_URL (a postgresql:// URL), else POSTGRES_HOST,
POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB, each also as
NAME_FILE (a mounted secret; its trailing newline dropped). psycopg2 connects."""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import URL

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def setting(name):
    """NAME from the environment, else the content of the file NAME_FILE names."""
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(name + "_FILE")
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        value = f.read()
    return value[:-1] if value.endswith("\n") else value


def database_url():
    url = os.environ.get("DATABASE_URL")
    if url:
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg2://" + url[len(prefix):]
        return url
    host = setting("POSTGRES_HOST")
    if host is None:
        raise SystemExit("env.py: set DATABASE_URL, or POSTGRES_HOST and friends (each also as NAME_FILE)")
    port = setting("POSTGRES_PORT")
    user = setting("POSTGRES_USER")
    # The URL object keeps a password with URL-special characters intact.
    return URL.create("postgresql+psycopg2", username=user, password=setting("POSTGRES_PASSWORD"),
                      host=host, port=int(port) if port else None,
                      database=setting("POSTGRES_DB") or user)


url = database_url()


def run_migrations_offline():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
