"""The audit trail: every write to a programme table, bulk ones included, is on record with who,
when, why, and the values before and after; the admin shows it."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.utils import InternalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ApiKey, User
from activities.models import Topic
from audit.history import record_history
from audit.models import EVENT_MODELS
from core.audit import audit_context
from countries.models import Country
from demo.synthetic import synthetic_generate
from operations.models import Seizure, Substance
from operations.services import seizure_create, seizure_save
from tests import factories

pytestmark = pytest.mark.django_db

TRACKED_APPS = ("countries", "activities", "people", "trainings", "operations")
SeizureEvent = EVENT_MODELS[Seizure]


@pytest.fixture
def admin_user():
    return User.objects.get(username="admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _a_seizure(reference="AUDIT-SZ-1", **fields) -> Seizure:
    return seizure_create(
        reference=reference,
        date=datetime.date(2023, 3, 14),
        country=Country.objects.get(iso2="PE"),
        place=Seizure.Place.AIRPORT,
        substance=Substance.objects.get(name="Cocaine hydrochloride"),
        quantity=Decimal("2.5"),
        unit=Seizure.Unit.KG,
        conveyance=Seizure.Conveyance.AIR_PASSENGER,
        detection=Seizure.Detection.PROFILING,
        **fields,
    )


def _events(record, label=None):
    events = EVENT_MODELS[type(record)].objects.filter(pgh_obj_id=record.pk).order_by("pgh_id")
    return events.filter(pgh_label=label) if label else events


def _context_of(event) -> dict:
    return event.pgh_context.metadata if event.pgh_context_id else {}


def test_every_programme_table_and_link_table_is_tracked():
    models = [model for label in TRACKED_APPS for model in apps.get_app_config(label).get_models()]
    # A rollup of the seizures, written by their triggers: its history is the seizures'.
    models.remove(apps.get_model("operations", "OperationFigures"))
    models += [User, ApiKey]
    links = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    assert set(models + links) <= set(EVENT_MODELS), set(models + links) - set(EVENT_MODELS)


def test_secrets_and_usage_stamps_are_not_snapshotted():
    user_fields = {field.name for field in EVENT_MODELS[User]._meta.fields}
    key_fields = {field.name for field in EVENT_MODELS[ApiKey]._meta.fields}
    assert {"username", "role"} <= user_fields
    assert not {"password", "last_login"} & user_fields
    assert {"name", "prefix"} <= key_fields
    assert not {"key_hash", "last_used_at"} & key_fields


def test_a_service_write_is_recorded_with_its_user_and_links(admin_user):
    with audit_context(user=admin_user):
        seizure = _a_seizure(transit_countries=[Country.objects.get(iso2="BR")])

    (insert,) = _events(seizure)
    assert insert.pgh_label == "insert"
    assert (insert.reference, insert.quantity, insert.country_id) == (
        "AUDIT-SZ-1",
        Decimal("2.5"),
        seizure.country_id,
    )
    assert _context_of(insert)["user"] == admin_user.pk
    link = EVENT_MODELS[Seizure.transit_countries.through].objects.get(seizure_id=seizure.pk)
    assert (link.pgh_label, link.country_id) == ("insert", Country.objects.get(iso2="BR").pk)


def test_an_update_keeps_the_values_before_and_after(admin_user):
    seizure = _a_seizure()
    seizure.arrests, seizure.notes = 3, "Courier detained."
    with audit_context(user=admin_user, reason="Report of 15 March"):
        seizure_save(seizure=seizure)

    latest = record_history(seizure).first()
    assert latest.pgh_label == "update"
    assert latest.pgh_diff["arrests"] == [0, 3]
    assert latest.pgh_diff["notes"] == ["", "Courier detained."]
    assert (latest.user_id, latest.reason) == (admin_user.pk, "Report of 15 March")
    assert latest.pgh_data["arrests"] == 3


def test_a_save_that_changes_nothing_writes_no_event():
    seizure = _a_seizure()
    seizure_save(seizure=Seizure.objects.get(pk=seizure.pk))
    assert [event.pgh_label for event in _events(seizure)] == ["insert"]


def test_a_bulk_update_records_every_row_under_one_context(admin_user):
    seizures = [_a_seizure(f"AUDIT-BULK-{n}") for n in range(3)]
    with audit_context(user=admin_user, reason="Bulk correction"):
        updated = Seizure.objects.filter(reference__startswith="AUDIT-BULK-").update(
            follow_up=Seizure.FollowUp.PROSECUTION
        )

    assert updated == 3
    updates = SeizureEvent.objects.filter(pgh_obj_id__in=[s.pk for s in seizures], pgh_label="update")
    assert updates.count() == 3
    assert {event.pgh_context_id for event in updates} != {None}
    assert len({event.pgh_context_id for event in updates}) == 1
    assert _context_of(updates[0]) == {"user": admin_user.pk, "reason": "Bulk correction"}
    diff = record_history(seizures[0]).first().pgh_diff
    assert diff["follow_up"] == [Seizure.FollowUp.NONE, Seizure.FollowUp.PROSECUTION]


def test_bulk_create_and_raw_sql_are_recorded():
    topics = Topic.objects.bulk_create([Topic(name="audit bulk one"), Topic(name="audit bulk two")])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_topic SET name = 'audit raw' WHERE id = %s", [topics[0].pk])
        cursor.execute("DELETE FROM activities_topic WHERE id = %s", [topics[1].pk])

    assert [event.pgh_label for event in _events(topics[0])] == ["insert", "update"]
    assert _events(topics[0]).last().name == "audit raw"
    assert [(event.pgh_label, event.name) for event in _events(topics[1])] == [
        ("insert", "audit bulk two"),
        ("delete", "audit bulk two"),
    ]


def test_the_trail_cannot_be_edited():
    seizure = _a_seizure()
    with pytest.raises(InternalError), transaction.atomic():
        _events(seizure).update(notes="rewritten")
    with pytest.raises(InternalError), transaction.atomic():
        _events(seizure).delete()


def _change_form_data(response) -> dict:
    """What the change form would post back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[name] = [str(item) for item in value] if isinstance(value, (list, tuple)) else str(value)
    return data


