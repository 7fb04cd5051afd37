"""People without double counting at data entry: the one rule that says two records are one
person (the imports' `PersonMatches`), a likely duplicate shown before saving in the admin and
refused by the API unless the client says it is another person, and pickers that name a person
with their country, agency and category. Only people the user may see are ever shown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.access import ApiClient
from accounts.models import User
from accounts.services import api_key_create
from core.archive import record_archive
from countries.models import Agency, Country
from people.models import Person
from people.selectors import person_duplicates, person_matches
from people.services import person_create
from tests import factories

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"


@pytest.fixture
def ghana():
    return Country.objects.get(iso2="GH")


@pytest.fixture
def commission(ghana):
    return Agency.objects.create(
        country=ghana,
        name="Narcotics Control Test Commission",
        acronym="NCTC",
        category=Agency.Category.POLICE,
    )


@pytest.fixture
def yaw(ghana, commission):
    return person_create(
        first_name="Yaw",
        last_name="Kwarteng-Acheampong",
        country=ghana,
        agency=commission,
        professional_category=Person.Category.POLICE,
    )


def _duplicates(user, **person) -> list[int]:
    return list(person_duplicates(user=user, **person).values_list("pk", flat=True))


# --- the rule ------------------------------------------------------------------------------------


def test_the_same_name_country_and_agency_is_a_likely_duplicate(admin, yaw, ghana, commission):
    same = {"country_id": ghana.pk, "agency_id": commission.pk}
    # Case, accents and spaces do not make another person.
    assert _duplicates(admin, first_name=" YAW ", last_name="Kwarténg-Acheampong", **same) == [yaw.pk]
    # Given an e-mail, a record without one with the same name, country and agency is still them.
    assert _duplicates(
        admin, first_name="Yaw", last_name="Kwarteng-Acheampong", email="yaw@example.org", **same
    ) == [yaw.pk]
    # Another agency, another country, another name: another person.
    assert _duplicates(admin, first_name="Yaw", last_name="Kwarteng-Acheampong", country_id=ghana.pk) == []
    nigeria = Country.objects.get(iso2="NG")
    assert _duplicates(admin, first_name="Yaw", last_name="Kwarteng-Acheampong", country_id=nigeria.pk) == []
    assert _duplicates(admin, first_name="Kofi", last_name="Kwarteng-Acheampong", **same) == []


def test_the_same_email_is_a_likely_duplicate_anywhere(admin, ghana):
    ana = person_create(
        first_name="Ana",
        last_name="Quispe",
        email="ana.quispe@example.org",
        country=Country.objects.get(iso2="PE"),
        professional_category=Person.Category.CUSTOMS,
    )
    assert _duplicates(
        admin, first_name="A.", last_name="Q.", email="Ana.Quispe@Example.org", country_id=ghana.pk
    ) == [ana.pk]
    # Two different e-mails are two people, whatever their names.
    assert (
        _duplicates(
            admin,
            first_name="Ana",
            last_name="Quispe",
            email="other@example.org",
            country_id=ana.country_id,
        )
        == []
    )


def test_the_imports_and_the_forms_share_the_rule(admin, yaw, ghana, commission):
    twin = person_create(
        first_name="Yaw",
        last_name="Kwarteng-Acheampong",
        country=ghana,
        agency=commission,
        professional_category=Person.Category.CUSTOMS,
    )
    matches = person_matches(emails=set(), country_ids={ghana.pk})
    person = {"first_name": "yaw", "last_name": "kwarteng-acheampong", "email": "", "country_id": ghana.pk}
    found, how = matches.find(**person, agency_id=commission.pk)
    everyone, _how = matches.find_all(**person, agency_id=commission.pk)
    # The import takes the oldest; the form shows them all.
    assert found == (yaw.pk, False) and how == "name"
    assert [pk for pk, _archived in everyone] == [yaw.pk, twin.pk]
    assert _duplicates(admin, **person, agency_id=commission.pk) == [yaw.pk, twin.pk]


def test_archived_people_are_not_offered(admin, yaw, ghana, commission):
    record_archive(record=yaw, user=admin)
    assert (
        _duplicates(
            admin,
            first_name="Yaw",
            last_name="Kwarteng-Acheampong",
            country_id=ghana.pk,
            agency_id=commission.pk,
        )
        == []
    )


def test_a_principal_is_never_shown_a_person_it_may_not_see(yaw, ghana, commission):
    admin = User.objects.get(username="admin")

    def key(**scopes):
        api_key, _raw = api_key_create(
            name=f"dup {sorted(scopes)}",
            created_by=admin,
            expires_at=timezone.now() + datetime.timedelta(days=1),
            can_write=True,
            **scopes,
        )
        return ApiClient(api_key)

    person = {
        "first_name": "Yaw",
        "last_name": "Kwarteng-Acheampong",
        "country_id": ghana.pk,
        "agency_id": commission.pk,
    }
    peru_only = key(can_see_personal_data=True, countries=[Country.objects.get(iso2="PE")])
    no_personal_data = key(can_see_personal_data=False)
    assert _duplicates(peru_only, **person) == []
    assert _duplicates(no_personal_data, **person) == []
    assert _duplicates(key(can_see_personal_data=True), **person) == [yaw.pk]


def test_the_check_costs_the_same_queries_however_many_people(admin, ghana, commission):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found = _duplicates(
                admin, first_name="Ama", last_name="Mensah", country_id=ghana.pk, agency_id=commission.pk
            )
        assert len(found) == Person.objects.filter(first_name="Ama", last_name="Mensah").count()
        return len(captured)

    person = {"country": ghana, "agency": commission, "professional_category": Person.Category.POLICE}
    person_create(first_name="Ama", last_name="Mensah", **person)
    few = queries()
    for number in range(20):
        person_create(first_name="Ama", last_name="Mensah", **person)
        person_create(first_name=f"Someone {number}", last_name="Else", **person)
    assert queries() == few


# --- the admin -----------------------------------------------------------------------------------


def _add_form(ghana, commission, **extra) -> dict:
    return {
        "first_name": "Yaw",
        "last_name": "Kwarteng-Acheampong",
        "gender": Person.Gender.MALE,
        "professional_category": Person.Category.POLICE,
        "job_title": "",
        "country": ghana.pk,
        "agency": commission.pk,
        "organisation": "",
        "email": "",
        "phone": "",
        "notes": "",
        "participations-TOTAL_FORMS": "0",
        "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0",
        "participations-MAX_NUM_FORMS": "1000",
        **extra,
    }


@pytest.fixture
def staff(client, admin):
    client.force_login(admin)
    return client


def test_the_admin_shows_a_likely_duplicate_before_saving(staff, yaw, ghana, commission):
    before = Person.objects.count()
    response = staff.post(reverse("admin:people_person_add"), _add_form(ghana, commission))
    assert response.status_code == 200
    page = response.content.decode()
    assert Person.objects.count() == before
    assert "may be recorded already" in page
    assert yaw.picker_label in page
    assert f"?_use_person={yaw.pk}" in page
    assert 'name="_another_person"' in page


def test_it_is_another_person_saves_anyway(staff, yaw, ghana, commission):
    response = staff.post(
        reverse("admin:people_person_add"), _add_form(ghana, commission, _another_person="1")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        Person.objects.filter(first_name="Yaw", last_name="Kwarteng-Acheampong", country=ghana).count() == 2
    )


def test_use_this_person_opens_them_and_saves_nothing(staff, yaw):
    before = Person.objects.count()
    response = staff.get(reverse("admin:people_person_add"), {"_use_person": yaw.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:people_person_change", args=[yaw.pk])
    assert Person.objects.count() == before
    # In a picker's pop-up window, the person is chosen in the picker.
    popup = staff.get(
        reverse("admin:people_person_add"), {"_use_person": yaw.pk, "_popup": "1", "_to_field": "id"}
    )
    assert popup.status_code == 200
    assert f'"value": "{yaw.pk}"' in popup.content.decode().replace("&quot;", '"')
    # Nobody is opened that the user may not see (an officer sees no archived person).
    record_archive(record=yaw, user=User.objects.get(username="admin"))
    staff.force_login(User.objects.get(username="officer"))
    assert staff.get(reverse("admin:people_person_add"), {"_use_person": yaw.pk}).status_code == 404


def test_an_edit_is_not_checked(staff, yaw, ghana, commission):
    twin = person_create(
        first_name="Yaw",
        last_name="Kwarteng-Acheampong",
        country=ghana,
        agency=commission,
        professional_category=Person.Category.POLICE,
        job_title="Inspector",
    )
    form = _add_form(ghana, commission, job_title="Chief inspector")
    response = staff.post(reverse("admin:people_person_change", args=[twin.pk]), form)
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.job_title == "Chief inspector"


def test_pickers_name_a_person_with_country_agency_and_category(staff, yaw):
    response = staff.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "people",
            "model_name": "participation",
            "field_name": "person",
            "term": "Kwarteng-Acheampong",
        },
    )
    assert response.status_code == 200
    texts = {row["id"]: row["text"] for row in response.json()["results"]}
    assert (
        texts[str(yaw.pk)]
        == "Yaw Kwarteng-Acheampong — Ghana, Narcotics Control Test Commission (NCTC), Police officer"
    )


def test_the_picker_costs_the_same_queries_however_many_people(staff, ghana, commission):
    def queries() -> int:
        params = {
            "app_label": "people",
            "model_name": "participation",
            "field_name": "person",
            "term": "Boateng",
        }
        staff.get(reverse("admin:autocomplete"), params)
        with CaptureQueriesContext(connection) as captured:
            response = staff.get(reverse("admin:autocomplete"), params)
        assert response.status_code == 200
        return len(captured)

    person = {"country": ghana, "agency": commission, "professional_category": Person.Category.POLICE}
    person_create(first_name="Kojo", last_name="Boateng", **person)
    one = queries()
    for number in range(10):
        person_create(first_name=f"Kojo {number}", last_name="Boateng", **person)
    assert queries() == one


# --- the API -------------------------------------------------------------------------------------


def _key(**scopes) -> dict:
    _api_key, raw = api_key_create(
        name=f"dup api {sorted(scopes)}",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_write=True,
        can_see_personal_data=True,
        **scopes,
    )
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


def _body(commission) -> dict:
    return {
        "first_name": "Yaw",
        "last_name": "Kwarteng-Acheampong",
        "country": "GH",
        "agency": commission.pk,
        "professional_category": "police",
    }


def test_the_api_refuses_a_likely_duplicate_naming_it(client, yaw, commission):
    headers = _key()
    before = Person.objects.count()
    response = client.post(PEOPLE, _body(commission), content_type="application/json", **headers)
    assert response.status_code == 409, response.content
    answer = response.json()
    assert answer["code"] == "likely_duplicate"
    assert [row["id"] for row in answer["duplicates"]] == [yaw.pk]
    assert answer["duplicates"][0]["url"].endswith(f"{PEOPLE}{yaw.pk}/")
    assert Person.objects.count() == before

    created = client.post(
        f"{PEOPLE}?allow_duplicate=true", _body(commission), content_type="application/json", **headers
    )
    assert created.status_code == 201, created.content
    assert created.json()["id"] != yaw.pk

    invalid = client.post(
        f"{PEOPLE}?allow_duplicate=perhaps", _body(commission), content_type="application/json", **headers
    )
    assert invalid.status_code == 400 and "allow_duplicate" in invalid.json()["errors"]


def test_the_api_names_no_person_the_client_may_not_see(client, commission):
    colombian = person_create(
        first_name="Carlos",
        last_name="Rojas",
        email="c.rojas@example.org",
        country=Country.objects.get(iso2="CO"),
        professional_category=Person.Category.POLICE,
    )
    headers = _key(countries=[Country.objects.get(iso2="PE")])
    response = client.post(
        PEOPLE,
        {
            "first_name": "Carlos",
            "last_name": "Rojas",
            "email": "c.rojas@example.org",
            "country": "PE",
            "professional_category": "police",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code != 409
    assert "duplicates" not in response.json()
    assert f"/{colombian.pk}/" not in response.content.decode()


def test_the_flag_and_the_conflict_are_documented():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    create = schema["paths"][PEOPLE]["post"]
    assert "allow_duplicate" in [parameter["name"] for parameter in create["parameters"]]
    conflict = create["responses"]["409"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][conflict.rsplit("/", 1)[1]]
    assert "duplicates" in component["properties"]


def test_an_officer_limited_to_a_country_picks_only_its_people_as_participants(client, yaw):
    peru = Country.objects.get(iso2="PE")
    officer = factories.UserFactory(username="officer-pe-picker", role=User.Role.OFFICER, is_staff=True)
    officer.countries.set([peru])
    client.force_login(officer)
    peruvian = Person.objects.filter(country=peru, archived_at__isnull=True).order_by("pk").first()

    def picked(field_name, model_name, term) -> set[str]:
        params = {"app_label": "people", "model_name": model_name, "field_name": field_name, "term": term}
        if model_name == "trainingmodule":
            params["app_label"] = "trainings"
        response = client.get(reverse("admin:autocomplete"), params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert picked("person", "participation", "Kwarteng-Acheampong") == set()
    assert str(peruvian.pk) in picked("person", "participation", peruvian.last_name)
    # A trainer may come from anywhere: the training's countries are what count.
    assert str(yaw.pk) in picked("trainer", "trainingmodule", "Kwarteng-Acheampong")
