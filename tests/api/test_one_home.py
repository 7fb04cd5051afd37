"""One home for every read: for the same principal and the same filters, a list's API pages, its
CSV (`?format=csv`), its data export and the figures that summarise it (the stats API) hold the
same records, because every one of them calls the list's selector with the list's FilterSet."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from accounts.access import ApiClient
from accounts.models import ApiKey, User
from core.api.views import ProgrammeViewSet
from crimjust.api import router
from operations.models import Substance
from reports.exports import EXPORTABLE_LISTS, export_source
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

LISTS = {
    prefix: viewset for prefix, viewset, _basename in router.registry if issubclass(viewset, ProgrammeViewSet)
}

# Filters each list takes, a search and an ordering among them.
FILTERS = {
    "countries": [{"region": "Americas"}, {"search": "republic", "ordering": "-iso2"}],
    "agencies": [{"country": "PE,CO"}, {"search": "police"}],
    "organisations": [{"search": "UNODC"}],
    "pillars": [{"ordering": "-number"}],
    "substances": [{"category": "Cocaine"}, {"search": "coke"}],
    "activities": [{"country": "PE", "date_from": "2021-01-01"}, {"kind": "training", "ordering": "title"}],
    "trainings": [{"country": "PE"}, {"search": "Azure", "ordering": "-start_date"}],
    "people": [{"country": "PE"}, {"search": "a"}],
    "participations": [{"country": "PE"}],
    "operations": [{"country": "PE"}, {"ordering": "-seizure_count"}],
    "seizures": [
        {"country": "PE,CO", "date_from": "2021-01-01"},
        {"substance": "Tramadol", "ordering": "-id"},
    ],
    "cases": [{"country": "PE"}, {"stage": "convicted"}],
    "equipment-handovers": [{"country": "PE"}],
    "results/frameworks": [{"search": "INL", "ordering": "-start_date"}],
    "results/results": [{"level": "outcome", "ordering": "code"}],
    "results/indicators": [{"kind": "computed", "search": "trained"}],
    "results/targets": [{"year": "2021", "ordering": "-id"}],
    "results/reported-actuals": [{"search": "integrity"}],
    "results/narratives": [{"year": "2021"}],
}


@pytest.fixture
def principals():
    """Staff, a partner mission, and an API key of Peru with personal data, without clearance."""
    admin = User.objects.get(username="admin")
    key = ApiKey.objects.create(
        name="Peru system",
        prefix="home0001",
        key_hash="6" * 64,
        created_by=admin,
        can_see_personal_data=True,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    key.countries.set(list(key.countries.model.objects.filter(iso2="PE")))
    return {
        "admin": admin,
        "mission-pe": User.objects.get(username="mission-pe"),
        "api-pe": ApiClient(key),
    }


def _api_ids(client, prefix: str, filters: dict) -> list[int] | None:
    """Every id of the list through its JSON pages, in order; None if the list is not allowed."""
    response = client.get(f"/api/v1/{prefix}/", {**filters, "page_size": 500})
    if response.status_code == 404 or response.status_code == 403:
        return None
    assert response.status_code == 200, response.content
    ids = []
    while True:
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            return ids
        response = client.get(body["next"])


def _csv_ids(client, prefix: str, filters: dict) -> list[int]:
    response = client.get(f"/api/v1/{prefix}/", {**filters, "format": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(content))]


@pytest.mark.parametrize("who", ["admin", "mission-pe"])
@pytest.mark.parametrize(
    ("prefix", "filters"), [(prefix, filters) for prefix in LISTS for filters in [{}, *FILTERS[prefix]]]
)
def test_api_pages_csv_and_export_hold_the_same_records(principals, who, prefix, filters):
    principal = principals[who]
    client = signed_in(principal)
    api = _api_ids(client, prefix, filters)
    if api is None:
        # A record type the principal may not see: no export either.
        assert not LISTS[prefix].export_source(principal=principal, filters=filters).queryset.exists()
        return
    assert _csv_ids(client, prefix, filters) == api
    exported = LISTS[prefix].export_source(principal=principal, filters=filters)
    assert list(exported.queryset.values_list("pk", flat=True)) == api
    if prefix in EXPORTABLE_LISTS:
        report = export_source(list_name=prefix, principal=principal, filters=filters)
        assert list(report.queryset.values_list("pk", flat=True)) == api
    if who == "admin" and not filters:
        assert api, f"the demo has {prefix}"


@pytest.mark.parametrize("prefix", ["seizures", "people", "cases", "operations"])
def test_an_api_key_reads_the_same_records_as_its_export(principals, client, prefix):
    key = principals["api-pe"]
    secret_key = ApiKey.objects.get(pk=key.api_key.pk)
    exported = export_source(list_name=prefix, principal=key, filters={})
    ids = list(exported.queryset.values_list("pk", flat=True))
    # The same selector through the API's own path, with the key as the principal.
    viewset = EXPORTABLE_LISTS[prefix][0]
    assert list(viewset.selector(user=ApiClient(secret_key), filters={}).values_list("pk", flat=True)) == ids
    assert ids, "the key of Peru sees Peru's records"


@pytest.mark.parametrize("who", ["admin", "mission-pe"])
@pytest.mark.parametrize(
    "filters",
    [{}, {"country": "PE"}, {"date_from": "2021-09-01", "date_to": "2021-12-31"}, {"substance": "Tramadol"}],
)
def test_the_seizure_figures_count_the_seizure_list(principals, who, filters):
    if "substance" in filters:
        filters = {"substance": str(Substance.objects.get(name=filters["substance"]).pk)}
    client = signed_in(principals[who])
    listed = _api_ids(client, "seizures", filters)
    stats = client.get("/api/v1/stats/seizures/", {**filters, "group_by": "country"})
    assert stats.status_code == 200, stats.content
    assert stats.json()["totals"]["count"] == len(listed)


@pytest.mark.parametrize("filters", [{}, {"country": "PE"}, {"date_from": "2021-01-01"}])
def test_the_activity_figures_count_the_activity_list(principals, filters):
    client = signed_in(principals["admin"])
    listed = _api_ids(client, "activities", filters)
    stats = client.get("/api/v1/stats/activities/", {**filters, "group_by": "kind"})
    assert stats.status_code == 200, stats.content
    assert stats.json()["totals"]["count"] == len(listed)


@pytest.mark.parametrize("prefix", ["seizures", "activities", "cases"])
def test_a_bad_value_is_the_same_error_for_the_api_and_an_export(principals, prefix):
    from django.core.exceptions import ValidationError

    from reports.exports import export_filters_clean

    client = signed_in(principals["admin"])
    response = client.get(f"/api/v1/{prefix}/", {"date_from": "2021-13-01"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["date_from"]
    with pytest.raises(ValidationError) as raised:
        export_filters_clean(prefix, {"date_from": "2021-13-01"}, principals["admin"])
    assert "date_from" in str(raised.value)
