"""The workbooks of the reports and of the data exports, read as programs read them: every date a
date cell, every number a number, every yes/no a boolean, each with a number format; the title and
the language in the properties; each data sheet a plain table that pandas reads with its defaults
(the header on row 1, only the data rows, the totals on a sheet of their own); LibreOffice opens
them. In English and in Spanish, on the demo data (tests/support/workbooks.py)."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField

from core.xlsx import DATE_FORMAT, DATETIME_FORMAT, ID_FORMAT, decimal_format
from reports import services
from reports.documents import BUILDERS, TEXT
from reports.exports import EXPORTABLE_LISTS, export_source
from reports.rendering import sheet_title
from tests.support.workbooks import check_workbook, office_csv

from .conftest import AZURE_2021

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es"]
REPORTS = {
    "donor_progress": AZURE_2021,
    "country_briefing": {"country": "PE"},
    "operation_results": {"operation": "Azure"},
}


def generated(principal, kind: str, fmt: str, language: str, **parameters):
    report = services.report_request(
        principal=principal, kind=kind, fmt=fmt, parameters=parameters, language=language
    )
    return services.report_generate(report_id=report.pk)


def document_of(report, principal):
    """The document the report's workbook was written from, built again in the active language."""
    return BUILDERS[report.kind](user=principal, parameters=report.parameters, step=lambda: None)


def expected_sheets(document) -> tuple[dict, list, str]:
    """The data sheets the workbook of `document` has (by the writer's names) with each one's
    columns, its tables with their sheets, and the name of its sheet of totals."""
    taken: set[str] = set()
    sheet_title(_("Cover"), taken)
    tables = [
        (table, sheet_title(table.name, taken)) for section in document.sections for table in section.tables
    ]
    sheets = {title: [column.label for column in table.columns] for table, title in tables}
    totals = sheet_title(_("Totals"), taken)
    if any(table.totals for table, _title in tables):
        sheets[totals] = [_("Sheet"), _("Total"), _("Column"), _("Value")]
    return sheets, tables, totals


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_a_report_workbook_is_typed_and_plainly_tabular(users, kind, language):
    report = generated(users["admin"], kind, "xlsx", language, **REPORTS[kind])
    with translation.override(language):
        document = document_of(report, users["admin"])
        sheets, tables, totals_sheet = expected_sheets(document)
        # An activity's pillars: the list of their numbers ("1, 3"); an IPTT's result codes ("1",
        # "1.2") and periods ("2021", "2021-Q3"): texts.
        frames = check_workbook(
            report.file.path,
            title=document.title,
            language=language,
            sheets=sheets,
            text_columns=frozenset({_("Pillars"), _("Result"), _("Indicator code"), _("Period")}),
        )
        requested = _("Requested at (UTC)")
    # Only the data rows: no title or note above them, no total among them.
    for table, title in tables:
        assert len(frames[title]) == len(table.rows), title
    # Each total apart, as its table types it.
    totals = frames[totals_sheet]
    expected_totals = [
        (title, column.label, value)
        for table, title in tables
        if table.totals
        for column, value in zip(table.columns, table.totals, strict=False)
        if column.type != TEXT and value not in (None, "")
    ]
    assert expected_totals
    read = list(zip(totals.iloc[:, 0], totals.iloc[:, 2], totals.iloc[:, 3], strict=True))
    assert read == [
        (sheet, column, value if isinstance(value, str) else float(value))
        for sheet, column, value in expected_totals
    ]
    # The cover says when, as a date and time cell, and that it is UTC.
    cover = openpyxl.load_workbook(report.file.path).worksheets[0]
    stamp = next(row[1] for row in cover.iter_rows() if row[0].value == requested)
    assert stamp.is_date and stamp.number_format == DATETIME_FORMAT
    assert stamp.value == report.requested_at.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)


def test_a_reports_typed_cells_hold_its_figures_and_dates(users):
    """The donor report's operations in Spanish: a start date a date cell, a count a number with
    the thousands format."""
    report = generated(users["admin"], "donor_progress", "xlsx", "es", **AZURE_2021)
    with translation.override("es"):
        document = BUILDERS["donor_progress"](
            user=users["admin"], parameters=report.parameters, step=lambda: None
        )
        _sheets, tables, _totals = expected_sheets(document)
    table, title = next(
        (table, title) for table, title in tables if table.rows and table.rows[0][0] == "Azure"
    )
    azure = next(openpyxl.load_workbook(report.file.path)[title].iter_rows(min_row=2, max_row=2))
    # Operation, start, countries, participating countries, seizures.
    assert azure[1].is_date and azure[1].value == datetime.datetime(2021, 10, 1)
    assert azure[1].number_format == DATE_FORMAT
    assert azure[4].value == 125 and azure[4].data_type == "n" and azure[4].number_format == "#,##0"


def test_a_report_workbook_opens_in_libreoffice(users, tmp_path):
    report = generated(users["admin"], "country_briefing", "xlsx", "es", country="PE")
    converted = office_csv(report.file.path, tmp_path / "office")
    workbook = openpyxl.load_workbook(report.file.path, read_only=True)
    assert set(converted) == set(workbook.sheetnames)
    with translation.override("es"):
        document = BUILDERS["country_briefing"](
            user=users["admin"], parameters=report.parameters, step=lambda: None
        )
        _sheets, tables, _totals = expected_sheets(document)
    for table, title in tables:
        lines = converted[title].splitlines()
        # LibreOffice reads the header on the first line and one line per row below it.
        assert lines[0].split(",")[0].strip('"') == table.columns[0].label
        assert len(lines) == 1 + len(table.rows), title


