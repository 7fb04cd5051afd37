"""The import's grid (imports.grid): rows checked by the import's validation, every error at its row
and column, nothing written; saved all at once as an import; refused to who may not import, and
to an officer for a row of a country outside their own."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from countries.models import Country
from imports.models import ImportJob
from operations.models import Seizure
from people.models import Participation, Person
from tests.factories import ActivityFactory, OperationFactory, UserFactory

from .conftest import counts, person_row, seizure_row

pytestmark = pytest.mark.django_db


def _rows(rows: list[dict]) -> list[dict]:
    return [{"id": f"r{index}", "cells": cells} for index, cells in enumerate(rows, start=1)]


def _people(count: int, **values) -> list[dict]:
    return [
        person_row(first_name=f"Grid{index}", last_name="Tester", email=f"grid{index}@example.org", **values)
        for index in range(count)
    ]


def _post(client, kind: str, pk: int, rows, *, confirm: bool = False, **extra):
    return client.post(
        reverse("admin:imports_importjob_grid_rows", args=[kind, pk]),
        data=json.dumps({"rows": rows, "confirm": confirm, **extra}),
        content_type="application/json",
    )


@pytest.fixture
def operation(db):
    """Peru and Colombia take part (the factory's default)."""
    return OperationFactory()


def test_the_page_shows_the_import_columns_with_no_inline_code(client, admin_user, activity):
    client.force_login(admin_user)
    response = client.get(reverse("admin:imports_importjob_grid", args=["attendance", activity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # Only the configuration, as data (json_script), which the policy does not run.
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert scripts == ['<script id="grid-config" type="application/json">']
    assert " style=" not in html and "<style" not in html
    config = json.loads(re.search(r'id="grid-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert [column["name"] for column in config["columns"]][:3] == ["first_name", "last_name", "gender"]
    assert config["headers"]["nombre"] == "first_name"
    assert "vendor/tabulator.min.js" in html and "imports/grid.js" in html


def test_valid_rows_are_checked_and_nothing_is_written(client, admin_user, activity):
    client.force_login(admin_user)
    before = counts(), ImportJob.objects.count()
    response = _post(client, "attendance", activity.pk, _rows(_people(3)))
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is False and answer["rows_total"] == 3 and answer["rows_with_errors"] == 0
    assert [row["id"] for row in answer["rows"]] == ["r1", "r2", "r3"]
    assert all(row["action"] == "create" and row["errors"] == {} for row in answer["rows"])
    assert (counts(), ImportJob.objects.count()) == before


def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_written(client, admin_user, activity):
    client.force_login(admin_user)
    rows = _people(3)
    rows[1]["gender"] = "robot"
    rows[2]["country"] = ""
    before = counts()
    answer = _post(client, "attendance", activity.pk, [*_rows(rows), {"id": "blank", "cells": {}}]).json()
    assert answer["rows_with_errors"] == 2 and answer["rows_total"] == 3
    by_id = {row["id"]: row for row in answer["rows"]}
    assert by_id["r1"]["errors"] == {}
    assert by_id["r2"]["row"] == 2 and by_id["r2"]["errors"] == {"gender": ["Unknown gender “robot”."]}
    assert by_id["r3"]["errors"]["country"] == ["This column is required."]
    # Saving is refused as a whole while a row fails.
    saved = _post(client, "attendance", activity.pk, _rows(rows), confirm=True).json()
    assert saved["saved"] is False and saved["rows_with_errors"] == 2
    assert counts() == before and not ImportJob.objects.exists()


def test_saving_writes_every_row_as_one_import(client, admin_user, activity):
    client.force_login(admin_user)
    existing = Person.objects.filter(archived_at__isnull=True, email__gt="").first()
    rows = _people(2)
    rows.append(
        person_row(
            first_name=existing.first_name,
            last_name=existing.last_name,
            email=existing.email,
            country=existing.country.iso2,
            professional_category=existing.professional_category,
        )
    )
    people = Person.objects.count()
    response = _post(client, "attendance", activity.pk, _rows(rows), confirm=True)
    answer = response.json()
    assert answer["saved"] is True and answer["created"] == 2 and answer["matched"] == 1, answer
    job = ImportJob.objects.get()
    assert answer["job_url"] == reverse("admin:imports_importjob_change", args=[job.pk])
    assert job.status == ImportJob.Status.IMPORTED and job.created_by == admin_user
    assert job.file_name.startswith(f"grid-attendance-{activity.pk}-")
    # The likely same person is matched by the import's rule, not created twice.
    assert Person.objects.count() == people + 2
    assert set(Participation.objects.filter(activity=activity).values_list("person__email", flat=True)) == {
        "grid0@example.org",
        "grid1@example.org",
        existing.email,
    }


def test_a_row_failing_at_the_write_leaves_nothing_written(client, admin_user, activity, monkeypatch):
    """All or nothing: the write's own validation (the import's) finds a row failing since the
    check; not a row is written."""
    import imports.grid

    client.force_login(admin_user)
    checked = imports.grid.grid_check

    def check_then_break(**options):
        answer = checked(**options)
        Country.objects.filter(iso2="PE").update(iso2="XX", iso3="XXX", name="Nowhere")
        return answer

    monkeypatch.setattr(imports.grid, "grid_check", check_then_break)
    before = counts()
    answer = _post(client, "attendance", activity.pk, _rows(_people(3)), confirm=True).json()
    assert answer["saved"] is False
    assert counts() == before
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED and job.rows_with_errors == 3


def test_seizures_are_checked_and_saved_into_their_operation(client, admin_user, operation):
    client.force_login(admin_user)
    activity = operation.activity
    # A day after the 12th within the operation: month first, it is no day-first date.
    day = next(
        activity.start_date + datetime.timedelta(days=offset)
        for offset in range(31)
        if (activity.start_date + datetime.timedelta(days=offset)).day > 12
    )
    rows = [
        seizure_row(reference="GRID-1", date=day.isoformat()),
        seizure_row(reference="GRID-2", date=f"{day:%m/%d/%Y}"),
    ]
    answer = _post(client, "seizures", operation.pk, _rows(rows), date_order="day-first").json()
    assert answer["rows_with_errors"] == 1 and list(answer["rows"][1]["errors"]) == ["date"]
    answer = _post(
        client, "seizures", operation.pk, _rows(rows), confirm=True, date_order="month-first"
    ).json()
    assert answer["saved"] is True and answer["created"] == 2
    assert set(Seizure.objects.filter(operation=operation).values_list("reference", flat=True)) == {
        "GRID-1",
        "GRID-2",
    }


@pytest.mark.parametrize("username", [None, "monitoring", "mission-pe"])
def test_who_may_not_import_is_refused(client, activity, username):
    if username:
        client.force_login(User.objects.get(username=username))
    before = counts()
    page = client.get(reverse("admin:imports_importjob_grid", args=["attendance", activity.pk]))
    response = _post(client, "attendance", activity.pk, _rows(_people(1)), confirm=True)
    assert page.status_code in (302, 403) and response.status_code in (302, 403)
    assert counts() == before and not ImportJob.objects.exists()


def test_an_officer_limited_to_peru_is_refused_a_colombian_row(client, activity):
    officer = UserFactory(username="officer-pe-grid", role=User.Role.OFFICER, is_staff=True)
    officer.countries.set([Country.objects.get(iso2="PE")])
    client.force_login(officer)
    rows = _people(2)
    rows[1]["country"] = "CO"
    before = counts()
    answer = _post(client, "attendance", activity.pk, _rows(rows), confirm=True).json()
    assert answer["saved"] is False
    assert list(answer["rows"][1]["errors"]) == ["country"]
    assert "countries you are assigned to" in answer["rows"][1]["errors"]["country"][0]
    assert answer["rows"][0]["errors"] == {}
    assert counts() == before


def test_an_operation_is_not_an_attendance_target_and_unknown_kinds_are_not_found(
    client, admin_user, operation
):
    client.force_login(admin_user)
    assert (
        client.get(reverse("admin:imports_importjob_grid", args=["attendance", operation.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("admin:imports_importjob_grid", args=["other", operation.pk])).status_code == 404
    )
    assert _post(client, "attendance", operation.pk, _rows(_people(1))).status_code == 404


def test_unreadable_or_empty_rows_are_refused_with_a_message(client, admin_user, activity):
    client.force_login(admin_user)
    url = reverse("admin:imports_importjob_grid_rows", args=["attendance", activity.pk])
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    empty = _post(client, "attendance", activity.pk, [{"id": 1, "cells": {"first_name": "  "}}])
    assert empty.status_code == 400 and "no rows" in empty.json()["error"]
    nested = _post(client, "attendance", activity.pk, [{"id": 1, "cells": {"first_name": {"a": 1}}}])
    assert nested.status_code == 400
    assert client.get(url).status_code == 405


def test_the_csrf_token_is_required(admin_user, activity):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert _post(client, "attendance", activity.pk, _rows(_people(1))).status_code == 403
    page = client.get(reverse("admin:imports_importjob_grid", args=["attendance", activity.pk]))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        reverse("admin:imports_importjob_grid_rows", args=["attendance", activity.pk]),
        data=json.dumps({"rows": _rows(_people(1))}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200 and response.json()["rows_with_errors"] == 0


@pytest.mark.parametrize("confirm", [False, True])
def test_queries_do_not_grow_with_the_rows(client, admin_user, confirm):
    client.force_login(admin_user)
    peru = Country.objects.get(iso2="PE")
    queries = []
    for index, size in enumerate((5, 50)):
        activity = ActivityFactory(countries=[peru], host_country=peru)
        rows = [
            person_row(
                first_name=f"Q{index}n{number}", last_name="Count", email=f"q{index}n{number}@example.org"
            )
            for number in range(size)
        ]
        with CaptureQueriesContext(connection) as captured:
            answer = _post(client, "attendance", activity.pk, _rows(rows), confirm=confirm).json()
        assert answer["rows_with_errors"] == 0 and answer["saved"] is confirm
        queries.append(len(captured))
    assert queries[0] == queries[1], queries


def test_the_change_pages_link_to_the_grid_for_who_may_import(client, admin_user, activity, operation):
    activity_page = reverse("admin:activities_activity_change", args=[activity.pk])
    operation_page = reverse("admin:operations_operation_change", args=[operation.pk])
    attendance_grid = reverse("admin:imports_importjob_grid", args=["attendance", activity.pk])
    seizure_grid = reverse("admin:imports_importjob_grid", args=["seizures", operation.pk])
    client.force_login(admin_user)
    assert attendance_grid in client.get(activity_page).content.decode()
    assert seizure_grid in client.get(operation_page).content.decode()
    page = client.get(seizure_grid)
    assert page.status_code == 200 and 'name="date_order"' in page.content.decode()
    client.force_login(User.objects.get(username="monitoring"))
    # Monitoring reads the records but imports nothing: no link to a page that would refuse them.
    read_only = client.get(activity_page), client.get(operation_page)
    assert [response.status_code for response in read_only] == [200, 200]
    assert attendance_grid not in read_only[0].content.decode()
    assert seizure_grid not in read_only[1].content.decode()


def test_a_namesake_is_matched_unless_the_row_says_it_is_another_person(client, admin_user, activity):
    """The shared rule matches the same name in the same country and agency; the row says so before
    saving, with what to write when it is a namesake (another_person: yes), which records a new
    person. The same e-mail is always the same person."""
    client.force_login(admin_user)
    peru = Country.objects.get(iso2="PE")
    recorded = Person.objects.create(
        first_name="Rosa", last_name="Mamani", country=peru, professional_category="police"
    )
    row = person_row(first_name="Rosa", last_name="Mamani", email="")
    checked = _post(client, "attendance", activity.pk, _rows([row])).json()["rows"][0]
    assert checked["action"] == "match" and checked["errors"] == {}
    assert "another_person" in checked["detail"]

    namesake = person_row(first_name="Rosa", last_name="Mamani", email="", another_person="yes")
    checked = _post(client, "attendance", activity.pk, _rows([namesake])).json()["rows"][0]
    assert checked["action"] == "create" and "namesake" in checked["detail"]
    people = Person.objects.count()
    saved = _post(client, "attendance", activity.pk, _rows([namesake]), confirm=True).json()
    assert saved["saved"] is True and saved["created"] == 1
    assert Person.objects.count() == people + 1
    attending = Participation.objects.get(activity=activity).person
    assert attending.pk != recorded.pk and (attending.first_name, attending.last_name) == ("Rosa", "Mamani")


def test_another_person_is_yes_or_empty_and_never_overrides_an_email(client, admin_user, activity):
    client.force_login(admin_user)
    peru = Country.objects.get(iso2="PE")
    recorded = Person.objects.create(
        first_name="Luis",
        last_name="Condori",
        email="luis.condori@example.org",
        country=peru,
        professional_category="police",
    )
    same_email = person_row(first_name="Luis", last_name="Condori", email=recorded.email, another_person="sí")
    unclear = person_row(first_name="Ana", last_name="Poma", another_person="maybe")
    answer = _post(client, "attendance", activity.pk, _rows([same_email, unclear])).json()
    first, second = answer["rows"]
    assert first["errors"]["another_person"][0].startswith(f"This e-mail is recorded person #{recorded.pk}'s")
    assert second["errors"] == {"another_person": ["Write yes, or leave it empty."]}
