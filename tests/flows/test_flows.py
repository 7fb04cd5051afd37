"""The one-page flows: an operation, a training, each created and changed on one page, all or
nothing, every error at once at its row, a record changed since the page was opened never
overwritten, only for those who may write these records, at a cost that does not grow with rows."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from activities.models import Activity
from activities.services import activity_save
from audit.models import EVENT_MODELS
from core.formatting import mass_total
from countries.models import Agency, Country
from flows.forms import OperationFlow, TrainingFlow
from operations.models import Case, Operation, Seizure, Substance
from operations.services import operation_create, seizure_create
from people.models import Participation, Person
from stats.selectors import mean_knowledge_gain, training_figures
from tests import factories
from tests.support.clients import signed_in
from trainings.models import TrainingDetail

pytestmark = pytest.mark.django_db

NEW_OPERATION = reverse("flows:operation_new")
NEW_TRAINING = reverse("flows:training_new")


def _page_data(flow) -> dict:
    """What the browser posts back for an unchanged page: every field's value as rendered."""
    data = {}
    for formset in flow.formsets.values():
        management = formset.management_form
        for field in management:
            data[field.html_name] = field.value()
    for form in flow.all_forms():
        for field in form:
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def _row(data: dict, prefix: str, index: int, **values) -> dict:
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(max(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), index + 1))
    return data


@pytest.fixture
def officer():
    return User.objects.get(username="officer")


@pytest.fixture
def countries():
    return {code: Country.objects.get(iso2=code) for code in ("PE", "CO", "EC", "US", "NL")}


@pytest.fixture
def cocaine():
    return Substance.objects.get(name="Cocaine hydrochloride")


def _new_operation(user, countries, cocaine, *, code="Condor", seizure_countries=("PE", "CO")) -> dict:
    flow = OperationFlow(user=user, activity=Activity(kind=Activity.Kind.OPERATION), operation=Operation())
    data = _page_data(flow)
    data.update(
        {
            "activity-title": f"Operation {code}",
            "activity-status": "completed",
            "activity-start_date": "2024-03-01",
            "activity-end_date": "2024-03-31",
            "activity-host_country": str(countries["PE"].pk),
            "operation-code_name": code,
            "operation-target": "Cocaine in air cargo",
        }
    )
    _row(data, "phases", 0, number="1", name="Phase one", start_date="2024-03-01", end_date="2024-03-15")
    peru_agency = Agency.objects.filter(country=countries["PE"]).first()
    _row(data, "participants", 0, country=str(countries["PE"].pk), coordinating_agency=str(peru_agency.pk))
    _row(data, "participants", 1, country=str(countries["CO"].pk))
    for index, iso2 in enumerate(seizure_countries):
        _row(
            data,
            "seizures",
            index,
            reference=f"{code}-S{index + 1}",
            date=f"2024-03-{10 + index}",
            country=str(countries[iso2].pk),
            place="airport",
            substance=str(cocaine.pk),
            quantity="12.5",
            unit="kg",
            conveyance="air_cargo",
            detection="profiling",
            origin_country=str(countries["EC"].pk),
            transit_countries=[str(countries["US"].pk)],
            destination_country=str(countries["NL"].pk),
            arrests="2",
            follow_up="investigation",
        )
    return data


def _errors(response) -> dict:
    """The page's errors by (form prefix, field)."""
    found = {}
    for form in response.context["flow"].all_forms():
        for field, messages in form.errors.items():
            found[(form.prefix, field)] = [str(message) for message in messages]
    return found


# --- the operation flow ---------------------------------------------------------------------------


def test_an_operation_with_two_seizures_in_two_countries_is_one_page(officer, countries, cocaine):
    client = signed_in(officer)
    assert client.get(NEW_OPERATION).status_code == 200

    response = client.post(NEW_OPERATION, _new_operation(officer, countries, cocaine))

    operation = Operation.objects.get(code_name="Condor")
    activity = operation.activity
    assert response.status_code == 302
    assert response["Location"] == reverse("flows:operation", args=[activity.pk])
    assert activity.kind == Activity.Kind.OPERATION and activity.title == "Operation Condor"
    assert list(operation.phases.values_list("name", flat=True)) == ["Phase one"]
    assert set(operation.participants.values_list("country__iso2", flat=True)) == {"PE", "CO"}
    seizures = Seizure.objects.filter(operation=operation).order_by("reference")
    assert [(s.reference, s.country.iso2, s.mass_kg) for s in seizures] == [
        ("Condor-S1", "PE", Decimal("12.500000")),
        ("Condor-S2", "CO", Decimal("12.500000")),
    ]
    assert all(list(s.transit_countries.values_list("iso2", flat=True)) == ["US"] for s in seizures)
    assert {"PE", "CO"} <= set(activity.countries.values_list("iso2", flat=True))

    page = client.get(response["Location"]).content.decode()
    # The totals as a person writes them, and each saved seizure opens a case.
    assert "2 seizures in 2 countries" in page
    assert "25,000 kg" in page or "25.000 kg" in page
    assert page.count("Open a case from this seizure") == 2


