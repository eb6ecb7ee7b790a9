"""Stand-in for open_webui.migrations.util (the project's imports
sqlalchemy.Inspector, which SQLAlchemy 1.4 keeps in engine.reflection)."""
from alembic import op
from sqlalchemy import inspect


def get_existing_tables():
    return set(inspect(op.get_bind()).get_table_names())


def get_revision_id():
    import uuid

    return str(uuid.uuid4()).replace('-', '')[:12]
