"""Reading an uploaded CSV or XLSX file into rows of text, with the spreadsheet's row numbers.

CSV: Python's csv module (the delimiter sniffed among comma, semicolon and tab), decoded with the
encoding the user chose or the one detected: a byte-order mark, strict UTF-8, else
charset-normalizer's best guess among the encodings offered, Windows-1252 (which reads Latin-1
text the same) as the last resort. A decoding whose text no name or place plausibly contains
(control characters, the mojibake of a Japanese, Chinese or Cyrillic file read as Windows-1252) is
refused, asking for UTF-8 or the file's encoding.

XLSX: a zip of XML parts, checked before anything is decompressed (the sizes the parts declare,
which the zip reader never exceeds, against IMPORT_XLSX_MAX_UNCOMPRESSED and
IMPORT_XLSX_MAX_RATIO) and refused if any part declares a DTD (entity expansion has no place in a
workbook). Then openpyxl in read-only mode streams the first sheet row by row, at most
IMPORT_MAX_COLUMNS cells wide whatever width the sheet declares; reading stops after a long run of
blank rows, so a sheet formatted down to row 1,048,576 costs nothing. Anything the XML parser or
the zip reader chokes on is "damaged", never an unexpected error.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from xml.parsers import expat

from charset_normalizer import from_bytes
from django.conf import settings
from django.utils.translation import gettext as _

# Encodings a detection may settle on; anything else is read as Windows-1252.
_DETECTABLE = {"utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1252", "latin_1", "iso8859_15"}
_SNIFF_BYTES = 64 * 1024
# Characters of Windows-1252's 0x80-0x9F row that no name, place or note of the programme's
# languages contains, but the mojibake of a Japanese, Chinese or Korean file read as Windows-1252
# is full of (their lead bytes), and the C1 controls Latin-1 reads the others as. Quotes, dashes,
# ½, ± or ° are ordinary text and not counted.
_MOJIBAKE_MARKS = re.compile("[ƒ‚„†‡ˆ‰‹›˜\x80-\x9f]")
# More than this share of a text's non-ASCII characters being such marks, it is not read.
_MOJIBAKE_SHARE = 0.05
# More than this share of the letters of the words with an accent being accented, it is not read.
_ACCENTED_SHARE = 0.6
_NON_ASCII = re.compile("[^\x00-\x7f]")
# A word with at least one letter beyond ASCII.
_ACCENTED_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")
_DOUBLE_ENCODED = re.compile("[ÂÃ][\u00a0-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
# A zip holding more parts than this is not a workbook anyone wrote.
_XLSX_MAX_PARTS = 10_000
# Only parts above this size are held to the compression ratio: tiny parts compress oddly.
_RATIO_FROM_BYTES = 1024 * 1024
_XML_CHUNK = 64 * 1024
# C0 and C1 control characters but tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise FileError(
                _("The file is not valid %(encoding)s text: choose another encoding, or let it be detected.")
                % {"encoding": encoding}
            ) from error
        _refuse_garbled(text, encoding)
        _refuse_controls(text, encoding)
        return text, encoding
    if data.startswith(codecs.BOM_UTF8):
        text, used = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, used = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, used = _guess(data)
    _refuse_garbled(text, used)
    _refuse_controls(text, used)
    return text, used


def _guess(data: bytes) -> tuple[str, str]:
    """A file that is not UTF-8: the detected encoding if it is one of Western Europe's, else
    Windows-1252 (Latin-1 for the few bytes Windows-1252 leaves undefined)."""
    best = from_bytes(data[:_SNIFF_BYTES]).best()
    guess = codecs.lookup(best.encoding).name.replace("-", "_") if best is not None else ""
    for candidate in ([guess] if guess in _DETECTABLE else []) + ["cp1252", "latin_1"]:
        try:
            return data.decode(candidate), candidate.replace("_", "-")
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file's encoding could not be recognised: choose it."))  # pragma: no cover


def _refuse_garbled(text: str, encoding: str) -> None:
    """Text no name or place of the programme's languages reads like: the file is in another
    encoding than the one it was read in, and would be written as mojibake."""
    non_ascii = len(_NON_ASCII.findall(text))
    if not non_ascii:
        return
    marks = len(_MOJIBAKE_MARKS.findall(text))
    garbled = marks > non_ascii * _MOJIBAKE_SHARE
    # UTF-8 saved again as Windows-1252 text ("JosÃ©" for "José").
    garbled = garbled or len(_DOUBLE_ENCODED.findall(text)) >= 2
    if not encoding.startswith("utf") and not garbled:
        # A Cyrillic or Greek file read as Windows-1252 gives accented Latin letters, whole words
        # of them ("Èâàíîâ"); in Spanish, French or Portuguese words most letters are plain ASCII.
        words = "".join(_ACCENTED_WORD.findall(text))
        accented = len(_NON_ASCII.findall(words))
        garbled = accented >= 3 and accented > len(words) * _ACCENTED_SHARE
    if garbled:
        raise FileError(
            _(
                "Read as %(encoding)s, the file gives garbled names: it is in another encoding. Save "
                "it as UTF-8 (in a spreadsheet program: CSV UTF-8) and upload it again."
            )
            % {"encoding": encoding}
        )


def _refuse_controls(text: str, encoding: str) -> None:
    """Control characters (but tab and line breaks) are in no name or place: a binary file, or a
    file read in the wrong encoding (Latin-1 maps bytes 0x80-0x9F to controls)."""
    found = _CONTROL.search(text)
    if found is None:
        return
    if found.group() == "\x00":
        raise FileError(_("The file is not a CSV text file (it contains binary data)."))
    line = text.count("\n", 0, found.start()) + 1
    raise FileError(
        _(
            "Line %(line)s holds a control character (U+%(code)04X) that no text contains: the file "
            "is not %(encoding)s text. Save it as UTF-8 (in a spreadsheet program: CSV UTF-8) and "
            "upload it again."
        )
        % {"line": line, "code": ord(found.group()), "encoding": encoding},
        row=line,
    )


def _check_size(data: bytes) -> None:
    if not data or not data.strip():
        raise FileError(_("The file is empty."))


def read_csv(data: bytes, *, encoding: str = "") -> Sheet:
    _check_size(data)
    text, used = decode(data, encoding=encoding)
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


def _damaged() -> FileError:
    return FileError(
        _(
            "This file is damaged or not a spreadsheet: open it in a spreadsheet program and save it "
            "again as .xlsx."
        )
    )


# What openpyxl, the XML parser and the zip reader raise on bytes that are not a sound workbook.
_UNREADABLE = (
    SyntaxError,  # xml.etree.ElementTree.ParseError
    expat.ExpatError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ArithmeticError,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    NotImplementedError,
)


class _Declaration(Exception):
    pass


class _RootReached(Exception):
    pass


def _check_zip(archive: zipfile.ZipFile) -> None:
    """Sizes first, from what the parts declare (the zip reader never yields more than a part
    declares, and fails on a part that holds more): nothing is decompressed yet."""
    parts = archive.infolist()
    if len(parts) > _XLSX_MAX_PARTS:
        raise _damaged()
    limit, ratio = settings.IMPORT_XLSX_MAX_UNCOMPRESSED, settings.IMPORT_XLSX_MAX_RATIO
    total = 0
    for part in parts:
        total += part.file_size
        expands = part.file_size / max(part.compress_size, 1)
        if total > limit or (part.file_size > _RATIO_FROM_BYTES and expands > ratio):
            raise FileError(
                _(
                    "The workbook expands to more than a spreadsheet of this import can hold (part "
                    "“%(part)s”: %(size)s MB): it is refused unread. Save the data alone in a new "
                    "workbook, or split it."
                )
                % {"part": part.filename[:80], "size": f"{part.file_size / (1024 * 1024):,.0f}"}
            )
    for part in parts:
        if part.filename.endswith((".xml", ".rels")):
            _refuse_declarations(archive, part)


def _refuse_declarations(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """A DTD (and the entities it declares) comes before an XML part's root element: the part is
    parsed up to its root and refused if it declares one."""
    parser = expat.ParserCreate()

    def declaration(*_args):
        raise _Declaration

    def root(*_args):
        raise _RootReached

    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    parser.StartElementHandler = root
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_XML_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _RootReached:
        return
    except _Declaration:
        raise _damaged() from None


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    _check_size(data)
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileError(_("The file is not an XLSX workbook, whatever its name says."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileError:
        raise
    except _UNREADABLE as error:
        raise _damaged() from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileError(_("The workbook has no sheet."))
        # The dimension a sheet declares is not trusted: cells are read as they are, at most one
        # past the widest header allowed (to tell a too-wide header), never padded to 16,384.
        sheet.reset_dimensions()
        width = settings.IMPORT_MAX_COLUMNS + 1
        rows = sheet.iter_rows(max_col=width, values_only=True)
        return _collect(((number, list(row)) for number, row in enumerate(rows, start=1)), encoding="")
    except FileError:
        raise
    except _UNREADABLE as error:
        raise _damaged() from error
    finally:
        workbook.close()


def _collect(rows: Iterator[tuple[int, list]], *, encoding: str) -> Sheet:
    header: list[str] | None = None
    sheet = Sheet(header=[], encoding=encoding)
    blank_run = 0
    max_rows, max_blank_run = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BLANK_RUN
    max_columns = settings.IMPORT_MAX_COLUMNS
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
            if len(header) > max_columns:
                raise FileError(
                    _("The header has more than %(max)s columns: keep the import's columns alone.")
                    % {"max": max_columns},
                    row=number,
                )
            sheet.header = header
            continue
        # Cells right of the header belong to no column: not kept.
        sheet.rows.append((number, cells[: len(header)]))
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
