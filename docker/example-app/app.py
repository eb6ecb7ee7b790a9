"""The example web app: answers GET / with the revision the database is at,
read from alembic_version, so a client sees that the migrations ran first.
The database settings are the gate's (DATABASE_URL or POSTGRES_*[_FILE]);
APP_PORT picks the port (8000)."""
import json
import os
from wsgiref.simple_server import make_server

import psycopg2


def setting(name):
    if os.environ.get(name):
        return os.environ[name]
    path = os.environ.get(name + "_FILE")
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        value = f.read()
    return value[:-1] if value.endswith("\n") else value


def connect():
    if os.environ.get("DATABASE_URL"):
        return psycopg2.connect(os.environ["DATABASE_URL"])
    return psycopg2.connect(host=setting("POSTGRES_HOST"), port=setting("POSTGRES_PORT") or 5432,
                            user=setting("POSTGRES_USER"), password=setting("POSTGRES_PASSWORD"),
                            dbname=setting("POSTGRES_DB") or setting("POSTGRES_USER"))


def app(environ, start_response):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT version_num FROM alembic_version ORDER BY 1")
        body = json.dumps({"revisions": [r[0] for r in cur.fetchall()]}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    port = int(os.environ.get("APP_PORT", "8000"))
    print(f"app: listening on port {port}", flush=True)
    make_server("0.0.0.0", port, app).serve_forever()
