"""Archive instead of delete: activities, people, seizures and cases are archived, restored by an
administrator, and deleted for good only by an administrator's explicit, audited action."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import SecurityEvent, User
from activities.models import Activity
from audit.history import record_history
from audit.models import EVENT_MODELS
from core.archive import record_archive, record_hard_delete, record_restore
from countries.models import Country
from operations.models import Case, Seizure, Substance
from operations.services import seizure_create
from people.models import Person
from tests import factories

pytestmark = pytest.mark.django_db

ARCHIVABLE = (Activity, Person, Seizure, Case)


def _user(username) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def administrator():
    return _user("admin")


@pytest.fixture
def officer():
    return _user("officer")


@pytest.fixture
def seizure():
    return seizure_create(
        reference="ARCHIVE-SZ-1",
        date=datetime.date(2023, 3, 14),
        country=Country.objects.get(iso2="PE"),
        place=Seizure.Place.SEAPORT,
        substance=Substance.objects.get(name="Cocaine hydrochloride"),
        quantity=Decimal("120"),
        unit=Seizure.Unit.KG,
        conveyance=Seizure.Conveyance.CONTAINER,
        detection=Seizure.Detection.SCANNER,
    )


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- the services ------------------------------------------------------------------------------


def test_archiving_keeps_the_record_and_says_who_and_when(seizure, officer):
    record_archive(record=seizure, user=officer)

    seizure.refresh_from_db()
    assert seizure.is_archived
    assert seizure.archived_by == officer
    assert seizure.archived_at <= datetime.datetime.now(datetime.UTC)
    latest = record_history(seizure).first()
    assert latest.pgh_label == "update"
    assert latest.pgh_diff["archived_by_id"] == [None, officer.pk]
    assert latest.user_id == officer.pk


def test_archiving_twice_changes_nothing(seizure, officer, administrator):
    record_archive(record=seizure, user=officer)
    record_archive(record=seizure, user=administrator)

    seizure.refresh_from_db()
    assert seizure.archived_by == officer
    assert record_history(seizure).filter(pgh_label="update").count() == 1


def test_a_monitoring_officer_cannot_archive(seizure):
    with pytest.raises(PermissionDenied):
        record_archive(record=seizure, user=_user("monitoring"))
    seizure.refresh_from_db()
    assert not seizure.is_archived


def test_an_administrator_restores_and_it_is_a_security_event(seizure, officer, administrator):
    record_archive(record=seizure, user=officer)

    record_restore(record=seizure, user=administrator)

    seizure.refresh_from_db()
    assert (seizure.archived_at, seizure.archived_by) == (None, None)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RESTORE)
    assert event.user == administrator
    assert event.detail == {"model": "operations.Seizure", "pk": seizure.pk, "record": "ARCHIVE-SZ-1"}


def test_only_an_administrator_restores(seizure, officer):
    record_archive(record=seizure, user=officer)
    with pytest.raises(PermissionDenied):
        record_restore(record=seizure, user=officer)
    seizure.refresh_from_db()
    assert seizure.is_archived


def test_a_hard_delete_is_audited_with_the_user_and_the_reason(seizure, administrator):
    pk = seizure.pk

    deleted = record_hard_delete(record=seizure, user=administrator, reason="Entered twice by mistake")

    assert deleted == {"operations.Seizure": 1}
    assert not Seizure.objects.filter(pk=pk).exists()
    event = EVENT_MODELS[Seizure].objects.get(pgh_obj_id=pk, pgh_label="delete")
    assert (event.reference, event.quantity) == ("ARCHIVE-SZ-1", Decimal("120"))
    assert event.pgh_context.metadata == {"user": administrator.pk, "reason": "Entered twice by mistake"}
    security = SecurityEvent.objects.get(kind=SecurityEvent.Kind.HARD_DELETE)
    assert security.user == administrator
    assert security.detail["reason"] == "Entered twice by mistake"
    assert security.detail["deleted"] == {"operations.Seizure": 1}


@pytest.mark.parametrize("username", ["officer", "monitoring"])
def test_only_an_administrator_deletes_for_good(seizure, username):
    with pytest.raises(PermissionDenied):
        record_hard_delete(record=seizure, user=_user(username), reason="Duplicate")
    assert Seizure.objects.filter(pk=seizure.pk).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.HARD_DELETE).exists()


def test_a_hard_delete_needs_a_reason(seizure, administrator):
    with pytest.raises(ValidationError) as excinfo:
        record_hard_delete(record=seizure, user=administrator, reason="  ")
    assert set(excinfo.value.message_dict) == {"reason"}
    assert Seizure.objects.filter(pk=seizure.pk).exists()


def test_a_person_who_attended_cannot_be_deleted_for_good(administrator):
    participation = factories.ParticipationFactory()

    with pytest.raises(ValidationError) as excinfo:
        record_hard_delete(record=participation.person, user=administrator, reason="Duplicate")

    assert "cannot be deleted" in excinfo.value.messages[0]
    assert Person.objects.filter(pk=participation.person_id).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.HARD_DELETE).exists()


def test_a_hard_deleted_activity_takes_its_parts_with_it_on_record(administrator):
    participation = factories.ParticipationFactory()
    activity = participation.activity

    deleted = record_hard_delete(record=activity, user=administrator, reason="Test activity")

    assert deleted["people.Participation"] == 1
    gone = EVENT_MODELS[type(participation)].objects.get(pgh_obj_id=participation.pk, pgh_label="delete")
    assert gone.pgh_context.metadata["reason"] == "Test activity"


# --- the admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_deleting_a_seizure_in_the_admin_archives_it(admin_client, seizure, administrator):
    url = _url(Seizure, "delete", seizure.pk)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Archive the seizure" in page.content.decode()

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    seizure.refresh_from_db()
    assert seizure.is_archived
    assert seizure.archived_by == administrator


def test_the_changelist_hides_archived_records_unless_asked(admin_client, seizure, officer):
    record_archive(record=seizure, user=officer)
    url = _url(Seizure, "changelist")

    shown = admin_client.get(url, {"q": "ARCHIVE-SZ"}).context["cl"].result_list
    archived = admin_client.get(url, {"q": "ARCHIVE-SZ", "archived": "yes"}).context["cl"].result_list

    assert list(shown) == []
    assert list(archived) == [seizure]


def test_the_archive_actions_replace_delete_selected(rf, administrator, officer):
    model_admin = admin.site._registry[Seizure]
    request = rf.get("/")

    request.user = administrator
    assert {"archive_selected", "restore_selected", "hard_delete_selected"} <= set(
        model_admin.get_actions(request)
    )
    assert "delete_selected" not in model_admin.get_actions(request)
    request.user = officer
    assert set(model_admin.get_actions(request)) & {
        "archive_selected",
        "restore_selected",
        "hard_delete_selected",
    } == {"archive_selected"}


def test_archive_and_restore_selected(admin_client, seizure):
    url = _url(Seizure, "changelist")

    admin_client.post(url, {"action": "archive_selected", "_selected_action": [seizure.pk]})
    seizure.refresh_from_db()
    assert seizure.is_archived

    admin_client.post(f"{url}?archived=yes", {"action": "restore_selected", "_selected_action": [seizure.pk]})
    seizure.refresh_from_db()
    assert not seizure.is_archived


def test_delete_selected_permanently_asks_for_a_reason(admin_client, seizure):
    url = _url(Seizure, "changelist")
    chosen = {"action": "hard_delete_selected", "_selected_action": [seizure.pk]}

    page = admin_client.post(url, chosen)
    assert page.status_code == 200
    assert "reason" in page.context["form"].fields
    refused = admin_client.post(url, {**chosen, "post": "yes", "reason": ""})
    assert refused.status_code == 200
    assert Seizure.objects.filter(pk=seizure.pk).exists()

    response = admin_client.post(url, {**chosen, "post": "yes", "reason": "Test data"})

    assert response.status_code == 302
    assert not Seizure.objects.filter(pk=seizure.pk).exists()
    event = EVENT_MODELS[Seizure].objects.get(pgh_obj_id=seizure.pk, pgh_label="delete")
    assert event.pgh_context.metadata["reason"] == "Test data"
    assert event.pgh_context.metadata["url"] == url


def test_an_archived_record_page_offers_restore_and_permanent_delete(admin_client, seizure, officer):
    record_archive(record=seizure, user=officer)
    url = _url(Seizure, "delete", seizure.pk)

    page = admin_client.get(url)
    assert page.status_code == 200
    assert (page.context["may_restore"], page.context["may_delete"]) == (True, True)

    admin_client.post(url, {"_restore": "1"})
    seizure.refresh_from_db()
    assert not seizure.is_archived

    record_archive(record=seizure, user=officer)
    admin_client.post(url, {"_hard_delete": "1", "reason": "Duplicate of SZ-2022-DO-001"})
    assert not Seizure.objects.filter(pk=seizure.pk).exists()


def test_an_officer_archives_but_sees_no_permanent_delete(client, seizure, officer):
    client.force_login(officer)

    client.post(_url(Seizure, "delete", seizure.pk), {"post": "yes"})
    client.post(
        _url(Seizure, "changelist") + "?archived=yes",
        {"action": "hard_delete_selected", "_selected_action": [seizure.pk], "post": "yes", "reason": "x"},
    )

    seizure.refresh_from_db()
    assert seizure.is_archived


def test_an_archived_seizure_leaves_the_operation_figures(client, administrator):
    from django.urls import reverse

    from operations.models import Operation

    operation = Operation.objects.get(code_name="Azure")
    admin_page = reverse("admin:operations_operation_change", args=[operation.pk])
    client.force_login(administrator)
    assert client.get(admin_page).context["adminform"].form.instance.pk == operation.pk
    record_archive(record=operation.seizures.order_by("pk").first(), user=administrator)
    figures = client.get(admin_page).context["adminform"].model_admin.get_figures(operation)
    assert figures["seizures"] == 124
