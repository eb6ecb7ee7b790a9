# The parts of fief the migrations use as fief.models.generics.* and
# fief.crypto.encryption.* (attribute access on the package).
from fief import crypto, models  # noqa: F401
