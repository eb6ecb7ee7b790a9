# Dispatch's core env.py runs `set search_path to "dispatch_core"` before its
# migrations, which name some tables without a schema, and so keeps its
# version table in dispatch_core. Every libpq connection of this run (Alembic,
# the gate, the runner's own) gets that search_path, public after it (the
# runner's check for public.alembic_version: baseline.sql).
import os

os.environ["PGOPTIONS"] = "-c search_path=dispatch_core,public"
