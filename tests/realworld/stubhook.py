"""Stand-ins for the application modules that migration scripts import.

A project's stubs directory (tests/realworld/stubs/<project>/) comes first on
sys.path and holds hand-written modules where a script depends on what the
module does (a type used in a column, a function whose answer decides a
branch). Every other module under the prefixes listed in its `fabricate`
file is made up on import: each attribute is a Stub, which can be called,
iterated (empty), used as a context manager, and is false. On an empty
database that makes data migrations (queries over zero rows) do nothing,
which is what they would do there for real."""
import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types


class Stub:
    def __init__(self, name="stub"):
        self._name = name

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return Stub(self._name + "." + attr)

    def __call__(self, *args, **kwargs):
        # Used as a decorator: hand back the decorated function.
        if len(args) == 1 and not kwargs and callable(args[0]) and not isinstance(args[0], Stub):
            return args[0]
        return Stub(self._name + "()")

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return False

    def __len__(self):
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __getitem__(self, key):
        return Stub(self._name + "[]")

    def __mro_entries__(self, bases):
        return (object,)

    def __repr__(self):
        return "<stub %s>" % self._name


class StubModule(types.ModuleType):
    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return Stub(self.__name__ + "." + attr)


class Fabricator(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, prefixes):
        self.prefixes = tuple(prefixes)

    def find_spec(self, fullname, path, target=None):
        if not any(fullname == p or fullname.startswith(p + ".") for p in self.prefixes):
            return None
        # A real (or stub) module wins wherever one exists.
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def install(stubs_dir):
    """Puts STUBS_DIR first on sys.path, fabricates the modules named in
    STUBS_DIR/fabricate (one prefix a line, # comments) and imports
    STUBS_DIR/prelude.py if there is one."""
    if not stubs_dir or not os.path.isdir(stubs_dir):
        return
    sys.path.insert(0, stubs_dir)
    prefixes = []
    listing = os.path.join(stubs_dir, "fabricate")
    if os.path.exists(listing):
        with open(listing) as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    prefixes.append(line)
    if prefixes:
        sys.meta_path.append(Fabricator(prefixes))
    # What the project's own env.py does before running migrations.
    if os.path.exists(os.path.join(stubs_dir, "prelude.py")):
        importlib.import_module("prelude")
