"""Stand-in for hasgeek's coaster: only the column types funnel's migration
scripts take from it (coaster.utils is fabricated: per-row helpers)."""
