import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ShowFacets, helpers
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from activities.admin import ActivityAdmin
from activities.models import Activity
from core.access import Action, can, get_visible_or_404
from core.admin import ServiceAdmin, ServiceTabularInline, VisibleRelatedFieldListFilter
from core.admin_archive import ArchiveAdminMixin
from core.aggregates import related_aggregate
from core.pickers import Picker, register_picker
from core.versions import record_version

from .models import PICKER_RELATED, Participation, Person
from .selectors import person_duplicates, person_merge_plan
from .services import person_merge

# The add form's answers to a likely duplicate: "it is another person" (a checkbox, then Save)
# and "use this person" (a link: nothing is saved).
ANOTHER_PERSON = "_another_person"
USE_PERSON = "_use_person"


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(label=_("The person to keep"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Why they are one person (kept in the audit trail). Optional."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(person.pk, person.picker_label) for person in people]


class PersonDuplicateCheck:
    """An add form that, before saving, shows the people the user may see who are likely the same
    person (`people.selectors.person_duplicates`, the imports' rule) and saves only once the user
    says it is another person. `user` is set by `PersonAdmin.get_form`."""

    user = None
    likely_duplicates: tuple = ()

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.data.get(ANOTHER_PERSON):
            return cleaned
        country = cleaned.get("country")
        agency = cleaned.get("agency")
        found = list(
            person_duplicates(
                user=self.user,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
                country_id=country.pk if country is not None else None,
                agency_id=agency.pk if agency is not None else None,
            )
        )
        if found:
            self.likely_duplicates = tuple(found)
            raise ValidationError(
                _(
                    "This person may be recorded already (see below). Open the one it is with “Use "
                    "this person”, or tick “It is another person” and save again."
                ),
                code="likely_duplicate",
            )
        return cleaned


class PersonParticipationInline(ServiceTabularInline):
    model = Participation
    fields = ("activity", "role", "days_attended", "pre_test_score", "post_test_score", "completed")
    autocomplete_fields = ("activity",)
    fixed_on_existing_rows = ("activity",)
    verbose_name_plural = _("activities attended")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity", "person")


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


@admin.register(Person)
class PersonAdmin(ArchiveAdminMixin, ServiceAdmin):
    list_display = (
        "last_name",
        "first_name",
        "gender",
        "country",
        "agency",
        "professional_category",
        "job_title",
        "activity_count",
        "is_synthetic",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "gender",
        "professional_category",
        ("country", VisibleRelatedFieldListFilter),
        "is_synthetic",
    )
    search_fields = ("first_name", "last_name", "email", "job_title", "agency__name", "agency__acronym")
    autocomplete_fields = ("country", "agency", "organisation")
    list_select_related = ("country", "agency")
    ordering = ("last_name", "first_name")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    fieldsets = (
        (None, {"fields": (("first_name", "last_name"), "gender", "professional_category", "job_title")}),
        (_("Affiliation"), {"fields": ("country", "agency", "organisation")}),
        (_("Contact (personal data: staff only)"), {"fields": ("email", "phone", "notes", "is_synthetic")}),
    )
    figure_fields = ("activity_figure",)
    inlines = (PersonParticipationInline,)
    actions = ("merge_two_people",)
    merge_template = "admin/people/person/merge.html"
    # How pickers of a person name the choices (core.admin.PickerAutocompleteView).
    picker_select_related = PICKER_RELATED

    class Media:
        css = {"all": ("css/admin-people.css",)}

    def picker_label(self, person):
        return person.picker_label

    # --- two records of one person, merged ----------------------------------------------------

    def has_merge_permission(self, request, obj=None):
        return can(request.user, Action.MERGE, obj if obj is not None else Person)

    @admin.action(description=_("Merge the two selected people into one"), permissions=["merge"])
    def merge_two_people(self, request, queryset):
        """Choose the person to keep, see what moves, confirm: `people.services.person_merge`."""
        people = list(queryset.select_related(*PICKER_RELATED).order_by("pk")[:3])
        if len(people) != 2:
            self.message_user(request, gettext("Select exactly two people to merge."), messages.WARNING)
            return None
        form = MergeForm(
            request.POST if request.POST.get("post") else None,
            people=people,
            initial={"keep": self._likely_kept(people)},
        )
        if form.is_valid():
            keep = next(person for person in people if person.pk == form.cleaned_data["keep"])
            other = next(person for person in people if person.pk != keep.pk)
            versions = {person.pk: request.POST.get(f"version_{person.pk}") for person in people}
            try:
                result = person_merge(
                    keep=keep,
                    other=other,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    versions={pk: version for pk, version in versions.items() if version},
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self._report_merge(request, result)
                return HttpResponseRedirect(reverse("admin:people_person_change", args=[keep.pk]))
        previews = []
        for person in people:
            plan = person_merge_plan(keep=person, other=next(p for p in people if p.pk != person.pk))
            previews.append(
                {
                    "person": person,
                    "version": record_version(person),
                    "plan": plan,
                    "references": [
                        (model._meta.verbose_name_plural, model._meta.get_field(name).verbose_name, count)
                        for model, name, count in plan.references
                    ],
                    "filled": [Person._meta.get_field(name).verbose_name for name in plan.filled],
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge two records of one person"),
            "subtitle": None,
            "people": people,
            "previews": previews,
            "form": form,
            "opts": self.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.merge_template, context)

    @staticmethod
    def _likely_kept(people) -> int:
        # The one with more attendances recorded; equal, the older record.
        counts = dict(
            Participation.objects.filter(person__in=people)
            .values_list("person")
            .annotate(n=Count("pk"))
            .values_list("person", "n")
        )
        return max(people, key=lambda person: (counts.get(person.pk, 0), -person.pk)).pk

    def _report_merge(self, request, result) -> None:
        plan = result.plan
        moved = len(plan.moved) + sum(1 for kept, _ in plan.conflicts if kept.person_id == plan.other.pk)
        others = sum(count for _model, _name, count in plan.references)
        parts = [
            gettext("“%(other)s” (#%(other_id)s) was merged into “%(keep)s”.")
            % {"other": plan.other, "other_id": plan.other.pk, "keep": plan.keep},
            ngettext(
                "%(count)s participation moved to them.", "%(count)s participations moved to them.", moved
            )
            % {"count": moved},
        ]
        if others:
            parts.append(
                ngettext(
                    "%(count)s other record now refers to them.",
                    "%(count)s other records now refer to them.",
                    others,
                )
                % {"count": others}
            )
        self.message_user(request, " ".join(parts), messages.SUCCESS)
        for kept, dropped in plan.conflicts:
            self.message_user(
                request,
                gettext(
                    "Both attended “%(activity)s”: the richer record was kept (role %(role)s, days "
                    "%(days)s, scores %(pre)s → %(post)s); the other was deleted (role %(drole)s, days "
                    "%(ddays)s, scores %(dpre)s → %(dpost)s)."
                )
                % {
                    "activity": kept.activity,
                    "role": kept.get_role_display(),
                    "days": _or_dash(kept.days_attended),
                    "pre": _or_dash(kept.pre_test_score),
                    "post": _or_dash(kept.post_test_score),
                    "drole": dropped.get_role_display(),
                    "ddays": _or_dash(dropped.days_attended),
                    "dpre": _or_dash(dropped.pre_test_score),
                    "dpost": _or_dash(dropped.post_test_score),
                },
                messages.WARNING,
            )

    # --- a likely duplicate, caught before it is saved ---------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form
        return type(form.__name__, (PersonDuplicateCheck, form), {"user": request.user})

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET" and USE_PERSON in request.GET:
            return self._use_person(request, request.GET[USE_PERSON])
        return super().add_view(request, form_url, extra_context)

    def _use_person(self, request, pk):
        """The person chosen instead of a new one: nothing is saved. In a picker's pop-up window
        the person is chosen in the picker, as if just added; otherwise their page opens."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        person = get_visible_or_404(Person, request.user, pk)
        if IS_POPUP_VAR in request.GET:
            to_field = request.GET.get(TO_FIELD_VAR) or "pk"
            if not self.to_field_allowed(request, to_field) and to_field != "pk":
                to_field = "pk"
            value = person.pk if to_field == "pk" else person.serializable_value(to_field)
            return TemplateResponse(
                request,
                self.popup_response_template or "admin/popup_response.html",
                {"popup_response_data": json.dumps({"value": str(value), "obj": person.picker_label})},
            )
        self.message_user(
            request,
            gettext("Nothing was saved: “%(person)s” is the person already recorded.") % {"person": person},
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:people_person_change", args=[person.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        form = adminform.form if adminform is not None else None
        context["likely_duplicates"] = getattr(form, "likely_duplicates", ())
        context["another_person_field"] = ANOTHER_PERSON
        context["use_person_param"] = USE_PERSON
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                activity_count=related_aggregate(
                    Participation.objects.filter(activity__archived_at__isnull=True),
                    outer_field="person",
                    aggregate=Count("activity", distinct=True),
                )
            )
        )

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, person):
        return person.activity_count

    def get_figures(self, person):
        return Participation.objects.filter(person=person, activity__archived_at__isnull=True).aggregate(
            activities=Count("activity", distinct=True)
        )

    @admin.display(description=_("activities attended"))
    def activity_figure(self, person):
        return self.figures(person)["activities"]


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    list_display = (
        "person",
        "activity",
        "role",
        "days_attended",
        "pre_test_score",
        "post_test_score",
        "knowledge_gain",
        "completed",
        "is_synthetic",
    )
    list_filter = ("role", "completed", "activity__kind", "person__gender", "is_synthetic")
    search_fields = ("person__first_name", "person__last_name", "person__email", "activity__title")
    date_hierarchy = "activity__start_date"
    autocomplete_fields = ("person", "activity")
    list_select_related = ("person", "activity")
    ordering = ("-activity__start_date", "person__last_name", "person__first_name")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    readonly_fields = ("knowledge_gain",)

    @admin.display(description=_("knowledge gain (points)"))
    def knowledge_gain(self, participation):
        return participation.knowledge_gain


class ParticipationInline(ServiceTabularInline):
    model = Participation
    fields = (
        "person",
        "role",
        "days_attended",
        "pre_test_score",
        "post_test_score",
        "knowledge_gain",
        "completed",
        "is_synthetic",
    )
    readonly_fields = ("knowledge_gain",)
    autocomplete_fields = ("person",)
    fixed_on_existing_rows = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "activity")

    @admin.display(description=_("knowledge gain (points)"))
    def knowledge_gain(self, participation):
        return participation.knowledge_gain


admin.site.unregister(Activity)


@admin.register(Activity)
class ActivityParticipationsAdmin(ActivityAdmin):
    """The activity admin with its participations: a column, the figures and an inline.

    trainings/admin.py extends it in turn (see `ActivityAdmin`).
    """

    list_display = (*ActivityAdmin.list_display[:-1], "participation_count", "is_synthetic")
    figure_fields = ("participant_figure", "women_figure", "countries_figure", "participation_figure")
    inlines = (ParticipationInline, *ActivityAdmin.inlines)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participation_count=related_aggregate(
                    Participation.objects.filter(person__archived_at__isnull=True),
                    outer_field="activity",
                    aggregate=Count("pk"),
                )
            )
        )

    @admin.display(description=_("participations"), ordering="participation_count")
    def participation_count(self, activity):
        return activity.participation_count

    def get_figures(self, activity):
        # Archived people leave the figures, as they leave every list.
        return Participation.objects.filter(activity=activity, person__archived_at__isnull=True).aggregate(
            people=Count("person", distinct=True),
            women=Count("person", distinct=True, filter=Q(person__gender=Person.Gender.FEMALE)),
            countries=Count("person__country", distinct=True),
            participations=Count("pk"),
        )

    @admin.display(description=_("participants (distinct people)"))
    def participant_figure(self, activity):
        return self.figures(activity)["people"]

    @admin.display(description=_("of them women"))
    def women_figure(self, activity):
        return self.figures(activity)["women"]

    @admin.display(description=_("countries represented by participants"))
    def countries_figure(self, activity):
        return self.figures(activity)["countries"]

    @admin.display(description=_("participations (attendances)"))
    def participation_figure(self, activity):
        return self.figures(activity)["participations"]


# A person's agency is one of the person's country's agencies, among the countries the user may
# edit (core.pickers).
register_picker(Person, "agency", Picker(follows={"country": "country"}, editable_only=True))
# A participation's countries are its person's: its person picker offers only the people of the
# countries the user may edit (an officer limited to Peru picks no Ghanaian, whose attendance
# they could not save). A trainer's picker offers every person the user may see: a trainer's
# training counts by its own countries.
register_picker(Participation, "person", Picker(editable_only=True))