def test_an_admin_save_is_recorded_with_the_user_and_the_page(admin_client, admin_user):
    seizure = _a_seizure()
    url = reverse("admin:operations_seizure_change", args=[seizure.pk])
    data = _change_form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "arrests": "4", "location": "Jorge Chávez airport"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    update = _events(seizure, "update").get()
    assert (update.arrests, update.location) == (4, "Jorge Chávez airport")
    assert _context_of(update) == {"user": admin_user.pk, "url": url}


def test_the_history_page_shows_who_changed_what(admin_client, admin_user):
    seizure = _a_seizure(transit_countries=[Country.objects.get(iso2="BR")])
    seizure.arrests = 2
    with audit_context(user=admin_user, reason="Court file received"):
        seizure_save(seizure=seizure)

    response = admin_client.get(reverse("admin:operations_seizure_history", args=[seizure.pk]))

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [entry.action for entry in entries] == ["changed", "added", "created"]
    changed = entries[0]
    assert (changed.user, changed.reason) == ("admin", "Court file received")
    assert [(c.label, c.before, c.after) for c in changed.changes] == [("Arrests", "0", "2")]
    assert [(c.label, c.after) for c in entries[1].changes] == [("Transit countries", "Brazil")]
    created = {change.label: change.after for change in entries[2].changes}
    assert created["Country"] == "Peru"
    assert created["Unit"] == "kilograms"
    content = response.content.decode()
    assert "Court file received" in content
    assert reverse("admin:audit_auditevent_changelist") in content


def test_an_activity_history_includes_its_parts(admin_client):
    participation = factories.ParticipationFactory()

    response = admin_client.get(
        reverse("admin:activities_activity_history", args=[participation.activity_id])
    )

    subjects = {entry.subject for entry in response.context["entries"]}
    assert f"Participation #{participation.pk}" in subjects


@pytest.mark.parametrize(("username", "status"), [("admin", 200), ("monitoring", 200), ("officer", 403)])
def test_the_audit_trail_is_for_administrators_and_monitoring_officers(client, username, status):
    _a_seizure()
    client.force_login(User.objects.get(username=username))

    response = client.get(reverse("admin:audit_auditevent_changelist"))

    assert response.status_code == status


def test_the_audit_trail_filters_by_record(admin_client):
    seizure = _a_seizure()

    response = admin_client.get(
        reverse("admin:audit_auditevent_changelist"),
        {"method": "tracks", "obj": f"operations.Seizure:{seizure.pk}"},
    )

    assert response.status_code == 200
    assert [event.pgh_obj_id for event in response.context["cl"].result_list] == [str(seizure.pk)]


def test_synthetic_benchmark_data_is_not_audited():
    before = {model: event_model.objects.count() for model, event_model in EVENT_MODELS.items()}

    summary = synthetic_generate(
        activities=5, people=10, participations=20, seizures=50, cases=5, batch_size=16
    )

    assert summary.rows(Seizure) == 50
    assert {model: event_model.objects.count() for model, event_model in EVENT_MODELS.items()} == before
    # The switch ended with the run: the next write is on record again.
    topic = Topic.objects.create(name="audited after the synthetic run")
    assert _events(topic).count() == 1


def _queries_of(client, url, params=None) -> int:
    client.get(url, params)  # caches warmed (content types, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_the_audit_trail_list_costs_the_same_queries_whatever_its_length(admin_client, admin_user):
    url = reverse("admin:audit_auditevent_changelist")
    params = {"model": "operations.Seizure"}
    with audit_context(user=admin_user):
        _a_seizure("AUDIT-COUNT-0")
    before = _queries_of(admin_client, url, params)

    for user in User.objects.filter(is_staff=True):
        with audit_context(user=user):
            _a_seizure(f"AUDIT-COUNT-{user.pk}")

    assert _queries_of(admin_client, url, params) == before


def test_the_history_page_costs_the_same_queries_whatever_its_length(admin_client, admin_user):
    # One query per model the values refer to (countries, substances, users), none per event.
    with audit_context(user=admin_user):
        seizure = _a_seizure(transit_countries=[Country.objects.get(iso2="BR")])
    url = reverse("admin:operations_seizure_history", args=[seizure.pk])
    before = _queries_of(admin_client, url)

    for user in User.objects.filter(is_staff=True):
        seizure.arrests += 1
        seizure.transit_countries.add(Country.objects.exclude(pk__in=seizure.transit_countries.all()).first())
        with audit_context(user=user):
            seizure_save(seizure=seizure)

    assert _queries_of(admin_client, url) == before
