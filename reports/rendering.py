"""Writers of a `reports.documents.Document`: PDF (WeasyPrint, SVG charts, a table of contents,
page numbers) and XLSX (a cover sheet with the parameters and the list of sheets, one plain table
per sheet, the totals on a sheet of their own, typed cells: `write_xlsx`). Both are deterministic:
the same document and `created` time give the same bytes, so a report generated twice has the same
checksum.

Both are written under the report's language (reports.services.report_generate), and each shows
figures and dates one way: the PDF writes them with Django's formats of that language (`display`:
"1.863,098" and "01/10/2021" in Portuguese, "1 863,098" in Spanish, in the key figures and in
every table alike); the workbook stores them as numbers and dates with a number format
(`NUMBER_FORMATS`) and leaves their separators and the order of day and month to the reader's
Excel, which knows its locale.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from core import formatting
from core.suppression import Suppressed
from core.xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    INTEGER_FORMAT,
    add_table,
    append_row,
    cell,
    new_workbook,
    save_workbook,
    text_cell,
)

from .documents import DATE, INTEGER, KG, NUMBER, TEXT, Document, Table

# WeasyPrint logs every layout step at INFO: a worker's log would drown in them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# --- cells -----------------------------------------------------------------------------------------


def display(value, type_: str) -> str:
    """A cell as the PDF shows it, by the formats of the active language: a mass with three
    decimals, other numbers with their own, thousands grouped; a date in the short form."""
    if value is None:
        return ""
    if isinstance(value, Suppressed | bool | str):
        return str(value)
    # The pages' own formatting (core.formatting): a figure reads the same in a document.
    if type_ == KG and isinstance(value, Decimal | int | float):
        return formatting.number(Decimal(value), decimal_pos=3)
    if isinstance(value, int | Decimal | float):
        return formatting.number(value)
    if isinstance(value, datetime.datetime):
        return f"{date_format(value, 'SHORT_DATE_FORMAT', use_l10n=True)} {time_format(value, 'H:i')}"
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT", use_l10n=True)
    return str(value)


def date_display(value: datetime.date | None) -> str:
    """A date written in a sentence or a parameter (not a cell), as `display` writes a cell's."""
    return display(value, DATE) if value else ""


def created_display(created: datetime.datetime) -> str:
    """When the report was requested, in UTC (a worker's time zone must not change the file)."""
    created = created.astimezone(datetime.UTC)
    return f"{date_format(created, 'DATE_FORMAT', use_l10n=True)} {time_format(created, 'H:i')} UTC"


# A cell's number format in the workbook (core.xlsx: the reader's separators and order of day and
# month); a NUMBER column's cell gets its value's (core.xlsx.number_format_of: a Decimal its places).
DATETIME = "datetime"
NUMBER_FORMATS = {INTEGER: INTEGER_FORMAT, KG: "#,##0.000", DATE: DATE_FORMAT, DATETIME: DATETIME_FORMAT}


def spreadsheet_value(value, type_: str):
    """A cell as the workbook stores it: numbers as numbers, yes/no as a boolean, dates as dates
    (a date and time in UTC), anything else (a suppressed count included) as its text, which
    `core.xlsx.cell` keeps a text cell."""
    if value is None:
        return None
    if isinstance(value, bool | int | Decimal | float):
        return value
    if isinstance(value, datetime.datetime) and type_ in (DATE, DATETIME):
        return value
    if isinstance(value, datetime.date) and type_ == DATE:
        return value
    return str(value)


def spreadsheet_cell(sheet, value, type_: str):
    """A cell of the workbook: `spreadsheet_value` with its column type's number format."""
    return cell(sheet, spreadsheet_value(value, type_), NUMBER_FORMATS.get(type_))


# --- charts ----------------------------------------------------------------------------------------

CHART_WIDTH = 640
BAR_HEIGHT = 16
BAR_GAP = 6
LABEL_WIDTH = 220
MAX_BARS = 20


