"""SqlEventLogStorageTable, which 001_initial_1 uses in its SQLite branch only."""
import sqlalchemy as db

SqlEventLogStorageTable = db.Table(
    "event_logs", db.MetaData(),
    db.Column("id", db.Integer, primary_key=True, autoincrement=True),
    db.Column("run_id", db.String(255)),
    db.Column("event", db.Text, nullable=False),
)
