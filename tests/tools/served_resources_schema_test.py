#!/usr/bin/python3
"""Starts the real fhir-gateway on 127.0.0.1 port 0, fetches resources over HTTP and
validates each against the official R4B JSON schema.

Usage: served_resources_schema_test.py GATEWAY_BINARY SCHEMA [PATH...]
PATHs are fetched from the server (default: /fhir/metadata). Searchset bundles are
validated whole. Exits non-zero on any schema problem or HTTP failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import validate_fhir_schema


def start_gateway(binary, data_dir, extra_args):
    proc = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--data-dir", data_dir, "--log-access", "false",
         "--metrics-listen", "127.0.0.1:0", "--test-issuer", "true"] + extra_args,
        stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("msg") == "listening":
            return proc, int(event["port"])
    proc.kill()
    raise RuntimeError("gateway did not start")


def main(argv):
    binary, schema_path = argv[1], argv[2]
    paths = [a for a in argv[3:] if a.startswith("/")] or ["/fhir/metadata"]
    extra = [a for a in argv[3:] if not a.startswith("/")]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validators = {}
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_gateway(binary, os.path.join(tmp, "data"), extra)
        try:
            for i, path in enumerate(paths):
                with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
                    body = r.read()
                out = os.path.join(tmp, "resource-%d.json" % i)
                with open(out, "wb") as f:
                    f.write(body)
                found = validate_fhir_schema.validate_file(schema, validators, out)
                problems.extend(p.replace(out, path) for p in found)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    for p in problems:
        print(p)
    print("%d resource(s) fetched, %d problem(s)" % (len(paths), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
