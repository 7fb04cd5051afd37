"""The embedded PostgreSQL of `make run` (scripts/devstack.py) runs with settings sized to the data,
as the application's connection sees them."""

import importlib.util
from pathlib import Path

import psycopg2
import pytest

pytest.importorskip("pgserver")

ROOT = Path(__file__).resolve().parents[2]


def _devstack(data: Path):
    spec = importlib.util.spec_from_file_location("devstack_under_test", ROOT / "scripts" / "devstack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.DATA = data
    return module


def _shown(url: str, names: list[str]) -> dict[str, str]:
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            shown = {}
            for name in names:
                cursor.execute(f"SHOW {name}")
                shown[name] = cursor.fetchone()[0]
            return shown
    finally:
        connection.close()


def test_settings_are_sized_to_the_machine():
    small = _devstack(Path("/nonexistent")).postgres_settings(2 * 2**30)
    large = _devstack(Path("/nonexistent")).postgres_settings(64 * 2**30)
    assert small["shared_buffers"] == "512MB" and small["effective_cache_size"] == "1024MB"
    assert large["shared_buffers"] == "1024MB" and large["effective_cache_size"] == "32768MB"
    assert small["work_mem"] == "32MB"


def test_embedded_server_applies_them(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    devstack = _devstack(tmp_path)
    monkeypatch.setattr(devstack, "memory_bytes", lambda: 2 * 2**30)
    env = {}
    server = devstack.start_embedded_postgres(env)
    try:
        assert _shown(env["DATABASE_URL"], ["shared_buffers", "effective_cache_size", "work_mem"]) == {
            "shared_buffers": "512MB",
            "effective_cache_size": "1GB",
            "work_mem": "32MB",
        }
        # Started again on the same data: nothing to change, no restart.
        assert devstack.postgres_configure(server.get_uri(), devstack.postgres_settings(2 * 2**30)) is False
    finally:
        server.cleanup()
