"""Every PDF the tracker writes is PDF/UA-1 through WeasyPrint: tagged (a structure tree with
headings, tables with header cells, figures with their alternative text), its language and title
declared, set in one typeface family; a table's total closes it once, not at the foot of every
page it spans. Each document type, in each interface language, on the demo data."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from countries.models import Country
from operations.models import Operation
from reports import documents
from reports.documents import INTEGER, Column, Document, Section, Table
from reports.rendering import write_pdf

pytestmark = pytest.mark.django_db

CREATED = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
LANGUAGES = ("en", "es", "fr", "pt")


def _document(kind: str, user):
    step = lambda: None  # noqa: E731
    if kind == "donor_progress":
        parameters = {"date_from": "2021-01-01", "date_to": "2021-12-31", "donor": "INL"}
        return documents.donor_progress_document(user=user, parameters=parameters, step=step)
    if kind == "country_briefing":
        return documents.country_briefing_document(user=user, parameters={"country": "PE"}, step=step)
    operation = Operation.objects.get(code_name="Azure")
    return documents.operation_results_document(user=user, parameters={"operation": operation.pk}, step=step)


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _structure(element, found: list) -> None:
    """The structure elements under `element`, depth first (the reading order), as (tag, element)."""
    element = _resolved(element)
    if isinstance(element, list):
        for kid in element:
            _structure(kid, found)
        return
    if not hasattr(element, "get") or element.get("/Type") not in ("/StructElem", None):
        return
    tag = element.get("/S")
    if tag is not None:
        found.append((str(tag), element))
    kids = element.get("/K")
    if kids is not None and not isinstance(_resolved(kids), int):
        _structure(kids, found)


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = _resolved(page.get("/Resources", {})).get("/Font", {})
        for font in _resolved(fonts).values():
            names.add(str(_resolved(font)["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["donor_progress", "country_briefing", "operation_results"])
def test_every_report_is_a_tagged_pdf_in_its_language_with_one_typeface(users, tmp_path, kind, language):
    path = tmp_path / "report.pdf"
    with translation.override(language):
        document = _document(kind, users["officer"])
        write_pdf(document, path, created=CREATED)
    reader = PdfReader(path)
    root = reader.trailer["/Root"]

    assert str(root["/Lang"]) == language
    assert str(root["/MarkInfo"]["/Marked"]).lower() == "true"
    assert str(_resolved(root["/ViewerPreferences"])["/DisplayDocTitle"]).lower() == "true"
    assert reader.metadata.title.startswith(str(document.title))
    assert b"pdfuaid:part" in _resolved(root["/Metadata"]).get_data()

    found: list = []
    _structure(_resolved(root["/StructTreeRoot"])["/K"], found)
    tags = [tag for tag, _element in found]
    assert tags[0] == "/Document"
    # The brief's heading comes first, then the annex; every table has header cells.
    assert tags.index("/H1") < tags.index("/Table")
    assert "/TH" in tags and "/TD" in tags and "/TR" in tags
    figures = [element for tag, element in found if tag == "/Figure"]
    assert figures and all(str(element.get("/Alt", "")).strip() for element in figures)
    if kind == "country_briefing":
        # The map: its alternative text names the country.
        with translation.override(language):
            name = Country.objects.get(iso2="PE").display_name
        assert any(name in str(element["/Alt"]) for element in figures)

    fonts = _fonts(reader)
    assert fonts and all(name.replace("-", "").startswith("DejaVuSans") for name in fonts), fonts
    _checked_by_the_tools_people_use(path)


def _checked_by_the_tools_people_use(path) -> None:
    """qpdf finds no damage and pdfinfo says it is tagged, where Debian's tools are installed
    (`make setup` installs them; the structure checks above hold without them)."""
    if shutil.which("qpdf"):
        checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True)
        assert "Tagged:          yes" in info.stdout


def test_a_total_closes_its_table_once_however_many_pages_it_spans(settings, tmp_path):
    settings.REPORTS_PDF_MAX_ROWS = 0
    table = Table(
        name="Long",
        title="Seizures by country",
        columns=[Column("Country"), Column("Seizures", INTEGER)],
        rows=[[f"Country {index:03d}", index] for index in range(150)],
        totals=["Grand total", sum(range(150))],
    )
    document = Document(
        title="Long", subtitle="A test", parameters=[], sections=[Section("S", tables=[table])]
    )
    write_pdf(document, tmp_path / "report.pdf", created=CREATED)
    pages = [page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages]
    spanned = [text for text in pages if "Country 0" in text or "Country 1" in text]
    assert len(spanned) >= 2
    assert sum(text.count("Grand total") for text in pages) == 1
    assert "Grand total" in spanned[-1] and "Grand total" not in spanned[0]


def test_a_long_table_with_a_figure_shows_its_largest_rows_in_the_pdf(settings, tmp_path):
    settings.REPORTS_PDF_MAX_ROWS = 5
    table = Table(
        name="By country",
        title="Seizures by country",
        columns=[Column("Country"), Column("Seizures", INTEGER)],
        rows=[[f"Country {index:02d}", (index * 7) % 23] for index in range(20)],
        chart="bars",
    )
    document = Document(title="T", subtitle="S", parameters=[], sections=[Section("S", tables=[table])])
    write_pdf(document, tmp_path / "report.pdf", created=CREATED)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    largest = sorted(table.rows, key=lambda row: -row[1])[:5]
    smallest = sorted(table.rows, key=lambda row: row[1])[:5]
    for name, _count in largest:
        assert f"{name} " in text
    # The chart shows its bars by label too: only the table's rows and the note are asserted.
    assert "The 5 rows of 20 with the most “Seizures”" in text
    assert all(f"{name} {count}\n" not in text for name, count in smallest)
