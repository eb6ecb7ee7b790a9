#!/usr/bin/python3
"""Checks Kubernetes manifests offline against the API schema that Debian's
python3-kubernetes models carry: every field must exist in its object (the
models' attribute maps), every value must have the field's type, and the
models' own checks (required fields, enums) must pass. Prints one line per
problem, naming the file, the document and the field path; exit 1 if any.

  k8s_validate.py FILE...

`kind` and `apiVersion` pick the model (apps/v1 Deployment -> V1Deployment)."""
import re
import sys

import kubernetes.client as k8s
import yaml

PRIMITIVES = {"str": str, "int": int, "bool": bool, "float": (int, float)}


def model_name(doc):
    version = doc.get("apiVersion", "").split("/")[-1]
    return version[0].upper() + version[1:] + doc.get("kind", "")


def check(value, typ, path, problems):
    if value is None:
        return
    if typ == "object":
        return
    if typ in PRIMITIVES:
        ok = isinstance(value, PRIMITIVES[typ]) and not (typ != "bool" and isinstance(value, bool))
        if not ok:
            problems.append(f"{path}: {value!r} is not {typ}")
        return
    m = re.fullmatch(r"list\[(.+)\]", typ)
    if m:
        if not isinstance(value, list):
            problems.append(f"{path}: not a list")
            return
        for i, v in enumerate(value):
            check(v, m.group(1), f"{path}[{i}]", problems)
        return
    m = re.fullmatch(r"dict\(str, (.+)\)", typ)
    if m:
        if not isinstance(value, dict):
            problems.append(f"{path}: not a map")
            return
        for k, v in value.items():
            check(v, m.group(1), f"{path}.{k}", problems)
        return
    model = getattr(k8s, typ, None)
    if model is None:
        problems.append(f"{path}: the schema has no type {typ}")
        return
    if not isinstance(value, dict):
        problems.append(f"{path}: not an object ({typ})")
        return
    fields = {json: attr for attr, json in model.attribute_map.items()}
    for key, v in value.items():
        if key not in fields:
            problems.append(f"{path}.{key}: no such field in {typ}")
            continue
        check(v, model.openapi_types[fields[key]], f"{path}.{key}", problems)


def main():
    failed = False
    api = k8s.ApiClient()
    for path in sys.argv[1:]:
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        for n, doc in enumerate(docs):
            where = f"{path}: document {n + 1} ({doc.get('kind', '?')})"
            typ = model_name(doc)
            if getattr(k8s, typ, None) is None:
                print(f"{where}: no model {typ} for apiVersion {doc.get('apiVersion')}")
                failed = True
                continue
            problems = []
            check(doc, typ, typ, problems)
            if not problems:
                try:  # required fields and enums, as the models check them
                    api._ApiClient__deserialize(doc, typ)
                except (ValueError, TypeError) as e:
                    problems.append(str(e))
            for p in problems:
                print(f"{where}: {p}")
            failed = failed or bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
