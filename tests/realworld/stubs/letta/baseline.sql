-- Letta's deployment creates the pgvector extension before the first
-- migration (its init.sql: CREATE EXTENSION IF NOT EXISTS vector). Debian
-- bookworm has no pgvector package, so this is a stand-in: a type named
-- vector that takes a typmod (vector(4096)), its I/O borrowed from internal
-- functions, and every object of it made a member of an extension (plpgsql,
-- always there) so that, like the real extension's, the gate leaves it out.
CREATE TYPE vector;
CREATE FUNCTION vector_in(cstring) RETURNS vector LANGUAGE internal IMMUTABLE STRICT AS 'textin';
CREATE FUNCTION vector_out(vector) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
CREATE FUNCTION vector_typmod_in(cstring[]) RETURNS integer LANGUAGE internal IMMUTABLE STRICT AS 'bittypmodin';
CREATE TYPE vector (INPUT = vector_in, OUTPUT = vector_out, TYPMOD_IN = vector_typmod_in,
                    INTERNALLENGTH = VARIABLE, STORAGE = extended);
ALTER EXTENSION plpgsql ADD TYPE vector;
ALTER EXTENSION plpgsql ADD FUNCTION vector_in(cstring);
ALTER EXTENSION plpgsql ADD FUNCTION vector_out(vector);
ALTER EXTENSION plpgsql ADD FUNCTION vector_typmod_in(cstring[]);
