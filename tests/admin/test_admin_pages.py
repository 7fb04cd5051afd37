"""Every admin page answers, every changelist costs the same queries whatever its length, and the
admin's save paths go through the services."""

import datetime
import inspect
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from activities.models import Activity
from countries.models import Country
from operations.models import Case, Operation, Seizure
from people.models import Participation, Person
from tests import factories
from trainings.models import TrainingDetail

pytestmark = pytest.mark.django_db

# The audit trail is written by database triggers, not by factories: tests/core/test_audit.py covers it.
REGISTERED_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label != "audit"),
    key=lambda model: model._meta.label,
)
FACTORIES = {
    factory_class._meta.model: factory_class
    for _name, factory_class in inspect.getmembers(factories, inspect.isclass)
    if issubclass(factory_class, factories.ServiceFactory) and not factory_class._meta.abstract
}
# Countries come from the ISO sync; more rows than the sync holds take user-assigned codes.
GROWTH_KWARGS = {Country: {"synthetic": True}}
ADDED_ROWS = 5


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.get(username="admin"))
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _an_existing(model):
    existing = model._default_manager.order_by("pk").first()
    return existing if existing is not None else FACTORIES[model]()


def test_every_registered_model_has_a_factory():
    assert set(REGISTERED_MODELS) <= set(FACTORIES), set(REGISTERED_MODELS) - set(FACTORIES)


def test_site_header_names_the_tracker(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "CRIMJUST programme tracker" in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_changelist_add_and_change_pages_answer(staff_client, model):
    existing = _an_existing(model)
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="admin")
    # A read-only log (security events) refuses its add page even to an administrator.
    add_status = 200 if admin.site._registry[model].has_add_permission(request) else 403
    for url, status in (
        (_url(model, "changelist"), 200),
        (_url(model, "add"), add_status),
        (_url(model, "change", existing.pk), 200),
    ):
        response = staff_client.get(url)
        assert response.status_code == status, url


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=lambda model: model._meta.label)
def test_changelist_queries_do_not_grow_with_rows(staff_client, model, monkeypatch):
    factory = FACTORIES[model]
    _an_existing(model)
    # Every row on one page, so that a query per row shows as more queries.
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 100_000)
    url = _url(model, "changelist")
    staff_client.get(url)  # caches warmed (content types, session)

    with CaptureQueriesContext(connection) as before:
        response = staff_client.get(url)
    rows_before = response.context["cl"].result_count

    factory.create_batch(ADDED_ROWS, **GROWTH_KWARGS.get(model, {}))
    with CaptureQueriesContext(connection) as after:
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= rows_before + ADDED_ROWS
    assert len(after) == len(before), "\n".join(query["sql"] for query in after.captured_queries)


# --- save paths ---------------------------------------------------------------------------------


def _management_data(response) -> dict:
    """The management form of every inline on a rendered add or change page, with no new rows."""
    data = {}
    for inline_admin_formset in response.context["inline_admin_formsets"]:
        formset = inline_admin_formset.formset
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": formset.initial_form_count(),
                f"{formset.prefix}-INITIAL_FORMS": formset.initial_form_count(),
                f"{formset.prefix}-MIN_NUM_FORMS": 0,
                f"{formset.prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for index, form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{index}-{formset.model._meta.pk.name}"] = form.instance.pk
            data[f"{formset.prefix}-{index}-{formset.fk.name}"] = formset.instance.pk
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None and name not in (formset.model._meta.pk.name, formset.fk.name):
                    data[f"{formset.prefix}-{index}-{name}"] = value
    return data


def _activity_data(**overrides) -> dict:
    return {
        "kind": Activity.Kind.WORKSHOP,
        "title": "Institutional integrity follow-up",
        "status": Activity.Status.COMPLETED,
        "start_date": "2017-02-01",
        "end_date": "2017-02-02",
        "modality": Activity.Modality.IN_PERSON,
        "scope": Activity.Scope.REGIONAL,
        **overrides,
    }


def _seizure_data(**overrides) -> dict:
    return {
        "reference": "ADMIN-TEST-SZ-1",
        "sensitivity": "normal",
        "date": "2021-10-20",
        "place": Seizure.Place.LAND_BORDER,
        "conveyance": Seizure.Conveyance.VEHICLE,
        "detection": Seizure.Detection.CONTROLLED_DELIVERY,
        "arrests": 2,
        "follow_up": Seizure.FollowUp.PROSECUTION,
        **overrides,
    }


