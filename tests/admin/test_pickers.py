"""Pickers narrowed to what fits (core.pickers), through the admin's autocomplete endpoint and its
forms: organisations by role, agencies by the chosen country and the user's countries, activities
labelled with kind and dates, and whatever a crafted URL or form asks, no more than the page
offers."""

import datetime

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from activities.models import Activity, Organisation
from core.archive import record_archive
from countries.models import Agency, Country
from operations.models import Case, Operation, OperationCountry
from tests import factories

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def _offered(client, app_label, model_name, field_name, term="", **followed) -> list[dict]:
    response = client.get(
        AUTOCOMPLETE,
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
            **followed,
        },
    )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _ids(results) -> set[int]:
    return {int(result["id"]) for result in results}


def _all_pages(client, *args, **followed) -> set[int]:
    ids, page = set(), 1
    while True:
        response = client.get(
            AUTOCOMPLETE,
            dict(zip(("app_label", "model_name", "field_name"), args, strict=True), page=page, **followed),
        )
        data = response.json()
        ids |= {int(result["id"]) for result in data["results"]}
        if not data["pagination"]["more"]:
            return ids
        page += 1


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


@pytest.fixture
def colombia():
    return Country.objects.get(iso2="CO")


@pytest.fixture
def agencies(peru, colombia):
    return {
        "pe": factories.AgencyFactory(country=peru, name="Fiscalía de Peru (picker test)"),
        "co": factories.AgencyFactory(country=colombia, name="Fiscalía de Colombia (picker test)"),
    }


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def peru_officer(client, peru):
    officer = factories.UserFactory(role=User.Role.OFFICER, is_staff=True, countries=[peru])
    client.force_login(officer)
    return client


# --- organisations by role -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "fits"),
    [
        ("donors", lambda kind: kind == Organisation.Kind.DONOR),
        ("lead_office", lambda kind: kind == Organisation.Kind.UNODC_OFFICE),
        ("partners", lambda kind: kind != Organisation.Kind.DONOR),
    ],
)
def test_organisation_pickers_offer_the_organisations_of_their_role(staff_client, field, fits):
    offered = _all_pages(staff_client, "activities", "activity", field)
    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    assert offered == {pk for pk, kind in kinds.items() if fits(kind)}
    assert offered  # the demo has organisations of every role


def test_the_activity_form_refuses_an_organisation_of_another_role(staff_client):
    activity = Activity.objects.filter(kind=Activity.Kind.TRAINING).first()
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    form = staff_client.get(url).context_data["adminform"].form
    donor = Organisation.objects.filter(kind=Organisation.Kind.DONOR).first()
    office = Organisation.objects.filter(kind=Organisation.Kind.UNODC_OFFICE).first()
    assert form.fields["donors"].queryset.filter(pk=office.pk).exists() is False
    assert form.fields["lead_office"].queryset.filter(pk=donor.pk).exists() is False
    assert form.fields["lead_office"].queryset.filter(pk=office.pk).exists()


# --- agencies by the chosen country --------------------------------------------------------------


def test_the_agency_picker_follows_the_rows_country(staff_client, agencies, peru):
    offered = _all_pages(
        staff_client, "operations", "operationcountry", "coordinating_agency", country=peru.pk
    )
    assert agencies["pe"].pk in offered and agencies["co"].pk not in offered
    assert offered == set(Agency.objects.filter(country=peru).values_list("pk", flat=True))


def test_without_a_country_chosen_every_agency_the_user_may_pick_is_offered(staff_client, agencies):
    offered = _ids(_offered(staff_client, "operations", "case", "lead_agency", term="picker test"))
    assert offered == {agencies["pe"].pk, agencies["co"].pk}


def test_a_crafted_country_value_offers_nothing(staff_client, agencies):
    assert _offered(staff_client, "operations", "case", "lead_agency", lead_country="1 OR 1=1") == []


def test_an_officer_limited_to_peru_is_offered_only_perus_agencies(peru_officer, agencies, colombia, peru):
    offered = _all_pages(peru_officer, "operations", "case", "lead_agency")
    assert agencies["pe"].pk in offered and agencies["co"].pk not in offered
    assert not Agency.objects.filter(pk__in=offered).exclude(country=peru).exists()
    # Asking for Colombia's agencies by the URL gives none.
    assert _offered(peru_officer, "operations", "case", "lead_agency", lead_country=colombia.pk) == []
    assert _offered(peru_officer, "people", "person", "agency", country=colombia.pk, term="picker") == []


def test_the_agency_choice_follows_the_widget_attribute(staff_client):
    page = staff_client.get(reverse("admin:operations_case_add")).content.decode()
    assert 'data-picker-follows="lead_country"' in page
    assert "pickers/pickers.js" in page


def test_a_saved_rows_fixed_country_is_followed_and_stays_fixed(staff_client):
    azure = Operation.objects.get(code_name="Azure")
    first = OperationCountry.objects.filter(operation=azure).order_by("country__name").first()
    page = staff_client.get(reverse("admin:operations_operation_change", args=[azure.pk])).content.decode()
    # The row's country shows as text, with its value for the agency picker to follow.
    assert f'<input type="hidden" name="participants-0-country" value="{first.country_id}">' in page
    assert 'data-picker-follows="country"' in page


def test_a_trainings_detail_is_chosen_among_trainings(staff_client):
    offered = _all_pages(staff_client, "trainings", "trainingdetail", "activity")
    assert offered
    assert not Activity.objects.filter(pk__in=offered).exclude(kind=Activity.Kind.TRAINING).exists()


