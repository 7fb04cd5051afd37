"""A real S3-protocol server for the tests: moto's server mode, started once per test session on a
free local port, and a bucket of its own per test. `object_storage` gives the settings module (and
another process, through its environment) exactly what a deployment's environment gives."""

import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from crimjust.settings.storage import OBJECT_STORAGE_BACKEND, object_storage_settings
from tests.support.live import free_port

REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "crimjust-test", "AWS_SECRET_ACCESS_KEY": "crimjust-test-secret"}


@dataclass
class S3Server:
    endpoint: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=Config(s3={"addressing_style": "path"}),
        )


@dataclass
class ObjectStorage:
    """A bucket on the server, and the environment that names it."""

    server: S3Server
    bucket: str
    env: dict

    def keys(self) -> list[str]:
        answer = self.server.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in answer.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server():
    command = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("moto_server is missing: `make setup` installs moto[s3] (requirements-dev.txt)")
    port = free_port()
    process = subprocess.Popen(
        [command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("moto's S3 server did not start")
                time.sleep(0.1)
        yield S3Server(endpoint=f"http://127.0.0.1:{port}", process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def storage_env(server: S3Server, bucket: str) -> dict:
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": server.endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_LOCATION": "tracker",  # a prefix, as a shared bucket would have
        **CREDENTIALS,
    }


@pytest.fixture
def object_storage(s3_server, settings, tmp_path):
    """The default storage is a fresh bucket of the S3 server (for this process: the settings; for
    another: `.env`). MEDIA_ROOT names a folder that does not exist: nothing may be written there."""
    bucket = f"crimjust-{uuid.uuid4().hex[:16]}"
    s3_server.client().create_bucket(Bucket=bucket)
    env = storage_env(s3_server, bucket)
    for name, value in object_storage_settings(env).items():
        setattr(settings, name, value)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": OBJECT_STORAGE_BACKEND}}
    settings.MEDIA_ROOT = str(tmp_path / "no-local-media")
    yield ObjectStorage(server=s3_server, bucket=bucket, env=env)
    assert not (tmp_path / "no-local-media").exists(), "a file went to the local disk, not the bucket"
