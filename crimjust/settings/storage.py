"""The settings of object storage, read from environment variables under the names django-storages
reads (so a test can give another process, or itself, exactly what a deployment gives)."""

from collections.abc import Mapping

OBJECT_STORAGE_BACKEND = "storages.backends.s3.S3Storage"


def object_storage_settings(environ: Mapping[str, str]) -> dict:
    """Django settings for django-storages' S3 backend when AWS_STORAGE_BUCKET_NAME names a bucket;
    empty without one (files stay under MEDIA_ROOT).

    Any S3-protocol server (AWS S3, MinIO, Ceph, the S3 gateways of other clouds). Objects are
    private: a download goes through the app's access-checked views, streamed (core.storage), never
    by a public URL; the storage's url() is signed and short-lived should anything ask for one.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {}
    from botocore.config import Config

    addressing = environ.get("AWS_S3_ADDRESSING_STYLE") or None  # "path" for most in-cluster servers (MinIO)
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "AWS_S3_REGION_NAME": environ.get("AWS_S3_REGION_NAME") or None,
        # None: boto3's own chain (its environment variables, a web identity or instance role).
        "AWS_ACCESS_KEY_ID": environ.get("AWS_ACCESS_KEY_ID") or None,
        "AWS_SECRET_ACCESS_KEY": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        # A key prefix inside the bucket, so several deployments (programmes) can share one.
        "AWS_LOCATION": environ.get("AWS_LOCATION", ""),
        "AWS_S3_SIGNATURE_VERSION": "s3v4",
        "AWS_DEFAULT_ACL": None,  # the bucket's own policy: private
        "AWS_QUERYSTRING_AUTH": True,
        "AWS_QUERYSTRING_EXPIRE": 60,
        "AWS_S3_FILE_OVERWRITE": False,  # an upload never replaces another
        "AWS_S3_OBJECT_PARAMETERS": {"CacheControl": "private, no-store"},
        "AWS_S3_CLIENT_CONFIG": Config(
            signature_version="s3v4",  # the client's config replaces the setting above for its URLs
            connect_timeout=int(environ.get("AWS_S3_CONNECT_TIMEOUT") or 5),
            read_timeout=int(environ.get("AWS_S3_READ_TIMEOUT") or 60),
            retries={"max_attempts": 3, "mode": "standard"},
            **({"s3": {"addressing_style": addressing}} if addressing else {}),
        ),
    }
