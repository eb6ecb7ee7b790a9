"""Dagster's migration helpers are migration code (the ops 20-odd scripts
run): this loads the project's own dagster/_core/storage/migration/utils.py,
extracted next to the migrations (the runner works in PROJECT_DIR), and
stands in for the instance `dagster instance migrate` would set (no
scheduler: the wipes in 006/011 are data changes over an empty database)."""
import os

_PATH = os.path.join(os.getcwd(), "python_modules/dagster/dagster/_core/storage/migration/utils.py")
exec(compile(open(_PATH).read(), _PATH, "exec"), globals())


class _Instance:
    scheduler = None


def get_currently_upgrading_instance():  # noqa: F811
    return _Instance()
