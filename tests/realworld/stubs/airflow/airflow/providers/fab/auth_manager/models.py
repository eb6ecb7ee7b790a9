"""The FAB permission models 0073 queries through a made-up session
(settings.Session): its string arithmetic on columns (prefix + Resource.name)
must not fail; over no rows it changes nothing."""
from stubhook import Stub


class _Model(Stub):
    def __add__(self, other):
        return _Model(self._name + "+")

    __radd__ = __add__

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return _Model(self._name + "." + attr)

    def __call__(self, *args, **kwargs):
        return _Model(self._name + "()")


Action = _Model("Action")
Permission = _Model("Permission")
Resource = _Model("Resource")
