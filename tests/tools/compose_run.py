#!/usr/bin/python3
"""A small Compose runner for the examples test: runs a compose file's services
with scripts/container on the host's network (the one network that works in
every sandbox here), following `depends_on` the way Docker Compose v2 does:
a dependent starts only when each dependency is started
(service_started), healthy (service_healthy) or has exited 0
(service_completed_successfully; any other exit stops `up` with an error).
Debian 12's podman-compose 1.0 ignores the last two.

  compose_run.py FILE PROJECT up [SERVICE...]   start services and their deps
  compose_run.py FILE PROJECT down               remove containers and volumes

Supported: image, entrypoint, command, environment (map, with YAML anchors),
secrets (file), named volumes, depends_on (short and long form), ${VAR} and
${VAR:-default} interpolation. Service names resolve to 127.0.0.1."""
import json
import os
import re
import subprocess
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTAINER = os.path.join(ROOT, "scripts", "container")
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def interpolate(v):
    if isinstance(v, str):
        return VAR.sub(lambda m: os.environ.get(m.group(1)) or (m.group(2) or ""), v)
    if isinstance(v, list):
        return [interpolate(x) for x in v]
    if isinstance(v, dict):
        return {k: interpolate(x) for k, x in v.items()}
    return v


def engine(*args, check=True):
    r = subprocess.run([CONTAINER, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"compose_run: {' '.join(args[:2])} failed: {r.stderr.strip()}")
    return r


def state(name):
    r = engine("inspect", "--format", "{{json .State}}", name, check=False)
    return json.loads(r.stdout) if r.returncode == 0 else None


def deps_of(svc):
    d = svc.get("depends_on") or {}
    if isinstance(d, list):
        return {n: "service_started" for n in d}
    return {n: (c or {}).get("condition", "service_started") for n, c in d.items()}


def wait_for(project, dep, condition, timeout=300):
    name = f"{project}_{dep}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        st = state(name)
        if st is None:
            sys.exit(f"compose_run: {dep} has no container")
        if condition == "service_started" and (st["Running"] or st["Status"] == "exited"):
            return
        if condition == "service_healthy" and st.get("Health", {}).get("Status") == "healthy":
            return
        if condition == "service_completed_successfully" and st["Status"] == "exited":
            if st["ExitCode"] != 0:
                sys.exit(f"compose_run: service {dep} didn't complete successfully: exit {st['ExitCode']}")
            return
        time.sleep(0.2)
    sys.exit(f"compose_run: timed out waiting for {dep} ({condition})")


def run_service(doc, base, project, name):
    svc = doc["services"][name]
    args = ["run", "-d", "--name", f"{project}_{name}", "--network", "host"]
    for other in doc["services"]:
        args += ["--add-host", f"{other}:127.0.0.1"]
    for k, v in (svc.get("environment") or {}).items():
        args += ["-e", f"{k}={v}"]
    for s in svc.get("secrets") or []:
        path = os.path.join(base, doc["secrets"][s]["file"])
        args += ["-v", f"{os.path.abspath(path)}:/run/secrets/{s}:ro"]
    for v in svc.get("volumes") or []:
        src, dst = v.split(":", 1)
        if src in (doc.get("volumes") or {}):
            src = f"{project}_{src}"
        args += ["-v", f"{src}:{dst}"]
    # docker's --entrypoint takes one word: the rest goes before the command.
    ep = svc.get("entrypoint") or []
    if ep:
        args += ["--entrypoint", ep[0]]
    args.append(svc["image"])
    args += ep[1:] + (svc.get("command") or [])
    engine(*args)


def up(doc, base, project, wanted):
    order, seen = [], set()

    def visit(n):
        if n in seen:
            return
        seen.add(n)
        for d in deps_of(doc["services"][n]):
            visit(d)
        order.append(n)

    for n in wanted or doc["services"]:
        visit(n)
    for n in order:
        if state(f"{project}_{n}") is not None:
            continue
        for dep, cond in deps_of(doc["services"][n]).items():
            wait_for(project, dep, cond)
        run_service(doc, base, project, n)
        print(f"compose_run: started {n}", flush=True)


def down(doc, project):
    for n in doc["services"]:
        engine("rm", "-f", "-v", f"{project}_{n}", check=False)
    for v in doc.get("volumes") or {}:
        engine("volume", "rm", "-f", f"{project}_{v}", check=False)


def main():
    path, project, verb, *rest = sys.argv[1:]
    with open(path) as f:
        doc = interpolate(yaml.safe_load(f))
    base = os.path.dirname(os.path.abspath(path))
    if verb == "up":
        up(doc, base, project, rest)
    elif verb == "down":
        down(doc, project)
    else:
        sys.exit(f"compose_run: unknown command {verb}")


if __name__ == "__main__":
    main()
