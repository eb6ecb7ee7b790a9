def skip_based_on_legacy_engine_version(op, filename):
    """CKAN skips a revision when the ini's sqlalchemy_migrate_version says the
    old sqlalchemy-migrate scripts already did it; a new database has none."""
    return False
