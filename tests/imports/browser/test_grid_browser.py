"""The grid of participants as a programme officer uses it, in Debian's Chromium against a live
server: three rows pasted from a spreadsheet (tab-separated, with its header row), checked (one
wrong cell marked and listed, then corrected), saved; the three participations are in the database
afterwards (and removed by the test: the server commits); and seizures pasted under a Spanish
header row, with a decimal comma, into an operation. No console error (a CSP violation is one), and
axe-core finds no serious or critical violation.
"""

import pytest

from accounts.models import SecurityEvent
from activities.models import Activity
from imports.models import ImportJob
from operations.models import Operation, Seizure
from people.models import Participation, Person

pytestmark = pytest.mark.django_db

EMAILS = ["grid.ana@example.org", "grid.luis@example.org", "grid.rosa@example.org"]
TSV = "\n".join(
    [
        "first_name\tlast_name\tgender\tcountry\tprofessional_category\temail\tpre_test_score\tpost_test_score",
        f"Ana\tGridtest Mamani\tF\tPE\tpolice\t{EMAILS[0]}\t40\t70",
        f"Luis\tGridtest Condori\trobot\tPE\tcustoms\t{EMAILS[1]}\t55\t60",
        f"Rosa\tGridtest Huanca\tfemale\tPE\tprosecutor\t{EMAILS[2]}\t30\t80",
    ]
)
PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.getElementById("grid").dispatchEvent(
    new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def _remove() -> None:
    people = Person.objects.filter(email__in=EMAILS)
    Participation.objects.filter(person__in=people).delete()
    people.delete()
    Seizure.objects.filter(reference__startswith="GRIDTEST-").delete()
    ImportJob.objects.filter(file_name__startswith="grid-").delete()


@pytest.fixture(scope="module", autouse=True)
def cleanup(django_db_setup, django_db_blocker):
    """What the live server committed, removed after the module (and before it, any leftover)."""
    with django_db_blocker.unblock():
        _remove()
        first_event = (SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    yield
    with django_db_blocker.unblock():
        _remove()
        SecurityEvent.objects.filter(pk__gte=first_event).delete()


@pytest.fixture
def training(django_db_blocker) -> Activity:
    with django_db_blocker.unblock():
        return (
            Activity.objects.filter(kind=Activity.Kind.TRAINING, archived_at__isnull=True)
            .order_by("pk")
            .first()
        )


def _axe_clean(visit) -> None:
    """No serious or critical violation. axe's own probes apply inline styles, which the policy
    refuses and the console reports: those reports are axe's, not the page's."""
    before = len(visit.console)
    visit.check_accessibility()
    del visit.console[before:]


def test_three_participants_pasted_checked_corrected_and_saved(visit, training, artifacts, django_db_blocker):
    officer = visit(viewport={"width": 1280, "height": 900})
    officer.sign_in("officer")
    officer.open(f"/admin/activities/activity/{training.pk}/change/")
    page = officer.page
    with page.expect_navigation():
        page.click("a:text-is('Enter participants as a grid')")
    page.wait_for_selector("#grid .tabulator-row")
    _axe_clean(officer)

    page.evaluate(PASTE, TSV)
    page.wait_for_function("() => document.querySelectorAll('#grid .tabulator-row').length === 3")
    assert "3 rows pasted" in page.inner_text("#grid-status")
    # The grid scrolls sideways within itself; the page does not.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.inner_text("#grid .tabulator-row:nth-child(2) [tabulator-field=gender]") == "robot"

    page.click("#grid-check")
    page.wait_for_selector("#grid-errors:not([hidden])")
    invalid = page.locator("#grid .tabulator-cell.grid-invalid")
    assert invalid.count() == 1
    assert invalid.get_attribute("tabulator-field") == "gender"
    assert invalid.get_attribute("aria-invalid") == "true"
    summary = page.inner_text("#grid-errors")
    assert "1 of 3 rows have errors" in summary and "Row 2, gender: Unknown gender “robot”." in summary
    assert "Unknown gender" in page.inner_text("#grid .tabulator-row:nth-child(2) .grid-message")
    assert page.evaluate("document.activeElement.id") == "grid-errors-title"
    _axe_clean(officer)
    officer.screenshot(artifacts, "imports-grid-errors")
    with django_db_blocker.unblock():
        assert not Person.objects.filter(email__in=EMAILS).exists()

    # The summary's link opens the wrong cell for editing; the corrected value is checked again.
    page.click("#grid-errors a")
    editor = page.locator("#grid [tabulator-field=gender] input")
    editor.fill("male")
    editor.press("Enter")
    assert page.locator("#grid .tabulator-cell.grid-invalid").count() == 0
    page.click("#grid-check")
    page.wait_for_function("() => document.getElementById('grid-status').textContent.includes('are valid')")
    assert page.is_hidden("#grid-errors")
    assert "new person" in page.inner_text("#grid .tabulator-row:nth-child(1) .grid-message")

    page.click("#grid-save")
    page.wait_for_selector("#grid-saved:not([hidden])")
    assert "3 rows created, 0 matched" in page.inner_text("#grid-saved")
    _axe_clean(officer)
    officer.screenshot(artifacts, "imports-grid-saved")
    officer.check_clean()
    with django_db_blocker.unblock():
        participations = Participation.objects.filter(activity=training, person__email__in=EMAILS)
        assert participations.count() == 3
        assert Person.objects.get(email=EMAILS[1]).gender == Person.Gender.MALE
        assert sorted(participations.values_list("post_test_score", flat=True)) == [60, 70, 80]
        job = ImportJob.objects.get(file_name__startswith="grid-attendance-")
        assert job.status == ImportJob.Status.IMPORTED and job.created_by.username == "officer"


def test_seizures_pasted_with_a_spanish_header_are_saved_into_the_operation(visit, django_db_blocker):
    with django_db_blocker.unblock():
        azure = Operation.objects.select_related("activity").get(code_name="Azure")
        country = azure.participants.order_by("pk").values_list("country__iso2", flat=True).first()
        day = azure.activity.start_date
    header = "referencia\tfecha\tpaís\tlugar\tsustancia\tcantidad\tunidad\tmedio de transporte\tdetección"
    tsv = "\n".join(
        [
            header,
            f"GRIDTEST-1\t{day:%d/%m/%Y}\t{country}\tmail_centre\tcocaine HCl\t1,5\tkg\tmail\traman",
            f"GRIDTEST-2\t{day.isoformat()}\t{country}\tmail_centre\tcocaine HCl\t250\tg\tmail\traman",
        ]
    )
    officer = visit(viewport={"width": 1280, "height": 900})
    officer.sign_in("officer")
    officer.open(f"/admin/operations/operation/{azure.pk}/change/")
    page = officer.page
    with page.expect_navigation():
        page.click("a:text-is('Enter seizures as a grid')")
    page.wait_for_selector("#grid .tabulator-row")
    page.evaluate(PASTE, tsv)
    page.wait_for_function("() => document.querySelectorAll('#grid .tabulator-row').length === 2")
    assert page.inner_text("#grid .tabulator-row:nth-child(1) [tabulator-field=quantity]") == "1,5"
    page.click("#grid-check")
    page.wait_for_function("() => document.getElementById('grid-status').textContent.includes('are valid')")
    _axe_clean(officer)
    page.click("#grid-save")
    page.wait_for_selector("#grid-saved:not([hidden])")
    assert "2 rows created" in page.inner_text("#grid-saved")
    officer.check_clean()
    with django_db_blocker.unblock():
        seizures = Seizure.objects.filter(operation=azure, reference__startswith="GRIDTEST-")
        assert sorted(str(quantity) for quantity in seizures.values_list("quantity", flat=True)) == [
            "1.500",
            "250.000",
        ]
