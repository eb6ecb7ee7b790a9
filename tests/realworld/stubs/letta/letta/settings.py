"""letta.settings as the scripts read it on a PostgreSQL deployment: the
scripts return early (SQLite) unless letta_pg_uri_no_default is set."""
from enum import Enum


class DatabaseChoice(str, Enum):
    POSTGRES = "postgres"
    SQLITE = "sqlite"


class Settings:
    letta_pg_uri_no_default = "postgresql://letta@localhost/letta"
    database_engine = DatabaseChoice.POSTGRES
    enable_pinecone = False
    pinecone_api_key = None
    pinecone_agent_index = "agent"
    pinecone_source_index = "source"


settings = Settings()
