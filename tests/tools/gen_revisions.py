#!/usr/bin/python3
"""Writes a random Alembic project for the heads/history differential test.

Usage: gen_revisions.py SEED OUTDIR

The graph is random but realistic: chains, branch points, merges of two or
three heads, several bases, depends_on (by id and by branch label), at most
one branch label (Alembic prints a set of several labels in hash order, so
more than one would make its own output unstable). Files use both templates
and odd but valid quoting: single, double and triple quotes, string prefixes,
tuples and lists, comments, line continuations, annotations, docstrings of
several shapes, and legacy hex file names without a revision variable.
"""
import os
import random
import sys


def main():
    seed = int(sys.argv[1])
    out = sys.argv[2]
    rnd = random.Random(seed)
    versions = os.path.join(out, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\n")
    n = rnd.randint(1, 40)
    revs = []        # (id, parents, deps, label)
    heads = []
    label_used = False
    for i in range(n):
        rid = "%012x" % rnd.getrandbits(48)
        r = rnd.random()
        if not heads or r < 0.08:
            parents = []
        elif r < 0.25 and len(heads) >= 2:
            parents = rnd.sample(heads, rnd.choice([2, 2, 3]) if len(heads) >= 3 else 2)
        elif r < 0.40:
            parents = [rnd.choice([x[0] for x in revs])]
        else:
            parents = [rnd.choice(heads)]
        for p in parents:
            if p in heads:
                heads.remove(p)
        heads.append(rid)
        deps = []
        if revs and rnd.random() < 0.1:
            cand = [x[0] for x in revs if x[0] not in parents]
            if cand:
                deps = [rnd.choice(cand)]
        label = None
        if not label_used and rnd.random() < 0.1:
            label = "lbl%d" % seed
            label_used = True
        revs.append((rid, parents, deps, label))
    # A label spreads to descendants and ancestors: keep it where no two
    # labels meet and the descendants form a line (Alembic walks a set).
    children = {r[0]: [] for r in revs}
    for rid, parents, _, _ in revs:
        for p in parents:
            children[p].append(rid)
    final = []
    for rid, parents, deps, label in revs:
        if label:
            line_ok, x = True, rid
            while children[x]:
                if len(children[x]) > 1:
                    line_ok = False
                    break
                x = children[x][0]
            if not line_ok:
                label = None
        final.append((rid, parents, deps, label))
    for i, (rid, parents, deps, label) in enumerate(final):
        write(rnd, versions, i, rid, parents, deps, label)


def lit(rnd, s):
    q = rnd.choice(["'", '"', "'''", '"""'])
    pre = rnd.choice(["", "", "", "u", "r"])
    return "%s%s%s%s" % (pre, q, s, q)


def seq(rnd, items):
    if not items:
        return rnd.choice(["None", "()", "[]", "None"])
    if len(items) == 1 and rnd.random() < 0.7:
        return lit(rnd, items[0])
    parts = [lit(rnd, x) for x in items]
    kind = rnd.random()
    if kind < 0.4:
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else rnd.choice(["", ","])) + ")"
    if kind < 0.8:
        return "[" + ", ".join(parts) + "]"
    return "(\n    " + ",\n    ".join(parts) + ",  # comment\n)"


def write(rnd, versions, i, rid, parents, deps, label):
    doc_kind = rnd.random()
    msg = rnd.choice(["add things", "Create table users", "merge heads", "fix: index", "step %d" % i,
                      "unicode caf\u00e9", "tabs\there"])
    if doc_kind < 0.6:
        doc = '"""%s\n\nRevision ID: %s\nRevises: %s\n"""\n' % (msg, rid, ", ".join(parents))
    elif doc_kind < 0.75:
        doc = "'''%s'''\n" % msg
    elif doc_kind < 0.85:
        doc = '"""\n    %s\n    second line\n\n    more\n"""\n' % msg
    elif doc_kind < 0.92:
        doc = "# no docstring\n"
    else:
        doc = 'r"""%s"""\n' % msg
    annotated = rnd.random() < 0.5
    legacy = rnd.random() < 0.1
    lines = [doc, "from alembic import op\nimport sqlalchemy as sa\n"]
    if annotated:
        lines.append("from typing import Sequence, Union\n\n")
        if not legacy:
            lines.append("revision: str = %s\n" % lit(rnd, rid))
        lines.append("down_revision: Union[str, Sequence[str], None] = %s\n" % seq(rnd, parents))
        lines.append("branch_labels: Union[str, Sequence[str], None] = %s\n" % (seq(rnd, [label]) if label else "None"))
        lines.append("depends_on: Union[str, Sequence[str], None] = %s\n" % (seq(rnd, deps) if deps else "None"))
    else:
        if not legacy:
            lines.append("revision = %s\n" % lit(rnd, rid))
        if rnd.random() < 0.3 and len(parents) == 1:
            lines.append("down_revision = \\\n    %s\n" % lit(rnd, parents[0]))
        else:
            lines.append("down_revision = %s  # parents\n" % seq(rnd, parents))
        lines.append("branch_labels = %s\n" % (seq(rnd, [label]) if label else "None"))
        lines.append("depends_on = %s\n" % (seq(rnd, deps) if deps else "None"))
    lines.append("\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
    name = "%s.py" % rid if legacy else "%s_%s.py" % (rid, rnd.choice(["step", "x", "migration"]))
    with open(os.path.join(versions, name), "w") as f:
        f.write("".join(lines))


if __name__ == "__main__":
    main()
