"""Rows entered in the admin's grid (typed or pasted from a spreadsheet), checked and written by
the import itself: one set of rules for a file and for a grid.

The grid's rows become an in-memory `Sheet` (the import's own columns, a row numbered as the grid
shows it) that the import's validator checks: every error at its row and column, nothing written.
Saving checks again, then stores the rows as a CSV file of an `ImportJob` imported at once
(`import_job_create` without a dry run): the same validation again inside the write, one
transaction, all or nothing, and an import listed among the others, which an administrator may
undo.
"""

import csv
import datetime
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from activities.models import Activity
from activities.selectors import activity_list
from operations.selectors import operation_list

from .columns import COLUMNS, column_lookup
from .models import ImportJob
from .readers import Sheet
from .services import import_job_create
from .validation import ERROR, AttendanceValidator, SeizureValidator

# More rows than this are a file's work (the upload, validated with progress), not a grid's.
GRID_MAX_ROWS = 1000
_MAX_CELL = 2000


def grid_target(*, kind: str, pk: int, principal):
    """The activity (attendance) or operation (seizures) the rows are for, if `principal` sees it."""
    if kind == ImportJob.Kind.ATTENDANCE:
        # An attendance sheet is for an activity other than an operation, as the upload's picker.
        return activity_list(user=principal).filter(~Q(kind=Activity.Kind.OPERATION), pk=pk).first()
    if kind == ImportJob.Kind.SEIZURES:
        return operation_list(user=principal).filter(pk=pk).first()
    return None


def grid_headers(kind: str) -> dict[str, str]:
    """Every header the import accepts for a column (normalised) to the column's name: a pasted
    header row is recognised as a file's would be."""
    return {header: column.name for header, column in column_lookup(COLUMNS[kind]).items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationError(_("A cell holds something other than text."))
    return " ".join(str(value).split())[:_MAX_CELL]


def grid_sheet(*, kind: str, rows) -> tuple[Sheet, dict[int, object]]:
    """The rows (`[{"id": …, "cells": {column: text}}]`, in the grid's order) as a sheet the
    validator reads, and each sheet row number to the grid's id of that row. Blank rows are left
    out; a row keeps its place in the grid as its number."""
    if not isinstance(rows, list):
        raise ValidationError(_("The rows could not be read."))
    if len(rows) > GRID_MAX_ROWS:
        raise ValidationError(
            _("More than %(max)s rows: import them as a file instead.") % {"max": f"{GRID_MAX_ROWS:,}"}
        )
    names = [column.name for column in COLUMNS[kind]]
    sheet = Sheet(header=names)
    ids: dict[int, object] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not isinstance(row.get("cells"), dict):
            raise ValidationError(_("The rows could not be read."))
        cells = [_cell(row["cells"].get(name)) for name in names]
        if not any(cells):
            continue
        sheet.rows.append((number, cells))
        ids[number] = row.get("id", number)
    if not sheet.rows:
        raise ValidationError(_("There are no rows to check: type or paste some first."))
    return sheet, ids


def _validator(*, kind: str, target, principal, day_first: bool):
    if kind == ImportJob.Kind.ATTENDANCE:
        return AttendanceValidator(activity=target, principal=principal)
    return SeizureValidator(operation=target, principal=principal, day_first=day_first)


def grid_check(*, kind: str, target, principal, rows, day_first: bool = True) -> dict:
    """Check the rows with the import's validation; nothing is written. Per row: its grid id and
    number, what it would do (create or match, with the import's words) and its errors by column
    ("" for an error of the whole row)."""
    sheet, ids = grid_sheet(kind=kind, rows=rows)
    validation = _validator(kind=kind, target=target, principal=principal, day_first=day_first).validate(
        sheet
    )
    answer = []
    for result in validation.results:
        errors: dict[str, list[str]] = {}
        for column, message in result.errors:
            errors.setdefault(column, []).append(str(message))
        answer.append(
            {
                "id": ids[result.row],
                "row": result.row,
                "action": result.action,
                "label": result.label,
                "detail": result.detail,
                "errors": errors,
            }
        )
    failing = sum(1 for result in validation.results if result.action == ERROR)
    return {"rows": answer, "rows_total": len(answer), "rows_with_errors": failing, "saved": False}


def _csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(sheet.header)
    writer.writerows(cells for _number, cells in sheet.rows)
    return buffer.getvalue().encode("utf-8")


def grid_save(*, kind: str, target, principal, rows, day_first: bool = True) -> tuple[dict, ImportJob | None]:
    """Check the rows; when none fails, write them all as one import (one transaction, all or
    nothing). The answer is the check's, `saved` telling whether anything was written."""
    answer = grid_check(kind=kind, target=target, principal=principal, rows=rows, day_first=day_first)
    if answer["rows_with_errors"]:
        return answer, None
    sheet, _ids = grid_sheet(kind=kind, rows=rows)
    data = _csv(sheet)
    if len(data) > settings.IMPORT_SYNC_MAX_BYTES:
        raise ValidationError(
            _("These rows are too many to save from the grid: import them as a file instead.")
        )
    job = import_job_create(
        principal=principal,
        kind=kind,
        file_name=f"grid-{kind}-{target.pk}-{datetime.date.today():%Y%m%d}.csv",
        data=data,
        encoding="utf-8",
        date_order=ImportJob.DateOrder.DAY_FIRST if day_first else ImportJob.DateOrder.MONTH_FIRST,
        activity_id=target.pk if kind == ImportJob.Kind.ATTENDANCE else None,
        operation_id=target.pk if kind == ImportJob.Kind.SEIZURES else None,
        dry_run=False,
    )
    if job.status != ImportJob.Status.IMPORTED:
        # The data changed between the check and the write (the write checks again): nothing
        # was written; the rows are checked once more to show why.
        answer = grid_check(kind=kind, target=target, principal=principal, rows=rows, day_first=day_first)
        return answer, None
    answer["saved"] = True
    answer["created"] = job.created_count
    answer["matched"] = job.matched_count
    return answer, job
