"""The dashboards' rendered fragments (issue 21): the charts, their tables, the operations, the
recent activities, the filters and the country picker are rendered once per access, page, filters
and data version, then served as HTML; nothing in them is a user's own, and a write shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from countries.models import Country
from tests.factories import SeizureFactory
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

PERU = reverse("dashboards:country", kwargs={"iso2": "PE"})
OVERVIEW = reverse("dashboards:overview")


def _fragments() -> list[bytes]:
    redis = cache._cache.get_client(write=True)
    return [redis.get(key) for key in redis.keys("*template.cache.dashboard-*")]


def test_a_page_served_from_its_fragments_renders_no_table_and_reads_no_figure(admin):
    client = signed_in(admin)
    first = client.get(PERU)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        again = client.get(PERU)
    # The filter form's choices (pillars, donors, regions) and the country list are not read again.
    read = " ".join(query["sql"] for query in captured)
    assert "activities_organisation" not in read and "activities_pillar" not in read, read
    assert again.status_code == 200
    assert again.content.count(b"<table") == first.content.count(b"<table") > 0


def test_no_fragment_holds_a_token_or_a_name(admin, mission):
    cache.clear()
    for user in (admin, mission):
        signed_in(user).get(OVERVIEW if user is admin else PERU)
    fragments = _fragments()
    assert fragments, cache._cache.get_client(write=True).keys("*")
    for fragment in fragments:
        assert b"csrfmiddlewaretoken" not in fragment
        for user in (admin, mission):
            assert user.username.encode() not in fragment


def test_principals_with_other_access_get_other_fragments(admin, mission):
    admin_page = signed_in(admin).get(PERU).content.decode()
    mission_page = signed_in(mission).get(PERU).content.decode()
    # The programme's staff pick any country; a mission viewer has no picker.
    assert 'id="country-pick"' in admin_page
    assert 'id="country-pick"' not in mission_page


def test_a_write_shows_at_once_in_the_cached_tables(admin, django_capture_on_commit_callbacks):
    client = signed_in(admin)
    url = f"{PERU}?date_from=2026-12-01"
    before = client.get(url).content.decode()
    assert "No figures for this selection." in before
    with django_capture_on_commit_callbacks(execute=True):
        SeizureFactory(country=Country.objects.get(iso2="PE"), date="2026-12-02", arrests=0)
    after = client.get(url)
    assert after.context["dashboard"].headline
    assert after.content.decode().count("No figures for this selection.") < before.count(
        "No figures for this selection."
    )


def test_filters_are_part_of_the_fragment(admin):
    client = signed_in(admin)
    everything = client.get(PERU).content.decode()
    later = client.get(f"{PERU}?date_from=2030-01-01").content.decode()
    assert 'value="2030-01-01"' in later
    assert 'value="2030-01-01"' not in everything


def test_a_new_donor_shows_in_the_filter_at_once(admin, django_capture_on_commit_callbacks):
    from activities.models import Organisation
    from tests.factories import OrganisationFactory

    client = signed_in(admin)
    client.get(OVERVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Fragment Test Donor", kind=Organisation.Kind.DONOR)
    assert "Fragment Test Donor" in client.get(OVERVIEW).content.decode()


def test_a_mission_viewer_given_another_country_sees_it_at_once(mission):
    client = signed_in(mission)
    assert client.get(reverse("dashboards:country", kwargs={"iso2": "CO"})).status_code == 404
    mission.countries.add(Country.objects.get(iso2="CO"))
    fresh = signed_in(User.objects.get(pk=mission.pk))
    assert fresh.get(reverse("dashboards:country", kwargs={"iso2": "CO"})).status_code == 200
