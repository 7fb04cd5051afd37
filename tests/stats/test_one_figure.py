"""One definition per figure, one parser of its parameters: for the same principal and filters the
dashboards, the reports and the stats API show the same officials trained (women, men), activities,
seizures, kilograms and post-seizure stages, and a bad parameter is the same error, naming its
field, from the stats API, a dashboard page and a report request."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import Activity, Organisation
from core.suppression import Suppressed
from countries.models import Country
from operations.models import Seizure
from people.models import Participation
from reports import services
from reports.documents import country_briefing_document, donor_progress_document, operation_results_document
from stats.selectors import (
    StatsFilters,
    activity_counted_list,
    activity_stats,
    officials_trained_stats,
    participant_stats,
    seizure_follow_up_stats,
    training_stats,
)
from tests.factories import ActivityFactory, CountryFactory, ParticipationFactory, PersonFactory
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2021-01-01", "date_to": "2021-12-31"}


@pytest.fixture(autouse=True)
def _no_dashboard_cache(settings):
    settings.DASHBOARDS_CACHE_SECONDS = 0


def _shown(value) -> str:
    """A figure as every surface writes it: a number, or the token of a hidden count ("<5")."""
    assert isinstance(value, int | Suppressed), value
    return str(value)


# --- the definitions ------------------------------------------------------------------------------


def test_officials_trained_are_the_participants_of_trainings_and_people_who_took_part_of_anything(admin):
    peru = CountryFactory(iso2="PE")
    day = datetime.date(2024, 3, 1)
    training = ActivityFactory(kind=Activity.Kind.TRAINING, start_date=day, countries=[peru])
    workshop = ActivityFactory(kind=Activity.Kind.WORKSHOP, start_date=day, countries=[peru])
    trained, at_both, at_workshop, trainer = (PersonFactory(country=peru) for _ in range(4))
    ParticipationFactory(person=trained, activity=training)
    ParticipationFactory(person=at_both, activity=training)
    ParticipationFactory(person=at_both, activity=workshop)
    ParticipationFactory(person=at_workshop, activity=workshop)
    ParticipationFactory(person=trainer, activity=training, role=Participation.Role.TRAINER)
    filters = StatsFilters(date_from=day, date_to=day)

    officials = officials_trained_stats(user=admin, filters=filters)
    took_part = participant_stats(user=admin, filters=filters)

    assert officials.totals == {"people": 2, "participations": 2}
    assert took_part.totals == {"people": 3, "participations": 4}
    # The same as people who took part in trainings; kinds asked of the officials trained do not apply.
    in_trainings = StatsFilters(date_from=day, date_to=day, kinds=("training",))
    assert participant_stats(user=admin, filters=in_trainings) == officials
    in_workshops = StatsFilters(date_from=day, date_to=day, kinds=("workshop",))
    assert officials_trained_stats(user=admin, filters=in_workshops) == officials


def test_the_trainings_of_an_operation_count_its_officials_trained(admin, azure):
    filters = StatsFilters(operation=azure)
    trainings = training_stats(user=admin, filters=filters)
    trained = officials_trained_stats(user=admin, filters=filters)
    assert trainings.totals["trainings"] == len(trainings.results) == 18
    assert (trainings.totals["people"], trainings.totals["participations"]) == (
        trained.totals["people"],
        trained.totals["participations"],
    )
    # Each training's distinct participants: a person attends a training once.
    assert all(row["people"] == row["participations"] for row in trainings.results)
    assert sum(row["participations"] for row in trainings.results) == trained.totals["participations"]


def test_the_activities_listed_are_those_counted(admin):
    filters = StatsFilters(countries=(Country.objects.get(iso2="PE"),), date_from=datetime.date(2021, 1, 1))
    listed = activity_counted_list(user=admin, filters=filters)
    assert len(listed) == activity_stats(user=admin, filters=filters).totals["count"] > 0
    assert [activity.start_date for activity in listed] == sorted(activity.start_date for activity in listed)
    newest = activity_counted_list(user=admin, filters=filters, newest_first=True, limit=3)
    starts = sorted((activity.start_date for activity in listed), reverse=True)
    assert [activity.start_date for activity in newest] == starts[:3]


def test_follow_ups_add_up_to_the_seizures_and_a_case_counts_once_in_the_total(admin, azure):
    stats = seizure_follow_up_stats(user=admin, filters=StatsFilters(operation=azure))
    seizures = Seizure.objects.filter(operation=azure, archived_at__isnull=True)
    assert stats.totals["count"] == seizures.count() == 125
    assert sum(stats.totals["follow_up"].values()) == 125
    for value in Seizure.FollowUp.values:
        assert stats.totals["follow_up"][value] == seizures.filter(follow_up=value).count()
    assert sum(row["cases"] for row in stats.results) >= stats.totals["cases"]


# --- the same figures everywhere -------------------------------------------------------------------


def _dashboard(client, url: str, params: dict) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    headline = {figure["key"]: figure for figure in dashboard.headline}
    # The page writes its figures in the language's format (English: thousands grouped by commas).
    women, men = headline["people"]["detail"].replace(",", "").split(" women ")
    return {
        "activities": str(headline["activities"]["value"]),
        "officials trained": str(headline["people"]["value"]),
        "women": women,
        "men": men.removesuffix(" men"),
        "participations": str(headline["participations"]["value"]),
        "people who took part": str(headline["participants"]["value"]),
        "seizures": str(headline["seizures"]["value"]),
        "kg": Decimal(headline["seizures"]["detail"].removesuffix(" kg").replace(",", "")),
        "funnel": [str(row["count"]) for row in dashboard.chart("case-funnel").rows],
    }


def _api(client, params: dict) -> dict:
    def get(name, extra=None):
        response = client.get(reverse(f"api:stats-{name}-list"), {**params, **(extra or {})})
        assert response.status_code == 200, response.content
        return response.json()

    trained = get("people", {"kind": "training", "group_by": "gender"})
    took_part = get("people")
    by_gender = {row["key"]: row["people"] for row in trained["results"]}
    seizures = get("seizures")
    return {
        "activities": str(get("activities")["totals"]["count"]),
        "officials trained": str(trained["totals"]["people"]),
        "women": str(by_gender["female"]),
        "men": str(by_gender["male"]),
        "participations": str(trained["totals"]["participations"]),
        "people who took part": str(took_part["totals"]["people"]),
        "seizures": str(seizures["totals"]["count"]),
        "kg": Decimal(str(seizures["totals"]["kg"])).quantize(Decimal("0.001")),
        "funnel": [str(row["count"]) for row in get("cases")["results"]],
    }


# The figures of a report's key figures, by the start of their label.
KEY_FIGURES = {
    "Activities": "activities",
    "Officials trained: women": "women",
    "Officials trained: men": "men",
    "Officials trained": "officials trained",
    "Participations in trainings": "participations",
    "People who took part": "people who took part",
    "People from": "people who took part",
    "Seizures": "seizures",
}


def _document(document) -> dict:
    """The figures of a report, read from its tables by their labels."""
    tables = {table.name: table for section in document.sections for table in section.tables}
    figures = {}
    for label, value in tables["Key figures"].rows:
        if label.startswith("Kilograms seized"):
            figures["kg"] = value
            continue
        name = next((name for start, name in KEY_FIGURES.items() if label.startswith(start)), None)
        if name is not None:
            figures[name] = _shown(value)
    if "Post-seizure funnel" in tables:
        figures["funnel"] = [str(count) for _label, count in tables["Post-seizure funnel"].rows]
    return figures


@pytest.mark.parametrize("period", [{}, PERIOD], ids=["programme", "2021"])
@pytest.mark.parametrize("who", ["admin", "mission-pe"])
def test_peru_has_the_same_figures_on_its_page_in_its_briefing_pack_and_in_the_api(
    who, period, admin, mission
):
    principal = {"admin": admin, "mission-pe": mission}[who]
    client = signed_in(principal)
    page = _dashboard(client, reverse("dashboards:country", kwargs={"iso2": "PE"}), period)
    pack = _document(
        country_briefing_document(user=principal, parameters={"country": "PE", **period}, step=lambda: None)
    )
    api = _api(client, {"country": "PE", **period})

    assert pack == {name: page[name] for name in pack}
    assert api == page
    assert page["seizures"] != "0" and page["kg"] > 0
    if not period:
        # The page said 25 officials trained (11 women): everyone from Peru who took part in
        # anything; its briefing pack said 20 (9 women), the officials trained. A mission sees
        # them perturbed (core.disclosure), by at most the noise, the same on every surface.
        shown = (page["officials trained"], page["women"], page["people who took part"])
        if who == "admin":
            assert shown == ("20", "9", "25")
        else:
            noise = settings.DISCLOSURE_MAX_NOISE
            assert all(
                abs(int(value) - exact) <= noise for value, exact in zip(shown, (20, 9, 25), strict=True)
            )


def test_the_donor_report_has_the_programmes_figures_for_that_donor(admin):
    client = signed_in(admin)
    inl = Organisation.objects.get(acronym="INL")
    page = _dashboard(client, reverse("dashboards:overview"), {"donor": str(inl.pk), **PERIOD})
    report = _document(
        donor_progress_document(user=admin, parameters={"donor": inl.pk, **PERIOD}, step=lambda: None)
    )
    api = _api(client, {"donor": "INL", **PERIOD})

    assert report == {name: page[name] for name in report}
    assert api == page
    assert page["officials trained"] == "153" and page["women"] == "42" and page["seizures"] == "125"


def test_an_operation_has_the_same_figures_on_its_page_in_its_report_and_in_the_api(admin, azure):
    client = signed_in(admin)
    page = _dashboard(client, reverse("dashboards:operation", kwargs={"pk": azure.pk}), {})
    report = _document(
        operation_results_document(user=admin, parameters={"operation": azure.pk}, step=lambda: None)
    )
    api = _api(client, {"operation": "Azure"})

    assert report == {name: page[name] for name in report}
    assert api == page
    assert page["seizures"] == "125" and page["officials trained"] == "153"


# --- the same error everywhere ---------------------------------------------------------------------

# (parameters, the field named, whether a dashboard page reads it, the report that takes it)
BAD = [
    ({"date_from": "2021-13-01", "date_to": "2021-12-31"}, "date_from", True, "donor_progress"),
    ({"date_from": "2022-01-01", "date_to": "2021-12-31"}, "date_to", True, "donor_progress"),
    ({**PERIOD, "donor": "NOBODY"}, "donor", True, "donor_progress"),
    ({"country": "ZZ"}, "country", False, "country_briefing"),
    ({"country": "PE", "date_from": "yesterday"}, "date_from", False, "country_briefing"),
    ({"region": "Atlantis"}, "region", True, None),
    ({"pillar": "99"}, "pillar", True, None),
]


@pytest.mark.parametrize(("params", "field", "on_pages", "report"), BAD)
def test_a_bad_parameter_is_the_same_error_naming_it_everywhere(admin, params, field, on_pages, report):
    client = signed_in(admin)
    api = client.get(reverse("api:stats-seizures-list"), params)
    assert api.status_code == 400
    messages = api.json()["errors"][field]
    assert list(api.json()["errors"]) == [field]

    if on_pages:
        page = client.get(reverse("dashboards:overview"), params)
        assert page.status_code == 400
        form = page.context["form"]
        assert form.errors[field] == messages
        for message in messages:
            assert f"{form[field].label}: {message}" in page.content.decode()

    if report is not None:
        with mock.patch("reports.services.report_enqueue"), pytest.raises(ValidationError) as raised:
            services.report_request(principal=admin, kind=report, fmt="pdf", parameters=params)
        assert raised.value.message_dict == {field: messages}


def test_the_country_a_page_is_about_is_in_its_path(admin):
    client = signed_in(admin)
    assert client.get(reverse("dashboards:country", kwargs={"iso2": "ZZ"})).status_code == 404
    # A country in the query string is not a dashboard's filter: ignored, as a tracking tag is.
    assert client.get(reverse("dashboards:overview"), {"country": "ZZ"}).status_code == 200


def test_donors_by_id_or_acronym_and_operations_by_id_or_code_name_everywhere(admin, azure):
    client = signed_in(admin)
    inl = Organisation.objects.get(acronym="INL")
    by_id = client.get(reverse("api:stats-seizures-list"), {"donor": str(inl.pk), "operation": str(azure.pk)})
    by_name = client.get(reverse("api:stats-seizures-list"), {"donor": "inl", "operation": "azure"})
    assert by_id.json() == by_name.json()
    assert by_id.json()["totals"]["count"] == 125
    page = client.get(reverse("dashboards:overview"), {"donor": "inl"})
    assert page.status_code == 200
    with mock.patch("reports.services.report_enqueue"):
        report = services.report_request(
            principal=admin, kind="operation_results", fmt="pdf", parameters={"operation": "azure"}
        )
    assert report.parameters == {"operation": azure.pk}
    # An operation the principal may not see, or that does not exist: not found in the API, refused
    # on its field in a report request.
    assert client.get(reverse("api:stats-seizures-list"), {"operation": "Atlantis"}).status_code == 404
    with mock.patch("reports.services.report_enqueue"), pytest.raises(ValidationError) as raised:
        services.report_request(
            principal=admin, kind="operation_results", fmt="pdf", parameters={"operation": "Atlantis"}
        )
    assert list(raised.value.message_dict) == ["operation"]


def test_people_of_a_country_and_activities_with_it_are_labelled_so(mission):
    client = signed_in(mission)
    response = client.get(reverse("dashboards:country", kwargs={"iso2": "PE"}))
    labels = {figure["key"]: figure["label"] for figure in response.context["dashboard"].headline}
    assert labels["people"] == "Officials trained from Peru"
    assert labels["activities"] == "Activities with Peru"
    pack = country_briefing_document(user=mission, parameters={"country": "PE"}, step=lambda: None)
    key = [
        label
        for section in pack.sections
        for table in section.tables
        if table.name == "Key figures"
        for label, _value in table.rows
    ]
    assert {"Officials trained from Peru", "Activities with Peru"} <= set(key)


def test_the_cases_of_operations_say_a_case_may_count_in_two(admin):
    client = signed_in(admin)
    page = client.get(reverse("dashboards:overview")).content.decode()
    assert "A case linking seizures of two operations counts in the row of each" in page
    pack = country_briefing_document(user=admin, parameters={"country": "PE"}, step=lambda: None)
    (operations,) = [
        table for section in pack.sections for table in section.tables if table.name == "Operations"
    ]
    assert operations.note.startswith("A case linking seizures of two operations counts in the row of each")
