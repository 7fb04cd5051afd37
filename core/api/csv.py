"""CSV of a whole filtered list, streamed row by row with constant memory."""

import csv
import json

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` through content negotiation; the list view streams the body itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors reach here (a list streams its own rows): render them as one CSV line.
        if isinstance(data, dict):
            return ",".join(escape_cell(f"{key}: {value}") for key, value in data.items()).encode()
        return b""


def as_text(value) -> str:
    """A value as a cell's text, as it is: for a workbook, whose text cells never run
    (`core.xlsx`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) or (
        isinstance(value, list | tuple) and any(isinstance(i, dict) for i in value)
    ):
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return str(value)


def escape_cell(value) -> str:
    """A value as a CSV field's text: a spreadsheet opening the CSV would run text starting with
    one of FORMULA_STARTS, so it gets a leading apostrophe. For CSV only."""
    text = as_text(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_streaming_response(*, header: list[str], rows, filename: str) -> StreamingHttpResponse:
    """`rows` is an iterable of dicts; each is written as it comes."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([escape_cell(row.get(name)) for name in header])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
