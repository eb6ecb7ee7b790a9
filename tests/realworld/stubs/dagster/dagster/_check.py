"""dagster._check as dagster._core.storage.migration.utils uses it."""


class CheckError(Exception):
    pass


def invariant(condition, desc=None):
    if not condition:
        raise CheckError(desc or "invariant failed")
    return True
