"""The files of the tracker (report files, import uploads) wherever the default storage keeps them:
a folder on one host, or a bucket of an S3-protocol server shared by every process (settings:
AWS_STORAGE_BUCKET_NAME). Two things the storage API does not do well for a bucket are done here:

- a download is streamed from the bucket in chunks as it is sent, where django-storages' file would
  first copy the whole object to a temporary file of the web process;
- readiness asks the bucket itself (a HEAD of the bucket), with timeouts short enough for a probe,
  where the storage's own client waits and retries as an upload should.
"""

import os
from collections.abc import Iterator
from typing import IO

from django.core.files.storage import default_storage

# Bytes read from the bucket per chunk of a download (the same as FileResponse's block size).
CHUNK_SIZE = 4096 * 16

_probe_storages: dict[float, tuple] = {}


def is_object_storage(storage=None) -> bool:
    """The storage keeps its files in a bucket (django-storages' S3 backend or a subclass)."""
    storage = storage if storage is not None else default_storage
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # django-storages is not installed: files on a disk
        return False
    # default_storage is a lazy object: isinstance sees through it to the configured backend.
    return isinstance(storage, S3Storage)


class _ObjectStream:
    """A file-like object over an S3 object's body that FileResponse reads chunk by chunk."""

    def __init__(self, body, name: str):
        self._body = body
        self.name = name

    def read(self, size: int = -1) -> bytes:
        return self._body.read(None if size is None or size < 0 else size)

    def __iter__(self) -> Iterator[bytes]:
        return self._body.iter_chunks(CHUNK_SIZE)

    def close(self) -> None:
        self._body.close()


def open_for_download(name: str, storage=None) -> IO[bytes]:
    """The stored file `name`, opened for reading from its start, streamed where it is in a bucket.
    Raises FileNotFoundError when the storage does not hold it."""
    storage = storage if storage is not None else default_storage
    if not is_object_storage(storage):
        return storage.open(name, "rb")
    from botocore.exceptions import ClientError

    key = storage._normalize_name(name)  # the bucket key: the storage's location prefix + name
    try:
        answer = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise FileNotFoundError(name) from error
        raise
    return _ObjectStream(answer["Body"], name)


def check_ready(timeout: float) -> None:
    """Raises unless the storage can be used: its bucket answers a HEAD within `timeout` seconds
    (one attempt, no retries), or its folder is there (or can be made) and writable."""
    if not is_object_storage():
        # A folder not made yet is made, as the first saved file would make it (a fresh
        # deployment is ready before its first report); one that cannot be made is not ready.
        os.makedirs(default_storage.location, exist_ok=True)
        if not os.access(default_storage.location, os.W_OK | os.X_OK):
            raise OSError("the default storage's folder cannot be written")
        return
    probe = _probe_storage(timeout)
    probe.connection.meta.client.head_bucket(Bucket=probe.bucket_name)


def _probe_storage(timeout: float):
    """The default storage's backend again, with a client of short timeouts and no retries, kept
    (its connection pool serves every probe of this process) while the default storage is the same."""
    from botocore.config import Config

    configured = default_storage.client_config  # sets the lazy default storage up
    current = default_storage._wrapped
    kept = _probe_storages.get(timeout)
    if kept is not None and kept[0] is current:
        return kept[1]
    short = Config(
        connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1, "mode": "standard"}
    )
    probe = type(current)(client_config=(configured or Config()).merge(short))
    _probe_storages[timeout] = (current, probe)
    return probe
