"""Two records of one person merged by an administrator: participations moved (the richer record
kept where both attended the same activity, the other reported), every other reference moved, the
history kept in one audited context, and API sync clients told (the kept person changed, the other
in the deletions feed). Nobody else may merge."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import SecurityEvent, User
from activities.models import Activity
from activities.services import activity_create
from audit.models import EVENT_MODELS
from core.access import Action, can
from core.versions import record_version
from countries.models import Agency, Country
from people.models import Participation, Person
from people.selectors import person_merge_plan, person_references
from people.services import participation_create, person_create, person_merge
from sync.models import Deletion
from tests import factories
from trainings.models import TrainingModule

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 9, 6)


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


def _training(title: str) -> Activity:
    return activity_create(kind=Activity.Kind.TRAINING, title=title, start_date=DAY, end_date=DAY)


@pytest.fixture
def twins(peru):
    """One official recorded twice: the second with an e-mail and a phone the first lacks."""
    agency = Agency.objects.filter(country=peru).first()
    first = person_create(
        first_name="Rosa",
        last_name="Huamán Merge",
        country=peru,
        agency=agency,
        professional_category=Person.Category.POLICE,
    )
    second = person_create(
        first_name="Rosa",
        last_name="Huaman Merge",
        country=peru,
        agency=agency,
        professional_category=Person.Category.POLICE,
        email="rosa.huaman@example.org",
        phone="+51 1 555 0101",
    )
    return first, second


@pytest.fixture
def attended(twins):
    """Each attended a training of their own, and both the same one: the second's record of it has
    scores, the first's none."""
    first, second = twins
    shared = _training("Shared training")
    return {
        "first_only": participation_create(person=first, activity=_training("First's training")),
        "second_only": participation_create(
            person=second, activity=_training("Second's training"), days_attended=1
        ),
        "shared_first": participation_create(person=first, activity=shared),
        "shared_second": participation_create(
            person=second,
            activity=shared,
            days_attended=1,
            pre_test_score=Decimal("40"),
            post_test_score=Decimal("80"),
        ),
    }


def test_participations_move_and_the_richer_record_of_a_shared_activity_stays(admin, twins, attended):
    first, second = twins
    result = person_merge(keep=first, other=second, user=admin)

    assert not Person.objects.filter(pk=second.pk).exists()
    kept = set(Participation.objects.filter(person=first).values_list("pk", flat=True))
    assert kept == {attended["first_only"].pk, attended["second_only"].pk, attended["shared_second"].pk}
    # The first's record of the shared training had no scores: it went, and is reported.
    assert not Participation.objects.filter(pk=attended["shared_first"].pk).exists()
    assert [p.pk for p in result.discarded] == [attended["shared_first"].pk]
    # The kept person's blanks took the other's values.
    first.refresh_from_db()
    assert (first.email, first.phone) == ("rosa.huaman@example.org", "+51 1 555 0101")


def test_an_equal_record_of_the_kept_person_stays(admin, twins):
    first, second = twins
    shared = _training("Equal training")
    mine = participation_create(person=first, activity=shared, days_attended=1)
    theirs = participation_create(person=second, activity=shared, days_attended=1)
    result = person_merge(keep=first, other=second, user=admin)
    assert list(Participation.objects.filter(activity=shared).values_list("pk", flat=True)) == [mine.pk]
    assert [p.pk for p in result.discarded] == [theirs.pk]


def test_other_references_move_too(admin, twins):
    first, second = twins
    assert (TrainingModule, "trainer") in person_references()
    training = factories.TrainingDetailFactory()
    module = TrainingModule.objects.create(training=training, order=1, title="Profiling", trainer=second)
    person_merge(keep=first, other=second, user=admin)
    module.refresh_from_db()
    assert module.trainer_id == first.pk


def test_the_merge_is_one_audited_context(admin, twins, attended):
    first, second = twins
    person_merge(keep=first, other=second, user=admin, reason="Recorded twice at the Lima training")
    deleted = EVENT_MODELS[Person].objects.get(pgh_obj_id=second.pk, pgh_label="delete")
    moved = EVENT_MODELS[Participation].objects.get(pgh_obj_id=attended["second_only"].pk, pgh_label="update")
    assert deleted.pgh_context_id == moved.pgh_context_id is not None
    metadata = deleted.pgh_context.metadata
    assert metadata["merge_kept"] == first.pk and metadata["merge_other"] == second.pk
    assert metadata["reason"] == "Recorded twice at the Lima training" and metadata["user"] == admin.pk
    # The deleted record's last values stay in the trail.
    assert deleted.email == "rosa.huaman@example.org"
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.HARD_DELETE, detail__pk=second.pk).exists()


