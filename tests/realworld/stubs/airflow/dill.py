"""dill as a pickler for sa.PickleType(pickler=dill): only its
dumps/loads are used, and only on rows."""
from pickle import HIGHEST_PROTOCOL, dumps, loads  # noqa: F401
