"""The observability benchmark (benchmarks.observability) runs: a smoke test on the test database,
one short round, no timed assertion (its figures are the README's, measured on their own)."""

import json
import os
import subprocess
import sys

import pytest

from accounts.models import ApiKey, SecurityEvent
from tests.support import worker


@pytest.mark.slow
@pytest.mark.django_db
def test_the_observability_benchmark_runs(committed_db, tmp_path):
    events_before = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    output = tmp_path / "observability.json"
    env = dict(os.environ, DATABASE_URL=worker.test_database_url())
    env.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.observability", "--seconds", "1", "--rounds", "1"]
            + ["--workers", "1", "--threads", "1", "--connections", "2", "--requests", "5"]
            + ["--output", str(output)],
            cwd=worker.ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        # What the run wrote for its principals (its key is removed by the run itself).
        SecurityEvent.objects.filter(pk__gt=events_before).delete()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(output.read_text())
    paths = ["/api/v1/pillars/", "/api/v1/seizures/?page_size=50", "/dashboards/country/PE/"]
    assert [entry["path"] for entry in report["endpoints"]] == paths
    for entry in report["endpoints"]:
        for name in ("plain", "observed"):
            assert entry["median"][name]["requests_per_second"] > 0
            assert entry["median"][name]["cpu_ms_per_request"] > 0
    assert [entry["path"] for entry in report["in_process"]["endpoints"]] == paths
    assert report["request_log_lines"] > 0
    assert not ApiKey.objects.filter(name="Observability benchmark").exists()