def _number(value) -> float | None:
    if isinstance(value, Suppressed) or value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def chart_svg(table: Table) -> str:
    """The table's chart as inline SVG markup (bars, or a centred funnel)."""
    type_ = table.columns[table.chart_column].type
    rows = [
        (str(row[0]), _number(row[table.chart_column]), display(row[table.chart_column], type_))
        for row in table.rows[:MAX_BARS]
    ]
    rows = [row for row in rows if row[1] is not None]
    if not rows or max(value for _, value, _ in rows) <= 0:
        return ""
    largest = max(value for _, value, _ in rows)
    bars = []
    span = CHART_WIDTH - LABEL_WIDTH - 70
    for index, (label, value, shown) in enumerate(rows):
        width = max(1.0, span * value / largest) if value > 0 else 0.0
        y = index * (BAR_HEIGHT + BAR_GAP)
        if table.chart == "funnel":
            x = LABEL_WIDTH + (span - width) / 2
        else:
            x = LABEL_WIDTH
        bars.append(
            {
                "label": label[:40],
                "shown": shown,
                "x": f"{x:.1f}",
                "y": y,
                "width": f"{width:.1f}",
                "text_y": y + BAR_HEIGHT - 4,
                "value_x": f"{LABEL_WIDTH + span + 6:.1f}",
            }
        )
    height = len(rows) * (BAR_HEIGHT + BAR_GAP)
    return render_to_string(
        "reports/pdf/chart.svg",
        {
            "bars": bars,
            "width": CHART_WIDTH,
            "height": height,
            "bar_height": BAR_HEIGHT,
            "label_x": LABEL_WIDTH - 6,
            "funnel": table.chart == "funnel",
            "title": table.title,
        },
    )


# --- PDF -------------------------------------------------------------------------------------------


def brief_context(brief) -> dict:
    """The brief's first page: its figures as the tables write them, what comes next as
    sentences, and the country's map."""
    from .maps import country_map_svg

    return {
        "brief": brief,
        "figures": [(label, display(value, type_)) for label, value, type_ in brief.figures],
        "next": [
            {
                "title": title,
                "details": ", ".join(part for part in (kind, display(start, DATE), countries) if part),
            }
            for title, kind, start, countries in brief.next_rows
        ],
        "map": country_map_svg(numeric_code=brief.map_code, title=brief.map_title) if brief.map_code else "",
    }


def write_pdf(document: Document, path: Path, *, created: datetime.datetime) -> None:
    from weasyprint import HTML

    sections, brief = [], None
    for section in document.sections:
        if section.brief is not None:
            brief = brief_context(section.brief)
            continue
        number = len(sections) + 1
        tables = []
        for table in section.tables:
            numeric = [column.type in (INTEGER, KG, NUMBER) for column in table.columns]

            def cells(values, types, numeric=numeric):
                return [
                    (display(value, type_), is_number)
                    for value, type_, is_number in zip(values, types, numeric, strict=False)
                ]

            # A long list (a year's activities, seizures by country at scale) is the workbook's:
            # WeasyPrint holds every row's styles and boxes at once (325 MB for 1,144 rows), so the
            # PDF shows a part of it and says where the rest is: the rows with the largest figure
            # when the table has one (its chart's), else the first rows, in the table's order.
            limit = settings.REPORTS_PDF_MAX_ROWS
            indexes = list(range(len(table.rows)))
            by_figure = bool(table.chart)
            if limit and len(indexes) > limit:
                if by_figure:
                    largest = sorted(
                        indexes, key=lambda index: -(_number(table.rows[index][table.chart_column]) or 0)
                    )[:limit]
                    indexes = sorted(largest)
                else:
                    indexes = indexes[:limit]
            more = ""
            if len(indexes) < len(table.rows):
                values = {
                    "shown": display(len(indexes), INTEGER),
                    "count": display(len(table.rows), INTEGER),
                    "sheet": sheet_title(table.name, set()),
                    "column": table.columns[table.chart_column].label,
                }
                more = (
                    _(
                        "The %(shown)s rows of %(count)s with the most “%(column)s”; all of them are in "
                        "this report's workbook (XLSX), sheet “%(sheet)s”."
                    )
                    if by_figure
                    else _(
                        "The first %(shown)s of %(count)s rows; all of them are in this report's "
                        "workbook (XLSX), sheet “%(sheet)s”."
                    )
                ) % values
            tables.append(
                {
                    "table": table,
                    "header": list(zip([column.label for column in table.columns], numeric, strict=True)),
                    "rows": [cells(table.rows[index], table.types(index)) for index in indexes],
                    "more": more,
                    "totals": cells(table.totals, table.types(None)) if table.totals else None,
                    "chart": chart_svg(table) if table.chart else "",
                }
            )
        sections.append(
            {"section": section, "anchor": f"section-{number}", "number": number, "tables": tables}
        )
    html = render_to_string(
        "reports/pdf/document.html",
        {
            "document": document,
            "brief": brief,
            "sections": sections,
            "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "created_label": created_display(created),
        },
    )
    # The embedded font subsets carry fontTools' "now" in their head table unless the
    # reproducible-builds variable fixes it: the report's own time keeps the file identical.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))
    try:
        # PDF/UA-1: tagged (a structure tree in reading order, tables with their headers, the
        # charts and the map as figures with their alternative text), with its title shown and
        # its language (the page's `lang`) declared.
        HTML(string=html, base_url=str(path.parent)).write_pdf(str(path), pdf_variant="pdf/ua-1")
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


