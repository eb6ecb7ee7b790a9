# The scripts do `import prefect` and use prefect.server.utilities.database.*
import prefect.server.utilities.database  # noqa: F401
