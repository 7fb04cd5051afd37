"""The pages of the one-page flows: record (or change) an operation, record (or change) a training.

Thin views: `flows.forms` builds and validates the page, `flows.services` writes it in one
transaction through the records' own services. Only users who may write these records use them
(`core.access`); a record out of the user's sight is a 404, as everywhere else.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Activity
from core import formatting
from core.access import get_visible_or_404
from countries.models import Country
from operations.models import Operation, OperationCountry, OperationPhase, Seizure
from people.models import Participation
from stats.selectors import training_figures
from trainings.models import TrainingDetail, TrainingModule

from .figures import training_figure_rows
from .forms import OperationFlow, TrainingFlow
from .services import FlowRefused, may_record, operation_flow_save, training_flow_save


def _activity(request, pk, kind: str) -> Activity:
    activity = get_visible_or_404(Activity, request.user, pk)
    if activity.kind != kind:
        raise Http404
    return activity


def _refuse_unless(request, *allowed: bool) -> None:
    if not all(allowed):
        raise PermissionDenied(_("You may not record these records."))


def operation_flow(request, pk=None):
    if pk is None:
        activity = Activity(kind=Activity.Kind.OPERATION)
        operation = Operation(activity=activity)
    else:
        activity = _activity(request, pk, Activity.Kind.OPERATION)
        operation = Operation.objects.filter(activity=activity).first() or Operation(activity=activity)
    user = request.user
    _refuse_unless(
        request,
        may_record(user, Activity, activity),
        may_record(user, Operation, operation),
        *(may_record(user, model) for model in (OperationPhase, OperationCountry, Seizure)),
    )
    country = None
    if operation.pk is not None and request.GET.get("country", "").isdigit():
        country = Country.objects.filter(pk=request.GET["country"], operations__operation=operation).first()
    flow = OperationFlow(
        request.POST if request.method == "POST" else None,
        user=user,
        activity=activity,
        operation=operation,
        country=country,
    )
    if request.method == "POST" and flow.is_valid():
        try:
            saved = operation_flow_save(flow=flow)
        except FlowRefused:
            pass
        else:
            messages.success(
                request,
                _("The operation “%(name)s” and everything on its page were saved.")
                % {"name": operation.code_name},
            )
            url = reverse("flows:operation", args=[saved.pk])
            return redirect(f"{url}?country={country.pk}" if country is not None else url)
    context = {
        **_page(
            request, flow, title=_("Record an operation") if activity.pk is None else str(operation.code_name)
        ),
        "figures": _operation_figures(operation) if operation.pk is not None else None,
        "changelist": reverse("admin:operations_operation_changelist"),
        "changelist_title": Operation._meta.verbose_name_plural,
    }
    return TemplateResponse(request, "admin/flows/operation.html", context)


def training_flow(request, pk=None):
    if pk is None:
        activity = Activity(kind=Activity.Kind.TRAINING)
        detail = TrainingDetail(activity=activity)
    else:
        activity = _activity(request, pk, Activity.Kind.TRAINING)
        detail = TrainingDetail.objects.filter(activity=activity).first() or TrainingDetail(activity=activity)
    user = request.user
    _refuse_unless(
        request,
        may_record(user, Activity, activity),
        may_record(user, TrainingDetail, detail),
        may_record(user, TrainingModule),
        may_record(user, Participation),
    )
    flow = TrainingFlow(
        request.POST if request.method == "POST" else None, user=user, activity=activity, detail=detail
    )
    if request.method == "POST" and flow.is_valid():
        try:
            saved = training_flow_save(flow=flow)
        except FlowRefused:
            pass
        else:
            messages.success(
                request,
                _("The training “%(title)s” and everything on its page were saved.") % {"title": saved.title},
            )
            return redirect("flows:training", pk=saved.pk)
    figures = training_figures(user=user, activity=activity) if activity.pk is not None else None
    context = {
        **_page(request, flow, title=_("Record a training") if activity.pk is None else activity.title),
        "figures": training_figure_rows(figures) if figures else None,
        "media": flow.media,
        "changelist": reverse("admin:trainings_trainingdetail_changelist"),
        "changelist_title": TrainingDetail._meta.verbose_name_plural,
    }
    return TemplateResponse(request, "admin/flows/training.html", context)


def _page(request, flow, *, title: str) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "flow": flow,
        "errors": flow.errors(),
        "activity": flow.activity,
    }


def _operation_figures(operation: Operation) -> list[tuple[str, str]]:
    """The operation's results as a person writes them, over its seizures not archived."""
    totals = Seizure.objects.filter(operation=operation, archived_at__isnull=True).aggregate(
        seizures=Count("pk"),
        kg=Sum("mass_kg"),
        not_converted=Count("pk", filter=~Q(mass_status=Seizure.MassStatus.COMPUTED)),
        arrests=Sum("arrests"),
        countries=Count("country", distinct=True),
    )
    seizures = ngettext("%(count)s seizure", "%(count)s seizures", totals["seizures"]) % {
        "count": formatting.number(totals["seizures"])
    }
    if totals["seizures"]:
        seizures += " " + ngettext("in %(count)s country", "in %(count)s countries", totals["countries"]) % {
            "count": formatting.number(totals["countries"])
        }
    arrests = totals["arrests"] or 0
    return [
        (_("Seizures"), seizures),
        (_("Total seized (normalised)"), formatting.mass_total(totals["kg"], totals["not_converted"])),
        (
            _("Arrests"),
            ngettext("%(count)s arrest", "%(count)s arrests", arrests)
            % {"count": formatting.number(arrests)},
        ),
    ]
