from fief.models import generics  # noqa: F401
