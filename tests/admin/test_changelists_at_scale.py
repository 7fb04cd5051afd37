"""The big changelists at a million rows (issue 21): a capped or estimated count, a bound on the
page depth, no facets, searches through trigram indexes that find what Django's own search found,
the date drill-down from MIN and MAX, filter choices from the related table, and the trigram
indexes created only where the server has pg_trgm."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.filters import search_smart_split

from accounts.models import User
from activities.models import Activity
from core import admin as core_admin
from core.access import scope_queryset
from core.filters import filter_list
from core.lookups import contains
from core.trigram import trigram_indexes_create, trigram_indexes_drop, trigram_indexes_present
from countries.models import Country
from operations.models import Case, Operation, Seizure
from people.models import Participation, Person
from tests import factories

pytestmark = pytest.mark.django_db

BIG = (Seizure, Participation, Person, Activity, Case)


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.get(username="admin"))
    return client


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _request(path="/"):
    request = RequestFactory().get(path)
    request.user = User.objects.get(username="admin")
    return request


# --- counts and pages ----------------------------------------------------------------------------


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 rows and at most 3 of them: a count capped at 6 rows."""
    monkeypatch.setattr(core_admin, "MAX_PAGES", 3)
    monkeypatch.setattr(admin.site._registry[Seizure], "list_per_page", 2)


def test_a_narrowed_list_counts_no_further_than_its_pages_and_says_more_than(staff_client, small_pages):
    factories.SeizureFactory.create_batch(8, location="Callao port terminal")

    response = staff_client.get(_changelist(Seizure), {"q": "callao port"})

    cl = response.context["cl"]
    assert cl.result_count == 6 and cl.paginator.capped and cl.paginator.num_pages == 3
    assert cl.count_note == "more than 6 seizures"
    assert "more than 6 seizures" in response.content.decode()
    assert cl.full_result_count is None  # no second count of the whole table


def test_no_select_all_on_a_capped_list(staff_client, small_pages):
    factories.SeizureFactory.create_batch(8, location="Callao port terminal")
    factories.SeizureFactory.create_batch(3, location="Ilo port terminal")

    capped = staff_client.get(_changelist(Seizure), {"q": "callao port"}).content.decode()
    counted = staff_client.get(_changelist(Seizure), {"q": "ilo port"}).content.decode()

    across = "Click here to select the objects across all pages"
    assert 'class="action-counter"' in capped and across not in capped and "Select all 6" not in capped
    assert across in counted and "Select all 3 seizures" in counted


def test_the_whole_list_gives_postgresqls_estimate(staff_client, small_pages):
    factories.SeizureFactory.create_batch(8)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE operations_seizure")
    visible = Seizure.objects.filter(archived_at__isnull=True).count()

    response = staff_client.get(_changelist(Seizure))

    cl = response.context["cl"]
    estimate = core_admin.estimated_count(cl.queryset)
    assert estimate > 6
    assert abs(estimate - visible) <= visible * 0.1  # ANALYZE's statistics, not a guess
    assert cl.count_note == f"about {estimate:,} seizures"
    assert cl.count_note in response.content.decode()


def test_a_short_list_is_counted_exactly(staff_client):
    response = staff_client.get(_changelist(Seizure), {"q": "no seizure is called this"})

    cl = response.context["cl"]
    assert cl.result_count == 0 and not cl.paginator.capped and cl.count_note is None
    assert "0 results" in response.content.decode()


def test_a_page_beyond_the_bound_sends_back_to_the_last_one_with_a_message(staff_client, small_pages):
    factories.SeizureFactory.create_batch(8)

    response = staff_client.get(_changelist(Seizure), {"p": "4", "o": "-2"})

    assert response.status_code == 302
    assert response["Location"].startswith(_changelist(Seizure))
    assert "p=3" in response["Location"] and "o=-2" in response["Location"]
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [
        "Only the first 3 pages of a list are shown: narrow it with the search, the filters or the "
        "dates to see the records further on."
    ]
    assert staff_client.get(response["Location"]).context["cl"].page_num == 3


@pytest.mark.parametrize("model", BIG, ids=lambda model: model._meta.label)
def test_a_deep_page_lists_the_rows_of_that_page(staff_client, model, small_pages, monkeypatch):
    monkeypatch.setattr(core_admin, "DEFERRED_FROM_PAGE", 1)
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 2)
    for page, ordering in ((3, None), (2, "-1")):
        query = {"p": str(page), **({"o": ordering} if ordering else {})}
        shallow = dict(query, p="1")

        deep = staff_client.get(_changelist(model), query).context["cl"]
        with monkeypatch.context() as plain:
            plain.setattr(core_admin, "DEFERRED_FROM_PAGE", 1_000)
            expected = staff_client.get(_changelist(model), query).context["cl"]
        assert staff_client.get(_changelist(model), shallow).status_code == 200
        assert [row.pk for row in deep.result_list] == [row.pk for row in expected.result_list]
        assert 1 <= len(deep.result_list) <= 2


