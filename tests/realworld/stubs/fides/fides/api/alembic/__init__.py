"""fides.api.alembic.migrations.helpers is the project's own code, shipped
next to its versions/ (src/fides/api/alembic/migrations/helpers): the
runner works in the project directory, so this package reaches it there."""
import os

__path__.append(os.path.join(os.getcwd(), "src", "fides", "api", "alembic"))
