"""The IPTT as a workbook: an "About" sheet of the parameters, then the table as
`results.iptt.iptt_rows` gives it, alone on its sheet with its header on row 1, with typed cells
(numbers as numbers, dates as dates, "To date" a boolean, every text a text cell: `core.xlsx`),
for the results page's download and the API's.

`iptt_workbook(rows, ...)` takes the rows already computed for the principal, so the workbook
holds exactly the figures the page or the API answer shows (hidden counts as their "<5").
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.xlsx import append_row, new_workbook, workbook_bytes, write_table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_label(period: str) -> str:
    """A row's period as people read it: "2021", "2021-Q3", or the life of the programme."""
    return _("Life of the programme") if period == "life" else period


def iptt_columns() -> list[str]:
    """The headings of the IPTT's long form (one line per row), shared by its CSV and workbook."""
    return [
        _("Result"),
        _("Indicator code"),
        _("Indicator"),
        _("Measure"),
        _("Unit"),
        _("Period"),
        _("Period start"),
        _("Period end"),
        _("To date"),
        _("Breakdown"),
        _("Group"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Numerator"),
        _("Denominator"),
        _("% of target"),
    ]


def _cell(value):
    """A value as a cell: numbers and dates kept, a hidden count ("<5") and any text as text."""
    if value is None or isinstance(value, int | Decimal | float | datetime.date):
        return value
    return str(value)


def iptt_line(row: dict, *, workbook: bool = False) -> list:
    """One IPTT row in the order of `iptt_columns`; "To date" a boolean in the `workbook`, and
    "yes" or "no" in the CSV."""
    breakdown = row["disaggregation"] or {}
    return [
        _cell(row.get("result_code")),
        _cell(row["code"]),
        _cell(row["name"]),
        _cell(row["measure"] or _("reported")),
        _cell(row["unit"]),
        period_label(row["period"]),
        row["period_start"],
        row["period_end"],
        bool(row["to_date"]) if workbook else _("yes") if row["to_date"] else _("no"),
        _cell(breakdown.get("dimension")),
        _cell(breakdown.get("label") or breakdown.get("value")),
        _cell(row["baseline"]),
        _cell(row["target"]),
        _cell(row["actual"]),
        _cell(row["numerator"]),
        _cell(row["denominator"]),
        _cell(row["percent_of_target"]),
    ]


def iptt_workbook(
    rows: list[dict],
    *,
    framework,
    frequency: str = "annual",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    disaggregate: str | None = None,
    created: datetime.datetime | None = None,
) -> bytes:
    """The workbook of an IPTT: a sheet of the parameters, then the table, one line per row of
    `rows` (`results.iptt.iptt_rows`). Deterministic for the same rows and `created`."""
    created = created or timezone.now()
    workbook = new_workbook(created=created, title=_("Indicator performance tracking table"))
    about = workbook.create_sheet(_("About")[:31])
    append_row(about, [_("Indicator performance tracking table")])
    append_row(about, [])
    append_row(about, [_("Parameter"), _("Value")])
    append_row(about, [_("Framework"), str(framework)])
    append_row(about, [_("Periods"), _("By quarter") if frequency == "quarterly" else _("By year")])
    append_row(about, [_("From"), date_from or framework.start_date])
    append_row(about, [_("To"), date_to or framework.end_date])
    append_row(about, [_("Breakdown"), disaggregate or _("None")])
    # A date and time cell in UTC, which its label says: a workbook's times have no zone.
    append_row(about, [_("Requested at (UTC)"), created.replace(microsecond=0)])
    append_row(about, [])
    append_row(
        about,
        [
            _(
                "Computed indicators are counted from the records the requester may see; counts of "
                "people may be perturbed and small ones hidden for a requester without access to "
                "personal data. The current period's actual is to date."
            )
        ],
    )
    # The table alone on its sheet, header on row 1 (core.xlsx): `pandas.read_excel(..., "IPTT")`.
    write_table(workbook, _("IPTT"), iptt_columns(), (iptt_line(row, workbook=True) for row in rows))
    return workbook_bytes(workbook, created=created)
