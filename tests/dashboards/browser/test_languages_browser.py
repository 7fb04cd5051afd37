"""The dashboards' charts in Spanish, in a real browser: the script writes its figures as the page
(the table under each chart) writes them, and shows no English word of its own."""

import json
import re

import pytest
from django.conf import settings

from .test_browser import ALL_DRAWN, Visit

pytestmark = pytest.mark.django_db

# The tooltip ECharts shows for one bar of a chart (its axis: every series of that category).
# Shows the tooltip of one bar of a chart (its axis: every series of that category); the tooltip is
# drawn in the chart's SVG (renderMode richText), so it is read with the chart's texts.
SHOW_TIP = """([key, index]) => {
  const container = document.querySelector(`[data-chart="chart-${key}"]`);
  echarts.getInstanceByDom(container).dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: index });
}"""

HIDE_TIP = """(key) => echarts.getInstanceByDom(
  document.querySelector(`[data-chart="chart-${key}"]`)
).dispatchAction({ type: 'hideTip' })"""

CHART_TEXTS = """(key) => Array.from(
  document.querySelectorAll(`[data-chart="chart-${key}"] svg text`)
).map((node) => node.textContent)"""

TABLE_ROWS = """(key) => Array.from(document.querySelectorAll(`#figure-${key} table tbody tr`)).map(
  (row) => Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent.trim())
)"""

# 1,234 or 1,234.5 as English writes them (not the 5,335 of Spanish's 2.515,335).
ENGLISH_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(,\d{3})+(\.\d+)?(?![\d,])")


@pytest.fixture
def spanish(browser, live_url):
    opened = Visit(browser, live_url, viewport={"width": 1280, "height": 900}, locale="es-ES")
    opened.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_url}])
    yield opened
    opened.close()


def test_the_charts_write_figures_as_the_spanish_page_does(spanish, artifacts):
    spanish.sign_in("admin")
    spanish.open("/dashboards/")
    spanish.page.wait_for_function(ALL_DRAWN, timeout=10_000)
    assert spanish.page.evaluate("document.documentElement.lang") == "es"

    formats = json.loads(spanish.page.inner_text("#page-formats"))
    assert formats["decimal"] == "," and formats["thousands"] == "."
    assert formats["hidden"] != "suppressed"  # the script's words come translated

    # The substance with the most kilograms: its tooltip writes them as the table does.
    rows = spanish.page.evaluate(TABLE_ROWS, "seizures-by-substance")
    index, row = max(enumerate(rows), key=lambda pair: float(pair[1][2].replace(".", "").replace(",", ".")))
    kilograms = row[2]
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+,\d{3}", kilograms), kilograms  # e.g. 5.123,456
    before = spanish.page.evaluate(CHART_TEXTS, "seizures-by-substance")
    spanish.page.evaluate(SHOW_TIP, ["seizures-by-substance", index])
    spanish.page.wait_for_timeout(300)
    tip = " | ".join(spanish.page.evaluate(CHART_TEXTS, "seizures-by-substance")[len(before) :])
    assert kilograms in tip, tip
    assert "Kilogramos" in tip and "Kilograms" not in tip, tip
    spanish.screenshot(artifacts, "admin-programme-es-tooltip")
    spanish.page.evaluate(HIDE_TIP, "seizures-by-substance")

    # Axes, labels and the map's scale: no figure in English's grouping, none of the script's own
    # English words.
    keys = spanish.page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-chart]')).map((c) => c.dataset.chart.slice(6))"
    )
    texts = [text for key in keys for text in spanish.page.evaluate(CHART_TEXTS, key)]
    assert texts
    assert not [text for text in texts if ENGLISH_GROUPED.search(text)], texts
    assert not [text for text in texts if "suppressed" in text or "NaN" in text], texts
    axis = spanish.page.evaluate(CHART_TEXTS, "seizures-by-substance")
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", text) for text in axis), axis
    spanish.check_clean()
