"""Data exports: the lists read straight from the database (their viewsets' `export_columns`) give
the serializer's values, so the same CSV bytes and the same workbook; the streamed sheet holds what
openpyxl would write."""

import datetime
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl.utils.exceptions import IllegalCharacterError

from accounts.access import ApiClient
from accounts.models import ApiKey
from activities.models import Activity, ActivityLink, Pillar
from core.api.rows import Column, ToManyColumn, row_columns, serializer_rows, values_rows
from core.api.xlsx_stream import XlsxStream
from core.models import Sensitivity
from core.xlsx import new_workbook, save_workbook, write_table
from operations.models import Seizure
from people.models import Participation, Person
from reports.exports import EXPORTABLE_LISTS, export_source, export_write
from tests import factories

pytestmark = pytest.mark.django_db

ROW_SPEC_LISTS = sorted(
    name for name, (viewset, _label) in EXPORTABLE_LISTS.items() if viewset.export_columns is not None
)


def through_the_serializer(monkeypatch):
    """Every list's rows through its serializer, as if no viewset declared `export_columns`."""
    for viewset, _label in EXPORTABLE_LISTS.values():
        monkeypatch.setattr(viewset, "export_columns", None)


CREATED = datetime.datetime(2026, 1, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def principals(users):
    """Everything; a partner mission (one country, no personal data, no restricted records); an
    API key of one country with personal data but without clearance for restricted records."""
    key = ApiKey.objects.create(
        name="Peru system",
        prefix="exp00001",
        key_hash="5" * 64,
        created_by=users["admin"],
        can_see_personal_data=True,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    key.countries.set([factories.CountryFactory(iso2="PE")])
    return {"admin": users["admin"], "mission": users["mission-pe"], "api-pe": ApiClient(key)}


@pytest.fixture
def edge_records():
    """Rows the demo has few of: NULLs, odd decimals, several linked records to order, links out of
    a requester's scope, text a spreadsheet would run."""
    peru, colombia, panama, mexico, ghana = (
        factories.CountryFactory(iso2=iso2) for iso2 in ("PE", "CO", "PA", "MX", "GH")
    )
    released = factories.SeizureFactory(
        country=peru,
        transit_countries=[panama, mexico, colombia],
        destination_country=mexico,
        quantity=Decimal("0.001"),
        unit=Seizure.Unit.G,
        location=" Lima airport ",
        notes="=1+1 & <b>",
        follow_up_notes="línea 1\nlínea 2",
    )
    # No density for litres: no mass.
    no_mass = factories.SeizureFactory(country=peru, unit=Seizure.Unit.L, quantity=Decimal("2.5"))
    restricted = factories.SeizureFactory(
        country=peru,
        sensitivity=Sensitivity.RESTRICTED,
        restricted_until=datetime.date.today() + datetime.timedelta(days=365),
    )
    donor, partner = factories.OrganisationFactory(), factories.OrganisationFactory()
    training = factories.ActivityFactory(
        kind=Activity.Kind.TRAINING,
        host_country=peru,
        countries=[peru, colombia],
        pillars=list(Pillar.objects.order_by("-number")[:2]),
        donors=[partner, donor],
        topics=["Zeta handling", "alpha profiling"],
        lead_office=donor,
        venue=" Lima ",
        description="-2 participants",
    )
    elsewhere = factories.ActivityFactory(host_country=ghana, countries=[ghana])
    factories.ActivityLinkFactory(
        from_activity=training, to_activity=elsewhere, relation=ActivityLink.Relation.PREPARED, note="a & <b>"
    )
    factories.ActivityLinkFactory(
        from_activity=training, to_activity=elsewhere, relation=ActivityLink.Relation.FOLLOWED_BY
    )
    # Out of a Peruvian requester's scope: a link is the scope of the activity it comes from.
    factories.ActivityLinkFactory(
        from_activity=elsewhere, to_activity=training, relation=ActivityLink.Relation.FOLLOWED_BY
    )
    factories.CaseFactory(
        lead_country=peru,
        countries=[panama, colombia],
        seizures=[restricted, released, no_mass],
        presented_at=[elsewhere, training],
        assets_seized_usd=Decimal("1234.5"),
    )
    person = factories.PersonFactory(country=peru, phone="+51 1 234 5678", notes=" plays chess ")
    factories.ParticipationFactory(
        person=person, activity=training, pre_test_score=Decimal("40.5"), post_test_score=Decimal("75")
    )
    factories.ParticipationFactory(activity=training, pre_test_score=Decimal("61.25"))
    # Operations: one with a seizure of an odd mass, one with a seizure without mass, one without any.
    for unit in (Seizure.Unit.G, Seizure.Unit.L, None):
        operation = factories.OperationFactory()
        if unit:
            factories.SeizureFactory(operation=operation, country=peru, unit=unit, quantity=Decimal("0.001"))


def typed(rows) -> list[list[tuple[str, str]]]:
    """Rows with each value's type and JSON: what CSV and XLSX make of them, keys' order included."""
    return [[(type(value).__name__, json.dumps(value, default=str)) for value in row] for row in rows]


def columns_of(list_name: str, source):
    return row_columns(
        export_columns=source.export_columns,
        queryset=source.queryset,
        serializer=source.serializer,
        header=source.header,
    )


def both_paths(list_name: str, principal, filters=None):
    source = export_source(list_name=list_name, principal=principal, filters=filters or {})
    columns = columns_of(list_name, source)
    assert columns is not None
    read = typed(values_rows(queryset=source.queryset, columns=columns))
    serialized = typed(
        serializer_rows(queryset=source.queryset, serializer=source.serializer, header=source.header)
    )
    return read, serialized


def exported(list_name: str, principal, fmt: str, path, filters=None):
    updates = []
    written = export_write(
        list_name=list_name,
        principal=principal,
        filters=filters or {},
        fmt=fmt,
        path=path,
        created=CREATED,
        progress=lambda done, total: updates.append((done, total)),
    )
    return path.read_bytes(), written, updates


@pytest.mark.parametrize("who", ["admin", "mission", "api-pe"])
@pytest.mark.parametrize("list_name", ROW_SPEC_LISTS)
def test_the_rows_read_from_the_database_are_the_serializers(list_name, who, principals, edge_records):
    read, serialized = both_paths(list_name, principals[who])
    assert read == serialized
    if who == "admin":
        assert read


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("list_name", ROW_SPEC_LISTS)
def test_an_export_has_the_same_bytes_as_through_the_serializer(
    list_name, fmt, users, edge_records, settings, tmp_path, monkeypatch
):
    # Chunks and progress updates that do not fall on the same rows.
    settings.REPORTS_EXPORT_CHUNK_SIZE = 4
    settings.REPORTS_PROGRESS_EVERY_ROWS = 3
    read = exported(list_name, users["admin"], fmt, tmp_path / f"read.{fmt}")
    through_the_serializer(monkeypatch)
    serialized = exported(list_name, users["admin"], fmt, tmp_path / f"serialized.{fmt}")
    assert read == serialized
    assert read[1] > 4


def test_a_filtered_export_has_the_same_bytes_as_through_the_serializer(
    principals, edge_records, tmp_path, monkeypatch
):
    filters = {"country": "PE,CO", "date_from": "2020-01-01", "ordering": "-id"}
    read = exported("seizures", principals["api-pe"], "csv", tmp_path / "read.csv", filters)
    through_the_serializer(monkeypatch)
    assert exported("seizures", principals["api-pe"], "csv", tmp_path / "serialized.csv", filters) == read


@pytest.mark.parametrize("list_name", ROW_SPEC_LISTS)
def test_a_csv_export_is_the_apis_csv(list_name, users, client, edge_records, tmp_path):
    content, _written, _updates = exported(list_name, users["admin"], "csv", tmp_path / "export.csv")
    client.force_login(users["admin"])
    response = client.get(f"/api/v1/{list_name}/?format=csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_fields_hidden_from_the_requester_are_neither_shown_nor_read(users, edge_records, monkeypatch):
    hidden = {
        Person: {"first_name", "email"},
        Participation: {"person"},
        Seizure: {"notes", "transit_countries"},
    }
    monkeypatch.setattr(
        "core.api.serializers.hidden_fields", lambda principal, model: frozenset(hidden.get(model, ()))
    )
    for list_name, model in (("people", Person), ("participations", Participation), ("seizures", Seizure)):
        source = export_source(list_name=list_name, principal=users["admin"], filters={})
        assert not hidden[model] & set(source.header)
        columns = columns_of(list_name, source)
        assert len(columns) == len(source.header)
        assert not hidden[model] & {column.expression for column in columns if isinstance(column, Column)}
        if list_name == "seizures":
            assert not any(isinstance(column, ToManyColumn) for column in columns)
        read_rows, serialized_rows = both_paths(list_name, users["admin"])
        assert read_rows == serialized_rows


# What makes more rows of each list, with links to other records.
MORE_ROWS = {
    "seizures": lambda: factories.SeizureFactory(
        transit_countries=[factories.CountryFactory(iso2="PA"), factories.CountryFactory(iso2="MX")]
    ),
    "cases": lambda: factories.CaseFactory(
        countries=[factories.CountryFactory(iso2="CO")], seizures=[factories.SeizureFactory()]
    ),
    "people": lambda: factories.PersonFactory(),
    "operations": lambda: factories.OperationFactory(),
    "equipment-handovers": lambda: factories.EquipmentHandoverFactory(),
    "participations": lambda: factories.ParticipationFactory(),
    "activities": lambda: factories.ActivityFactory(
        countries=[factories.CountryFactory(iso2="EC")],
        topics=["More rows"],
        donors=[factories.OrganisationFactory()],
    ),
}


@pytest.mark.parametrize("list_name", ROW_SPEC_LISTS)
def test_an_export_takes_as_many_queries_however_many_rows(list_name, users, edge_records, tmp_path):
    with CaptureQueriesContext(connection) as before:
        exported(list_name, users["admin"], "csv", tmp_path / "before.csv")
    for _ in range(3):
        MORE_ROWS[list_name]()
    with CaptureQueriesContext(connection) as after:
        _content, written, _updates = exported(list_name, users["admin"], "csv", tmp_path / "after.csv")
    assert len(after) == len(before)
    source = export_source(list_name=list_name, principal=users["admin"], filters={})
    columns = columns_of(list_name, source)
    # The count, the rows, and a query a relation for the one chunk.
    assert len(after) <= 2 + sum(isinstance(column, ToManyColumn) for column in columns)
    assert written > 3


def test_a_list_without_a_row_spec_goes_through_its_serializer(users, tmp_path):
    source = export_source(list_name="trainings", principal=users["admin"], filters={})
    assert "trainings" not in ROW_SPEC_LISTS
    assert columns_of("trainings", source) is None
    _content, written, _updates = exported("trainings", users["admin"], "csv", tmp_path / "trainings.csv")
    assert written == source.queryset.count() > 0


def test_a_field_the_rows_cannot_read_is_named(users, monkeypatch):
    # An operation's activity is a nested serializer: not a column of the database.
    monkeypatch.setattr(EXPORTABLE_LISTS["operations"][0], "export_columns", {})
    source = export_source(list_name="operations", principal=users["admin"], filters={})
    with pytest.raises(ImproperlyConfigured, match="'activity'"):
        columns_of("operations", source)


# --- the streamed sheet ----------------------------------------------------------------------------

SHEET_ROWS = [
    ["id", "text", "number", "flag", "empty"],
    [1, "plain", Decimal("12.500"), True, None],
    [2, " leading and trailing ", 3.25, False, ""],
    [3, "   ", -7, None, "a & b <c> \"d\" 'e'"],
    [4, "#N/A", 12345678901234567890, "ünïcødé ✓", "line\nbreak\ttab"],
    [5, "x" * 40000, Decimal("-0.000001"), "'=1+1", "#DIV/0! is text here"],
    [6, datetime.date(2017, 1, 31), datetime.datetime(2024, 5, 1, 14, 30, tzinfo=datetime.UTC), 1.5, 42],
]


def _openpyxl_sheet(path, rows):
    """As the report documents write a sheet: every text a text cell, typed cells (core.xlsx)."""
    workbook = new_workbook(created=CREATED, title="Seizures")
    write_table(workbook, "Seizures", rows[0], rows[1:])
    save_workbook(workbook, path, created=CREATED)


def _streamed_sheet(path, rows):
    sheet = XlsxStream(path, sheet_name="Seizures", created=CREATED, title="Seizures", header=rows[0])
    for row in rows[1:]:
        sheet.append(row)
    sheet.close()


def _cells(path):
    """Each cell's value, its type and number format where it has a value (openpyxl keeps an empty
    text's type), and the sheet's tables."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Seizures"]
    return (
        workbook.sheetnames,
        [
            [
                (cell.value, cell.data_type, cell.number_format) if cell.value is not None else None
                for cell in row
            ]
            for row in sheet.iter_rows()
        ],
        dict(sheet.tables.items()),
    )


def test_the_streamed_sheet_holds_what_openpyxl_writes(tmp_path):
    _openpyxl_sheet(tmp_path / "openpyxl.xlsx", SHEET_ROWS)
    _streamed_sheet(tmp_path / "streamed.xlsx", SHEET_ROWS)
    assert _cells(tmp_path / "streamed.xlsx") == _cells(tmp_path / "openpyxl.xlsx")
    assert _cells(tmp_path / "streamed.xlsx")[2] == {"Table1": "A1:E7"}
    workbook = openpyxl.load_workbook(tmp_path / "streamed.xlsx")
    assert workbook.properties.creator == "CRIMJUST programme tracker"
    assert len(workbook["Seizures"]["B6"].value) == 32767


def test_the_streamed_sheet_is_the_same_file_when_written_again(tmp_path):
    _streamed_sheet(tmp_path / "first.xlsx", SHEET_ROWS)
    _streamed_sheet(tmp_path / "second.xlsx", SHEET_ROWS)
    assert (tmp_path / "first.xlsx").read_bytes() == (tmp_path / "second.xlsx").read_bytes()


def test_the_streamed_sheet_refuses_what_openpyxl_refuses(tmp_path):
    with pytest.raises(IllegalCharacterError):
        _openpyxl_sheet(tmp_path / "openpyxl.xlsx", [["fine", "bell\x07"]])
    with pytest.raises(IllegalCharacterError):
        _streamed_sheet(tmp_path / "streamed.xlsx", [["fine", "bell\x07"]])
