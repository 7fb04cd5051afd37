"""`If-Match` on the API's writes: 412 when the record changed since the version the client read
(its ETag, whose first part is the record's version, core.versions)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The record was changed since you read it: read it again (its new ETag), then send your change."
    )
    default_code = "precondition_failed"


def etag_for(version: str | None, digest: str) -> str:
    """The ETag of a record's representation: its version, then a digest of what is shown (which
    also changes with related figures, for `If-None-Match`)."""
    return f'"{version}.{digest[:16]}"' if version else f'"{digest[:32]}"'


def if_match_versions(request) -> frozenset[str] | None:
    """The versions named by the request's `If-Match`; None when it names none (or `*`)."""
    header = request.headers.get("If-Match", "") if request is not None else ""
    versions = set()
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag == "*":
            return None
        if tag:
            versions.add(tag.split(".", 1)[0])
    return frozenset(versions) or None
