import datetime
from base64 import b64decode, b64encode
from urllib import parse

from django.utils.dateparse import parse_datetime
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.watermark import sync_watermark

WATERMARK_HEADER = "X-Sync-Watermark"


def _as_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


class SyncWatermarkMixin:
    """Every page says, as `sync_watermark` and in the X-Sync-Watermark header, the
    `modified_since` of the client's next sync (core.watermark): taken before the page is read."""

    watermark: datetime.datetime | None = None

    def take_watermark(self) -> None:
        if self.watermark is None:
            self.watermark = sync_watermark()

    def get_paginated_response(self, data):
        return self.with_watermark(super().get_paginated_response(data))

    def with_watermark(self, response: Response) -> Response:
        text = _as_text(self.watermark)
        response.data["sync_watermark"] = text
        response[WATERMARK_HEADER] = text
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["sync_watermark"] = {
            "type": "string",
            "format": "date-time",
            "example": "2026-11-01T08:30:00.000000Z",
            "description": (
                "Send it as modified_since on the next sync: every change committed after this "
                "page was read is at or after it (a record may come again, never be missed)."
            ),
        }
        paginated["required"] = [*paginated.get("required", []), "sync_watermark"]
        return paginated


class PageNumberPagination(SyncWatermarkMixin, pagination.PageNumberPagination):
    """Pages by number; a sync (`modified_since`, no `page`) by id, following `next` (a cursor):
    numbered pages of a list ordered by a field that changes (a start date, a name) shift under
    the client as records are edited or deleted, and a record shifted onto a page already read
    would be missed for good. The body keeps its shape (`count` included)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    keyset = None

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if "modified_since" in params and self.page_query_param not in params:
            self.keyset = _SyncKeyset()
            page = self.keyset.paginate_queryset(queryset, request, view)
            self.watermark = self.keyset.watermark
            self.display_page_controls = self.keyset.display_page_controls
            self.count = queryset.count()
            return page
        self.take_watermark()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset is None:
            return super().get_paginated_response(data)
        return self.with_watermark(
            Response(
                {
                    "count": self.count,
                    "next": self.keyset.get_next_link(),
                    "previous": self.keyset.get_previous_link(),
                    "results": data,
                }
            )
        )

    def to_html(self):
        return self.keyset.to_html() if self.keyset is not None else super().to_html()


class SyncCursorPagination(SyncWatermarkMixin, pagination.CursorPagination):
    """For the large collections: ordered by id, so a sync over changing data neither skips
    nor repeats (new records come after the cursor, changed ones keep their place). The cursor
    carries the watermark of the run's first page, so every page of a run gives that one: a
    record changed behind the cursor while the run goes on comes on the next sync."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"

    def get_ordering(self, request, queryset, view):
        # The list's FilterSet says which orderings it takes (`ordering=-id`).
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and hasattr(filterset_class, "ordering_of"):
            asked = filterset_class.ordering_of(request.query_params.get("ordering", ""))
            if asked:
                return asked
        return (self.ordering,)

    def decode_cursor(self, request):
        # Read first thing by paginate_queryset: the watermark is taken before the page is read.
        cursor = super().decode_cursor(request)
        if cursor is not None:
            encoded = request.query_params[self.cursor_query_param]
            tokens = parse.parse_qs(b64decode(encoded.encode("ascii")).decode("ascii"))
            carried = tokens.get("w", [None])[0]
            if carried is not None:
                moment = parse_datetime(carried)
                if moment is None:
                    raise NotFound(self.invalid_cursor_message)
                self.watermark = moment
        self.take_watermark()
        return cursor

    def encode_cursor(self, cursor):
        # DRF's tokens, and the run's watermark.
        tokens = {}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        tokens["w"] = _as_text(self.watermark)
        encoded = b64encode(parse.urlencode(tokens, doseq=True).encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)


class _SyncKeyset(SyncCursorPagination):
    # A sync of a list paged by number: by id, whatever order the list has.
    def get_ordering(self, request, queryset, view):
        return ("id",)
