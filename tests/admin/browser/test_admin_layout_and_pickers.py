"""The admin's pickers and layout in a real browser (Debian's Chromium).

The agency picker of a case offers only the agencies of the lead country chosen on the form; the
operation page, a training's participations and the seizure list read at 1,280 px without
sideways scrolling in the main column; the reports list reads at 390 px without sideways
scrolling; a long form has its save button on top, and focus rings show at 3:1.
"""

import pytest
from django.db.models import Count

from activities.models import Activity
from countries.models import Agency, Country
from operations.models import Operation

from .test_admin_accessibility import AXE_SERIOUS, MAIN_OVERFLOW

pytestmark = pytest.mark.django_db

NO_OVERFLOW = {"page": 0, "main": 0, "scrolling": []}


@pytest.fixture(scope="module")
def azure_pk(django_db_setup, django_db_blocker) -> int:
    with django_db_blocker.unblock():
        return Operation.objects.get(code_name="Azure").pk


@pytest.fixture(scope="module")
def training_pk(django_db_setup, django_db_blocker) -> int:
    """The activity with the most participations: the widest participations table."""
    with django_db_blocker.unblock():
        return (
            Activity.objects.annotate(rows=Count("participations"))
            .order_by("-rows")
            .values_list("pk", flat=True)
            .first()
        )


@pytest.fixture(scope="module")
def agency_names(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return {
            iso2: set(map(str, Agency.objects.filter(country__iso2=iso2).select_related("country")))
            for iso2 in ("PE", "CO")
        }


def _choose(page, select_id: str, text: str) -> None:
    """Choose `text` in a select2 box, as a user does: open it, type, pick the result."""
    page.click(f"#{select_id} + .select2-container .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:text-is('{text}')")


def _offered(page, select_id: str) -> set[str]:
    """What a select2 box offers once opened: the answer of the autocomplete request it sends."""
    with page.expect_response(lambda response: "/admin/autocomplete/" in response.url):
        page.click(f"#{select_id} + .select2-container .select2-selection")
    page.wait_for_function("() => !document.querySelector('.select2-results__option.loading-results')")
    options = set(page.locator(".select2-results__option[role='option']").all_inner_texts())
    page.keyboard.press("Escape")
    return options


def test_the_agency_picker_offers_the_chosen_countrys_agencies(visit, agency_names, django_db_blocker):
    with django_db_blocker.unblock():
        peru = str(Country.objects.get(iso2="PE"))
        colombia = str(Country.objects.get(iso2="CO"))
    staff = visit(viewport={"width": 1280, "height": 900})
    staff.sign_in("admin")
    staff.open("/admin/operations/case/add/")

    _choose(staff.page, "id_lead_country", peru)
    offered = _offered(staff.page, "id_lead_agency")
    assert offered and offered <= agency_names["PE"], offered
    assert not offered & agency_names["CO"]

    _choose(staff.page, "id_lead_country", colombia)
    offered = _offered(staff.page, "id_lead_agency")
    assert offered and offered <= agency_names["CO"], offered
    assert staff.page.evaluate(AXE_SERIOUS) == []


def test_long_pages_fit_1280_px(visit, azure_pk, training_pk, artifacts):
    """The operation page (its seizures), the seizure list beside its filter and a training's
    participations, at 1,280 px: nothing scrolls sideways in the main column."""
    staff = visit(viewport={"width": 1280, "height": 900})
    staff.sign_in("admin")
    for path, name in [
        (f"/admin/operations/operation/{azure_pk}/change/", "admin-operation-1280"),
        ("/admin/operations/seizure/", "admin-seizures-1280"),
        (f"/admin/activities/activity/{training_pk}/change/", "admin-participations-1280"),
        (f"/admin/operations/operation/{azure_pk}/change/", "admin-operation-1280"),
    ]:
        staff.open(path)
        assert staff.page.evaluate(MAIN_OVERFLOW) == NO_OVERFLOW, path
        staff.screenshot(artifacts, name)
    # The operation's seizures, a table of 125 rows, within the main column.
    table, main = staff.page.evaluate(
        """() => [document.querySelector('#seizures-group table').getBoundingClientRect().right,
                  document.querySelector('#content-main').getBoundingClientRect().right]"""
    )
    assert table <= main <= 1280


def test_the_seizure_list_is_beside_its_filter(visit):
    staff = visit(viewport={"width": 1280, "height": 900})
    staff.sign_in("admin")
    staff.open("/admin/operations/seizure/")
    boxes = staff.page.evaluate(
        """() => ({
          results: document.querySelector('#changelist-form .results').getBoundingClientRect().right,
          table: document.querySelector('#result_list').getBoundingClientRect().right,
          filter: document.querySelector('#changelist-filter').getBoundingClientRect().left,
        })"""
    )
    assert boxes["table"] <= boxes["results"] <= boxes["filter"], boxes


def test_the_reports_list_fits_a_phone(visit, reports, artifacts):
    phone = visit(viewport={"width": 390, "height": 844})
    phone.sign_in("admin")
    phone.open("/reports/")
    assert phone.page.locator("table.report-list tbody tr").count() >= 2
    assert (
        phone.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        == 0
    )
    assert phone.page.evaluate(AXE_SERIOUS) == []
    phone.screenshot(artifacts, "reports-390")


def test_a_long_form_saves_from_the_top_and_shows_where_the_focus_is(visit, azure_pk):
    staff = visit(viewport={"width": 1280, "height": 900})
    staff.sign_in("admin")
    staff.open(f"/admin/operations/operation/{azure_pk}/change/")
    # A save button before the first field: a few tab stops away, not the 258th.
    first_save, first_field = staff.page.evaluate(
        """() => {
          const focusable = ['input', 'select', 'textarea', 'button', 'a[href]', '[tabindex="0"]'];
          const stops = Array.from(document.querySelectorAll(
            focusable.map((selector) => '#content-main ' + selector).join(', ')))
            .filter((element) => element.offsetParent !== null && element.type !== 'hidden');
          return [stops.findIndex((element) => element.name === '_save'),
                  stops.findIndex((element) => element.name === 'code_name')];
        }"""
    )
    assert 0 <= first_save < first_field
    # The keyboard reaches a select2 box and a breadcrumb link (on the dark bar), and their rings
    # show at 3:1 against what surrounds them.
    for selector in ("#id_coordinating_office + .select2-container .select2-selection", ".breadcrumbs a"):
        staff.page.focus(selector)
        ring = staff.page.evaluate(FOCUS_RING)
        assert ring["style"] != "none" and ring["width"] >= 2, (selector, ring)
        assert ring["contrast"] >= 3, (selector, ring)


# The focused element's outline, and its contrast with the background behind it (the first
# ancestor with an opaque background).
FOCUS_RING = """() => {
  const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let behind = element.parentElement;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] === 0)) {
    behind = behind.parentElement;
  }
  const background = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
  const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(background)].sort((a, b) => b - a);
  return {
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    color: style.outlineColor,
    contrast: (light + 0.05) / (dark + 0.05),
  };
}"""
