"""A long table (a year's activities at scale) is the workbook's: the PDF shows its first rows
(REPORTS_PDF_MAX_ROWS) and says where all of them are, so that WeasyPrint's memory stays bounded
(the donor report's PDF peaked at 335 MB at scale with 1,141 activities; `make bench` measures it)."""

import datetime

import openpyxl
import pytest
from pypdf import PdfReader

from reports.documents import INTEGER, Column, Document, Section, Table
from reports.rendering import write_pdf, write_xlsx

CREATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _document(rows: int) -> Document:
    table = Table(
        name="Activities",
        title="Activities",
        columns=[Column("Activity"), Column("Participants", INTEGER)],
        rows=[[f"Activity number {index:04d}", index] for index in range(1, rows + 1)],
    )
    return Document(
        title="Long table",
        subtitle="A test",
        parameters=[],
        sections=[Section("Activities", tables=[table])],
    )


def _text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("limit", [20])
def test_a_long_table_shows_its_first_rows_and_says_the_rest_is_in_the_workbook(settings, tmp_path, limit):
    settings.REPORTS_PDF_MAX_ROWS = limit
    document = _document(limit + 15)
    write_pdf(document, tmp_path / "report.pdf", created=CREATED)
    write_xlsx(document, tmp_path / "report.xlsx", created=CREATED)

    text = _text(tmp_path / "report.pdf")
    assert f"Activity number {limit:04d}" in text
    assert f"Activity number {limit + 1:04d}" not in text
    assert f"The first {limit} of {limit + 15} rows" in text
    assert "Activities" in text and "XLSX" in text

    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx")["Activities"]
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert f"Activity number {limit + 15:04d}" in names


def test_a_table_within_the_limit_is_whole_and_says_nothing_more(settings, tmp_path):
    settings.REPORTS_PDF_MAX_ROWS = 20
    write_pdf(_document(20), tmp_path / "report.pdf", created=CREATED)
    text = _text(tmp_path / "report.pdf")
    assert "Activity number 0020" in text
    assert "The first" not in text
