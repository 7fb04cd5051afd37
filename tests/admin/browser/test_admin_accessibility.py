"""Every admin page accessible, in a real browser (Debian's Chromium) with axe-core (WCAG 2.2 AA).

axe runs over every changelist, the change and add forms (with their inlines) of the main
records, the import's upload page, the report pages and the API documentation: no serious or
critical violation. The layouts at 1,280 px and 390 px: test_admin_layout_and_pickers.py.
"""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from activities.models import Organisation
from countries.models import Agency, Country
from operations.models import Case, EquipmentHandover, Operation, Seizure
from people.models import Participation, Person
from trainings.models import TrainingDetail

pytestmark = pytest.mark.django_db

AXE_SERIOUS = """async () => {
  const result = await axe.run(document, {
    runOnly: {
      type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    },
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.length,
      first: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
}"""

# Sideways scrolling: of the page, of anything in the main column that scrolls (a table's box),
# and how far the main column's content reaches beyond its box, in pixels.
MAIN_OVERFLOW = """() => {
  const main = document.querySelector('#content-main') || document.querySelector('#content');
  const page = document.documentElement;
  const inside = Array.from(main.querySelectorAll('*'));
  const widest = inside.reduce((right, element) => Math.max(right, element.getBoundingClientRect().right), 0);
  return {
    page: page.scrollWidth - page.clientWidth,
    main: Math.max(0, Math.round(widest - main.getBoundingClientRect().right)),
    scrolling: inside
      .filter((element) => element.scrollWidth - element.clientWidth > 1
        && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX))
      .map((element) => element.className || element.tagName),
  };
}"""


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker) -> dict:
    """One record of each main kind from the demo data, the richest where it matters."""
    with django_db_blocker.unblock():
        azure = Operation.objects.get(code_name="Azure")
        training = TrainingDetail.objects.filter(activity__participations__isnull=False).first()
        return {
            "activities/activity": training.activity_id,
            "activities/organisation": Organisation.objects.first().pk,
            "operations/operation": azure.pk,
            "operations/seizure": Seizure.objects.filter(operation=azure).first().pk,
            "operations/case": Case.objects.first().pk,
            "operations/equipmenthandover": EquipmentHandover.objects.first().pk,
            "people/person": Person.objects.filter(participations__isnull=False).first().pk,
            "people/participation": Participation.objects.first().pk,
            "countries/country": Country.objects.get(iso2="PE").pk,
            "countries/agency": Agency.objects.first().pk,
            "trainings/trainingdetail": training.pk,
            "operation activity": azure.activity_id,
        }


@pytest.fixture(scope="module")
def changelists(django_db_setup, django_db_blocker) -> list[str]:
    """Every changelist of the admin's registry."""
    with django_db_blocker.unblock():
        return sorted(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry
        )


def _pages(records, changelists) -> list[str]:
    pages = list(changelists)
    for model, pk in records.items():
        if "/" not in model:
            continue
        pages += [f"/admin/{model}/{pk}/change/", f"/admin/{model}/add/"]
    pages.append(f"/admin/activities/activity/{records['operation activity']}/change/")
    return pages


def test_admin_pages_have_no_serious_accessibility_violation(visit, records, changelists, reports, artifacts):
    staff = visit(viewport={"width": 1280, "height": 900})
    staff.sign_in("admin")
    found = {}
    for path in [
        "/admin/",
        *_pages(records, changelists),
        "/admin/imports/importjob/upload/attendance/",
        "/reports/",
        *(f"/reports/{report.pk}/" for report in reports),
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ]:
        staff.open(path)
        violations = staff.page.evaluate(AXE_SERIOUS)
        if violations:
            found[path] = violations
    # What axe found, page by page, to read when this fails.
    (artifacts / "admin-axe.json").write_text(json.dumps(found, indent=1))
    assert found == {}
