"""The OpenAPI document passes Redocly's recommended rules (redocly.yaml; @redocly/cli pinned in
package.json, installed by `make setup`), offline: no telemetry, nothing fetched."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

ROOT = Path(__file__).resolve().parents[2]
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"

pytestmark = pytest.mark.django_db


def test_the_schema_has_no_lint_error(tmp_path):
    if not REDOCLY.exists():
        pytest.fail("Redocly CLI is missing: run `make setup` (npm ci) to install package.json's tools")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    linted = subprocess.run(
        [str(REDOCLY), "lint", str(schema), "--config", str(ROOT / "redocly.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )
    report = json.loads(linted.stdout)
    errors = [
        f"{problem['ruleId']}: {problem['message']} ({problem['location'][0].get('pointer')})"
        for problem in report["problems"]
        if problem["severity"] == "error"
    ]
    assert errors == [] and linted.returncode == 0, errors or linted.stderr
