"""Fixtures of the core tests: a real S3-protocol server and a bucket per test (tests.support.s3)."""

from tests.support.s3 import object_storage, s3_server  # noqa: F401 (fixtures)
