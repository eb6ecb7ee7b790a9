"""create_session over the migration's own connection (Airflow's runs on the
same database through settings.Session)."""
from contextlib import contextmanager


@contextmanager
def create_session():
    from alembic import op
    from sqlalchemy.orm import Session

    session = Session(bind=op.get_bind())
    try:
        yield session
        session.commit()
    finally:
        session.close()
