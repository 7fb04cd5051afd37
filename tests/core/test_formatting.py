"""core.formatting: a figure, a mass and a date written one way per language."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formatting
from core.suppression import Suppressed
from operations.admin import _kg

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "1,875.598 kg"), ("es", "1.875,598 kg"), ("fr", f"1{NBSP}875,598 kg"), ("pt", "1.875,598 kg")],
)
def test_a_mass_is_written_by_the_language(language, written):
    with translation.override(language):
        assert formatting.mass(Decimal("1875.598")) == written
        assert formatting.mass(Decimal("1875.5")) == written.replace("598", "500")


def test_a_mass_not_recorded_is_a_dash_not_zero():
    with translation.override("es"):
        assert formatting.mass(None) == "—"
        assert formatting.mass(Decimal(0)) == "0,000 kg"


@pytest.mark.parametrize(
    ("language", "written"), [("en", "12,345"), ("es", "12.345"), ("fr", f"12{NBSP}345"), ("pt", "12.345")]
)
def test_whole_numbers_group_their_thousands_and_hidden_counts_stay_text(language, written):
    with translation.override(language):
        assert formatting.number(12345) == written
        assert formatting.number(999) == "999"
        assert formatting.number(Suppressed(primary=True, threshold=5)) == "<5"
        assert formatting.number("PE") == "PE"
        assert formatting.number(None) == "—"


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "Nov. 30, 2021"),
        ("es", "30 de noviembre de 2021"),
        ("fr", "30 novembre 2021"),
        # Django's Portuguese catalogue capitalises the months (Brazil writes them in lower case).
        ("pt", "30 de Novembro de 2021"),
    ],
)
def test_a_day_is_written_by_the_language(language, written):
    with translation.override(language):
        assert formatting.date(datetime.date(2021, 11, 30)) == written


def test_the_template_filters_are_the_helper():
    template = Template("{% load figures %}{{ kg|mass }} · {{ n|number }} · {{ day|day }} · {{ none|mass }}")
    context = Context({"kg": Decimal("6090.734"), "n": 1100, "day": datetime.date(2021, 10, 4), "none": None})
    with translation.override("pt"):
        assert template.render(context) == "6.090,734 kg · 1.100 · 4 de Outubro de 2021 · —"


def test_scripts_get_the_separators_of_the_page():
    with translation.override("fr"):
        assert formatting.separators() == {"decimal": ",", "thousands": NBSP}
    with translation.override("es"):
        assert formatting.separators() == {"decimal": ",", "thousands": "."}


def test_the_operations_admin_shows_a_dash_for_a_mass_not_recorded():
    with translation.override("fr"):
        assert _kg(None) == "—"
        assert _kg(Decimal("1100")) == f"1{NBSP}100,000 kg"
