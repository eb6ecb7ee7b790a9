# Stand-in for the mailu package: `import mailu` then mailu.models.X.
from mailu import models  # noqa: F401
