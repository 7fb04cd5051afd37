from celery.schedules import ParseException
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.admin import CrontabScheduleAdmin as BeatCrontabScheduleAdmin
from django_celery_beat.models import CrontabSchedule

from core.access import Role, access_for

from .access import STAFF_ROLES, reports_visible
from .forms import ReportRequestForm
from .models import Report
from .services import report_request, report_retry


def _is_staff(request) -> bool:
    return access_for(request.user).role in STAFF_ROLES


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports: their state and file; "Add" is the request form, which calls the service."""

    list_display = [
        "__str__",
        "kind",
        "format",
        "language",
        "status",
        "progress_percent",
        "requester",
        "requested_at",
        "download_link",
    ]
    list_filter = ["kind", "status", "format", "language", "scheduled"]
    list_select_related = ["requested_by", "requested_by_api_key"]
    search_fields = ["title"]
    date_hierarchy = "requested_at"
    actions = ["generate_again"]
    fields = [
        "title",
        "kind",
        "format",
        "language",
        "parameters",
        "status",
        "live_progress",
        "error",
        "requester",
        "requested_at",
        "started_at",
        "finished_at",
        "attempts",
        "checksum",
        "size",
        "download_link",
    ]
    readonly_fields = fields

    class Media:
        js = ["reports/progress.js"]
        css = {"all": ["reports/reports.css"]}

    def get_queryset(self, request):
        return reports_visible(request.user)

    def has_module_permission(self, request):
        return _is_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_staff(request)

    def has_add_permission(self, request):
        return _is_staff(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return access_for(request.user).role is Role.ADMINISTRATOR

    @admin.display(description=_("progress"), ordering="progress")
    def progress_percent(self, report):
        return f"{report.progress} %"

    @admin.display(description=_("requested by"))
    def requester(self, report):
        if report.scheduled:
            return _("schedule")
        if report.requested_by_api_key_id:
            return report.requested_by_api_key
        return report.requested_by or "—"

    @admin.display(description=_("file"))
    def download_link(self, report):
        if report.status != Report.Status.SUCCEEDED:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:download", args=[report.pk]), _("Download")
        )

    @admin.display(description=_("progress"))
    def live_progress(self, report):
        return format_html(
            '<div class="report-progress" data-status-url="{}" data-finished="{}">'
            '<span data-field="status_label">{}</span> — <span data-field="progress">{}</span>&nbsp;% '
            '<progress max="100" value="{}"></progress>'
            '<p class="report-download" data-field="download"{}>'
            '<a data-field="download_link" href="{}">{}</a></p>'
            "</div>",
            reverse("reports:status", args=[report.pk]),
            "true" if report.is_finished else "false",
            report.get_status_display(),
            report.progress,
            report.progress,
            "" if report.status == Report.Status.SUCCEEDED else " hidden",
            reverse("reports:download", args=[report.pk]),
            _("Download"),
        )

    @admin.action(description=_("Generate the selected failed reports again"))
    def generate_again(self, request, queryset):
        retried = 0
        for report in queryset.filter(status=Report.Status.FAILED):
            report_retry(report=report)
            retried += 1
        self.message_user(
            request,
            ngettext("%(count)d report queued again.", "%(count)d reports queued again.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        if obj.file:
            obj.file.delete(save=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            self.delete_model(request, report)

    def add_view(self, request, form_url="", extra_context=None):
        """The request form: what a report is about; the service checks and queues it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReportRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    report = report_request(
                        principal=request.user,
                        kind=form.cleaned_data["kind"],
                        fmt=form.cleaned_data["format"],
                        parameters=form.parameters(),
                        language=form.cleaned_data.get("language") or None,
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request, _("The report is queued: it will be ready shortly."), messages.SUCCESS
                )
                return redirect("admin:reports_report_change", report.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Request a report"),
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": True,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/reports/report/request.html", context)


class CrontabScheduleAdmin(BeatCrontabScheduleAdmin):
    """django-celery-beat's crontab admin, whose "human readable" column parses the schedule: a
    form refused for a bad field (a minute of "-1") is shown again with its errors, where the
    package's own column raised on the value and answered a server error."""

    @admin.display(description=_("human readable"))
    def human_readable(self, obj):
        try:
            return obj.human_readable
        except (ValueError, ParseException):
            return _("(not a valid schedule)")


admin.site.unregister(CrontabSchedule)
admin.site.register(CrontabSchedule, CrontabScheduleAdmin)