@pytest.mark.parametrize("model", BIG, ids=lambda model: model._meta.label)
def test_no_facets(staff_client, model):
    response = staff_client.get(_changelist(model), {"_facets": "True"})

    assert response.status_code == 200
    assert response.context["cl"].add_facets is False
    assert "Show counts" not in response.content.decode()


def test_seizures_sort_only_by_indexed_columns(staff_client):
    seizure_admin = admin.site._registry[Seizure]
    assert set(seizure_admin.sortable_by) == {"reference", "date", "normalised_mass"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'seizure_mass_kg_idx'")
        assert "(mass_kg, date)" in cursor.fetchone()[0]
    # A column outside sortable_by is not offered as a sort link.
    content = staff_client.get(_changelist(Seizure)).content.decode()
    assert 'class="sortable column-place' not in content
    assert 'class="sortable column-normalised_mass' in content


# --- query counts --------------------------------------------------------------------------------

SEARCHES = {
    Seizure: {"q": "peru"},
    Participation: {"q": "a"},
    Person: {"q": "a"},
    Activity: {"q": "peru"},
    Case: {"q": "a"},
}


@pytest.mark.parametrize("model", BIG, ids=lambda model: model._meta.label)
def test_searched_and_drilled_down_pages_cost_the_same_queries_whatever_their_length(
    staff_client, model, monkeypatch
):
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 100_000)
    factory = {
        Seizure: factories.SeizureFactory,
        Participation: factories.ParticipationFactory,
        Person: factories.PersonFactory,
        Activity: factories.ActivityFactory,
        Case: factories.CaseFactory,
    }[model]
    url = _changelist(model)
    staff_client.get(url, SEARCHES[model])

    with CaptureQueriesContext(connection) as before:
        staff_client.get(url, SEARCHES[model])
    factory.create_batch(4)
    with CaptureQueriesContext(connection) as after:
        response = staff_client.get(url, SEARCHES[model])

    assert response.status_code == 200
    assert len(after) == len(before), "\n".join(query["sql"] for query in after.captured_queries)


# --- search --------------------------------------------------------------------------------------

TERMS = ("peru", "PERÚ", "perú", "gómez", "GOMEZ", "50%", "a_b", "lima peru", '"callao port"', "o", "\\")


@pytest.fixture
def searchable():
    peru = Country.objects.get(iso2="PE")
    factories.SeizureFactory(location="Callao port", notes="50% purity, lot a_b", country=peru)
    factories.SeizureFactory(location="LIMA airport", notes="50 percent; lot axb")
    factories.SeizureFactory(location="Tacna", notes="found by Gómez")
    factories.SeizureFactory(location="Puno", notes="found by Gomez")
    factories.PersonFactory(first_name="Lucía", last_name="Gómez")
    factories.PersonFactory(first_name="Lucia", last_name="GOMEZ")


@pytest.mark.parametrize("model", BIG, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("term", TERMS)
def test_the_admin_search_finds_what_djangos_search_found(searchable, model, term):
    model_admin = admin.site._registry[model]
    request = _request()
    queryset = model_admin.get_queryset(request)

    ours, ours_duplicates = model_admin.get_search_results(request, queryset, term)
    django_search, django_duplicates = admin.ModelAdmin.get_search_results(
        model_admin, request, queryset, term
    )

    found = list(ours.values_list("pk", flat=True))
    assert set(found) == set(django_search.values_list("pk", flat=True))
    assert len(found) == len(set(found)) and ours_duplicates is False  # never a row twice


def test_accents_and_case_as_before(searchable):
    def found(term):
        return set(
            Person.objects.filter(contains(Person, "last_name", term)).values_list("last_name", flat=True)
        )

    accented, plain = found("gómez"), found("gomez")
    assert "Gómez" in accented and accented == found("GÓMEZ")
    assert not any("o" in name.lower().replace("ó", "") and "omez" in name.lower() for name in accented)
    assert "GOMEZ" in plain and not any("ó" in name.lower() for name in plain)
    for term in ("gómez", "GOMEZ", "%", "_"):
        expected = Person.objects.filter(last_name__icontains=term).values_list("last_name", flat=True)
        assert found(term) == set(expected), term
    assert found("%") == set()


def test_the_search_reads_through_ilike_and_a_related_record_by_ids(searchable):
    model_admin = admin.site._registry[Seizure]
    request = _request()
    with CaptureQueriesContext(connection) as captured:
        queryset, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), "peru")
        sql = str(queryset.query)
    # The related tables (country, substance, operation) are read once each, for their ids.
    assert len(captured) == 3
    assert "ILIKE" in sql and "UPPER(" not in sql
    assert "countries_country" not in sql.split("WHERE", 1)[1]