def test_sync_clients_see_the_other_deleted_and_the_kept_person_changed(admin, twins, attended):
    first, second = twins
    since = (timezone.now() - datetime.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    before = first.updated_at
    person_merge(keep=first, other=second, user=admin)
    first.refresh_from_db()
    assert first.updated_at > before

    client = APIClient()
    client.force_authenticate(admin)
    deletions = client.get("/api/v1/deletions/", {"modified_since": since, "type": "person"}).json()
    assert second.pk in [row["id"] for row in deletions["results"]]
    assert Deletion.objects.filter(type="participation", record_id=attended["shared_first"].pk).exists()
    changed = client.get("/api/v1/people/", {"modified_since": since, "page_size": 500}).json()
    assert first.pk in [row["id"] for row in changed["results"]]
    moved = client.get(
        "/api/v1/participations/", {"modified_since": since, "person": first.pk, "page_size": 500}
    ).json()
    assert attended["second_only"].pk in [row["id"] for row in moved["results"]]


def test_only_administrators_merge(twins):
    first, second = twins
    for username in ("officer", "monitoring", "mission-pe"):
        user = User.objects.get(username=username)
        assert not can(user, Action.MERGE, first)
        with pytest.raises(PermissionDenied):
            person_merge(keep=first, other=second, user=user)
    assert can(User.objects.get(username="admin"), Action.MERGE, first)
    assert not can(User.objects.get(username="admin"), Action.MERGE, Activity.objects.first())
    assert Person.objects.filter(pk=second.pk).exists()


def test_a_merge_of_people_changed_since_the_preview_is_refused(admin, twins):
    first, second = twins
    versions = {first.pk: record_version(first), second.pk: record_version(second)}
    Person.objects.filter(pk=second.pk).update(updated_at=timezone.now(), job_title="Inspector")
    with pytest.raises(ValidationError):
        person_merge(keep=first, other=second, user=admin, versions=versions)
    assert Person.objects.filter(pk=second.pk).exists()
    with pytest.raises(ValidationError):
        person_merge(keep=first, other=first, user=admin)


# --- the admin -----------------------------------------------------------------------------------


def _action(client, people, **extra):
    return client.post(
        reverse("admin:people_person_changelist"),
        {"action": "merge_two_people", "_selected_action": [p.pk for p in people], **extra},
    )


def test_the_admin_previews_then_merges(client, admin, twins, attended):
    first, second = twins
    client.force_login(admin)
    preview = _action(client, twins)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert first.picker_label in page and second.picker_label in page
    assert "Shared training" in page  # the shared activity, in the preview of each choice
    assert Person.objects.filter(pk=second.pk).exists()

    plan = person_merge_plan(keep=first, other=second)
    done = _action(
        client,
        twins,
        post="yes",
        keep=first.pk,
        reason="Twice on the attendance sheet",
        **{f"version_{p.pk}": record_version(p) for p in twins},
    )
    assert done.status_code == 302 and done["Location"] == reverse(
        "admin:people_person_change", args=[first.pk]
    )
    assert not Person.objects.filter(pk=second.pk).exists()
    assert Participation.objects.filter(person=first).count() == 3 == len(plan.moved) + 1 + 1
    messages = [str(message) for message in done.wsgi_request._messages]
    assert any("Shared training" in message for message in messages)  # the discarded record reported


def test_the_merge_action_is_offered_to_administrators_only(client, twins):
    officer = User.objects.get(username="officer")
    client.force_login(officer)
    page = client.get(reverse("admin:people_person_changelist")).content.decode()
    assert "merge_two_people" not in page
    response = _action(client, twins, post="yes", keep=twins[0].pk)
    assert Person.objects.filter(pk=twins[1].pk).exists()
    assert response.status_code in (200, 302)


def test_the_action_wants_exactly_two_people(client, admin, twins, peru):
    third = person_create(
        first_name="Rosa", last_name="Third", country=peru, professional_category=Person.Category.POLICE
    )
    client.force_login(admin)
    response = _action(client, [*twins, third])
    assert response.status_code == 302
    assert Person.objects.filter(pk__in=[p.pk for p in (*twins, third)]).count() == 3
