"""Pages of the reports: a report's progress page (polled by static/reports/progress.js), its
status as JSON, its download (checked per report, never a public media URL), the dashboard's
"request the briefing pack" button, and the list of one's reports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.storage import open_for_download
from countries.models import Country

from . import selectors
from .forms import BriefingRequestForm
from .models import Report
from .services import report_request

CONTENT_TYPES = {
    Report.Format.PDF: "application/pdf",
    Report.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Report.Format.CSV: "text/csv; charset=utf-8",
}


def report_file_response(report: Report) -> FileResponse:
    # Streamed from the storage as it is sent (core.storage: a bucket's object in chunks).
    try:
        content = open_for_download(report.file.name)
    except FileNotFoundError:
        raise Http404(_("This report's file is no longer stored: request the report again.")) from None
    response = FileResponse(
        content,
        as_attachment=True,
        filename=report.download_name,
        content_type=CONTENT_TYPES[report.format],
    )
    if "Content-Length" not in response and report.size:
        response["Content-Length"] = str(report.size)  # a bucket's stream has no length of its own
    response["X-Content-SHA256"] = report.checksum
    response["Cache-Control"] = "private, no-store"
    return response


def _visible_report(request, pk) -> Report:
    return get_object_or_404(selectors.report_list(user=request.user), pk=pk)


def report_status_data(report: Report) -> dict:
    succeeded = report.status == Report.Status.SUCCEEDED
    return {
        "id": report.pk,
        "status": report.status,
        "status_label": report.get_status_display(),
        "progress": report.progress,
        "error": report.error if report.status == Report.Status.FAILED else "",
        "download_url": reverse("reports:download", args=[report.pk]) if succeeded else None,
        "finished": report.is_finished,
    }


@login_required
@require_GET
def report_list(request):
    reports: QuerySet = selectors.report_list(user=request.user)[:100]
    return render(request, "reports/report_list.html", {"reports": reports})


@login_required
@require_GET
def report_detail(request, pk: int):
    report = _visible_report(request, pk)
    return render(
        request, "reports/report_detail.html", {"report": report, "state": report_status_data(report)}
    )


@login_required
@require_GET
def report_status(request, pk: int):
    return JsonResponse(report_status_data(_visible_report(request, pk)))


@login_required
@require_GET
def report_download(request, pk: int):
    report = _visible_report(request, pk)
    if report.status != Report.Status.SUCCEEDED or not report.file:
        raise Http404(_("This report has no file yet."))
    return report_file_response(report)


@login_required
@require_POST
def briefing_request(request, iso2: str):
    country = get_object_or_404(Country, iso2=iso2.upper())
    form = BriefingRequestForm(request.POST)
    form.is_valid()
    if "language" in form.errors:
        # Not a choice the button offers: say which field, rather than a pack in another language.
        return HttpResponseBadRequest(
            _("language: %(errors)s") % {"errors": " ".join(form.errors["language"])},
            content_type="text/plain; charset=utf-8",
        )
    fmt = form.cleaned_data.get("format") or Report.Format.PDF
    try:
        report = report_request(
            principal=request.user,
            kind=Report.Kind.COUNTRY_BRIEFING,
            fmt=fmt,
            parameters={"country": country.iso2},
            language=form.cleaned_data.get("language") or None,
        )
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    return redirect("reports:detail", pk=report.pk)