def test_the_api_search_finds_what_icontains_found(searchable):
    from operations.filters import SeizureFilter

    user = User.objects.get(username="admin")
    for term in TERMS:
        ours = filter_list(SeizureFilter, Seizure.objects.all(), {"search": term}, user=user)
        expected = Seizure.objects.all()
        for word in search_smart_split(term):
            expected = expected.filter(
                Q(reference__icontains=word) | Q(location__icontains=word) | Q(notes__icontains=word)
            )
        assert set(ours.values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True)), term
        assert "ILIKE" in str(ours.query) and "UPPER(" not in str(ours.query)


# --- the date drill-down -------------------------------------------------------------------------


def _drill_down(response) -> list[str]:
    content = response.content.decode()
    toplinks = content.split('<nav class="toplinks">', 1)[1].split("</nav>", 1)[0]
    return [title.replace("&lsaquo;", "").strip() for title in re.findall(r">([^<>]+)</a>", toplinks)]


def test_the_years_come_from_min_and_max(staff_client):
    Seizure.objects.update(date=datetime.date(2020, 6, 1))
    factories.SeizureFactory(date=datetime.date(2016, 3, 9))
    factories.SeizureFactory(date=datetime.date(2019, 11, 30))

    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(_changelist(Seizure))

    assert _drill_down(response) == ["2016", "2017", "2018", "2019", "2020"]
    sql = "\n".join(query["sql"] for query in captured.captured_queries)
    assert "DATE_TRUNC" not in sql.upper()
    assert 'MIN("operations_seizure"."date")' in sql


def test_a_years_months_come_from_min_and_max(staff_client):
    Seizure.objects.filter(date__year=2017).update(date=datetime.date(2017, 2, 9))
    factories.SeizureFactory(date=datetime.date(2017, 2, 9))
    factories.SeizureFactory(date=datetime.date(2017, 5, 30))

    response = staff_client.get(_changelist(Seizure), {"date__year": "2017"})

    # March and April hold no seizure: offered all the same, from the year's MIN and MAX.
    assert _drill_down(response) == ["All dates", "February 2017", "March 2017", "April 2017", "May 2017"]
    days = staff_client.get(_changelist(Seizure), {"date__year": "2017", "date__month": "5"})
    assert _drill_down(days) == ["2017", "May 30"]


def test_a_related_date_comes_from_the_related_table(staff_client):
    first, last = (
        Activity.objects.order_by("start_date").values_list("start_date", flat=True).first(),
        Activity.objects.order_by("-start_date").values_list("start_date", flat=True).first(),
    )
    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(_changelist(Participation))

    assert _drill_down(response) == [str(year) for year in range(first.year, last.year + 1)]
    bounds = [query["sql"] for query in captured.captured_queries if "MIN(" in query["sql"]]
    assert len(bounds) == 1 and "people_participation" not in bounds[0]


# --- filters -------------------------------------------------------------------------------------


def test_related_filter_choices_come_from_the_related_table(staff_client):
    nowhere = factories.CountryFactory(synthetic=True)
    assert not Seizure.objects.filter(country=nowhere).exists()

    response = staff_client.get(_changelist(Seizure))

    specs = response.context["cl"].filter_specs
    spec = next(spec for spec in specs if getattr(spec, "field_path", None) == "country")
    assert isinstance(spec, core_admin.VisibleRelatedFieldListFilter)
    assert (nowhere.pk, str(nowhere)) in spec.lookup_choices


def test_related_filter_choices_are_what_the_user_may_see(mission):
    elsewhere = factories.OperationFactory(participants=[(factories.CountryFactory(iso2="CO"), None)])
    request = _request()
    request.user = mission
    field = Seizure._meta.get_field("operation")

    choices = core_admin.VisibleRelatedFieldListFilter(
        field, request, {}, Seizure, admin.site._registry[Seizure], "operation"
    ).lookup_choices

    visible = set(scope_queryset(Operation.objects.all(), mission).values_list("pk", flat=True))
    assert {pk for pk, _title in choices} == visible
    assert elsewhere.pk not in visible


# --- the trigram indexes -------------------------------------------------------------------------


def test_the_indexes_wait_for_pg_trgm():
    trigram_indexes_drop(connection, apps)
    assert trigram_indexes_present(connection, apps) == []

    assert trigram_indexes_create(connection, apps, available=False) == []
    assert trigram_indexes_present(connection, apps) == []

    created = trigram_indexes_create(connection, apps)  # this server has pg_trgm
    assert sorted(created) == trigram_indexes_present(connection, apps)
    assert "operations_seizure_reference_trgm" in created and len(created) == 13
    # Run again (the management command on a database that has them): nothing changes.
    assert trigram_indexes_create(connection, apps) == created


def test_a_search_uses_a_trigram_index(searchable):
    with connection.cursor() as cursor:
        # The test table is small enough for a sequential scan: the planner is asked to avoid one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        matching = Seizure.objects.filter(contains(Seizure, "location", "callao")).order_by()
        sql, params = matching.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "operations_seizure_location_trgm" in plan
