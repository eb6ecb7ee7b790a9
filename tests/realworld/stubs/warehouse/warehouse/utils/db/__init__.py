from warehouse.utils.db import types  # noqa: F401
