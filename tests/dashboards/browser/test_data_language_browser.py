"""A Peruvian mission viewer's country page in Spanish, in a real browser: the country's and the
substances' names in Spanish, the charts drawn, nothing refused by the content security policy."""

import pytest

from .test_browser import Visit

pytestmark = pytest.mark.django_db


def test_the_peru_page_names_its_data_in_spanish(browser, live_url):
    visit = Visit(browser, live_url, locale="es-PE", viewport={"width": 390, "height": 844})
    try:
        visit.sign_in("mission-pe")
        response = visit.open("/dashboards/country/PE/")
        assert response.status == 200
        visit.check_charts()
        assert "Perú" in visit.page.inner_text("h1")
        assert "1. Capacidades de investigación" in visit.page.inner_text("main")
        # The substances' chart and its table (folded away until asked for).
        html = visit.page.content()
        assert "Clorhidrato de cocaína" in html
        assert "Cocaine hydrochloride" not in html
        visit.check_clean()
    finally:
        visit.context.close()
