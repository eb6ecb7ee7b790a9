-- Dispatch's first core revision (f011c050b9ba) is empty: the core schema
-- was made by database/revisions/multi-tenant-migration.sql (commit
-- 8ca10784), which cloned the single-tenant public schema into dispatch_core
-- and kept four tables there. These are those tables as the models of
-- 8ca10784^ (create_all()) made them, in dispatch_core; the full-text
-- triggers of sqlalchemy-searchable, which no migration names, are left out.
CREATE SCHEMA dispatch_core;

CREATE TABLE dispatch_core.organization (
	id SERIAL NOT NULL,
	name VARCHAR,
	"default" BOOLEAN,
	description VARCHAR,
	search_vector TSVECTOR,
	PRIMARY KEY (id)
);

CREATE TABLE dispatch_core.dispatch_user (
	id SERIAL NOT NULL,
	email VARCHAR,
	password BYTEA NOT NULL,
	search_vector TSVECTOR,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id),
	UNIQUE (email)
);

CREATE TABLE dispatch_core.dispatch_user_organization (
	id SERIAL NOT NULL,
	dispatch_user_id INTEGER,
	organization_id INTEGER,
	role VARCHAR,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (id),
	FOREIGN KEY(dispatch_user_id) REFERENCES dispatch_core.dispatch_user (id),
	FOREIGN KEY(organization_id) REFERENCES dispatch_core.organization (id)
);

CREATE TABLE dispatch_core.plugin (
	id SERIAL NOT NULL,
	title VARCHAR,
	slug VARCHAR,
	description VARCHAR,
	version VARCHAR,
	author VARCHAR,
	author_url VARCHAR,
	type VARCHAR,
	multiple BOOLEAN,
	search_vector TSVECTOR,
	PRIMARY KEY (id),
	UNIQUE (slug)
);

-- The runner, not Dispatch: driver.py looks for public.alembic_version
-- before reading the version table through search_path. Alembic's version
-- table is made here in dispatch_core (Alembic's own DDL, as Alembic would
-- make it there), so that it shadows an empty stand-in in public, kept by
-- an event trigger when the runner's restore drops it in place of a missing
-- dispatch_core.alembic_version (after a "dropped" run the gate refused).
CREATE TABLE dispatch_core.alembic_version (version_num VARCHAR(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE public.alembic_version (version_num VARCHAR(32) NOT NULL);
CREATE SCHEMA rw_harness;
CREATE FUNCTION rw_harness.keep_public_alembic_version() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_catalog.to_regclass('public.alembic_version') IS NULL THEN
        CREATE TABLE public.alembic_version (version_num VARCHAR(32) NOT NULL);
    END IF;
END $$;
CREATE EVENT TRIGGER rw_keep_public_alembic_version ON sql_drop
    EXECUTE FUNCTION rw_harness.keep_public_alembic_version();
