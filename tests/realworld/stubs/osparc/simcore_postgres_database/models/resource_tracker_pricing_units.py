"""The table one data migration (5c62b190e124) updates: only the column it
sets, enough for resource_tracker_pricing_units.update().values(...)."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

resource_tracker_pricing_units = sa.Table(
    "resource_tracker_pricing_units",
    sa.MetaData(),
    sa.Column("pricing_unit_id", sa.BigInteger, primary_key=True),
    sa.Column("specific_info", JSONB, nullable=False),
)
