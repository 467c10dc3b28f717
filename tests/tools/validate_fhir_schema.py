#!/usr/bin/python3
"""Validates FHIR JSON resources against the official R4B JSON schema.

Usage: validate_fhir_schema.py SCHEMA FILE...
Each FILE holds one resource (a Bundle's entries are validated as part of it). Prints every
problem with its path and exits 1 if any file fails. Uses Debian's python3-jsonschema.
"""
import json
import sys

import jsonschema


def validator_for(schema, resource_type):
    # Validate against the resource's own definition rather than the root oneOf, which
    # would try every resource type and report unreadable errors.
    ref_schema = {"$ref": "#/definitions/" + resource_type, "definitions": schema["definitions"]}
    return jsonschema.Draft6Validator(ref_schema)


def validate_file(schema, validators, path):
    with open(path, encoding="utf-8") as f:
        resource = json.load(f)
    resource_type = resource.get("resourceType")
    if resource_type not in schema["definitions"]:
        return ["%s: unknown resourceType %r" % (path, resource_type)]
    if resource_type not in validators:
        validators[resource_type] = validator_for(schema, resource_type)
    problems = []
    for error in validators[resource_type].iter_errors(resource):
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append("%s: %s: %s" % (path, where or "(root)", error.message[:300]))
    return problems


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validators = {}
    problems = []
    for path in argv[2:]:
        problems.extend(validate_file(schema, validators, path))
    for p in problems:
        print(p)
    print("%d file(s) checked, %d problem(s)" % (len(argv) - 2, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
