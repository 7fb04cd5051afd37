"""The one-page flows as a programme officer uses them, in Debian's Chromium against a live server:
an operation with two seizures in two countries and a case opened from one in at most four page
loads; a training with three participants and its mean knowledge gain. Each page: no console error
(a CSP violation is one), axe-core finds no serious or critical violation, no sideways scrolling at
1,280 px; the records are in the database afterwards (and removed by the test: the server commits).
"""

import datetime

import pytest

from accounts.models import SecurityEvent, User
from activities.models import Activity
from countries.models import Agency, Country
from operations.models import Case, Operation, Seizure, Substance
from people.models import Participation, Person
from stats.selectors import training_figures

pytestmark = pytest.mark.django_db

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _axe_clean(visit) -> None:
    """axe-core finds no serious or critical violation. Its own probes apply inline styles, which the
    pages' policy refuses and the console reports: those reports are axe's, not the page's."""
    before = len(visit.console)
    visit.check_accessibility()
    del visit.console[before:]


def _loads(visit):
    """The documents the tab loaded (a POST answered by a redirect is one load)."""
    loads = []
    visit.page.on("framenavigated", lambda frame: frame == visit.page.main_frame and loads.append(frame.url))
    return loads


def _remove(titles) -> None:
    activities = Activity.objects.filter(title__in=titles)
    Case.objects.filter(seizures__operation__activity__in=activities).delete()
    Seizure.objects.filter(operation__activity__in=activities).delete()
    Participation.objects.filter(activity__in=activities).delete()
    activities.delete()


