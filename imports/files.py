"""Files an import hands out: the templates to fill in, and the rejected rows with their errors.

XLSX files are written with openpyxl's write-only mode (rows streamed to the file, constant
memory), typed and plainly tabular (`core.xlsx`): the data sheet first, its header on row 1 and its
rows below, marked as a table; the template's example a row of typed cells (its date a date cell,
its numbers numbers: `Column.type`); the rejected rows as they were read from the upload (a date
cell a date, a number a number, a text a text). Every text is a text cell kept exactly, so a
rejected row's "=HYPERLINK(...)" comes back as the text it was. CSV files escape such text with an
apostrophe (`core.api.csv.escape_cell`).
"""

import csv
import datetime
import io
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.api.csv import escape_cell
from core.translated import stored_value, translated_values
from core.xlsx import append_row, new_workbook, workbook_bytes, write_table
from countries.models import Agency, Country
from operations.models import Seizure, Substance
from people.models import Participation, Person

from .columns import COLUMNS, header_synonyms
from .models import ImportJob
from .readers import cell_text, read
from .vocabularies import CATEGORY_SYNONYMS, GENDER_SYNONYMS, UNIT_SYNONYMS

TEMPLATE_TITLES = {
    ImportJob.Kind.ATTENDANCE: gettext_lazy("CRIMJUST attendance import template"),
    ImportJob.Kind.SEIZURES: gettext_lazy("CRIMJUST seizures import template"),
}

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([escape_cell(value) for value in row])
    # A byte-order mark: spreadsheet programs then read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(*, title: str, data: tuple[str, list, list], notes: tuple[str, list] | None = None) -> bytes:
    """A workbook titled `title`: the data sheet (its name, header and rows) as a table, then the
    `notes` sheet (its name and rows: the template's instructions), free-form."""
    created = timezone.now()
    workbook = new_workbook(created=created, title=title)
    name, header, rows = data
    write_table(workbook, name[:31], header, rows)
    if notes:
        sheet = workbook.create_sheet(title=notes[0][:31])
        for row in notes[1]:
            append_row(sheet, row)
    return workbook_bytes(workbook, created=created)


def _as_read(value):
    """An uploaded cell as it was read, for the rejected rows' workbook: a date cell (read as a
    date and time at midnight) a date again; a time of day or a duration as its text."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    if value is None or isinstance(value, str | bool | int | float | datetime.date):
        return value
    return cell_text(value)


def _choices_rows(title: str, choices, synonyms: dict | None = None) -> list[list[str]]:
    rows = [[], [title]]
    for value, label in choices:
        words = ", ".join(word for word in (synonyms or {}).get(value, ()) if word)
        rows.append([value, str(label), words])
    return rows


def _instructions(kind: str) -> list[list]:
    rows: list[list] = [
        [_("How to fill in this sheet")],
        [
            _(
                "One row per %(what)s below the header. Keep the headers; leave out optional columns you do "
                "not need. Values are matched without regard to case or accents. A cell may not start with "
                "= + - @ unless it is a number."
            )
            % {"what": _("person") if kind == ImportJob.Kind.ATTENDANCE else _("seizure")}
        ],
        [],
        [_("Column"), _("Required"), _("Accepted values"), _("Headers also accepted")],
    ]
    # The headers of the reader's language are accepted too: a sheet may keep its own headings.
    synonyms = header_synonyms(COLUMNS[kind], get_language() or "en")
    for column in COLUMNS[kind]:
        rows.append(
            [
                column.name,
                _("yes") if column.required else _("no"),
                str(column.help),
                ", ".join(synonyms.get(column.name, column.aliases)),
            ]
        )
    rows += [[], [_("Countries"), "ISO alpha-2", "ISO alpha-3"]]
    rows += [[name, iso2, iso3] for name, iso2, iso3 in Country.objects.values_list("name", "iso2", "iso3")]
    if kind == ImportJob.Kind.ATTENDANCE:
        rows += _choices_rows(
            _("Genders (code, name, also accepted)"), Person.Gender.choices, GENDER_SYNONYMS
        )
        rows += _choices_rows(
            _("Professional categories (code, name, also accepted)"),
            Person.Category.choices,
            CATEGORY_SYNONYMS,
        )
        rows += _choices_rows(_("Roles (code, name)"), Participation.Role.choices)
        rows += [[], [_("Agencies (country, name, acronym)")]]
        rows += [
            [country, name, acronym]
            for country, name, acronym in Agency.objects.values_list("country__name", "name", "acronym")
        ]
    else:
        rows += [[], [_("Substances (name, category, also accepted)")]]
        rows += [
            # The stored name first; its other languages' names are accepted as synonyms.
            [
                stored_value(substance, "name"),
                substance.category.name,
                ", ".join([*substance.synonyms, *translated_values(substance, "name")[1:]]),
            ]
            for substance in Substance.objects.select_related("category")
        ]
        rows += _choices_rows(_("Units (code, name, also accepted)"), Seizure.Unit.choices, UNIT_SYNONYMS)
        rows += _choices_rows(_("Places (code, name)"), Seizure.Place.choices)
        rows += _choices_rows(_("Conveyances (code, name)"), Seizure.Conveyance.choices)
        rows += _choices_rows(_("Detection methods (code, name)"), Seizure.Detection.choices)
    return rows


def import_template(*, kind: str, file_format: str) -> tuple[bytes, str, str]:
    """The template of an import: headers and one example row (and, in XLSX, the instructions), in
    the active language (the requester's: the admin's and the API's requests activate it); the
    headers stay the documented names."""
    columns = COLUMNS[kind]
    header = [column.name for column in columns]
    filename = f"crimjust-{kind}-template.{file_format}"
    if file_format == "csv":
        return _csv_bytes([header, [column.example for column in columns]]), CONTENT_TYPES["csv"], filename
    data = _xlsx_bytes(
        title=str(TEMPLATE_TITLES[kind]),
        data=(_("Data"), header, [[column.example_value() for column in columns]]),
        notes=(_("Instructions"), _instructions(kind)),
    )
    return data, CONTENT_TYPES["xlsx"], filename


def rejected_rows(*, job: ImportJob, file_format: str) -> tuple[bytes, str, str]:
    """The rows of the file that were not imported, as they were, with an `errors` column."""
    messages: dict[int, list[str]] = defaultdict(list)
    for error in job.errors:
        if error["row"] is not None:
            column = f"{error['column']}: " if error["column"] else ""
            messages[error["row"]].append(f"{column}{error['message']}")
    with job.file.open("rb") as stored:
        sheet = read(stored.read(), file_format=job.file_format, encoding=job.encoding)
    header = [*sheet.header, "errors"]
    # The CSV's cells as text; the workbook's as they were read (the uploader's data, typed).
    as_read = _as_read if file_format == "xlsx" else cell_text
    rows = []
    for number, cells in sheet.rows:
        if number in messages:
            values = [
                as_read(cells[index]) if index < len(cells) else None for index in range(len(sheet.header))
            ]
            rows.append([*values, " | ".join(messages[number])])
    filename = f"import-{job.pk}-rejected-rows.{file_format}"
    if file_format == "csv":
        return _csv_bytes([header, *rows]), CONTENT_TYPES["csv"], filename
    title = _("Rejected rows of import %(number)s") % {"number": job.pk}
    return _xlsx_bytes(title=title, data=(_("Rejected rows"), header, rows)), CONTENT_TYPES["xlsx"], filename
