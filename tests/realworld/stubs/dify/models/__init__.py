# Stand-in for dify's api/models package: only what its migration scripts
# use (`import models as models` then models.types.StringUUID() etc.).
from . import types  # noqa: F401
