"""Check Zero to JupyterHub values files the way `helm install` does, with no cluster.

helm merges the values files into the chart's defaults (values.yaml), then validates the result
against the JSON schema packaged with the chart (values.schema.json). This does the same with the
chart release vendored in classroom/z2jh-chart/ (the one course.cfg names):

    python -m tools.z2jh_values classroom/z2jh-config.yaml [secrets.yaml ...]

Exit status 1, with one line per problem, when helm would refuse the values.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "classroom" / "z2jh-chart"


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """helm's merge: maps merge key by key, anything else (lists too) replaces, null deletes."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def problems(values: list[dict[str, Any]], chart: Path = CHART) -> list[str]:
    """What the chart's schema says about its defaults merged with these values, in order."""
    document = load(chart / "values.yaml")
    for override in values:
        document = merged(document, override)
    schema = json.loads((chart / "values.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    found = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    return [f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}" for error in found]


def main(arguments: list[str]) -> int:
    if not arguments:
        print(__doc__.strip().split("\n\n")[1])
        return 2
    found = problems([load(Path(name)) for name in arguments])
    for line in found:
        print(line)
    chart = (CHART / "README.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    print(f"{len(found)} problem(s) against {chart}" if found else f"valid for {chart}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
