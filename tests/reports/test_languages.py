"""Reports in a chosen language: a Spanish briefing pack for Peru and a Portuguese one for Brazil
are written in the language, with figures and dates by its formats in the PDF and typed cells in
the workbook, and hold the key figures of the country's dashboard; the request form, the
dashboard's button, the API and the quarterly schedule name the language."""

import datetime
import json
import re
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from pypdf import PdfReader

from core.suppression import Suppressed
from countries.models import Country
from dashboards.selectors import Scope, dashboard_figures
from reports import services
from reports.documents import BRIEFING_PARAMETERS
from reports.models import Report
from reports.tasks import request_quarterly_donor_report
from stats.filters import stats_filters_parse
from stats.labels import figure_label

pytestmark = pytest.mark.django_db


# Interface words of the English pack, as whole words (activities' titles and substances' names
# stay as recorded, so words that also occur in them, "Training" or "Operation", are not listed;
# "Total" is also the Spanish and the Portuguese word).
ENGLISH = [
    "Country briefing pack",
    "Contents",
    "Summary",
    "Key figures",
    "Figure",
    "Value",
    "Country",
    "Period",
    "Requested at",
    "Page",
    "Seizures",
    "Operations",
    "Trainings",
    "Activities",
    "Officials trained",
    "Kilograms",
    "Arrests",
    "Cases",
    "Kind",
    "Status",
    "Start",
    "End",
    "Pillars",
    "Gender",
    "Female",
    "Male",
    "After the seizure",
    "Nothing recorded",
]
SPANISH = [
    "Dossier informativo del país",
    "Índice",
    "Resumen",
    "Cifras clave",
    "Incautaciones",
    "Operaciones",
    "Kilogramos incautados",
    "Funcionarios capacitados",
    "Página",
    "Total",
]
PORTUGUESE = [
    "Dossiê informativo do país",
    "Sumário",
    "Resumo",
    "Números-chave",
    "Apreensões",
    "Operações",
    "Quilogramas apreendidos",
    "Funcionários capacitados",
    "Página",
    "Total",
]
KEY_FIGURES_SHEET = {"es": "Cifras clave", "pt": "Números-chave"}


def requested(principal, kind, fmt, language=None, **parameters) -> Report:
    with mock.patch("reports.services.report_enqueue"):
        return services.report_request(
            principal=principal, kind=kind, fmt=fmt, parameters=parameters, language=language
        )


def generated(principal, kind, fmt, language, **parameters) -> Report:
    report = requested(principal, kind, fmt, language, **parameters)
    return services.report_generate(report_id=report.pk)


def pdf_text(report: Report) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(report.file.path).pages)


def dashboard_key_figures(user, country: Country, language: str) -> dict[str, object]:
    """The country dashboard's headline figures, by the label the pack gives each."""
    with translation.override(language):
        filters = stats_filters_parse({"country": country.iso2}, user=user, only=BRIEFING_PARAMETERS)
        headline = {
            item["key"]: item["value"]
            for item in dashboard_figures(user=user, scope=Scope(country=country), filters=filters).headline
        }
        seizures = dashboard_figures(user=user, scope=Scope(country=country), filters=filters)
        return {
            str(figure_label("activities", country)): headline["activities"],
            str(figure_label("officials_trained", country)): headline["people"],
            str(figure_label("participations_in_trainings", country)): headline["participations"],
            str(figure_label("people_who_took_part", country)): headline["participants"],
            str(figure_label("seizures", country)): headline["seizures"],
            translation.gettext("Operations the country took part in"): headline["operations"],
            translation.gettext("Cases"): headline["cases"],
            translation.gettext("Kilograms seized"): _kg(seizures),
        }


def _kg(dashboard) -> Decimal:
    # The headline shows the mass as its seizures' detail; the chart by substance has its total.
    chart = next(chart for chart in dashboard.charts if chart.key == "seizures-by-substance")
    return sum((Decimal(str(row["kg"])) for row in chart.rows), Decimal("0"))


def shown(value, language: str) -> str:
    with translation.override(language):
        if isinstance(value, Suppressed):
            return str(value)
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=3, use_l10n=True, force_grouping=True)
        return number_format(value, use_l10n=True, force_grouping=True)


@pytest.mark.parametrize(
    ("iso2", "language", "requester", "present"),
    [("PE", "es", "mission-pe", SPANISH), ("BR", "pt", "admin", PORTUGUESE)],
)
def test_a_briefing_pack_in_the_partners_language_holds_the_dashboards_figures(
    users, iso2, language, requester, present
):
    user, country = users[requester], Country.objects.get(iso2=iso2)
    expected = dashboard_key_figures(user, country, language)

    pdf = generated(user, "country_briefing", "pdf", language, country=iso2)
    assert pdf.status == Report.Status.SUCCEEDED and pdf.language == language
    text = pdf_text(pdf)
    for word in ENGLISH:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    for word in present:
        assert word in text, word
    for label, value in expected.items():
        # One line per key figure: its label, then the figure by the language's formats.
        assert re.search(rf"^{re.escape(label)} {re.escape(shown(value, language))}$", text, re.MULTILINE), (
            label,
            shown(value, language),
        )
    # Dates by the language's short format (day/month/year), never ISO.
    assert re.search(r"\b\d\d/\d\d/20\d\d\b", text)
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text)

    xlsx = generated(user, "country_briefing", "xlsx", language, country=iso2)
    workbook = openpyxl.load_workbook(xlsx.file.path)
    sheets = " ".join(workbook.sheetnames)
    for word in ("Cover", "Key figures", "Seizures", "Operations", "Activities", "People"):
        assert word not in sheets, word
    rows = {row[0].value: row[1] for row in workbook[KEY_FIGURES_SHEET[language]].iter_rows(min_row=2)}
    for label, value in expected.items():
        cell = rows[label]
        if isinstance(value, Suppressed):
            assert cell.value == str(value) and cell.data_type == "s"
        elif isinstance(value, Decimal):
            assert Decimal(str(cell.value)).quantize(Decimal("0.001")) == value
            assert cell.number_format == "#,##0.000"
        else:
            assert cell.value == value and cell.number_format == "#,##0", label
    texts = " ".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(max_row=1)
        for cell in row
        if cell.value
    )
    for word in ("Key figures", "Seizures", "Operations", "Country", "Kilograms", "Figure", "Value"):
        assert not re.search(rf"\b{word}\b", texts), word
    dated = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, datetime.datetime)
    ]
    # Excel's built-in short date (and date and time, on the cover): shown in the reader's locale.
    assert dated and {cell.number_format for cell in dated} == {"mm-dd-yy", "m/d/yy h:mm"}


