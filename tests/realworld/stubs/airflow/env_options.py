# Airflow's env.py passes models.base.Base.metadata, whose naming convention
# (airflow/models/base.py) the migrations' op.create_table / create_index
# read back.
import sqlalchemy as sa

OPTIONS = {
    "target_metadata": sa.MetaData(naming_convention={
        "ix": "idx_%(column_0_N_label)s",
        "uq": "%(table_name)s_%(column_0_N_name)s_uq",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "%(table_name)s_%(column_0_name)s_fkey",
        "pk": "%(table_name)s_pkey",
    }),
}