@pytest.fixture(scope="module", autouse=True)
def cleanup(django_db_setup, django_db_blocker):
    """What the live server committed, removed once the module's tests are done (and any leftover
    of an interrupted run, before them): outside the tests' own transactions, which roll back."""
    titles = ["Operation Kestrel", "Raman devices in the field", "Operation Kestrel, refused"]
    with django_db_blocker.unblock():
        _remove(titles)
        first_event = (SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    yield titles
    with django_db_blocker.unblock():
        _remove(titles)
        # The sign-ins of these tests were committed by the server: leave the log as it was.
        SecurityEvent.objects.filter(pk__gte=first_event).delete()


@pytest.fixture
def reference_data(django_db_blocker):
    with django_db_blocker.unblock():
        countries = {code: Country.objects.get(iso2=code) for code in ("PE", "CO", "EC", "US")}
        people = Person.objects.filter(archived_at__isnull=True).order_by("pk")
        yield {
            "countries": countries,
            "agency": Agency.objects.filter(country=countries["PE"]).first(),
            "substance": Substance.objects.get(name="Cocaine hydrochloride"),
            "people": [*people.filter(gender=Person.Gender.FEMALE)[:2], people.filter(gender="male").first()],
            "officer": User.objects.get(username="officer"),
        }


def _choose(page, select_id: str, person: Person, label: str) -> None:
    """Pick a person in a select2 box, as a user does: open it, type their name, choose them."""
    page.click(f"#{select_id} + .select2-container .select2-selection")
    with page.expect_response(lambda response: "/admin/autocomplete/" in response.url):
        page.fill(".select2-container--open .select2-search__field", person.last_name)
    page.locator(".select2-results").get_by_role("option", name=label, exact=True).click()
    assert page.input_value(f"#{select_id}") == str(person.pk)


def _fill_seizure(page, index: int, *, reference: str, country: Country, data) -> None:
    prefix = f"#id_seizures-{index}-"
    page.fill(f"{prefix}reference", reference)
    page.fill(f"{prefix}date", "2024-03-12")
    page.select_option(f"{prefix}country", str(country.pk))
    page.select_option(f"{prefix}place", "airport")
    page.select_option(f"{prefix}substance", str(data["substance"].pk))
    page.fill(f"{prefix}quantity", "3.5")
    page.select_option(f"{prefix}unit", "kg")
    page.select_option(f"{prefix}conveyance", "air_cargo")
    page.select_option(f"{prefix}detection", "profiling")
    page.select_option(f"{prefix}origin_country", str(data["countries"]["EC"].pk))
    page.select_option(f"{prefix}transit_countries", [str(data["countries"]["US"].pk)])
    page.fill(f"{prefix}arrests", "1")


def test_an_operation_with_two_seizures_in_two_countries_and_a_case(
    visit, live_url, reference_data, artifacts, django_db_blocker
):
    data = reference_data
    officer = visit(viewport={"width": 1280, "height": 900})
    officer.sign_in("officer")
    officer.open("/admin/")
    loads = _loads(officer)
    page = officer.page

    with page.expect_navigation():
        page.click("#flow-links a:text-is('Record an operation')")
    page.fill("#id_activity-title", "Operation Kestrel")
    page.select_option("#id_activity-status", "completed")
    page.fill("#id_activity-start_date", "2024-03-01")
    page.fill("#id_activity-end_date", "2024-03-31")
    page.fill("#id_operation-code_name", "Kestrel")
    page.fill("#id_operation-target", "Cocaine in air cargo")
    page.fill("#id_phases-0-number", "1")
    page.fill("#id_phases-0-start_date", "2024-03-01")
    page.fill("#id_phases-0-end_date", "2024-03-31")
    page.select_option("#id_participants-0-country", str(data["countries"]["PE"].pk))
    page.select_option("#id_participants-0-coordinating_agency", str(data["agency"].pk))
    page.select_option("#id_participants-1-country", str(data["countries"]["CO"].pk))
    _fill_seizure(page, 0, reference="KESTREL-1", country=data["countries"]["PE"], data=data)
    page.click("button[data-add-row='seizures']")
    _fill_seizure(page, 1, reference="KESTREL-2", country=data["countries"]["CO"], data=data)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    _axe_clean(officer)
    officer.screenshot(artifacts, "flow-operation-filled")

    with page.expect_navigation():
        page.click(".flow-submit input[type=submit] >> nth=0")
    page.wait_for_load_state("networkidle")
    assert page.locator("#flow-error-summary").count() == 0, page.inner_text("#flow-error-summary")
    assert page.locator(".messagelist").count() == 1, (page.url, page.inner_text("#content")[:800])
    assert "were saved" in page.inner_text(".messagelist")
    assert page.inner_text(".flow-figures").count("2 seizures in 2 countries") == 1
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    _axe_clean(officer)
    officer.screenshot(artifacts, "flow-operation-saved")

    # The flow's own pages: nothing in the console (a CSP violation would be there).
    assert officer.console == []

    with page.expect_navigation():
        page.click("#seizures-0 a:text-is('Open a case from this seizure')")
    page.fill("#id_reference", "CASE-KESTREL-1")
    page.fill("#id_opened_on", "2024-03-20")
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")

    assert len(loads) <= 4, loads
    assert page.url.endswith("/admin/operations/case/")
    officer.check_clean()
    with django_db_blocker.unblock():
        operation = Operation.objects.get(code_name="Kestrel")
        assert operation.activity.kind == Activity.Kind.OPERATION
        seizures = list(Seizure.objects.filter(operation=operation).order_by("reference"))
        assert [(s.reference, s.country.iso2) for s in seizures] == [("KESTREL-1", "PE"), ("KESTREL-2", "CO")]
        case = Case.objects.get(reference="CASE-KESTREL-1")
        assert list(case.seizures.all()) == [seizures[0]]
        assert case.lead_country.iso2 == "PE"
        assert {"PE", "EC", "US"} <= set(case.countries.values_list("iso2", flat=True))


def test_a_training_with_three_participants_and_its_mean_gain(
    visit, live_url, reference_data, artifacts, django_db_blocker
):
    data = reference_data
    with django_db_blocker.unblock():
        labels = [person.picker_label for person in data["people"]]
    officer = visit(viewport={"width": 1280, "height": 900})
    officer.sign_in("officer")
    officer.open("/admin/")
    loads = _loads(officer)
    page = officer.page

    with page.expect_navigation():
        page.click("#flow-links a:text-is('Record a training')")
    page.fill("#id_activity-title", "Raman devices in the field")
    page.select_option("#id_activity-status", "completed")
    page.fill("#id_activity-start_date", "2024-05-06")
    page.fill("#id_activity-end_date", "2024-05-07")
    page.fill("#id_modules-0-order", "1")
    page.fill("#id_modules-0-title", "Safe handling")
    _choose(page, "id_modules-0-trainer", data["people"][2], labels[2])
    for index, (label, (pre, post)) in enumerate(
        zip(labels, [("40", "70"), ("55", "60"), ("30", "80")], strict=True)
    ):
        _choose(page, f"id_participations-{index}-person", data["people"][index], label)
        page.fill(f"#id_participations-{index}-days_attended", "2")
        page.fill(f"#id_participations-{index}-pre_test_score", pre)
        page.fill(f"#id_participations-{index}-post_test_score", post)
    # A module added on the page picks its trainer with the same autocomplete (left empty: not saved).
    page.click("button[data-add-row='modules']")
    assert page.locator("#id_modules-1-trainer + .select2-container .select2-selection").count() == 1
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    _axe_clean(officer)

    with page.expect_navigation():
        page.click(".flow-submit input[type=submit] >> nth=-1")
    page.wait_for_load_state("networkidle")
    assert page.locator("#flow-error-summary").count() == 0, page.inner_text("#flow-error-summary")
    assert page.locator(".messagelist").count() == 1, (page.url, page.inner_text("#content")[:800])
    assert "were saved" in page.inner_text(".messagelist")
    figures = page.inner_text(".flow-figures")
    assert "28.3 points (3 participants tested)" in figures
    assert "66.7% (2 women)" in figures
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    _axe_clean(officer)
    officer.screenshot(artifacts, "flow-training-saved")

    assert len(loads) <= 2, loads
    officer.check_clean()
    with django_db_blocker.unblock():
        activity = Activity.objects.get(title="Raman devices in the field")
        assert activity.kind == Activity.Kind.TRAINING
        assert activity.training.modules.get().trainer == data["people"][2]
        assert set(Participation.objects.filter(activity=activity).values_list("person", flat=True)) == {
            person.pk for person in data["people"]
        }
        figures = training_figures(user=data["officer"], activity=activity)
        assert str(figures["mean_gain"]) == "28.3"
        assert activity.start_date == datetime.date(2024, 5, 6)


def test_every_error_is_shown_at_its_row_and_the_page_stays_accessible(
    visit, reference_data, django_db_blocker
):
    data = reference_data
    officer = visit(viewport={"width": 1280, "height": 900})
    officer.sign_in("officer")
    officer.open("/admin/flows/operation/")
    page = officer.page
    page.fill("#id_activity-title", "Operation Kestrel, refused")
    page.fill("#id_activity-start_date", "2024-03-01")
    page.fill("#id_activity-end_date", "2024-03-31")
    page.fill("#id_operation-target", "Cocaine in air cargo")  # no code name
    page.fill("#id_phases-0-number", "1")
    page.fill("#id_phases-0-start_date", "2024-02-20")  # before the operation
    page.fill("#id_phases-0-end_date", "2024-03-10")
    page.select_option("#id_participants-0-country", str(data["countries"]["PE"].pk))
    _fill_seizure(page, 0, reference="KESTREL-REFUSED-1", country=data["countries"]["CO"], data=data)

    with page.expect_navigation():
        page.click(".flow-submit input[type=submit] >> nth=0")

    summary = page.inner_text("#flow-error-summary")
    assert "correct the 3 errors below" in summary, summary
    assert page.locator("#flow-operation .flow-field.errors #id_operation-code_name").count() == 1
    assert page.locator("#phases-0.errors .flow-field.errors #id_phases-0-start_date").count() == 1
    assert page.locator("#seizures-0.errors .flow-field.errors #id_seizures-0-country").count() == 1
    # What was typed is kept.
    assert page.input_value("#id_seizures-0-reference") == "KESTREL-REFUSED-1"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    _axe_clean(officer)
    officer.check_clean()
    with django_db_blocker.unblock():
        assert not Activity.objects.filter(title="Operation Kestrel, refused").exists()
