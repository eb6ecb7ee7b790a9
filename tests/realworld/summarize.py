"""Summarizes the runner's TSV files: one Markdown table row per project.

Broken runs are those with the version table emptied, dropped or pointed at
an unknown revision, at every cut point; intact runs are the healthy
database at every cut point. A cut point has a distinct schema when no
other cut point's pg_dump --schema-only (version table aside) equals it."""
import collections
import csv
import sys

CLASSES = ("exact", "ambiguous", "refused", "wrong", "error")


def pct(a, b):
    return "%.0f%%" % (100.0 * a / b) if b else "-"


def summarize(rows):
    runs = [r for r in rows if r["class"] not in ("apply_failed", "schema_changed")]
    if not runs:
        return None
    cuts = sorted({int(r["k"]) for r in runs})
    schema_of = {int(r["k"]): r["schema"] for r in runs}
    seen = collections.Counter(schema_of.values())
    distinct = {k for k in cuts if seen[schema_of[k]] == 1}
    broken = [r for r in runs if r["breakage"] != "intact"]
    intact = [r for r in runs if r["breakage"] == "intact"]
    count = collections.Counter(r["class"] for r in broken)
    head = max(cuts)
    at_head = [r for r in intact if int(r["k"]) == head]
    exact_distinct = sum(1 for r in broken if r["class"] == "exact" and int(r["k"]) in distinct)
    broken_distinct = sum(1 for r in broken if int(r["k"]) in distinct)
    want_check = {"0": "0", "5": "5"}
    check_diff = 0
    for r in runs:
        expected = r["rc"]
        if r["rc"] == "0":
            wrote = r["breakage"] != "intact" or r["state"] not in ("healthy", "drift", "")
            expected = "1" if wrote and r["outcome"] == "repaired" else "0"
        if r["check_rc"] != want_check.get(expected, expected):
            check_diff += 1
    spots = [r["spot"] for r in runs if r["spot"] != "-"]
    return {
        "project": runs[0]["project"],
        "cuts": len(cuts),
        "applied": "%d%s" % (len(cuts), " (stopped)" if any(r["class"] == "apply_failed" for r in rows) else ""),
        "distinct": len(distinct),
        "runs": len(broken),
        **{c: count[c] for c in CLASSES},
        "healthy_ok": sum(1 for r in intact if r["class"] == "exact"),
        "head": at_head[0]["class"] + "/" + at_head[0]["state"] if at_head else "-",
        "exact_all": pct(count["exact"], len(broken)),
        "exact_distinct": pct(exact_distinct, broken_distinct),
        "refused_pct": pct(count["refused"], len(broken)),
        "spot": "%d/%d" % (spots.count("ok"), len(spots)),
        "check_diff": check_diff,
        "schema_changed": sum(1 for r in rows if r["class"] == "schema_changed"),
    }


def main():
    by_project = collections.OrderedDict()
    for path in sys.argv[1:]:
        with open(path) as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                by_project.setdefault(row["project"], []).append(row)
    cols = ["project", "cuts", "distinct", "runs", *CLASSES, "healthy_ok", "head",
            "exact_all", "exact_distinct", "refused_pct", "spot", "check_diff", "schema_changed"]
    heads = ["project", "cut points", "distinct-schema", "broken runs", "exact", "ambiguous",
             "refused", "wrong", "error", "intact exit 0 (of cut points)", "healthy-at-head",
             "exact rate (all)", "exact rate (distinct)", "refused rate", "spot-checks ok",
             "check-only disagrees", "user schema changed"]
    print("| " + " | ".join(heads) + " |")
    print("|" + "---|" * len(heads))
    total = collections.Counter()
    for name, rows in by_project.items():
        s = summarize(rows)
        if s is None:
            print("| %s | no cut point |" % name)
            continue
        for c in ("cuts", "runs", *CLASSES):
            total[c] += s[c]
        print("| " + " | ".join(str(s[c]) for c in cols) + " |")
    if len(by_project) > 1:
        print("\nAll projects: %d cut points, %d broken runs: exact %s, ambiguous %s, refused %s, wrong %d, error %d"
              % (total["cuts"], total["runs"], pct(total["exact"], total["runs"]),
                 pct(total["ambiguous"], total["runs"]), pct(total["refused"], total["runs"]),
                 total["wrong"], total["error"]))


if __name__ == "__main__":
    main()
