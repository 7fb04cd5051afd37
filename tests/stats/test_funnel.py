"""The post-seizure funnel's one rule: each seizure at the furthest stage it reached, from its own
follow-up or from the cases it is linked to (those its reader may see), whichever is further."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Sensitivity
from countries.models import Country
from operations.models import Case, Operation, Seizure
from reports.documents import operation_results_document
from stats.selectors import (
    StatsFilters,
    case_funnel_stats,
    seizure_reached_q,
    seizures_with_stage,
)
from tests.factories import CaseFactory, SeizureFactory, SubstanceFactory
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

FollowUp = Seizure.FollowUp
Stage = Case.Stage


@pytest.fixture
def substance():
    # The seizures of each test are of a substance of their own: the funnel narrowed to it counts
    # them alone, not the demo's.
    return SubstanceFactory()


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


def _funnel(user, substance) -> dict:
    stats = case_funnel_stats(user=user, filters=StatsFilters(substances=(substance,)))
    return {row["key"]: row["count"] for row in stats.results}


def _seizure(substance, follow_up=FollowUp.NONE, **fields):
    return SeizureFactory(substance=substance, follow_up=follow_up, **fields)


def test_follow_ups_alone(admin, substance):
    for follow_up in FollowUp.values:
        _seizure(substance, follow_up)
    # None yet: seized only; investigation opened, controlled delivery, request abroad: an
    # investigation; referred for prosecution: a prosecution (and so an investigation).
    assert _funnel(admin, substance) == {"seizure": 5, "investigation": 4, "prosecution": 1, "conviction": 0}


def test_cases_alone(admin, substance, peru):
    stages = [
        (Stage.INVESTIGATION, 0),  # investigation
        (Stage.CLOSED, 0),  # closed without charge: investigation
        (Stage.CHARGED, 0),  # prosecution
        (Stage.TRIAL, 0),  # prosecution
        (Stage.ACQUITTED, 0),  # prosecution
        (Stage.CONVICTED, 2),  # conviction
        (Stage.CLOSED, 1),  # closed with convictions: conviction
    ]
    for stage, convictions in stages:
        seizure = _seizure(substance, country=peru)
        CaseFactory(lead_country=peru, stage=stage, convictions=convictions, seizures=[seizure])
    _seizure(substance)  # no case, no follow-up
    assert _funnel(admin, substance) == {"seizure": 8, "investigation": 7, "prosecution": 5, "conviction": 2}


def test_the_furthest_of_follow_up_and_cases(admin, substance, peru):
    # Referred for prosecution, its case still under investigation: a prosecution.
    referred = _seizure(substance, FollowUp.PROSECUTION, country=peru)
    CaseFactory(lead_country=peru, stage=Stage.INVESTIGATION, seizures=[referred])
    # A controlled delivery whose case ended in a conviction: a conviction.
    delivered = _seizure(substance, FollowUp.CONTROLLED_DELIVERY, country=peru)
    CaseFactory(lead_country=peru, stage=Stage.CONVICTED, convictions=1, seizures=[delivered])
    # Two cases, one investigated and one at trial: a prosecution, and one seizure.
    twice = _seizure(substance, country=peru)
    CaseFactory(lead_country=peru, stage=Stage.INVESTIGATION, seizures=[twice])
    CaseFactory(lead_country=peru, stage=Stage.TRIAL, seizures=[twice])
    # One case of two seizures: both reach its stage.
    first, second = _seizure(substance, country=peru), _seizure(substance, country=peru)
    CaseFactory(lead_country=peru, stage=Stage.CHARGED, seizures=[first, second])

    assert _funnel(admin, substance) == {"seizure": 5, "investigation": 5, "prosecution": 5, "conviction": 1}
    stages = dict(
        seizures_with_stage(Seizure.objects.filter(substance=substance), user=admin).values_list(
            "pk", "stage_reached"
        )
    )
    assert stages == {referred.pk: 2, delivered.pk: 3, twice.pk: 2, first.pk: 2, second.pk: 2}


def test_a_case_out_of_reach_gives_no_stage(admin, mission, substance, peru):
    """A Peru seizure's stage from a case its reader may not see (restricted, archived) is not
    counted: the funnel does not tell of that case. (A case always involves its seizures'
    countries, `case_save`, so a country scope that shows the seizure shows its cases.)"""
    restricted = _seizure(substance, FollowUp.INVESTIGATION, country=peru)
    case = CaseFactory(lead_country=peru, stage=Stage.CONVICTED, convictions=1, seizures=[restricted])
    Case.objects.filter(pk=case.pk).update(sensitivity=Sensitivity.RESTRICTED)
    archived = _seizure(substance, country=peru)
    case = CaseFactory(lead_country=peru, stage=Stage.CHARGED, seizures=[archived])
    Case.objects.filter(pk=case.pk).update(archived_at=timezone.now())

    # The administrator sees the restricted case, no one the archived one.
    assert _funnel(admin, substance) == {"seizure": 2, "investigation": 1, "prosecution": 1, "conviction": 1}
    # The Peru mission sees both seizures and neither case: the first seizure's own follow-up
    # counts, the second was seized only.
    expected = {"seizure": 2, "investigation": 1, "prosecution": 0, "conviction": 0}
    assert _funnel(mission, substance) == expected
    reached = Seizure.objects.filter(seizure_reached_q("prosecution", user=mission), substance=substance)
    assert not reached.exists()


def test_the_case_totals_stay_counts_of_cases(admin, substance, peru):
    seizure = _seizure(substance, country=peru)
    CaseFactory(lead_country=peru, stage=Stage.CONVICTED, convictions=3, arrests=4, seizures=[seizure])
    CaseFactory(lead_country=peru, stage=Stage.CLOSED, seizures=[seizure])
    totals = case_funnel_stats(user=admin, filters=StatsFilters(substances=(substance,))).totals
    assert totals["seizures"] == 1
    assert totals["cases"] == 2 and totals["arrests"] == 4 and totals["convictions"] == 3
    assert totals["by_stage"]["convicted"] == 1 and totals["by_stage"]["closed"] == 1


def test_operation_azure_counts_its_seizures_with_follow_ups(admin, azure):
    """The issue's own case: 44 of Azure's 125 seizures have "Investigation opened", more a
    controlled delivery or a request abroad; the funnel once showed 0 investigations."""
    funnel = {
        row["key"]: row["count"]
        for row in case_funnel_stats(user=admin, filters=StatsFilters(operation=azure)).results
    }
    seizures = Seizure.objects.filter(operation=azure, archived_at__isnull=True)
    assert funnel["seizure"] == seizures.count() == 125
    assert seizures.filter(follow_up=FollowUp.INVESTIGATION).count() == 44
    followed = set(seizures.exclude(follow_up=FollowUp.NONE).values_list("pk", flat=True))
    with_cases = set(
        seizures.filter(cases__archived_at__isnull=True, cases__isnull=False).values_list("pk", flat=True)
    )
    assert funnel["investigation"] == len(followed | with_cases) > 44
    referred = set(seizures.filter(follow_up=FollowUp.PROSECUTION).values_list("pk", flat=True))
    prosecuted_cases = set(
        seizures.filter(
            cases__archived_at__isnull=True,
            cases__stage__in=[Stage.CHARGED, Stage.TRIAL, Stage.ACQUITTED, Stage.CONVICTED],
        ).values_list("pk", flat=True)
    )
    assert funnel["prosecution"] == len(referred | prosecuted_cases)
    assert funnel["seizure"] >= funnel["investigation"] >= funnel["prosecution"] >= funnel["conviction"]


def test_the_funnel_runs_a_constant_handful_of_queries(admin, substance, peru):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            case_funnel_stats(user=admin, filters=StatsFilters(substances=(substance,)))
        return len(captured)

    before = queries()
    for stage in Stage.values:
        seizure = _seizure(substance, FollowUp.INVESTIGATION, country=peru)
        convictions = 1 if stage == Stage.CONVICTED else 0
        CaseFactory(lead_country=peru, stage=stage, convictions=convictions, seizures=[seizure])
    assert queries() == before <= 3


def test_azure_has_one_funnel_on_its_page_in_the_api_and_in_its_report(admin):
    """The staff dashboard, /api/v1/stats/cases/ and the operation results report give the same
    four counts for the same principal."""
    azure = Operation.objects.get(code_name="Azure")
    client = signed_in(admin)
    page = client.get(reverse("dashboards:operation", kwargs={"pk": azure.pk}))
    drawn = [row["count"] for row in page.context["dashboard"].chart("case-funnel").rows]
    api = client.get(reverse("api:stats-cases-list"), {"operation": azure.pk}).json()
    report = operation_results_document(user=admin, parameters={"operation": azure.pk}, step=lambda: None)
    tables = {table.name: table for section in report.sections for table in section.tables}
    reported = [count for _label, count in tables["Post-seizure funnel"].rows]
    assert drawn == [row["count"] for row in api["results"]] == reported
    assert drawn[0] == 125 and drawn[1] > 44
