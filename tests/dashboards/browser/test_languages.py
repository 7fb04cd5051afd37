"""The interface in Spanish, French and Portuguese in a real browser: the sign-in page, the
dashboards and an admin page, each with no English interface word left, figures written the
locale's way, no serious accessibility violation, and nothing wider than a phone at 390 px."""

import re

import pytest
from django.utils import formats, translation

from .test_browser import AXE_SERIOUS, Visit, expected, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr", "pt")
# English words of the interface (labels, buttons, headings) that no page in another language may
# show. Data keeps its own words (an activity's title stays as recorded): the words are chosen from
# the interface, and each is matched whole and case-sensitively.
ENGLISH = (
    "Sign in",
    "Sign out",
    "Dashboards",
    "Seizures",
    "Trainings",
    "Operations",
    "Officials trained",
    "Female",
    "Male",
    "Filter",
    "Filters",
    "Search",
    "Download",
    "Apply",
    "Username",
    "Password",
    "Change language",
    "Skip to content",
    "Countries",
    "Activities",
    "Arrests",
    "Year",
    "Show",
    "Add",
    "Save",
    "True",
    "False",
)

VISIBLE_TEXT = "() => document.body.innerText"
# What a screen reader reads too: labels, titles and alternative texts.
ACCESSIBLE_TEXT = """() => Array.from(document.querySelectorAll('[aria-label],[title],[alt],[placeholder]'))
  .map((node) => [node.getAttribute('aria-label'), node.getAttribute('title'),
                  node.getAttribute('alt'), node.getAttribute('placeholder')].filter(Boolean).join(' '))
  .join('\\n')"""


def _english_words(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<![\\w-]){re.escape(word)}(?![\\w-])", text)]


def _check_language(opened: Visit, language: str) -> None:
    page = opened.page
    assert page.evaluate("document.documentElement.lang") == language
    text = page.evaluate(VISIBLE_TEXT) + "\n" + page.evaluate(ACCESSIBLE_TEXT)
    assert not _english_words(text), (page.url, _english_words(text))
    assert page.evaluate(AXE_SERIOUS) == [], page.url


def _visit_in(start, language: str, **options) -> Visit:
    return start(locale={"es": "es-ES", "fr": "fr-FR", "pt": "pt-BR"}[language], **options)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_and_the_dashboards_in_the_language(visit, expected, language, live_url):  # noqa: F811
    staff = _visit_in(visit, language, viewport={"width": 1280, "height": 900})
    staff.open("/accounts/login/")
    _check_language(staff, language)

    staff.sign_in("admin")  # no preference: the browser's language (Accept-Language) stays
    staff.page.wait_for_load_state("networkidle")
    assert staff.page.url == f"{live_url}/dashboards/"
    staff.check_charts()
    _check_language(staff, language)
    # A figure written the locale's way: the programme's seizures count as the page shows it.
    with translation.override(language):
        assert staff.headline("seizures") == formats.localize(expected.programme["seizures"])

    staff.open("/admin/operations/seizure/")
    _check_language(staff, language)
    staff.check_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_country_page_on_a_phone_in_the_language(visit, language):  # noqa: F811
    phone = _visit_in(
        visit,
        language,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    phone.sign_in("officer")
    phone.open("/dashboards/country/PE/")
    phone.check_charts()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    _check_language(phone, language)


def test_the_peruvian_mission_never_meets_an_english_word(visit, live_url):  # noqa: F811
    """The issue's own test: the mission signs in (its account prefers Spanish; the browser says
    English) and reads its country page and the page of a refused country in Spanish."""
    mission = visit(viewport={"width": 1280, "height": 900}, locale="en-US")
    mission.sign_in("mission-pe")
    mission.page.wait_for_load_state("networkidle")
    assert mission.page.url == f"{live_url}/dashboards/country/PE/"
    mission.check_charts()
    _check_language(mission, "es")
