from fief.crypto import encryption  # noqa: F401
