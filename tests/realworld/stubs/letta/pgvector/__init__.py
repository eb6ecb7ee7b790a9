from pgvector import sqlalchemy  # noqa: F401  (the scripts use pgvector.sqlalchemy.Vector)