def test_adding_a_seizure_in_tonnes_stores_the_mass_in_kg(staff_client):
    peru = factories.CountryFactory(iso2="PE")
    cannabis = factories.SubstanceFactory()
    response = staff_client.post(
        _url(Seizure, "add"),
        _seizure_data(country=peru.pk, substance=cannabis.pk, quantity="1.1", unit=Seizure.Unit.T),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    seizure = Seizure.objects.get(reference="ADMIN-TEST-SZ-1")
    assert seizure.mass_kg == Decimal("1100")
    assert seizure.mass_status == Seizure.MassStatus.COMPUTED


def test_a_seizure_without_a_conversion_shows_why(staff_client):
    seizure = factories.SeizureFactory(
        substance=factories.SubstanceFactory(density_kg_per_l=None),
        quantity=Decimal("3"),
        unit=Seizure.Unit.L,
    )
    assert seizure.mass_kg is None

    response = staff_client.get(_url(Seizure, "change", seizure.pk))

    assert str(Seizure.MassStatus.NO_DENSITY.label) in response.content.decode()


def test_an_activity_ending_before_it_starts_is_refused_on_the_field(staff_client):
    page = staff_client.get(_url(Activity, "add"))
    count = Activity.objects.count()

    response = staff_client.post(
        _url(Activity, "add"),
        {**_management_data(page), **_activity_data(start_date="2017-02-01", end_date="2017-01-31")},
    )

    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    assert Activity.objects.count() == count


def test_an_activity_keeps_its_host_among_its_countries(staff_client):
    panama = factories.CountryFactory(iso2="PA")
    ghana = factories.CountryFactory(iso2="GH")
    page = staff_client.get(_url(Activity, "add"))

    response = staff_client.post(
        _url(Activity, "add"),
        {**_management_data(page), **_activity_data(host_country=panama.pk, countries=[ghana.pk])},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(title="Institutional integrity follow-up")
    assert set(activity.countries.values_list("iso2", flat=True)) == {"PA", "GH"}


def test_a_participation_added_inline_goes_through_its_service(staff_client):
    activity = factories.ActivityFactory(host_country=factories.CountryFactory(iso2="PA"))
    person = factories.PersonFactory(country=factories.CountryFactory(iso2="CV"), gender=Person.Gender.FEMALE)
    url = _url(Activity, "change", activity.pk)
    page = staff_client.get(url)
    data = {
        **_management_data(page),
        **_activity_data(title=activity.title, start_date=activity.start_date, end_date=activity.end_date),
        "host_country": activity.host_country_id,
        "countries": list(activity.countries.values_list("pk", flat=True)),
        "participations-TOTAL_FORMS": 1,
        "participations-0-person": person.pk,
        "participations-0-role": Participation.Role.PARTICIPANT,
        "participations-0-days_attended": 2,
        "participations-0-completed": "on",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Participation.objects.filter(activity=activity, person=person).exists()
    # participation_save brings the participant's country into the activity.
    assert set(activity.countries.values_list("iso2", flat=True)) == {"PA", "CV"}
    figures = staff_client.get(url).context["adminform"].model_admin.figures(activity)
    assert figures == {"people": 1, "women": 1, "countries": 1, "participations": 1}


def test_a_refusal_by_a_service_is_shown_on_the_form_and_nothing_is_written(staff_client):
    factories.PersonFactory(email="ana.lopez@example.org")
    count = Person.objects.count()

    # The form finds no "ANA.Lopez@example.org"; person_save lowercases it, then refuses the duplicate.
    response = staff_client.post(
        _url(Person, "add"),
        {
            **_management_data(staff_client.get(_url(Person, "add"))),
            "first_name": "Ana",
            "last_name": "López",
            "gender": Person.Gender.FEMALE,
            "professional_category": Person.Category.PROSECUTOR,
            "country": factories.CountryFactory(iso2="PA").pk,
            "email": "ANA.Lopez@example.org",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Person.objects.count() == count


def test_a_case_keeps_its_lead_country_and_its_seizures_countries(staff_client):
    seizure = factories.SeizureFactory(country=factories.CountryFactory(iso2="CO"))
    peru = factories.CountryFactory(iso2="PE")
    ecuador = factories.CountryFactory(iso2="EC")

    response = staff_client.post(
        _url(Case, "add"),
        {
            "reference": "ADMIN-TEST-CASE-1",
            "sensitivity": "normal",
            "title": "Controlled delivery Peru–Bolivia",
            "stage": Case.Stage.INVESTIGATION,
            "opened_on": datetime.date(2021, 11, 2),
            "lead_country": peru.pk,
            "countries": [ecuador.pk],
            "seizures": [seizure.pk],
            "used_controlled_delivery": "on",
            "arrests": 2,
            "convictions": 0,
            "assets_seized_usd": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Case.objects.get(reference="ADMIN-TEST-CASE-1")
    assert set(case.countries.values_list("iso2", flat=True)) == {"PE", "CO", "EC"}


def test_a_user_added_with_a_role_and_countries(staff_client):
    panama = factories.CountryFactory(iso2="PA")
    page = staff_client.get(_url(User, "add"))

    response = staff_client.post(
        _url(User, "add"),
        {
            **_management_data(page),
            "username": "mission.panama",
            "usable_password": "true",
            "password1": "a-long-Passphrase-2026",
            "password2": "a-long-Passphrase-2026",
            "role": User.Role.MISSION_VIEWER,
            "countries": [panama.pk],
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="mission.panama")
    assert user.check_password("a-long-Passphrase-2026")
    assert list(user.countries.all()) == [panama]


def test_a_seizure_added_on_an_operation_goes_through_its_service(staff_client):
    operation = factories.OperationFactory()
    peru = operation.participants.get(country__iso2="PE").country
    url = _url(Operation, "change", operation.pk)
    data = _management_data(staff_client.get(url))
    new = f"seizures-{data['seizures-TOTAL_FORMS']}"
    data.update(
        {
            "code_name": operation.code_name,
            "target": operation.target,
            "sensitivity": operation.sensitivity,
            "seizures-TOTAL_FORMS": data["seizures-TOTAL_FORMS"] + 1,
            f"{new}-reference": "ADMIN-TEST-SZ-3",
            f"{new}-date": operation.activity.start_date,
            f"{new}-country": peru.pk,
            f"{new}-place": Seizure.Place.COURIER_HUB,
            f"{new}-substance": factories.SubstanceFactory().pk,
            f"{new}-quantity": "250",
            f"{new}-unit": Seizure.Unit.G,
            f"{new}-conveyance": Seizure.Conveyance.COURIER,
            f"{new}-detection": Seizure.Detection.PROFILING,
            f"{new}-arrests": 1,
            f"{new}-follow_up": Seizure.FollowUp.INVESTIGATION,
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    seizure = Seizure.objects.get(reference="ADMIN-TEST-SZ-3")
    assert (seizure.operation, seizure.mass_kg) == (operation, Decimal("0.25"))


def test_a_training_is_added_with_its_detail_inline(staff_client):
    page = staff_client.get(_url(Activity, "add"))

    response = staff_client.post(
        _url(Activity, "add"),
        {
            **_management_data(page),
            **_activity_data(kind=Activity.Kind.TRAINING, title="Raman device training"),
            "training-TOTAL_FORMS": 1,
            "training-0-level": TrainingDetail.Level.ADVANCED,
            "training-0-hours": 16,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    detail = TrainingDetail.objects.get(activity__title="Raman device training")
    assert (detail.level, detail.hours) == (TrainingDetail.Level.ADVANCED, 16)


@pytest.mark.parametrize(
    ("model", "add_rows"),
    [
        pytest.param(
            Activity,
            lambda activity: factories.ParticipationFactory.create_batch(ADDED_ROWS, activity=activity),
            id="activity-participations",
        ),
        pytest.param(
            Person,
            lambda person: factories.ParticipationFactory.create_batch(ADDED_ROWS, person=person),
            id="person-participations",
        ),
        pytest.param(
            Operation,
            lambda operation: factories.SeizureFactory.create_batch(ADDED_ROWS, operation=operation),
            id="operation-seizures",
        ),
        pytest.param(
            Case,
            lambda case: case.seizures.add(*factories.SeizureFactory.create_batch(ADDED_ROWS)),
            id="case-seizures",
        ),
    ],
)
def test_change_page_queries_do_not_grow_with_inline_rows(staff_client, model, add_rows):
    obj = FACTORIES[model]()
    add_rows(obj)
    url = _url(model, "change", obj.pk)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as before:
        staff_client.get(url)

    add_rows(obj)
    with CaptureQueriesContext(connection) as after:
        response = staff_client.get(url)

    assert response.status_code == 200
    assert len(after) == len(before), "\n".join(query["sql"] for query in after.captured_queries)
