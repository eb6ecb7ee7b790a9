# Mailu's env.py passes its models' metadata, whose naming convention
# migration 546b04c886f0 reads back (as mailu/models.py has it).
import sqlalchemy as sa

OPTIONS = {"target_metadata": sa.MetaData(naming_convention={
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
})}
