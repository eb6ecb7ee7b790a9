"""The realworld runner's worker (started by tests/realworld/run, which owns
the throwaway cluster). One Python process per project: it applies the
project's migrations with real Alembic one revision at a time, and at every
cut point breaks the version table four ways and runs the gate on each,
classifying the gate's answer against the truth (the revisions Alembic
applied). One TSV line per run; summarize.py sums them up.

The breakages are made on the migrated database itself and undone after each
run (the version table rebuilt with the truth): the gate writes nothing else,
and copying a database per cut point cost more than all the gate runs. At
the spot-check cut points a copy of the repaired database is upgraded to head
by real Alembic, and the schema is dumped again to check that the gate left
it alone.

The classification (issues 13 and 14):
  exact      exit 0 and the version table holds the truth afterwards (or the
             same state as SPEC 5 counts it: an empty merge whose parents are
             all applied is applied)
  ambiguous  exit 5, state ambiguous, the truth among the candidates
  refused    exit 5 otherwise (unexplained, ambiguous without the truth, ...)
  wrong      exit 0 and the version table does not hold the truth
             (a wrong stamp, `fresh` or `ahead` where neither is true)
  error      any other exit code (the reason is the status message)
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import traceback

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import stubhook  # noqa: E402

BREAKAGES = ("intact", "emptied", "dropped", "unknown")
UNKNOWN_REV = "0ff1ce5ca1ab"
TSV_FIELDS = ("project", "k", "revision", "truth", "schema", "breakage",
              "check_rc", "check_state", "rc", "state", "outcome", "after",
              "candidates", "class", "spot", "reason")


class Cluster:
    """The throwaway cluster of tests/lib/pg.sh, from its exported variables."""

    def __init__(self):
        self.sockdir = os.environ["PGTEST_SOCKDIR"]
        self.port = os.environ["PGTEST_PORT"]
        self.pg_bin = os.environ["PG_BIN"]
        self.conns = {}

    # Both over the private socket, where the cluster trusts its users: no
    # password hashing per connection (SCRAM costs more than a gate run).
    def url(self, db):
        """For Alembic (SQLAlchemy)."""
        return "postgresql://app@/%s?host=%s&port=%s" % (db, self.sockdir, self.port)

    def dsn(self, db):
        """For the gate."""
        return "host=%s port=%s user=app dbname=%s" % (self.sockdir, self.port, db)

    def connect(self, db):
        conn = self.conns.get(db)
        if conn is None or conn.closed:
            conn = psycopg2.connect(host=self.sockdir, port=self.port, user="postgres", dbname=db)
            conn.autocommit = True
            self.conns[db] = conn
        return conn

    def close(self, db):
        conn = self.conns.pop(db, None)
        if conn is not None:
            conn.close()

    def sql(self, db, statement, args=None):
        """Over one kept connection per database: a connection costs more
        than the statements (closed before the database is copied or dropped)."""
        with self.connect(db).cursor() as cur:
            cur.execute(statement, args)
            return cur.fetchall() if cur.description else None

    def create(self, db, template=None):
        self.drop(db)
        if template:
            self.close(template)
        extra = ' TEMPLATE "%s"' % template if template else ""
        self.sql("postgres", 'CREATE DATABASE "%s" OWNER app%s' % (db, extra))

    def drop(self, db):
        self.close(db)
        self.sql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)

    def schema_hash(self, db):
        """sha256 of pg_dump --schema-only without the version table and the
        lines that differ between identical schemas."""
        out = subprocess.run(
            [os.path.join(self.pg_bin, "pg_dump"), "--schema-only", "--no-owner",
             "--no-privileges", "--exclude-table=alembic_version",
             "-h", self.sockdir, "-p", self.port, "-U", "postgres", db],
            check=True, capture_output=True, text=True).stdout
        keep = [line for line in out.splitlines()
                if line and not line.startswith(("--", "SET ", "SELECT pg_catalog.set_config",
                                                 "\\restrict", "\\unrestrict"))]
        return hashlib.sha256("\n".join(keep).encode()).hexdigest()[:12]

    def version_rows(self, db):
        rows = self.sql(db, "SELECT to_regclass('public.alembic_version') IS NOT NULL")
        if not rows[0][0]:
            return None
        return sorted(r[0] for r in self.sql(db, "SELECT version_num FROM alembic_version"))


class Project:
    """A project's migrations under the runner's own env.py."""

    def __init__(self, name, versions_dir, stubs_dir, workdir):
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        stubhook.install(stubs_dir)
        script_dir = os.path.join(workdir, "script")
        os.makedirs(script_dir, exist_ok=True)
        with open(os.path.join(HERE, "env.py")) as src, \
                open(os.path.join(script_dir, "env.py"), "w") as dst:
            dst.write(src.read())
        self.ini = os.path.join(workdir, "alembic.ini")
        with open(self.ini, "w") as f:
            f.write("[alembic]\nscript_location = %s\nversion_locations = %s\n"
                    "sqlalchemy.url = driver://unused\n" % (script_dir, versions_dir))
        self.name = name
        self.cfg = Config(self.ini)
        script = ScriptDirectory.from_config(self.cfg)
        # Oldest first; walk_revisions yields newest first, parents after children.
        scripts = list(script.walk_revisions())
        self.revisions = [r.revision for r in reversed(scripts)]
        self.heads = script.get_heads()
        self.parents = {r.revision: tuple(as_tuple(r.down_revision)) + tuple(as_tuple(r.dependencies))
                        for r in scripts}
        self.empty = {r.revision for r in scripts if upgrade_is_empty(r.path)}

    def same_state(self, heads):
        """The heads SPEC 5 gives the state those heads leave: a revision whose
        upgrade() provably does nothing (a merge) counts as applied once all
        its parents are."""
        applied, todo = set(), list(heads)
        while todo:
            r = todo.pop()
            if r not in applied and r in self.parents:
                applied.add(r)
                todo.extend(self.parents[r])
        grown = True
        while grown:
            grown = False
            for r in self.empty - applied:
                if self.parents[r] and all(p in applied for p in self.parents[r]):
                    applied.add(r)
                    grown = True
        inner = {p for r in applied for p in self.parents[r]}
        return sorted(applied - inner)

    def upgrade(self, url, target):
        from alembic import command
        os.environ["DATABASE_URL"] = url
        command.upgrade(self.cfg, target)


def as_tuple(value):
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def upgrade_is_empty(path):
    """upgrade() holds only pass, ... and string literals (SPEC 5)."""
    import ast
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "upgrade":
            return all(isinstance(b, ast.Pass) or (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)
                                                   and (isinstance(b.value.value, str) or b.value.value is Ellipsis))
                       for b in node.body)
    return False


def break_version_table(cluster, db, breakage):
    statements = {
        "intact": None,
        "emptied": "DELETE FROM alembic_version",
        "dropped": "DROP TABLE alembic_version",
        "unknown": "DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('%s')" % UNKNOWN_REV,
    }
    if statements[breakage]:
        cluster.sql(db, statements[breakage])


def restore_version_table(cluster, db, truth):
    # Alembic's own definition of the table.
    cluster.sql(db, "DROP TABLE IF EXISTS alembic_version; "
                    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
    for rev in truth:
        cluster.sql(db, "INSERT INTO alembic_version VALUES (%s)", (rev,))


def run_gate(gate, project, url, status_file, check_only):
    env = dict(os.environ, DATABASE_URL=url, ALEMBIC_CONFIG=project.ini)
    args = [gate, "--wait-timeout", "0", "--lock-timeout", "10",
            "--status-file", status_file]
    if len(project.heads) > 1:
        args.append("--allow-multiple-heads")
    if check_only:
        args.append("--check-only")
    if os.path.exists(status_file):
        os.unlink(status_file)
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    status = {}
    if os.path.exists(status_file):
        with open(status_file) as f:
            status = json.load(f)
    if not status.get("message"):
        status["message"] = (proc.stderr.strip().splitlines() or [""])[-1]
    return proc.returncode, status


def classify(breakage, truths, rc, status, after):
    """truths: the rows Alembic left, and the same state as SPEC 5 counts it
    (empty merges whose parents are all applied taken as applied)."""
    state = status.get("state", "")
    if rc == 0:
        return "exact" if after in truths else "wrong"
    if rc == 5:
        cands = [sorted(c) for c in status.get("candidates") or []]
        if state == "ambiguous" and any(t in cands for t in truths):
            return "ambiguous"
        return "refused"
    return "error"


def one_line(text):
    return " ".join(str(text).split())[:300]


def measure(args):
    cluster = Cluster()
    workdir = tempfile.mkdtemp(prefix="rw-%s." % args.name)
    project = Project(args.name, args.versions, args.stubs, workdir)
    status_file = os.path.join(workdir, "status.json")
    n = len(project.revisions)
    print("# %s: %d revisions, heads %s" % (args.name, n, " ".join(project.heads)), file=sys.stderr)
    spot_every = max(1, n // args.spot_checks) if args.spot_checks else 0
    out = open(args.out, "a")
    if out.tell() == 0:
        out.write("\t".join(TSV_FIELDS) + "\n")
    cut, chk = "rw_work", "rw_chk"
    cluster.create(cut)
    # What the project's deployment does before its first migration (an
    # extension its image installs, the tables its create_all() makes).
    baseline = os.path.join(args.stubs or "", "baseline.sql")
    if args.stubs and os.path.exists(baseline):
        with open(baseline) as f:
            cluster.sql(cut, f.read())
    for k, rev in enumerate(project.revisions, start=1):
        try:
            project.upgrade(cluster.url(cut), rev)
        except Exception as e:  # the chain stops here: later cut points cannot be built
            reason = "%s: %s" % (type(e).__name__, one_line(e))
            print("# %s: applying %s failed: %s" % (args.name, rev, reason), file=sys.stderr)
            if args.verbose:
                traceback.print_exc()
            out.write("\t".join([args.name, str(k), rev, "-", "-", "apply", "-", "-", "-", "-", "-",
                                 "-", "-", "apply_failed", "-", reason]) + "\n")
            break
        if args.apply_only:
            continue
        truth = cluster.version_rows(cut)
        truths = [truth]
        if project.same_state(truth) != truth:
            truths.append(project.same_state(truth))
        schema = cluster.schema_hash(cut)
        spot_here = spot_every and (k % spot_every == 0 or k == n)
        for breakage in BREAKAGES:
            break_version_table(cluster, cut, breakage)
            check_rc, check_status = run_gate(args.gate, project, cluster.dsn(cut), status_file, True)
            rc, status = run_gate(args.gate, project, cluster.dsn(cut), status_file, False)
            after = cluster.version_rows(cut)
            cls = classify(breakage, truths, rc, status, after)
            spot = "-"
            if spot_here and rc == 0 and breakage != "intact":
                spot = spot_check(cluster, project, cut, chk)
            cands = status.get("candidates") or []
            reason = status.get("message", "") if cls != "exact" else ""
            row = [args.name, str(k), rev, " ".join(truth), schema, breakage,
                   str(check_rc), check_status.get("state", ""), str(rc), status.get("state", ""),
                   status.get("outcome", ""), "-" if after is None else " ".join(after),
                   str(len(cands)), cls, spot, one_line(reason)]
            out.write("\t".join(row) + "\n")
            if breakage != "intact" or after != truth:
                restore_version_table(cluster, cut, truth)
        out.flush()
        if spot_here and cluster.schema_hash(cut) != schema:
            print("# %s: the schema of cut point %d changed under the gate" % (args.name, k), file=sys.stderr)
            out.write("\t".join([args.name, str(k), rev, " ".join(truth), schema, "schema", "-", "-", "-",
                                 "-", "-", "-", "-", "schema_changed", "-", "user schema changed"]) + "\n")
        print("# %s: %d/%d %s" % (args.name, k, n, rev), file=sys.stderr)
    cluster.drop(cut)
    out.close()


def spot_check(cluster, project, cut, chk):
    """Real Alembic finishes the job after the gate's repair: `upgrade head`
    on a copy must succeed and leave the head's version rows."""
    cluster.create(chk, template=cut)
    try:
        project.upgrade(cluster.url(chk), "heads")
        rows = cluster.version_rows(chk)
        return "ok" if rows == sorted(project.heads) else "rows:" + " ".join(rows or [])
    except Exception as e:
        return "fail:%s" % type(e).__name__
    finally:
        cluster.drop(chk)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--versions", required=True)
    p.add_argument("--stubs")
    p.add_argument("--gate", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--spot-checks", type=int, default=5)
    p.add_argument("--apply-only", action="store_true")
    p.add_argument("--verbose", action="store_true")
    measure(p.parse_args())


if __name__ == "__main__":
    main()
