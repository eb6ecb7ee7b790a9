# Indico's env.py passes its models' metadata, whose naming convention the
# migrations' op.create_table / sa.Index(None, ...) / create_check_constraint
# read back (indico/core/db/sqlalchemy/core.py), and keeps the version table
# in public.
import sqlalchemy as sa


def _column_names(constraint, table):
    return '_'.join((c if isinstance(c, str) else c.name) for c in constraint.columns)


def _unique_index(constraint, table):
    return 'uq_' if constraint.unique else ''


OPTIONS = {
    "target_metadata": sa.MetaData(naming_convention={
        'fk': 'fk_%(table_name)s_%(column_names)s_%(referred_table_name)s',
        'pk': 'pk_%(table_name)s',
        'ix': 'ix_%(unique_index)s%(table_name)s_%(column_names)s',
        'ck': 'ck_%(table_name)s_%(constraint_name)s',
        'uq': 'uq_%(table_name)s_%(column_names)s',
        'column_names': _column_names,
        'unique_index': _unique_index,
    }),
    "include_schemas": True,
    "version_table_schema": "public",
}