# --- data exports ----------------------------------------------------------------------------------


def exported(principal, list_name: str, language: str, filters=None):
    return generated(principal, "data_export", "xlsx", language, list=list_name, filters=filters or {})


def _field_types(serializer, header) -> dict[str, str]:
    """Each column's expected kind of cell, by its serializer field's class."""
    kinds = {}
    for name in header:
        field = serializer.fields[name]
        if isinstance(field, serializers.BooleanField):
            kinds[name] = "boolean"
        elif isinstance(field, serializers.DateTimeField):
            kinds[name] = "datetime"
        elif isinstance(field, serializers.DateField):
            kinds[name] = "date"
        elif isinstance(field, serializers.DecimalField):
            kinds[name] = decimal_format(field.decimal_places, grouped=False)
        elif isinstance(field, serializers.IntegerField) or (
            isinstance(field, serializers.PrimaryKeyRelatedField) and not getattr(field, "many", False)
        ):
            kinds[name] = "integer"
    return kinds


def _text_columns(serializer, header) -> frozenset[str]:
    """The columns that are texts by their field: a CharField's (a country's numeric code, "004"),
    and a to-many relation's (the ids of the linked records joined by ";": "8;12", or "8")."""
    return frozenset(
        name
        for name in header
        if isinstance(
            serializer.fields[name], serializers.CharField | ManyRelatedField | serializers.ListSerializer
        )
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("list_name", sorted(EXPORTABLE_LISTS))
def test_a_data_export_is_typed_by_its_serializer_fields(users, list_name, language):
    admin = users["admin"]
    report = exported(admin, list_name, language)
    source = export_source(list_name=list_name, principal=admin, filters={})
    with translation.override(language):
        label = str(EXPORTABLE_LISTS[list_name][1])
        title = _("CRIMJUST data export: %(list)s") % {"list": label}
        about = _("About")
        utc_label = _("Dates and times in UTC")
    frames = check_workbook(
        report.file.path,
        title=title,
        language=language,
        sheets={label[:31]: source.header},
        text_columns=_text_columns(source.serializer, source.header),
    )
    # The data sheet first: pandas reads it with no sheet named at all.
    assert len(frames[label[:31]]) == source.queryset.count() > 0
    workbook = openpyxl.load_workbook(report.file.path)
    assert workbook.sheetnames == [label[:31], about]
    sheet = workbook[label[:31]]
    kinds = _field_types(source.serializer, source.header)
    seen = set()
    for column, name in enumerate(source.header, start=1):
        kind = kinds.get(name)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            if cell.value is None or kind is None:
                continue
            seen.add(kind)
            if kind == "boolean":
                assert cell.data_type == "b" and isinstance(cell.value, bool), (name, cell.value)
            elif kind == "date":
                assert cell.is_date and cell.number_format == DATE_FORMAT, (name, cell.value)
                assert cell.value.time() == datetime.time()
            elif kind == "datetime":
                assert cell.is_date and cell.number_format == DATETIME_FORMAT, (name, cell.value)
            elif kind == "integer":
                if isinstance(cell.value, int):
                    assert cell.number_format == ID_FORMAT, name
                else:  # a key that is no number (a UUID): its text
                    assert cell.data_type == "s", (name, cell.value)
            else:
                assert cell.data_type == "n" and cell.number_format == kind, (name, cell.value)
    assert "integer" in seen
    # The "About" sheet: when, in UTC, and which columns hold times in UTC.
    about_rows = {row[0]: row[1:] for row in workbook[about].iter_rows(values_only=True) if row and row[0]}
    utc_columns = [name for name, kind in kinds.items() if kind == "datetime"]
    if utc_columns:
        assert about_rows[utc_label][0] == ", ".join(utc_columns)


def test_an_export_keeps_the_records_dates_times_and_flags(users):
    """The tester's case: a seizure's `date` a date cell, `created_at` a date and time in UTC, a
    flag a boolean, a quantity a number; and pandas reads them so, with its defaults."""
    import pandas as pd

    from operations.models import Seizure

    report = exported(users["admin"], "seizures", "es", {"country": "PE"})
    frame = pd.read_excel(report.file.path)
    seizure = Seizure.objects.filter(country__iso2="PE").order_by("pk").first()
    line = frame[frame["id"] == seizure.pk].iloc[0]
    assert line["date"] == pd.Timestamp(seizure.date)
    assert str(frame["date"].dtype).startswith("datetime64")
    assert str(frame["created_at"].dtype).startswith("datetime64")
    created = seizure.created_at.astimezone(datetime.UTC).replace(tzinfo=None)
    assert abs(line["created_at"].to_pydatetime() - created) < datetime.timedelta(milliseconds=1)
    assert Decimal(str(line["quantity"])) == seizure.quantity
    assert frame["is_synthetic"].dtype == bool and line["is_synthetic"] == seizure.is_synthetic
    assert frame["arrests"].dtype == "int64"


def test_a_data_export_opens_in_libreoffice(users, tmp_path):
    report = exported(users["admin"], "seizures", "es", {"country": "PE"})
    converted = office_csv(report.file.path, tmp_path / "office")
    with translation.override("es"):
        label = str(EXPORTABLE_LISTS["seizures"][1])
    lines = converted[label].splitlines()
    source = export_source(list_name="seizures", principal=users["admin"], filters={"country": "PE"})
    assert lines[0] == ",".join(source.header)
    assert len(lines) == 1 + source.queryset.count()
