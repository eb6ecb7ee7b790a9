"""The least a catalog read can ask of a new backend (issue 18's floor):
in each of RUNS new connections, the simplest statements that fetch what
the gate's read fetches for the relations of the default schema (one
catalog each, no joins, no subqueries, oids joined by the client), in one
read-only transaction, then the version rows.

    /usr/bin/python3 bench/minread.py DSN RUNS

bench/server_cpu counts the server's CPU time it costs (and the gate's,
and a bare SELECT 1's) from outside."""
import sys

import psycopg2

dsn, runs = sys.argv[1], int(sys.argv[2])
setup = psycopg2.connect(dsn)
with setup.cursor() as k:
    k.execute("SELECT relname FROM pg_catalog.pg_class WHERE relnamespace = "
              "pg_catalog.current_schema()::pg_catalog.regnamespace AND relkind IN ('r', 'p', 'i', 'S', 'v', 'm')")
    names = [r[0] for r in k.fetchall()]
setup.close()
for _ in range(runs):
    c = psycopg2.connect(dsn)
    c.autocommit = True
    k = c.cursor()
    k.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    k.execute("SELECT pg_catalog.pg_is_in_recovery(), pg_catalog.current_schema()")
    k.execute("SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE nspname = pg_catalog.current_schema()")
    nsp = k.fetchone()[0]
    k.execute("SELECT oid, relname, relkind FROM pg_catalog.pg_class WHERE relname = ANY(%s) AND relnamespace = %s",
              (names, nsp))
    rels = k.fetchall()
    oids = [r[0] for r in rels]
    tables = [r[0] for r in rels if r[2] in ("r", "p")]
    k.execute("SELECT objid FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::pg_catalog.regclass"
              " AND objid = ANY(%s::oid[]) AND deptype = 'e'", (oids,))
    k.execute("SELECT attrelid, attname, pg_catalog.format_type(atttypid, atttypmod), attnotnull, atthasdef"
              " FROM pg_catalog.pg_attribute WHERE attrelid = ANY(%s::oid[]) AND attnum > 0 AND NOT attisdropped",
              (tables,))
    k.execute("SELECT indexrelid, indrelid, indkey, indisunique, indnkeyatts, indpred IS NOT NULL"
              " FROM pg_catalog.pg_index WHERE indrelid = ANY(%s::oid[])", (tables,))
    k.execute("SELECT oid, conname, conrelid, contype, conkey, confrelid, confkey, confdeltype, confupdtype,"
              " condeferrable FROM pg_catalog.pg_constraint WHERE conrelid = ANY(%s::oid[])", (tables,))
    k.execute("SELECT objid, refobjid FROM pg_catalog.pg_depend WHERE refclassid = 'pg_catalog.pg_class'::"
              "pg_catalog.regclass AND refobjid = ANY(%s::oid[]) AND classid = 'pg_catalog.pg_class'::"
              "pg_catalog.regclass AND deptype IN ('a', 'i')", (tables,))
    k.execute("SELECT tgrelid, tgname FROM pg_catalog.pg_trigger WHERE tgrelid = ANY(%s::oid[])"
              " AND NOT tgisinternal", (tables,))
    k.execute("SELECT version_num FROM alembic_version")
    k.execute("COMMIT")
    c.close()
