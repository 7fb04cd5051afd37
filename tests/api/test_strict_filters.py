"""Filters never fail open nor narrow silently, on every list of the API (found from the router, so
a list added later is tried too): an unknown parameter, an invalid value of each filter, a value
that names nothing, an ordering not offered, a single value given twice and a page too large each
answer 400 naming the parameter; a multi-valued filter means the same in both styles.
"""

import django_filters
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.models import User
from core.filters import MAX_PAGE_SIZE, IdFilter, KnownValues, StrictFilterSet
from crimjust.api import router

pytestmark = pytest.mark.django_db

LISTS = [
    (prefix, viewset)
    for prefix, viewset, _basename in router.registry
    if issubclass(getattr(viewset, "filterset_class", None) or object, StrictFilterSet)
]
STATS = [prefix for prefix, _viewset, _basename in router.registry if prefix.startswith("stats/")]


def invalid_value(filter_) -> str | None:
    """A value of the filter's type that is invalid or names nothing; None for free text."""
    if isinstance(filter_, KnownValues) and filter_.unknown is not None:
        return "999999" if isinstance(filter_, django_filters.NumberFilter) else "ZZ-NOTHING"
    if isinstance(filter_, django_filters.MultipleChoiceFilter | django_filters.ChoiceFilter):
        return "not-a-choice"
    if isinstance(filter_, django_filters.IsoDateTimeFilter):
        return "yesterday"
    if isinstance(filter_, django_filters.DateFilter):
        return "2024-13-45"
    if isinstance(filter_, IdFilter | django_filters.NumberFilter):
        return "abc"
    return None


def errors_of(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert body["code"] == "invalid"
    return body["errors"]


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(User.objects.get(username="admin"))
    return client


def test_every_filtered_list_is_tried():
    assert len(LISTS) >= 15


@pytest.mark.parametrize("prefix, viewset", LISTS, ids=[prefix for prefix, _ in LISTS])
def test_each_invalid_filter_value_is_a_400_naming_it(api, prefix, viewset):
    tried = 0
    for name, filter_ in viewset.filterset_class.base_filters.items():
        value = "zz-bogus" if name == "ordering" else invalid_value(filter_)
        if value is None:
            continue
        errors = errors_of(api.get(f"/api/v1/{prefix}/", {name: value}))
        assert list(errors) == [name], (name, errors)
        tried += 1
    assert tried >= 1


@pytest.mark.parametrize("prefix, viewset", LISTS, ids=[prefix for prefix, _ in LISTS])
def test_multi_valued_filters_mean_the_same_in_both_styles(api, prefix, viewset):
    url = f"/api/v1/{prefix}/"
    for name, filter_ in viewset.filterset_class.base_filters.items():
        if isinstance(filter_, django_filters.MultipleChoiceFilter):
            values = [str(choice) for choice, _label in list(filter_.extra["choices"])[:2]]
        elif name in {"country", "origin", "destination", "lead_country", "iso2"}:
            values = ["PE", "CO"]
        else:
            continue
        joined = api.get(url, {name: ",".join(values)})
        repeated = api.get(f"{url}?{name}={values[0]}&{name}={values[1]}")
        first_only = api.get(url, {name: values[0]})
        assert joined.status_code == repeated.status_code == 200, (name, joined.content[:200])
        both, again = joined.json(), repeated.json()
        assert [row["id"] for row in both["results"]] == [row["id"] for row in again["results"]], name
        assert both.get("count") == again.get("count"), name
        # Never only the last value: the second value adds to the first.
        if "count" in both:
            assert both["count"] >= first_only.json()["count"], name


@pytest.mark.parametrize("prefix, viewset", LISTS, ids=[prefix for prefix, _ in LISTS])
def test_one_value_given_twice_an_unknown_ordering_and_a_large_page_are_400(api, prefix, viewset):
    url = f"/api/v1/{prefix}/"
    filters = viewset.filterset_class.base_filters
    if "search" in filters:
        assert list(errors_of(api.get(f"{url}?search=a&search=b"))) == ["search"]
    if "ordering" in filters:
        assert list(errors_of(api.get(url, {"ordering": "id,zz-bogus"}))) == ["ordering"]
    assert list(errors_of(api.get(url, {"page_size": MAX_PAGE_SIZE + 1}))) == ["page_size"]
    assert list(errors_of(api.get(url, {"page_size": "²"}))) == ["page_size"]
    for ordering in viewset.filterset_class.ordering_choices():
        assert api.get(url, {"ordering": ordering, "page_size": 1}).status_code == 200, ordering
    assert api.get(url, {"page_size": MAX_PAGE_SIZE}).status_code == 200


KNOWN = {"format", "page", "page_size", "cursor"} | {
    name for _prefix, viewset in LISTS for name in viewset.filterset_class.base_filters
}


@pytest.mark.parametrize("prefix", [prefix for prefix, _ in LISTS] + STATS)
def test_an_unknown_parameter_is_a_400_naming_it(api, prefix):
    @given(name=st.from_regex(r"[a-z][a-z_]{0,20}", fullmatch=True).filter(lambda name: name not in KNOWN))
    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(name):
        errors = errors_of(api.get(f"/api/v1/{prefix}/", {name: "PE"}))
        assert name in errors

    check()


def test_a_misspelt_filter_is_named_with_what_the_list_takes(api):
    errors = errors_of(api.get("/api/v1/seizures/", {"countri": "PE"}))
    assert errors["countri"][0].startswith("Unknown parameter. This list takes: ")
    assert "country" in errors["countri"][0]


def test_a_country_by_name_is_refused_naming_it(api):
    assert errors_of(api.get("/api/v1/seizures/", {"country": "PE,Peru"})) == {
        "country": ["Unknown country codes: Peru."]
    }


def test_thousands_of_unknown_parameters_are_a_short_400(api):
    query = "&".join(f"unknown{n}=1" for n in range(900))
    errors = errors_of(api.get(f"/api/v1/activities/?{query}"))
    assert len(errors) == 11 and errors["parameters"] == ["890 more unknown parameters."]


@pytest.mark.parametrize(("prefix", "viewset"), LISTS, ids=[prefix for prefix, _ in LISTS])
def test_search_is_offered_only_where_there_is_something_to_search(api, prefix, viewset):
    """A list with nothing to search in (targets, participations) does not take `search`: a 400
    naming it, never a server error nor a silent no-op."""
    response = api.get(f"/api/v1/{prefix}/", {"search": "a"})
    searchable = bool(getattr(viewset.filterset_class, "search_fields", ()))
    if searchable:
        assert response.status_code == 200, response.content[:300]
    else:
        assert response.status_code == 400, response.content[:300]
        assert "search" in response.json()["errors"]
