# Stand-in for fides.config.CONFIG: the keys the migrations hand to
# StringEncryptedType and bind as query parameters (strings, like the real ones).
class _Section:
    def __init__(self, **kw):
        self.__dict__.update(kw)


CONFIG = _Section(
    security=_Section(app_encryption_key="OLMkv91j8DHiDAULnK5Lxx3kSCov30b3"),
    user=_Section(encryption_key="test_encryption_key"),
    database=_Section(migration_role=None),
)
