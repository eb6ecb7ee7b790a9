# 5bc11bd312e5 does `import warehouse` and uses warehouse.utils.db.types.
from warehouse.utils.db import types  # noqa: F401
