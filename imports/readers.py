"""Reading an uploaded CSV or XLSX file into rows of text, with the spreadsheet's row numbers.

CSV: Python's csv module (the delimiter sniffed among comma, semicolon and tab), decoded with the
encoding the user chose or the one detected: a byte-order mark, strict UTF-8, else
charset-normalizer's best guess among the encodings offered, Windows-1252 (which reads Latin-1
text the same) as the last resort. XLSX: openpyxl in read-only mode, which streams the first
sheet row by row; reading stops after a long run of blank rows, so a sheet formatted down to row
1,048,576 costs nothing.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _

# Encodings a detection may settle on; anything else is read as Windows-1252.
_DETECTABLE = {"utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1252", "latin_1", "iso8859_15"}
_SNIFF_BYTES = 64 * 1024


class FileError(Exception):
    """The file as a whole cannot be read: the message says why, for the user."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


@dataclass
class Sheet:
    header: list[str]
    # (row number as the spreadsheet shows it, cells by header position); blank rows left out.
    rows: list[tuple[int, list]] = field(default_factory=list)
    encoding: str = ""


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def decode(data: bytes, *, encoding: str = "") -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise FileError(
                _("The file is not valid %(encoding)s text: choose another encoding, or let it be detected.")
                % {"encoding": encoding}
            ) from error
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:_SNIFF_BYTES]).best()
    guess = codecs.lookup(best.encoding).name.replace("-", "_") if best is not None else ""
    for candidate in ([guess] if guess in _DETECTABLE else []) + ["cp1252", "latin_1"]:
        try:
            return data.decode(candidate), candidate.replace("_", "-")
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file's encoding could not be recognised: choose it."))  # pragma: no cover


def _check_size(data: bytes) -> None:
    if not data or not data.strip():
        raise FileError(_("The file is empty."))


def read_csv(data: bytes, *, encoding: str = "") -> Sheet:
    _check_size(data)
    text, used = decode(data, encoding=encoding)
    if "\x00" in text:
        raise FileError(_("The file is not a CSV text file (it contains binary data)."))
    sample = text[:_SNIFF_BYTES]
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(((number, row) for number, row in enumerate(reader, start=1)), encoding=used)
    except csv.Error as error:
        raise FileError(_("The CSV file is malformed: %(error)s.") % {"error": error}) from error


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_size(data)
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileError(_("The file is not an XLSX workbook, whatever its name says."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileError(_("The file is not an XLSX workbook, whatever its name says.")) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileError(_("The workbook has no sheet."))
        rows = ((number, list(row)) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _collect(rows, encoding="")
    finally:
        workbook.close()


def _collect(rows: Iterator[tuple[int, list]], *, encoding: str) -> Sheet:
    header: list[str] | None = None
    sheet = Sheet(header=[], encoding=encoding)
    blank_run = 0
    max_rows, max_blank_run = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BLANK_RUN
    for number, cells in rows:
        if all(_blank(cell) for cell in cells):
            blank_run += 1
            if blank_run >= max_blank_run:
                break
            continue
        blank_run = 0
        if header is None:
            header = [cell_text(cell) for cell in cells]
            while header and not header[-1]:
                header.pop()
            sheet.header = header
            continue
        sheet.rows.append((number, cells))
        if len(sheet.rows) > max_rows:
            raise FileError(_("The file has more than %(max)s rows: split it.") % {"max": f"{max_rows:,}"})
    if header is None:
        raise FileError(_("The file is empty."))
    if not sheet.rows:
        raise FileError(_("The file has a header but no data rows."), row=2)
    return sheet


def cell_text(value) -> str:
    """A cell as text, whitespace collapsed; a date cell as ISO, a whole number without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return " ".join(str(value).split())


def read(data: bytes, *, file_format: str, encoding: str = "") -> Sheet:
    if len(data) > settings.IMPORT_MAX_FILE_SIZE:
        raise FileError(
            _("The file is larger than the limit of %(limit)s MB.")
            % {"limit": f"{settings.IMPORT_MAX_FILE_SIZE / (1024 * 1024):g}"}
        )
    if file_format == "xlsx":
        return read_xlsx(data)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(_("The file is a workbook, not a CSV file: upload it as .xlsx."))
    return read_csv(data, encoding=encoding)
