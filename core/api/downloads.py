"""Files the API answers (report files, import templates, rejected rows): negotiated whatever the
client accepts, and declared in the schema as bytes."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.renderers import BaseRenderer

from .renderers import FastJSONRenderer

# What a client asks for when it wants the bytes whatever the file's format: generated clients
# read `application/octet-stream` as bytes, and `text/*` as text.
BYTES = "application/octet-stream"


class FileRenderer(BaseRenderer):
    """Lets a download through content negotiation whatever the client accepts; only its errors
    are rendered (as JSON, core.api.exceptions), the file is answered as it is."""

    media_type = "*/*"
    format = "file"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return FastJSONRenderer().render(data, "application/json", renderer_context)


DOWNLOAD_RENDERERS = [FastJSONRenderer, FileRenderer]


def as_accepted(request, response: HttpResponse) -> HttpResponse:
    """The file labelled `application/octet-stream` for a client that asked for exactly that."""
    if getattr(request, "accepted_media_type", None) == BYTES:
        response["Content-Type"] = BYTES
    return response


def download_responses(media_types, description) -> dict:
    """A 200 that is a file in one of `media_types`, or the same bytes as `application/octet-stream`
    for a client that asks for them so (listed first: the media type generated clients pick)."""
    return {
        (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for media_type in (BYTES, *media_types)
    }
