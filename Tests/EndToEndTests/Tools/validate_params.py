"""Validates strategy params against the JSON Schemas GET /v1/strategies serves, with jsonschema.

Usage: validate_params.py BASE_URL CASES_JSON
CASES_JSON is a list of {"template", "params", "valid"}; prints one line per case and exits 1 when a
case's outcome is not the expected one.
"""

import json
import sys
import urllib.request

import jsonschema


def main() -> int:
    base, cases = sys.argv[1], json.loads(sys.argv[2])
    with urllib.request.urlopen(base + "/v1/strategies") as response:
        catalog = json.load(response)
    schemas = {item["template"]: item["schema"] for item in catalog["items"]}
    failures = 0
    for case in cases:
        schema = schemas[case["template"]]
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(case["params"]))
        ok = (not errors) == case["valid"]
        failures += not ok
        print(("ok  " if ok else "FAIL"), case["template"], json.dumps(case["params"]), [e.message for e in errors])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
