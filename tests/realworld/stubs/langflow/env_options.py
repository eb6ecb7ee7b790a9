# Langflow's env.py passes SQLModel.metadata with this naming convention
# (src/backend/base/langflow/alembic/env.py, NAMING_CONVENTION): op calls
# given a None constraint name take their names from it.
import sqlalchemy as sa

OPTIONS = {"target_metadata": sa.MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})}
