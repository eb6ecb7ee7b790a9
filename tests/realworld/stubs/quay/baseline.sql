-- What a quay deployment does before its first migration: the pg_trgm
-- extension, which its docs (quick-local-deployment.md), CI and config-tool
-- validator require (e2894a3a3c19 builds gin_trgm_ops indexes on it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
