# Dispatch's tenant env.py runs `set search_path to "<tenant schema>"` for
# each dispatch_organization_* schema before its migrations, which name
# their tables without a schema, and so keeps a version table per tenant
# schema. Every libpq connection of this run (Alembic, the gate, the
# runner's own) gets the default organization's schema, public after it
# (the runner's check for public.alembic_version: baseline.sql).
import os

os.environ["PGOPTIONS"] = "-c search_path=dispatch_organization_default,public"
