"""Stand-in for osparc-simcore's simcore_postgres_database package: only
what its migration scripts import."""
