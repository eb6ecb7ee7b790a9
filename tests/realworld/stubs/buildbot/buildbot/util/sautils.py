"""Stand-in for buildbot.util.sautils: Table() adds a MySQL-only option."""
import sqlalchemy as sa


def Table(*args, **kwargs):
    kwargs["mysql_character_set"] = "utf8"
    return sa.Table(*args, **kwargs)
