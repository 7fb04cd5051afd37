"""People without double counting, in a real browser (Debian's Chromium, headless, against a live
test server): a programme officer who records an official already recorded is shown them before
saving, and "use this person" opens them with nothing saved; an administrator merges two records
of one person from the list of people. Each journey counts the pages it loaded, checks the records
written, that the console shows no error and that axe-core finds no serious or critical violation
in what the journey adds to the admin."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import SecurityEvent
from activities.models import Activity
from activities.services import activity_create
from countries.models import Agency, Country
from people.models import Participation, Person
from people.services import participation_create, person_create
from sync.models import Deletion

# Each test's own transaction is left unused for writes: the server writes what the journeys do, and
# the records a journey starts from are written (committed) by module fixtures, before it.
pytestmark = pytest.mark.django_db
SCREENS = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    """What the journeys wrote (committed, by the server or by `twins`), removed after them."""
    with django_db_blocker.unblock():
        first_event = (SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_deletion = (Deletion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    made = {"people": [], "activities": []}
    yield made
    with django_db_blocker.unblock():
        # The server's sign-ins and merges, logged and fed to sync clients: leave both as they were.
        SecurityEvent.objects.filter(pk__gte=first_event).delete()
        Participation.objects.filter(activity__in=made["activities"]).delete()
        Participation.objects.filter(person__in=made["people"]).delete()
        Activity.objects.filter(pk__in=[a.pk for a in made["activities"]]).delete()
        Person.objects.filter(pk__in=[p.pk for p in made["people"]]).delete()
        Deletion.objects.filter(pk__gte=first_deletion).delete()


@pytest.fixture(scope="module")
def twins(committed, django_db_blocker):
    """One prosecutor recorded twice, with a training each attended and one both attended (the
    second's record of it with scores): committed before the journey, for the server to read."""
    with django_db_blocker.unblock():
        peru = Country.objects.get(iso2="PE")
        day = datetime.date(2021, 9, 6)
        shared = activity_create(
            kind=Activity.Kind.TRAINING, title="Browser merge training", start_date=day, end_date=day
        )
        other = activity_create(
            kind=Activity.Kind.TRAINING, title="Browser merge second", start_date=day, end_date=day
        )
        committed["activities"] += [shared, other]
        person = {"country": peru, "professional_category": Person.Category.PROSECUTOR}
        kept = person_create(first_name="Rosa", last_name="Zzbrowser Huamán", **person)
        twin = person_create(
            first_name="Rosa", last_name="Zzbrowser Huaman", email="rosa.zz@example.org", **person
        )
        committed["people"] += [kept, twin]
        participation_create(person=kept, activity=shared)
        richer = participation_create(
            person=twin, activity=shared, pre_test_score=Decimal("50"), post_test_score=Decimal("85")
        )
        moved = participation_create(person=twin, activity=other)
    return {"kept": kept, "twin": twin, "richer": richer, "moved": moved}


def test_a_duplicate_person_is_caught_before_saving(visit, live_url, committed, artifacts):
    ghana = Country.objects.get(iso2="GH")
    nacoc = Agency.objects.get(country=ghana, acronym="NACOC")
    recorded = Person.objects.filter(first_name="Yaw", last_name="Acheampong", agency=nacoc).earliest("pk")
    people = Person.objects.count()

    staff = visit(viewport=SCREENS)
    staff.sign_in_admin()
    staff.open("/admin/people/person/add/")
    page = staff.page
    page.fill("#id_first_name", "Yaw")
    page.fill("#id_last_name", "Acheampong")
    page.select_option("#id_gender", "male")
    page.select_option("#id_professional_category", "police")
    staff.choose("id_country", "Ghana", "Ghana")
    staff.choose("id_agency", "NACOC", "Narcotics Control Commission")
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")

    warning = page.locator(".likely-duplicates")
    assert warning.is_visible()
    assert recorded.picker_label in warning.inner_text()
    assert Person.objects.count() == people  # nothing saved yet
    # The warning; the form around it is the admin's own (its select2 boxes are checked with it).
    assert staff.serious_violations(".likely-duplicates") == []
    staff.screenshot(artifacts, "person-likely-duplicate")

    with page.expect_navigation():
        page.click(f"[data-duplicate='{recorded.pk}'] a")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_url}/admin/people/person/{recorded.pk}/change/"
    assert "Nothing was saved" in page.inner_text(".messagelist")
    assert Person.objects.count() == people
    # Sign-in aside: the form, its warning, the person kept.
    assert staff.page_loads == 3
    staff.check_clean()


def test_it_is_another_person_saves_anyway(visit, committed):
    ghana = Country.objects.get(iso2="GH")
    before = set(Person.objects.filter(first_name="Yaw", last_name="Acheampong").values_list("pk", flat=True))
    staff = visit(viewport=SCREENS)
    staff.sign_in_admin()
    staff.open("/admin/people/person/add/")
    page = staff.page
    page.fill("#id_first_name", "Yaw")
    page.fill("#id_last_name", "Acheampong")
    page.select_option("#id_professional_category", "police")
    staff.choose("id_country", "Ghana", "Ghana")
    staff.choose("id_agency", "NACOC", "Narcotics Control Commission")
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.check("#id_another_person")
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")
    added = Person.objects.filter(first_name="Yaw", last_name="Acheampong").exclude(pk__in=before)
    committed["people"] += list(added)
    assert added.count() == 1 and added.get().country == ghana
    assert staff.page_loads == 3
    staff.check_clean()


def test_an_administrator_merges_two_records_of_one_person(visit, live_url, twins, artifacts):
    kept, twin, richer, moved = twins["kept"], twins["twin"], twins["richer"], twins["moved"]

    admin = visit(viewport=SCREENS)
    admin.sign_in_admin()
    admin.open("/admin/people/person/?q=Zzbrowser")
    page = admin.page
    for record in (kept, twin):
        page.check(f"input[name=_selected_action][value='{record.pk}']")
    page.select_option("select[name=action]", "merge_two_people")
    with page.expect_navigation():
        page.click("button[name=index]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".merge-choice").count() == 2
    assert admin.serious_violations() == []  # the whole page: it is the merge's own
    admin.screenshot(artifacts, "person-merge-preview")

    page.check(f".merge-choice[data-keep='{kept.pk}'] input[type=radio]")
    page.fill("#id_reason", "The same prosecutor, recorded twice")
    with page.expect_navigation():
        page.click("#person-merge-form input[type=submit]")
    page.wait_for_load_state("networkidle")

    assert page.url == f"{live_url}/admin/people/person/{kept.pk}/change/"
    assert "Browser merge training" in page.inner_text(".messagelist")  # the discarded record, reported
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert set(Participation.objects.filter(person=kept).values_list("pk", flat=True)) == {
        richer.pk,
        moved.pk,
    }
    kept.refresh_from_db()
    assert kept.email == "rosa.zz@example.org"
    # The person's change form is the admin's own (its accessibility is checked with the admin's).
    assert admin.serious_violations(".messagelist") == []
    # The list, the preview, the person kept.
    assert admin.page_loads == 3
    admin.check_clean()
