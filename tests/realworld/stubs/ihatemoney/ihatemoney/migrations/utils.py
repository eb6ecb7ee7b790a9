from alembic import op


def skip_if_sqlite(func):  # as ihatemoney/migrations/utils.py
    def wrapper(*args, **kwargs):
        if op.get_bind().engine.dialect.name == "sqlite":
            return None
        return func(*args, **kwargs)
    return wrapper
