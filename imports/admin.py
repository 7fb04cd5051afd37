"""The admin is where staff import: upload, watch the validation, read the preview, confirm, undo."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities.admin import activity_picker_label
from activities.models import Activity
from core.access import Action, Role, access_for, can, visible
from core.admin import KnownValuesAutocompleteSelect
from core.pickers import Picker, picker_for, register_picker
from operations.models import Operation

from .columns import COLUMNS
from .files import import_template, rejected_rows
from .grid import GRID_MAX_ROWS, grid_check, grid_headers, grid_save, grid_target
from .models import ImportJob
from .selectors import import_job_list, import_job_progress
from .services import can_import, import_job_confirm, import_job_create, import_job_undo

PREVIEW_ROWS_SHOWN = 1000

# An attendance sheet is for an activity other than an operation (core.pickers).
register_picker(ImportJob, "activity", Picker(choices=~Q(kind=Activity.Kind.OPERATION)))


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.csv or .xlsx)"), allow_empty_file=True)
    date_order = forms.ChoiceField(
        label=gettext_lazy("Dates are written"),
        choices=ImportJob.DateOrder.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("ISO dates (2024-03-15) read the same either way."),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"), choices=ImportJob.Encoding.choices, required=False
    )

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Choosers that search (the admin's autocomplete, core.pickers), not a list of every
        # activity: ten thousand of them at scale.
        if kind == ImportJob.Kind.ATTENDANCE:
            activity = ImportJob._meta.get_field("activity")
            self.fields["activity"] = forms.ModelChoiceField(
                label=gettext_lazy("Activity"),
                queryset=picker_for(ImportJob, "activity").narrow(
                    visible(Activity, user).order_by("-start_date"), principal=user
                ),
                widget=KnownValuesAutocompleteSelect(activity, admin.site),
            )
            self.fields["activity"].label_from_instance = activity_picker_label
        else:
            self.fields["operation"] = forms.ModelChoiceField(
                label=gettext_lazy("Operation (optional)"),
                queryset=visible(Operation, user).order_by("-activity__start_date"),
                required=False,
                widget=KnownValuesAutocompleteSelect(ImportJob._meta.get_field("operation"), admin.site),
            )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "file_name",
        "status",
        "rows_total",
        "rows_with_errors",
        "created_count",
        "matched_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["created_by"]

    def get_queryset(self, request):
        return import_job_list(user=request.user)

    def has_module_permission(self, request):
        return can(request.user, Action.VIEW, ImportJob)

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.VIEW, ImportJob)

    def has_add_permission(self, request):
        return False  # through "Import attendance" / "Import seizures"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an import is undone, never deleted: it is its own audit record

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/<str:kind>/", view(self.upload_view), name="imports_importjob_upload"),
            path(
                "template/<str:kind>.<str:file_format>",
                view(self.template_view),
                name="imports_importjob_template",
            ),
            path("<int:pk>/progress/", view(self.progress_view), name="imports_importjob_progress"),
            path("<int:pk>/confirm/", view(self.confirm_view), name="imports_importjob_confirm"),
            path(
                "<int:pk>/rejected.<str:file_format>",
                view(self.rejected_view),
                name="imports_importjob_rejected",
            ),
            path("<int:pk>/undo/", view(self.undo_view), name="imports_importjob_undo"),
            path("grid/<str:kind>/<int:pk>/", view(self.grid_view), name="imports_importjob_grid"),
            path(
                "grid/<str:kind>/<int:pk>/rows/",
                view(self.grid_rows_view),
                name="imports_importjob_grid_rows",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_attendance": can_import(request.user, ImportJob.Kind.ATTENDANCE),
            "can_import_seizures": can_import(request.user, ImportJob.Kind.SEIZURES),
        }
        return super().changelist_view(request, extra_context)

    # -- views ----------------------------------------------------------------------------------

    def _job(self, request, pk) -> ImportJob:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def upload_view(self, request, kind):
        if kind not in ImportJob.Kind.values:
            raise Http404
        if not can_import(request.user, kind):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None, kind=kind, user=request.user)
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            activity = form.cleaned_data.get("activity")
            operation = form.cleaned_data.get("operation")
            try:
                if uploaded.size > _max_size():
                    raise ValidationError(
                        {
                            "file": _("The file is larger than the limit of %(limit)s MB.")
                            % {"limit": f"{_max_size() / 2**20:g}"}
                        }
                    )
                job = import_job_create(
                    principal=request.user,
                    kind=kind,
                    file_name=uploaded.name,
                    data=uploaded.read(),
                    date_order=form.cleaned_data["date_order"],
                    encoding=form.cleaned_data["encoding"],
                    activity_id=activity.pk if activity else None,
                    operation_id=operation.pk if operation else None,
                    dry_run=True,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return HttpResponseRedirect(reverse("admin:imports_importjob_change", args=[job.pk]))
        context = self._context(
            request,
            ImportJob.Kind(kind).label,
            form=form,
            kind=kind,
            max_size_mb=f"{_max_size() / 2**20:g}",
        )
        return TemplateResponse(request, "admin/imports/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self._job(request, object_id)
        is_admin = access_for(request.user).role is Role.ADMINISTRATOR
        context = self._context(
            request,
            str(job),
            job=job,
            original=job,
            summary=job.summary,
            errors=job.errors[:PREVIEW_ROWS_SHOWN],
            errors_hidden=max(0, len(job.errors) - PREVIEW_ROWS_SHOWN),
            rows=job.preview[:PREVIEW_ROWS_SHOWN],
            rows_hidden=max(0, len(job.preview) - PREVIEW_ROWS_SHOWN),
            can_confirm=job.status == ImportJob.Status.VALIDATED
            and job.rows_with_errors < job.rows_total
            and can_import(request.user, job.kind),
            can_undo=is_admin and job.status == ImportJob.Status.IMPORTED,
            created={label: len(ids) for label, ids in job.created_ids.items()},
        )
        return TemplateResponse(request, "admin/imports/preview.html", context)

    def progress_view(self, request, pk):
        return JsonResponse(import_job_progress(job=self._job(request, pk)))

    def template_view(self, request, kind, file_format):
        if kind not in ImportJob.Kind.values or file_format not in ("csv", "xlsx"):
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _download(*import_template(kind=kind, file_format=file_format))

    def rejected_view(self, request, pk, file_format):
        job = self._job(request, pk)
        if file_format not in ("csv", "xlsx") or not job.rows_with_errors:
            raise Http404
        return _download(*rejected_rows(job=job, file_format=file_format))

    def confirm_view(self, request, pk):
        return require_POST(self._confirm)(request, pk)

    def _confirm(self, request, pk):
        job = self._job(request, pk)
        try:
            job = import_job_confirm(
                job=job, principal=request.user, valid_rows_only=request.POST.get("valid_rows_only") == "1"
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if job.status == ImportJob.Status.IMPORTED:
                messages.success(
                    request,
                    _("Imported: %(created)s rows created, %(matched)s matched.")
                    % {"created": job.created_count, "matched": job.matched_count},
                )
        return HttpResponseRedirect(reverse("admin:imports_importjob_change", args=[pk]))

    def undo_view(self, request, pk):
        job = self._job(request, pk)
        if access_for(request.user).role is not Role.ADMINISTRATOR:
            raise PermissionDenied
        if request.method == "POST":
            try:
                deleted = import_job_undo(
                    job=job, user=request.user, reason=request.POST.get("reason", ""), request=request
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _(
                        "Import undone: %(people)s people, %(participations)s participations and "
                        "%(seizures)s seizures deleted."
                    )
                    % {
                        "people": deleted.get("people", 0),
                        "participations": deleted.get("participations", 0),
                        "seizures": deleted.get("seizures", 0),
                    },
                )
            return HttpResponseRedirect(reverse("admin:imports_importjob_change", args=[pk]))
        context = self._context(
            request,
            _("Undo %(job)s") % {"job": job},
            job=job,
            created={k: len(v) for k, v in job.created_ids.items()},
        )
        return TemplateResponse(request, "admin/imports/undo.html", context)

    # -- the grid (imports.grid) ----------------------------------------------------------------

    def _grid_target(self, request, kind, pk):
        if kind not in ImportJob.Kind.values:
            raise Http404
        if not can_import(request.user, kind):
            raise PermissionDenied
        target = grid_target(kind=kind, pk=pk, principal=request.user)
        if target is None:
            raise Http404
        return target

    def grid_view(self, request, kind, pk):
        target = self._grid_target(request, kind, pk)
        if kind == ImportJob.Kind.ATTENDANCE:
            title = _("Enter participants as a grid: %(activity)s") % {"activity": target}
            target_url = reverse("admin:activities_activity_change", args=[target.pk])
        else:
            title = _("Enter seizures as a grid: %(operation)s") % {"operation": target}
            target_url = reverse("admin:operations_operation_change", args=[target.pk])
        columns = COLUMNS[kind]
        config = {
            "kind": kind,
            "rowsUrl": reverse("admin:imports_importjob_grid_rows", args=[kind, target.pk]),
            "columns": [{"name": column.name, "required": column.required} for column in columns],
            "headers": grid_headers(kind),
            "text": {
                "row": _("Row"),
                "check": _("Check"),
                "remove": _("Remove row %(row)s"),
                "removeHeader": _("Remove"),
                "checking": _("Checking the rows…"),
                "saving": _("Saving the rows…"),
                "valid": _("All %(count)s rows are valid. Nothing is written until you save them."),
                "invalid": _(
                    "%(failing)s of %(count)s rows have errors: correct them and check again. "
                    "Nothing was written."
                ),
                "wholeRow": _("the row"),
                "failed": _("The rows could not be checked: %(error)s"),
                "saved": _("Saved: %(created)s rows created, %(matched)s matched."),
                "pasted": _("%(count)s rows pasted."),
                "errorAt": _("Row %(row)s, %(column)s: %(message)s"),
            },
        }
        context = self._context(
            request,
            title,
            kind=kind,
            target=target,
            target_url=target_url,
            columns=columns,
            config=config,
            date_orders=ImportJob.DateOrder.choices,
            max_rows=f"{GRID_MAX_ROWS:,}",
        )
        return TemplateResponse(request, "admin/imports/grid.html", context)

    def grid_rows_view(self, request, kind, pk):
        """Check the grid's rows (`confirm` false) or save them (`confirm` true): JSON both ways."""
        if request.method != "POST":
            return JsonResponse({"error": _("Send the rows with POST.")}, status=405)
        target = self._grid_target(request, kind, pk)
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": _("The rows could not be read.")}, status=400)
        if not isinstance(payload, dict):
            return JsonResponse({"error": _("The rows could not be read.")}, status=400)
        options = {
            "kind": kind,
            "target": target,
            "principal": request.user,
            "rows": payload.get("rows"),
            "day_first": payload.get("date_order", ImportJob.DateOrder.DAY_FIRST)
            != ImportJob.DateOrder.MONTH_FIRST,
        }
        try:
            if payload.get("confirm") is True:
                answer, job = grid_save(**options)
                if job is not None:
                    answer["job_url"] = reverse("admin:imports_importjob_change", args=[job.pk])
            else:
                answer = grid_check(**options)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(answer)


def _max_size() -> int:
    from django.conf import settings

    return settings.IMPORT_MAX_FILE_SIZE


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