def test_the_audit_trail_records_each_write_with_its_user_and_page(officer, countries, cocaine):
    signed_in(officer).post(NEW_OPERATION, _new_operation(officer, countries, cocaine))

    seizure = Seizure.objects.get(reference="Condor-S1")
    for record in (seizure, seizure.operation, seizure.operation.activity):
        insert = EVENT_MODELS[type(record)].objects.get(pgh_obj_id=record.pk, pgh_label="insert")
        assert insert.pgh_context.metadata == {"user": officer.pk, "url": NEW_OPERATION}


def test_a_case_opens_from_a_seizure_with_the_seizure_and_its_countries(officer, countries, cocaine):
    client = signed_in(officer)
    client.post(NEW_OPERATION, _new_operation(officer, countries, cocaine))
    seizure = Seizure.objects.get(reference="Condor-S1")
    flow = OperationFlow(user=officer, activity=seizure.operation.activity, operation=seizure.operation)
    url = next(form.case_url() for form in flow.formsets["seizures"].forms if form.instance == seizure)

    query = parse_qs(urlsplit(url).query)
    assert query["seizures"] == [str(seizure.pk)] and query["lead_country"] == [str(countries["PE"].pk)]
    assert set(query["countries"][0].split(",")) == {str(countries[c].pk) for c in ("PE", "EC", "US", "NL")}
    form = client.get(url).context["adminform"].form
    assert form.initial["seizures"] == [str(seizure.pk)]
    assert form.initial["lead_country"] == str(countries["PE"].pk)

    response = client.post(
        url,
        {
            "reference": "CASE-CONDOR-1",
            "title": "Follow-up of seizure Condor-S1",
            "stage": "investigation",
            "opened_on": "2024-03-20",
            "lead_country": str(countries["PE"].pk),
            "countries": [str(countries[c].pk) for c in ("PE", "EC", "US", "NL")],
            "seizures": [str(seizure.pk)],
            "arrests": "0",
            "convictions": "0",
            "assets_seized_usd": "0",
            "sensitivity": "normal",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(Case.objects.get(reference="CASE-CONDOR-1").seizures.all()) == [seizure]


def test_every_error_is_shown_at_once_at_its_row_and_nothing_is_saved(officer, countries, cocaine):
    data = _new_operation(officer, countries, cocaine, seizure_countries=("PE", "EC"))
    data["phases-0-end_date"] = "2024-04-15"  # past the operation's end
    data["seizures-0-quantity"] = "-1"
    before = Activity.objects.count()

    response = signed_in(officer).post(NEW_OPERATION, data)

    assert response.status_code == 200
    assert Activity.objects.count() == before and not Operation.objects.filter(code_name="Condor").exists()
    errors = _errors(response)
    assert set(errors) == {("phases-0", "start_date"), ("seizures-0", "quantity"), ("seizures-1", "country")}
    assert errors[("phases-0", "start_date")] == [
        "Move this phase inside the operation's dates (from 2024-03-01 to 2024-03-31), or change the "
        "operation's dates first."
    ]
    assert errors[("seizures-1", "country")][0].startswith(
        "Choose one of the operation's participating countries"
    )
    page = response.content.decode()
    assert "correct the 3 errors below" in page
    # The summary links to each row, and the row is marked.
    assert 'href="#seizures-1"' in page and 'id="seizures-1"' in page


def test_an_error_found_only_when_saving_rolls_everything_back(officer, countries, cocaine):
    # A reference already taken: the seizure's uniqueness is checked by the form against the database.
    data = _new_operation(officer, countries, cocaine)
    existing = Seizure.objects.exclude(operation=None).first()
    data["seizures-1-reference"] = existing.reference

    response = signed_in(officer).post(NEW_OPERATION, data)

    assert response.status_code == 200
    assert ("seizures-1", "reference") in _errors(response)
    assert not Operation.objects.filter(code_name="Condor").exists()
    assert not Seizure.objects.filter(reference="Condor-S1").exists()


def _azure_peru(azure, countries) -> str:
    # Azure holds more seizures than a page posts back: its page edits a country's at a time.
    return reverse("flows:operation", args=[azure.pk]) + f"?country={countries['PE'].pk}"


def test_an_operation_with_many_seizures_edits_a_countrys_at_a_time(officer, azure, countries):
    client = signed_in(officer)
    flow = client.get(reverse("flows:operation", args=[azure.pk])).context["flow"]
    assert len(flow.formsets["seizures"].forms) == 0
    assert len(flow.listed_seizures) == azure.seizures.filter(archived_at__isnull=True).count()
    flow = client.get(_azure_peru(azure, countries)).context["flow"]
    assert {form.instance.country_id for form in flow.formsets["seizures"].forms} == {countries["PE"].pk}
    assert all(seizure.country_id != countries["PE"].pk for seizure in flow.listed_seizures)


def test_an_existing_operation_is_changed_on_its_page(officer, azure, countries, cocaine):
    url = _azure_peru(azure, countries)
    client = signed_in(officer)
    flow = client.get(url).context["flow"]
    data = _page_data(flow)
    data["operation-target"] = "Synthetic opioids in mail, as debriefed"
    peru = countries["PE"]
    index = int(data["seizures-TOTAL_FORMS"])
    _row(
        data,
        "seizures",
        index,
        reference="AZURE-DEBRIEF-PE-1",
        date="2021-11-20",
        country=str(peru.pk),
        place="mail_centre",
        substance=str(cocaine.pk),
        quantity="0.4",
        unit="kg",
        conveyance="mail",
        detection="raman",
        arrests="1",
        follow_up="none",
    )
    seizures_before = azure.seizures.count()

    response = client.post(url, data)

    assert response.status_code == 302, _errors(response)
    assert response["Location"] == url
    azure.refresh_from_db()
    assert azure.target == "Synthetic opioids in mail, as debriefed"
    assert azure.seizures.count() == seizures_before + 1
    assert Seizure.objects.get(reference="AZURE-DEBRIEF-PE-1").operation == azure


def test_a_record_changed_since_the_page_was_opened_is_not_overwritten(officer, azure, countries):
    url = _azure_peru(azure, countries)
    client = signed_in(officer)
    data = _page_data(client.get(url).context["flow"])
    activity = azure.activity
    activity.outcomes = "Written by a colleague meanwhile"
    activity_save(activity=activity)
    data["activity-outcomes"] = "Mine"
    data["operation-target"] = "Also mine"

    response = client.post(url, data)

    assert response.status_code == 200
    messages = _errors(response)[("activity", "__all__")]
    assert "after you opened it" in messages[0]
    azure.refresh_from_db()
    assert azure.activity.outcomes == "Written by a colleague meanwhile"
    assert azure.target != "Also mine"


def test_a_changed_seizure_row_is_checked_against_its_own_version(officer, azure, countries):
    url = _azure_peru(azure, countries)
    client = signed_in(officer)
    flow = client.get(url).context["flow"]
    data = _page_data(flow)
    seizure = flow.formsets["seizures"].forms[0].instance
    Seizure.objects.filter(pk=seizure.pk).update(
        notes="changed", updated_at=datetime.datetime.now(datetime.UTC)
    )
    data["seizures-0-arrests"] = "9"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "after you opened it" in _errors(response)[("seizures-0", "__all__")][0]
    seizure.refresh_from_db()
    assert seizure.arrests != 9


@pytest.mark.parametrize("path", [NEW_OPERATION, NEW_TRAINING])
def test_anonymous_users_and_mission_viewers_are_sent_to_sign_in(client, mission, path):
    assert client.get(path)["Location"].startswith(reverse("admin:login"))
    assert signed_in(mission).get(path)["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("path", [NEW_OPERATION, NEW_TRAINING])
def test_monitoring_officers_read_but_do_not_record(path):
    monitoring = signed_in(User.objects.get(username="monitoring"))
    assert monitoring.get(path).status_code == 403
    assert monitoring.post(path, {}).status_code == 403


def test_an_officer_limited_to_a_country_cannot_record_another_countrys(countries, cocaine):
    peruvian = factories.UserFactory(is_staff=True, countries=[countries["PE"]])
    client = signed_in(peruvian)
    page = client.get(NEW_OPERATION)
    offered = {
        value
        for value, _label in page.context["flow"].formsets["participants"].forms[0].fields["country"].choices
    }
    assert offered == {"", countries["PE"].pk}

    # Colombia posted anyway (a crafted request): refused at its rows, nothing saved.
    response = client.post(NEW_OPERATION, _new_operation(peruvian, countries, cocaine))

    assert response.status_code == 200
    errors = _errors(response)
    assert ("participants-1", "country") in errors and ("seizures-1", "country") in errors
    assert not Operation.objects.filter(code_name="Condor").exists()


def test_an_officer_limited_to_a_country_edits_only_operations_of_it(countries):
    colombian = factories.UserFactory(is_staff=True, countries=[countries["CO"]])
    outside = operation_create(
        code_name="Ecuador only",
        target="Ports",
        title="Operation Ecuador only",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 1, 31),
        participants=[(countries["EC"], None)],
    )
    client = signed_in(colombian)
    assert client.get(reverse("flows:operation", args=[outside.pk])).status_code == 403
    assert client.post(reverse("flows:operation", args=[outside.pk]), {}).status_code == 403


def test_the_operation_page_costs_the_same_queries_whatever_its_seizures(officer, azure, countries, cocaine):
    client = signed_in(officer)
    url = _azure_peru(azure, countries)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for number in range(5):
        seizure_create(
            reference=f"AZURE-MORE-{number}",
            date=datetime.date(2021, 11, 2),
            country=countries["PE"],
            place="mail_centre",
            substance=cocaine,
            quantity=Decimal("1"),
            unit="kg",
            conveyance="mail",
            detection="raman",
            operation=azure,
            transit_countries=[countries["US"]],
        )
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]


def test_a_seizure_with_no_mass_conversion_says_so(officer, azure):
    unconverted = (
        Seizure.objects.filter(operation=azure).exclude(mass_status=Seizure.MassStatus.COMPUTED).first()
    )
    if unconverted is None:
        substance = factories.SubstanceFactory(density_kg_per_l=None, unit_mass_g=None)
        unconverted = seizure_create(
            reference="AZURE-LITRES",
            date=datetime.date(2021, 11, 2),
            country=azure.participants.first().country,
            place="mail_centre",
            substance=substance,
            quantity=Decimal("2"),
            unit="l",
            conveyance="mail",
            detection="raman",
            operation=azure,
        )
    page = signed_in(officer).get(reverse("flows:operation", args=[azure.pk])).content.decode()
    assert str(unconverted.get_mass_status_display()) in page
    assert "0.000 kg" not in page and "0,000 kg" not in page
    assert "with no mass conversion" in page


# --- the training flow ----------------------------------------------------------------------------


def _new_training(user, people, scores) -> dict:
    flow = TrainingFlow(user=user, activity=Activity(kind=Activity.Kind.TRAINING), detail=TrainingDetail())
    data = _page_data(flow)
    data.update(
        {
            "activity-title": "Profiling of synthetic opioids in parcels",
            "activity-status": "completed",
            "activity-start_date": "2024-05-06",
            "activity-end_date": "2024-05-08",
            "training-level": "basic",
        }
    )
    _row(data, "modules", 0, order="1", title="Profiling", hours="6", trainer=str(people[0].pk))
    for index, (person, (pre, post)) in enumerate(zip(people, scores, strict=True)):
        _row(
            data,
            "participations",
            index,
            person=str(person.pk),
            role="participant",
            days_attended="3",
            pre_test_score=pre,
            post_test_score=post,
            completed="on",
        )
    return data


@pytest.fixture
def three_people():
    women = list(Person.objects.filter(gender=Person.Gender.FEMALE).order_by("pk")[:2])
    man = Person.objects.filter(gender=Person.Gender.MALE).order_by("pk").first()
    return [*women, man]


def test_a_training_with_three_participants_shows_its_mean_gain_and_women(officer, three_people):
    client = signed_in(officer)
    assert client.get(NEW_TRAINING).status_code == 200

    response = client.post(
        NEW_TRAINING, _new_training(officer, three_people, [("40", "70"), ("50", "65"), ("60", "80")])
    )

    assert response.status_code == 302, _errors(response)
    detail = TrainingDetail.objects.get(activity__title="Profiling of synthetic opioids in parcels")
    activity = detail.activity
    assert activity.kind == Activity.Kind.TRAINING
    assert list(detail.modules.values_list("title", "trainer")) == [("Profiling", three_people[0].pk)]
    assert Participation.objects.filter(activity=activity).count() == 3
    figures = training_figures(user=officer, activity=activity)
    assert figures["mean_gain"] == mean_knowledge_gain(Decimal(65), 3) == Decimal("21.7")
    assert (figures["people"], figures["women"], figures["women_share"]) == (3, 2, Decimal("66.7"))

    page = client.get(response["Location"]).content.decode()
    assert "21.7 points (3 participants tested)" in page
    assert "66.7% (2 women)" in page
    # The admin's page of the training shows the mean gain too.
    admin_page = client.get(reverse("admin:activities_activity_change", args=[activity.pk])).content.decode()
    assert "21.7 points (3 participants tested)" in admin_page


def test_a_training_row_error_is_at_its_row_and_saves_nothing(officer, three_people):
    data = _new_training(officer, three_people, [("40", "70"), ("50", "165"), ("60", "80")])
    data["participations-2-days_attended"] = "5"
    data["participations-0-person"] = "Nobody at all"
    data["modules-0-trainer"] = "0"

    response = signed_in(officer).post(NEW_TRAINING, data)

    assert response.status_code == 200
    errors = _errors(response)
    assert set(errors) == {
        ("modules-0", "trainer"),
        ("participations-0", "person"),
        ("participations-1", "post_test_score"),
        ("participations-2", "days_attended"),
    }
    assert errors[("participations-0", "person")] == [
        "Pick the person from the list: type part of their name and choose them. Someone not in the "
        "list is added under People first."
    ]
    assert errors[("participations-2", "days_attended")] == [
        "Enter at most 3 days: the activity lasts 3 days, not 5."
    ]
    assert not Activity.objects.filter(title="Profiling of synthetic opioids in parcels").exists()


def test_an_officer_limited_to_a_country_records_only_its_people(countries):
    peruvian = factories.UserFactory(is_staff=True, countries=[countries["PE"]])
    client = signed_in(peruvian)
    page = client.get(NEW_TRAINING)
    # The page's picker accepts exactly what the admin's autocomplete offers: Peru's people.
    field = page.context["flow"].formsets["participations"].forms[0].fields["person"]
    assert set(field.queryset.values_list("country", flat=True)) == {countries["PE"].pk}
    outsider = Person.objects.exclude(country=countries["PE"]).filter(archived_at__isnull=True).first()
    offered = client.get(
        "/admin/autocomplete/",
        {"app_label": "people", "model_name": "participation", "field_name": "person", "term": ""},
    ).json()["results"]
    assert offered and all(field.queryset.filter(pk=result["id"]).exists() for result in offered)
    peruvians = list(Person.objects.filter(country=countries["PE"], archived_at__isnull=True)[:3])
    data = _new_training(peruvian, peruvians, [("40", "70"), ("50", "65"), ("60", "80")])
    data["participations-0-person"] = str(outsider.pk)

    response = client.post(NEW_TRAINING, data)

    assert response.status_code == 200
    assert set(_errors(response)) == {("participations-0", "person")}
    assert not Activity.objects.filter(title="Profiling of synthetic opioids in parcels").exists()


def test_people_are_picked_with_the_admins_autocomplete_named_as_it_names_them(officer, three_people):
    client = signed_in(officer)
    page = client.get(NEW_TRAINING).content.decode()
    assert "<datalist" not in page
    for name in ("participations-0-person", "modules-0-trainer"):
        select = next(tag for tag in page.split("<select")[1:] if f'name="{name}"' in tag.split(">")[0])
        select = select.split(">")[0]
        assert "admin-autocomplete" in select and 'data-ajax--url="/admin/autocomplete/"' in select
    assert 'data-model-name="participation"' in page and 'data-model-name="trainingmodule"' in page
    for script in ("admin/js/autocomplete.js", "pickers/pickers.js", "select2.full", "flows/flows.js"):
        assert script in page
    # The trainer's autocomplete answers (its field is an autocomplete field of the admin).
    offered = client.get(
        "/admin/autocomplete/",
        {"app_label": "trainings", "model_name": "trainingmodule", "field_name": "trainer", "term": ""},
    )
    assert offered.status_code == 200 and offered.json()["results"]

    response = client.post(
        NEW_TRAINING, _new_training(officer, three_people, [("40", "70"), ("50", "65"), ("60", "80")])
    )
    page = client.get(response["Location"]).content.decode()
    for person in three_people:
        # A saved row shows its person chosen, named as the autocomplete names them.
        assert f'<option value="{person.pk}" selected>{escape(person.picker_label)}</option>' in page


def test_a_person_listed_twice_is_one_error(officer, three_people):
    data = _new_training(officer, three_people, [("40", "70"), ("50", "65"), ("60", "80")])
    data["participations-2-person"] = data["participations-0-person"]

    response = signed_in(officer).post(NEW_TRAINING, data)

    assert response.status_code == 200
    assert "This row repeats another one: remove one of the two." in response.content.decode()
    assert not Activity.objects.filter(title="Profiling of synthetic opioids in parcels").exists()


def test_the_training_page_costs_the_same_queries_whatever_its_participants(officer):
    training = (
        TrainingDetail.objects.filter(activity__archived_at__isnull=True)
        .order_by("activity__start_date")
        .first()
    )
    client = signed_in(officer)
    url = reverse("flows:training", args=[training.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    present = Participation.objects.filter(activity=training.activity).values("person")
    for person in Person.objects.exclude(pk__in=present)[:5]:
        Participation.objects.create(
            activity=training.activity, person=person, pre_test_score=10, post_test_score=20
        )
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)


def test_the_training_page_costs_the_same_whatever_the_number_of_people(officer, countries):
    """At scale (a hundred thousand people) the page carries no list of them: its queries and its
    size do not grow with the people recorded."""
    training = (
        TrainingDetail.objects.filter(activity__archived_at__isnull=True)
        .order_by("activity__start_date")
        .first()
    )
    client = signed_in(officer)
    for url in (NEW_TRAINING, reverse("flows:training", args=[training.pk])):
        client.get(url)
        with CaptureQueriesContext(connection) as before:
            size_before = len(client.get(url).content)
        if url == NEW_TRAINING:
            Person.objects.bulk_create(
                Person(
                    first_name=f"Extrapicker{index:03}",
                    last_name="Scaletest",
                    gender=Person.Gender.FEMALE,
                    country=countries["PE"],
                    professional_category=Person.Category.POLICE,
                )
                for index in range(200)
            )
        with CaptureQueriesContext(connection) as after:
            response = client.get(url)
        assert len(after) == len(before), url
        page = response.content.decode()
        assert "Extrapicker" not in page and "Scaletest" not in page
        assert abs(len(response.content) - size_before) < 200, url  # the CSRF token varies


# --- the admin around the flows -------------------------------------------------------------------


def test_the_flows_are_linked_from_the_admin_home_and_lists(officer):
    client = signed_in(officer)
    for url in (
        reverse("admin:index"),
        reverse("admin:activities_activity_changelist"),
        reverse("admin:operations_operation_changelist"),
        reverse("admin:trainings_trainingdetail_changelist"),
    ):
        page = client.get(url).content.decode()
        assert f'href="{NEW_OPERATION}"' in page and f'href="{NEW_TRAINING}"' in page, url
    monitoring = signed_in(User.objects.get(username="monitoring"))
    assert NEW_OPERATION not in monitoring.get(reverse("admin:index")).content.decode()


def test_an_operation_and_its_activity_link_to_each_other(officer, azure):
    client = signed_in(officer)
    activity_page = client.get(reverse("admin:activities_activity_change", args=[azure.pk])).content.decode()
    operation_page = client.get(
        reverse("admin:operations_operation_change", args=[azure.pk])
    ).content.decode()
    assert reverse("admin:operations_operation_change", args=[azure.pk]) in activity_page
    assert reverse("admin:activities_activity_change", args=[azure.pk]) in operation_page
    assert reverse("flows:operation", args=[azure.pk]) in activity_page


def test_sections_that_do_not_apply_to_the_kind_are_not_shown(officer, azure):
    client = signed_in(officer)
    detail_prefix = 'id="training-group"'
    assert (
        detail_prefix
        not in client.get(reverse("admin:activities_activity_change", args=[azure.pk])).content.decode()
    )
    assert (
        detail_prefix
        not in client.get(reverse("admin:activities_activity_add") + "?kind=operation").content.decode()
    )
    training = TrainingDetail.objects.first()
    assert (
        detail_prefix
        in client.get(reverse("admin:activities_activity_change", args=[training.pk])).content.decode()
    )


def test_totals_read_as_a_person_writes_them():
    assert mass_total(Decimal("12.5"), 0) == "12.500 kg"
    assert mass_total(Decimal("12.5"), 1) == "12.500 kg, plus 1 seizure with no mass conversion"
    assert mass_total(Decimal("12.5"), 2) == "12.500 kg, plus 2 seizures with no mass conversion"
    assert mass_total(None, 1) == "no mass conversion for 1 seizure"
    assert mass_total(None, 0) == "—"
