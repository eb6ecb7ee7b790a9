# manila's env.py imports its models, which import sqlalchemy.orm; several
# migrations then use sa.orm.Session without importing it themselves.
import sqlalchemy.orm  # noqa: F401