# --- XLSX ------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", name).strip()[:31] or "Sheet"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def write_xlsx(document: Document, path: Path, *, created: datetime.datetime) -> None:
    """The workbook: a cover (the title, the parameters, when it was requested, and the list of
    sheets with each one's title and note), then one plain table per sheet (its header on row 1,
    its rows below, marked as an Excel table), then the tables' totals on a "Totals" sheet, one
    line per figure, so that no total sits among the rows (core.xlsx)."""
    # Titles, parameters and rows hold staff's text: every cell goes through `core.xlsx.cell`.
    workbook = new_workbook(created=created, title=document.title)
    taken: set[str] = set()
    cover = workbook.create_sheet(sheet_title(_("Cover"), taken))
    append_row(cover, [document.title])
    append_row(cover, [document.subtitle])
    append_row(cover, [])
    append_row(cover, [_("Parameter"), _("Value")])
    for label, value in document.parameters:
        append_row(cover, [label, value])
    # A date and time cell in UTC, which its label says: a workbook's times have no zone.
    append_row(cover, [_("Requested at (UTC)"), created.replace(microsecond=0)])
    append_row(cover, [])
    append_row(cover, [_("Sheets")])
    append_row(cover, [_("Sheet"), _("Title"), _("Note")])
    sheets = []
    for section in document.sections:
        for table in section.tables:
            sheets.append((table, sheet_title(table.name, taken)))
            append_row(cover, [sheets[-1][1], table.title, table.note])
    totals = [(table, title) for table, title in sheets if table.totals]
    if totals:
        totals_title = sheet_title(_("Totals"), taken)
        append_row(cover, [totals_title, _("The totals of the tables, one line per figure"), ""])
    for table, title in sheets:
        _write_table(workbook, title, table)
    if totals:
        _write_totals(workbook, totals_title, totals)
    save_workbook(workbook, path, created=created)


def _write_table(workbook, title: str, table: Table) -> None:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    header = [column.label for column in table.columns]
    append_row(sheet, header)
    for index, row in enumerate(table.rows):
        sheet.append(
            [
                spreadsheet_cell(sheet, value, type_)
                for value, type_ in zip(row, table.types(index), strict=False)
            ]
        )
    add_table(workbook, sheet, header, len(table.rows))


def _write_totals(workbook, title: str, tables: list[tuple[Table, str]]) -> None:
    """Each table's total row as lines of a long table: the sheet, the total's label (its first
    cell, "Total (each person once)"), the column and the figure, typed as in its table."""
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    header = [_("Sheet"), _("Total"), _("Column"), _("Value")]
    append_row(sheet, header)
    count = 0
    for table, table_title in tables:
        label = str(table.totals[0]) if table.totals and table.columns[0].type == TEXT else ""
        for column, value, type_ in zip(table.columns, table.totals, table.types(None), strict=False):
            if column.type == TEXT or value is None or value == "":
                continue
            sheet.append(
                [
                    text_cell(sheet, table_title),
                    text_cell(sheet, label),
                    text_cell(sheet, column.label),
                    spreadsheet_cell(sheet, value, type_),
                ]
            )
            count += 1
    add_table(workbook, sheet, header, count)
