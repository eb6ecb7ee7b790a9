# Fief's env.py passes table_prefix (settings.database_table_prefix, "fief_"
# by default), which every migration reads back with
# op.get_context().opts["table_prefix"], and its models' metadata, whose
# naming convention (fief/models/base.py) op.create_table applies to unnamed
# constraints. (Its version table is f"{TABLE_PREFIX}alembic_version"; the
# runner keeps alembic_version.)
import sqlalchemy as sa

OPTIONS = {
    "table_prefix": "fief_",
    "target_metadata": sa.MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "%(table_name)s_%(column_0_N_name)s_key",
        "ck": "ck_%(table_name)s_`%(constraint_name)s`",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }),
}
