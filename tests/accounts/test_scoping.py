"""Object-level scoping: out-of-scope records answer 404, restricted ones are withheld."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse

from accounts.models import User
from core.access import Action, can, get_visible_or_404, visible
from core.models import Sensitivity
from core.suppression import Suppressed
from countries.models import Country
from operations.models import Case, Operation, Seizure
from operations.selectors import operation_get, seizure_list
from people.models import Participation, Person
from stats.selectors import NO_FILTERS, StatsFilters, participant_stats
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


def test_mission_viewer_sees_own_country_seizures_only(mission, peru):
    seizures = seizure_list(user=mission)
    assert seizures.exists()
    assert set(seizures.values_list("country__iso2", flat=True)) == {"PE"}
    own = seizures.first()
    assert get_visible_or_404(Seizure, mission, own.pk) == own


def test_another_countrys_seizure_is_a_404(mission):
    other = Seizure.objects.exclude(country__iso2="PE").first()
    with pytest.raises(Http404):
        get_visible_or_404(Seizure, mission, other.pk)


def test_any_person_is_a_404_for_a_mission_viewer(mission, peru):
    person = Person.objects.filter(country=peru).first()
    with pytest.raises(Http404):
        get_visible_or_404(Person, mission, person.pk)
    assert not visible(Person, mission).exists()


def test_restricted_seizure_is_a_404_until_released(mission, peru):
    seizure = Seizure.objects.filter(country=peru).first()
    seizure.sensitivity = Sensitivity.RESTRICTED
    seizure.save()
    with pytest.raises(Http404):
        get_visible_or_404(Seizure, mission, seizure.pk)
    assert get_visible_or_404(Seizure, User.objects.get(username="monitoring"), seizure.pk) == seizure

    seizure.restricted_until = datetime.date.today() + datetime.timedelta(days=1)
    seizure.save()
    with pytest.raises(Http404):
        get_visible_or_404(Seizure, mission, seizure.pk)
    seizure.restricted_until = datetime.date.today()
    seizure.save()
    assert get_visible_or_404(Seizure, mission, seizure.pk) == seizure


def test_a_restricted_operation_withholds_its_seizures_and_activity(mission, peru):
    operation = Operation.objects.get(code_name="Azure")
    before = seizure_list(user=mission).count()
    in_operation = seizure_list(user=mission).filter(operation=operation).count()
    assert in_operation > 0
    Operation.objects.filter(pk=operation.pk).update(sensitivity=Sensitivity.RESTRICTED)
    assert seizure_list(user=mission).count() == before - in_operation
    with pytest.raises(Http404):
        operation_get(user=mission, pk=operation.pk)
    assert not visible(type(operation.activity), mission).filter(pk=operation.activity_id).exists()


def test_restricted_records_leave_aggregates(mission):
    total = seizure_list(user=mission).count()
    Seizure.objects.filter(pk=seizure_list(user=mission).first().pk).update(
        sensitivity=Sensitivity.RESTRICTED
    )
    assert seizure_list(user=mission).count() == total - 1


def test_archived_records_leave_lists(mission):
    case = Case.objects.filter(countries__iso2="PE").first()
    assert get_visible_or_404(Case, mission, case.pk) == case
    Case.objects.filter(pk=case.pk).update(archived_at=datetime.datetime.now(datetime.UTC))
    with pytest.raises(Http404):
        get_visible_or_404(Case, mission, case.pk)


def test_officer_limited_to_a_region_edits_only_its_countries():
    officer = User.objects.create(username="officer-lac", role=User.Role.OFFICER, is_staff=True)
    officer.regions = ["Latin America and the Caribbean"]
    officer.save()
    peru_seizure = Seizure.objects.filter(country__iso2="PE").first()
    nigeria_seizure = Seizure.objects.filter(country__iso2="NG").first()
    assert can(officer, Action.UPDATE, peru_seizure)
    assert not can(officer, Action.UPDATE, nigeria_seizure)
    assert can(officer, Action.VIEW, nigeria_seizure)


def test_officer_limited_to_a_region_cannot_open_other_records_for_change(client):
    # A factory account: exempt from the second factor, as force_login gives none.
    officer = factories.UserFactory(
        username="officer-lac2",
        role=User.Role.OFFICER,
        is_staff=True,
        regions=["Latin America and the Caribbean"],
    )
    client.force_login(officer)
    nigeria_seizure = Seizure.objects.filter(country__iso2="NG").first()
    url = reverse("admin:operations_seizure_change", args=[nigeria_seizure.pk])
    response = client.get(url)
    assert response.status_code == 200 and b'name="_save"' not in response.content
    response = client.post(url, {"reference": "x"})
    assert response.status_code == 403


def test_a_mission_view_never_shows_a_count_between_1_and_4(mission, peru):
    for filters in (StatsFilters(countries=(peru,)), NO_FILTERS):
        for group_by in ("gender", "category"):
            stats = participant_stats(user=mission, group_by=group_by, filters=filters)
            assert stats.suppressed
            values = [
                *stats.totals.values(),
                *(row[name] for row in stats.results for name in ("people", "participations")),
            ]
            for value in values:
                assert isinstance(value, Suppressed) or value == 0 or value >= 5, value
    by_category = participant_stats(
        user=mission, group_by="category", filters=StatsFilters(countries=(peru,))
    )
    assert any(isinstance(row["people"], Suppressed) for row in by_category.results)


def test_staff_see_exact_figures(peru):
    stats = participant_stats(
        user=User.objects.get(username="monitoring"), filters=StatsFilters(countries=(peru,))
    )
    assert not stats.suppressed
    assert isinstance(stats.totals["people"], int) and stats.totals["people"] > 0
    took_part = Person.objects.filter(country=peru, participations__role=Participation.Role.PARTICIPANT)
    assert stats.totals["people"] == took_part.distinct().count()


def test_a_mission_viewer_cannot_ask_for_another_countrys_figures(mission):
    with pytest.raises(Http404):
        participant_stats(user=mission, filters=StatsFilters(countries=(Country.objects.get(iso2="CO"),)))


def test_personal_fields_are_hidden_from_those_without_personal_data(mission):
    from core.access import hidden_fields
    from trainings.models import TrainingModule

    assert "trainer" in hidden_fields(mission, TrainingModule)
    assert {"first_name", "last_name", "email", "phone"} <= hidden_fields(mission, Person)
    for username in ("admin", "officer", "monitoring"):
        assert hidden_fields(User.objects.get(username=username), Person) == frozenset()


@pytest.mark.parametrize("model", [Seizure, Case, Operation], ids=lambda model: model._meta.label)
def test_staff_set_sensitivity_in_the_admin(client, model):
    client.force_login(User.objects.get(username="officer"))
    record = model.objects.order_by("pk").first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
    content = client.get(url).content
    assert b'name="sensitivity"' in content and b'name="restricted_until"' in content
