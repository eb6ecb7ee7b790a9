-- What open-webui does before its first Alembic migration: its
-- handle_peewee_migration() runs the legacy peewee_migrate scripts
-- (backend/open_webui/internal/migrations/001..018, the "external"
-- database branch) on every start, so a fresh PostgreSQL database reaches
-- Alembic's init (7e5b5dc7342b, which creates only the tables missing) with
-- these tables: peewee's models declare `id` as a unique CharField/TextField,
-- which gives no primary key, only a unique index named TABLE_COLUMN.
CREATE TABLE "migratehistory" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "migrated_at" TIMESTAMP NOT NULL);
INSERT INTO "migratehistory" ("name", "migrated_at") VALUES
  ('001_initial_schema', now()), ('002_add_local_sharing', now()), ('003_add_auth_api_key', now()),
  ('004_add_archived', now()), ('005_add_updated_at', now()), ('006_migrate_timestamps_and_charfields', now()),
  ('007_add_user_last_active_at', now()), ('008_add_memory', now()), ('009_add_models', now()),
  ('010_migrate_modelfiles_to_models', now()), ('011_add_user_settings', now()), ('012_add_tools', now()),
  ('013_add_user_info', now()), ('014_add_files', now()), ('015_add_functions', now()),
  ('016_add_valves_and_is_active', now()), ('017_add_user_oauth_sub', now()), ('018_add_function_is_global', now());

CREATE TABLE "auth" ("id" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "password" TEXT NOT NULL, "active" BOOLEAN NOT NULL);
CREATE UNIQUE INDEX "auth_id" ON "auth" ("id");

CREATE TABLE "chat" ("id" VARCHAR(255) NOT NULL, "user_id" VARCHAR(255) NOT NULL, "title" TEXT NOT NULL, "chat" TEXT NOT NULL,
  "share_id" VARCHAR(255), "archived" BOOLEAN NOT NULL, "created_at" BIGINT NOT NULL, "updated_at" BIGINT NOT NULL);
CREATE UNIQUE INDEX "chat_id" ON "chat" ("id");
CREATE UNIQUE INDEX "chat_share_id" ON "chat" ("share_id");

CREATE TABLE "chatidtag" ("id" VARCHAR(255) NOT NULL, "tag_name" VARCHAR(255) NOT NULL, "chat_id" VARCHAR(255) NOT NULL,
  "user_id" VARCHAR(255) NOT NULL, "timestamp" BIGINT NOT NULL);
CREATE UNIQUE INDEX "chatidtag_id" ON "chatidtag" ("id");

CREATE TABLE "document" ("id" SERIAL NOT NULL PRIMARY KEY, "collection_name" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL,
  "title" TEXT NOT NULL, "filename" TEXT NOT NULL, "content" TEXT, "user_id" VARCHAR(255) NOT NULL, "timestamp" BIGINT NOT NULL);
CREATE UNIQUE INDEX "document_collection_name" ON "document" ("collection_name");
CREATE UNIQUE INDEX "document_name" ON "document" ("name");

CREATE TABLE "prompt" ("id" SERIAL NOT NULL PRIMARY KEY, "command" VARCHAR(255) NOT NULL, "user_id" VARCHAR(255) NOT NULL,
  "title" TEXT NOT NULL, "content" TEXT NOT NULL, "timestamp" BIGINT NOT NULL);
CREATE UNIQUE INDEX "prompt_command" ON "prompt" ("command");

CREATE TABLE "tag" ("id" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "user_id" VARCHAR(255) NOT NULL, "data" TEXT);
CREATE UNIQUE INDEX "tag_id" ON "tag" ("id");

CREATE TABLE "user" ("id" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL,
  "role" VARCHAR(255) NOT NULL, "profile_image_url" TEXT NOT NULL, "api_key" VARCHAR(255),
  "created_at" BIGINT NOT NULL, "updated_at" BIGINT NOT NULL, "last_active_at" BIGINT NOT NULL,
  "settings" TEXT, "info" TEXT, "oauth_sub" TEXT);
CREATE UNIQUE INDEX "user_id" ON "user" ("id");
CREATE UNIQUE INDEX "user_api_key" ON "user" ("api_key");
CREATE UNIQUE INDEX "user_oauth_sub" ON "user" ("oauth_sub");

CREATE TABLE "memory" ("id" VARCHAR(255) NOT NULL, "user_id" VARCHAR(255) NOT NULL, "content" TEXT NOT NULL,
  "updated_at" BIGINT NOT NULL, "created_at" BIGINT NOT NULL);
CREATE UNIQUE INDEX "memory_id" ON "memory" ("id");

CREATE TABLE "model" ("id" TEXT NOT NULL, "user_id" TEXT NOT NULL, "base_model_id" TEXT, "name" TEXT NOT NULL,
  "meta" TEXT NOT NULL, "params" TEXT NOT NULL, "created_at" BIGINT NOT NULL, "updated_at" BIGINT NOT NULL);
CREATE UNIQUE INDEX "model_id" ON "model" ("id");

CREATE TABLE "tool" ("id" TEXT NOT NULL, "user_id" TEXT NOT NULL, "name" TEXT NOT NULL, "content" TEXT NOT NULL,
  "specs" TEXT NOT NULL, "meta" TEXT NOT NULL, "created_at" BIGINT NOT NULL, "updated_at" BIGINT NOT NULL, "valves" TEXT);
CREATE UNIQUE INDEX "tool_id" ON "tool" ("id");

CREATE TABLE "file" ("id" TEXT NOT NULL, "user_id" TEXT NOT NULL, "filename" TEXT NOT NULL, "meta" TEXT NOT NULL,
  "created_at" BIGINT NOT NULL);
CREATE UNIQUE INDEX "file_id" ON "file" ("id");

CREATE TABLE "function" ("id" TEXT NOT NULL, "user_id" TEXT NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
  "content" TEXT NOT NULL, "meta" TEXT NOT NULL, "created_at" BIGINT NOT NULL, "updated_at" BIGINT NOT NULL,
  "valves" TEXT, "is_active" BOOLEAN NOT NULL, "is_global" BOOLEAN NOT NULL);
CREATE UNIQUE INDEX "function_id" ON "function" ("id");