# --- the choice checked on save ------------------------------------------------------------------


def _case_form(lead_country, lead_agency) -> dict:
    return {
        "reference": "PICKER-CASE-1",
        "title": "A case whose lead agency is checked",
        "stage": Case.Stage.INVESTIGATION,
        "opened_on": "2022-03-01",
        "lead_country": lead_country.pk,
        "lead_agency": lead_agency.pk,
        "arrests": 0,
        "convictions": 0,
        "assets_seized_usd": "0",
        "sensitivity": "normal",
    }


def test_an_agency_of_another_country_is_refused_on_its_field(staff_client, agencies, peru):
    response = staff_client.post(reverse("admin:operations_case_add"), _case_form(peru, agencies["co"]))
    assert response.status_code == 200
    errors = response.context_data["adminform"].form.errors
    assert errors["lead_agency"] == [
        "Choose an agency of the lead country: the one chosen belongs to another country."
    ]
    assert not Case.objects.filter(reference="PICKER-CASE-1").exists()


def test_an_officer_cannot_post_an_agency_outside_their_countries(peru_officer, agencies, colombia):
    response = peru_officer.post(reverse("admin:operations_case_add"), _case_form(colombia, agencies["co"]))
    assert response.status_code == 200
    errors = response.context_data["adminform"].form.errors
    assert "lead_agency" in errors and "valid choice" in errors["lead_agency"][0]
    assert not Case.objects.filter(reference="PICKER-CASE-1").exists()


def test_a_matching_agency_is_saved(staff_client, agencies, peru):
    response = staff_client.post(reverse("admin:operations_case_add"), _case_form(peru, agencies["pe"]))
    assert response.status_code == 302
    assert Case.objects.get(reference="PICKER-CASE-1").lead_agency == agencies["pe"]


# --- people the user may not see -----------------------------------------------------------------


def test_an_archived_person_is_neither_offered_nor_accepted(peru_officer, peru):
    person = factories.PersonFactory(country=peru, first_name="Archivada", last_name="Pickertest")
    offered = _offered(peru_officer, "people", "participation", "person", term="Pickertest")
    assert _ids(offered) == {person.pk}
    record_archive(record=person, user=User.objects.get(username="admin"))
    assert _offered(peru_officer, "people", "participation", "person", term="Pickertest") == []
    form = peru_officer.get(reverse("admin:people_participation_add")).context_data["adminform"].form
    assert not form.fields["person"].queryset.filter(pk=person.pk).exists()


def test_an_archived_person_is_not_offered_to_an_administrator_either(staff_client, peru):
    person = factories.PersonFactory(country=peru, first_name="Archivado", last_name="Pickertest")
    record_archive(record=person, user=User.objects.get(username="admin"))
    assert _offered(staff_client, "people", "participation", "person", term="Pickertest") == []
    assert _offered(staff_client, "trainings", "trainingmodule", "trainer", term="Pickertest") == []


def test_the_autocomplete_refuses_a_user_without_access(client, agencies):
    client.force_login(User.objects.get(username="mission-pe"))
    response = client.get(
        AUTOCOMPLETE, {"app_label": "operations", "model_name": "case", "field_name": "lead_agency"}
    )
    assert response.status_code in (302, 403)


# --- activities: labelled, and the import's chooser ----------------------------------------------


def test_activities_are_offered_with_kind_and_dates(staff_client):
    activity = Activity.objects.filter(kind=Activity.Kind.TRAINING).exclude(end_date=None).first()
    results = _offered(staff_client, "operations", "case", "presented_at", term=activity.title)
    text = next(result["text"] for result in results if int(result["id"]) == activity.pk)
    assert activity.title in text and "Training" in text
    assert str(activity.start_date.year) in text


def test_an_operations_activity_is_chosen_among_operations(staff_client):
    offered = _all_pages(staff_client, "operations", "operation", "activity")
    assert offered == set(
        Activity.objects.filter(kind=Activity.Kind.OPERATION, archived_at=None).values_list("pk", flat=True)
    )


def test_the_import_chooses_its_activity_by_autocomplete(staff_client):
    page = staff_client.get(reverse("admin:imports_importjob_upload", args=["attendance"])).content.decode()
    assert 'class="admin-autocomplete' in page and 'data-model-name="importjob"' in page
    assert "<option" not in page.split('name="activity"')[1].split("</select>")[0].replace(
        '<option value=""', ""
    )  # no list of every activity
    offered = _all_pages(staff_client, "imports", "importjob", "activity")
    operations = set(Activity.objects.filter(kind=Activity.Kind.OPERATION).values_list("pk", flat=True))
    assert offered and not offered & operations


# --- query counts ---------------------------------------------------------------------------------


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(AUTOCOMPLETE, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("source", "make"),
    [
        (
            {"app_label": "operations", "model_name": "case", "field_name": "lead_agency", "term": "picker"},
            lambda n, country: factories.AgencyFactory.create_batch(
                n, country=country, name=factory.Sequence(lambda i: f"picker agency {i}")
            ),
        ),
        (
            {"app_label": "operations", "model_name": "case", "field_name": "presented_at", "term": "picker"},
            lambda n, country: factories.ActivityFactory.create_batch(
                n,
                title="picker activity",
                start_date=datetime.date(2022, 1, 1),
                end_date=datetime.date(2022, 1, 2),
            ),
        ),
    ],
)
def test_autocomplete_queries_do_not_grow_with_rows(peru_officer, peru, source, make):
    make(2, peru)
    few = _queries(peru_officer, **source)
    make(15, peru)
    assert _queries(peru_officer, **source) == few