def test_the_peru_pack_writes_its_mass_by_the_spanish_formats_in_every_table(users):
    pdf = generated(users["admin"], "country_briefing", "pdf", "es", country="PE")
    text = pdf_text(pdf)
    kg = re.search(r"^Kilogramos incautados (\d[\d\s.]*,\d{3})$", text, re.MULTILINE).group(1)
    # The same figure, written the same way, as the total of the table of seizures by substance.
    assert re.search(rf"^Total \d+ {re.escape(kg)} ", text, re.MULTILINE)
    # Spanish as the pages write it (core.formatting, crimjust/formats/es): a point groups thousands.
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{3}", kg), kg


def test_the_language_defaults_to_the_requesters_and_is_checked(users):
    with translation.override("fr"):
        assert requested(users["admin"], "country_briefing", "pdf", country="PE").language == "fr"
    assert requested(users["admin"], "country_briefing", "pdf", "pt", country="PE").language == "pt"
    with pytest.raises(ValidationError) as error:
        requested(users["admin"], "country_briefing", "pdf", "xx", country="PE")
    assert "language" in error.value.message_dict


def test_the_api_takes_a_language_and_refuses_an_unknown_one(users, client):
    client.force_login(users["officer"])
    url = reverse("api:report-list")
    body = {"kind": "country_briefing", "format": "pdf", "country": "PE"}
    with mock.patch("reports.services.report_enqueue"):
        accepted = client.post(url, json.dumps({**body, "language": "es"}), content_type="application/json")
        refused = client.post(url, json.dumps({**body, "language": "xx"}), content_type="application/json")
    assert accepted.status_code == 202, accepted.content
    assert accepted.json()["language"] == "es"
    assert Report.objects.get(pk=accepted.json()["id"]).language == "es"
    assert refused.status_code == 400
    assert "language" in refused.content.decode()
    assert Report.objects.count() == 1


def test_the_openapi_schema_lists_the_languages():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    field = schema["components"]["schemas"]["ReportRequestRequest"]["properties"]["language"]
    reference = field["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    enum = schema["components"]["schemas"][reference]["enum"]
    assert set(enum) == {"en", "es", "fr", "pt"}


def test_the_dashboard_button_offers_the_languages_and_sends_the_chosen_one(users, client):
    peru = Country.objects.get(iso2="PE")
    request = RequestFactory().get("/")
    request.user = users["mission-pe"]
    template = Template('{% include "reports/_briefing_request.html" with country=country %}')
    with translation.override("es"):
        html = template.render(Context({"country": peru, "request": request, "user": request.user}))
    assert 'name="language"' in html and '<option value="es" lang="es" selected>' in html
    client.force_login(users["mission-pe"])
    url = reverse("reports:briefing-request", args=["PE"])
    with mock.patch("reports.services.report_enqueue"):
        response = client.post(url, {"format": "pdf", "language": "pt"})
        refused = client.post(url, {"format": "pdf", "language": "xx"})
    assert response.status_code == 302
    assert Report.objects.get().language == "pt"
    assert refused.status_code == 400 and "language" in refused.content.decode()


def test_the_admin_request_form_names_the_language(users, client):
    client.force_login(users["admin"])
    url = reverse("admin:reports_report_add")
    assert 'name="language"' in client.get(url).content.decode()
    with mock.patch("reports.services.report_enqueue"):
        client.post(url, {"kind": "country_briefing", "format": "xlsx", "country": "PE", "language": "es"})
    assert Report.objects.get().language == "es"


def test_the_quarterly_report_is_in_the_configured_language(db, settings):
    settings.REPORTS_QUARTERLY_LANGUAGE = "fr"
    with mock.patch("reports.services.report_enqueue"):
        by_setting = Report.objects.get(pk=request_quarterly_donor_report())
        by_kwargs = Report.objects.get(pk=request_quarterly_donor_report(language="es"))
    assert (by_setting.language, by_kwargs.language) == ("fr", "es")


def test_a_quarterly_language_not_offered_is_a_warning_at_start_up(settings):
    from reports.checks import report_quarterly_language_check

    assert report_quarterly_language_check(None) == []
    settings.REPORTS_QUARTERLY_LANGUAGE = "xx"
    [warning] = report_quarterly_language_check(None)
    assert warning.id == "reports.W003" and "xx" in warning.msg
