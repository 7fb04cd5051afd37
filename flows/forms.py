"""The forms of the one-page flows: an operation or a training with everything that belongs to it.

A flow is one page of a main record (the activity), its own detail (the operation, the training
detail) and rows of records under it (phases, participating countries, seizures; modules,
participations). `Flow.is_valid()` validates every form and every row first, then the rules that
cross records (a seizure's country takes part in the operation, a phase lies within its dates),
so that every error is shown at once, at the field and the row it concerns, before anything is
written (flows.services writes it all in one transaction).

Choices are read once per page and shared by every row (`choices`), so a page of a hundred seizures
costs the queries of a page of one. People are picked with the admin's own autocomplete
(`PersonPicker`): the page carries no list of people, so it costs the same whatever their number.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Organisation
from core import formatting
from core.access import access_for, visible
from core.admin import KnownValuesAutocompleteSelect
from core.pickers import picker_for
from core.versions import record_version
from countries.models import Agency, Country
from countries.names import by_display_name
from operations.models import (
    COUNTRY_OUTSIDE_OPERATION,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
)
from people.models import PICKER_RELATED, Participation, Person
from trainings.models import TrainingDetail, TrainingModule

# The hidden field of each form with the version of its record as the page read it (core.versions).
VERSION_FIELD = "record_version"

# More seizures than this, and an operation's page edits one country's at a time: each seizure
# posts some twenty fields, and a request holds at most DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000).
MAX_EDITED_SEIZURES = 30

OUTSIDE_EDIT_SCOPE = _(
    "You may only record or edit records of the countries and regions you are assigned to."
)


class FlowForm(forms.ModelForm):
    """A form of a flow: the version its record was read at, dates as date inputs, shared choices."""

    record_version = forms.CharField(required=False, widget=forms.HiddenInput)

    # Person fields (name -> label) picked with the admin's autocomplete (`PersonPicker`).
    person_fields: dict = {}

    def __init__(self, *args, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        for name, label in self.person_fields.items():
            required = self._meta.model._meta.get_field(name).blank is False
            self.fields[name] = choices[name].field(self, name, label=capfirst(label), required=required)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = record_version(self.instance) or ""
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update(rows=3)
        for name, options in choices.items():
            field = self.fields.get(name)
            if field is not None and name not in self.person_fields:
                field.choices = options

    @property
    def opened_version(self) -> str | None:
        """The version of the record the page was opened on, as posted back."""
        if not self.is_bound:
            return None
        return self.data.get(self.add_prefix(VERSION_FIELD)) or None


class PersonAutocomplete(KnownValuesAutocompleteSelect):
    """The admin's autocomplete of a person (select2 asking core.admin.PickerAutocompleteView as
    the user types), naming the people the page's rows hold from one read shared by every row
    (`PersonPicker.labels`), where Django's reads them again for each row."""

    def __init__(self, *args, picker: PersonPicker, **kwargs):
        super().__init__(*args, **kwargs)
        self.picker = picker

    def optgroups(self, name, value, attr=None):
        chosen = [str(item) for item in value if str(item) not in self.choices.field.empty_values]
        labels = self.picker.labels()
        if any(item not in labels for item in chosen):
            return super().optgroups(name, value, attr)  # a value the page did not hold: looked up
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for item in chosen[:1]:
            options.append(self.create_option(name, item, labels[item], True, len(options)))
        return [(None, options, 0)]


class PersonPicker:
    """How a person field of the page picks: the admin's own autocomplete, so that the page carries
    no list of people and costs the same whatever their number (a hundred thousand).

    The field accepts exactly what the autocomplete offers the user — the people they may see,
    narrowed as the source field's picker says (core.pickers: a participant among the people of
    the countries the user may edit) — and the people the page's saved rows already hold (`held`),
    shown as they are. A crafted request can pick nobody else: the row says what to do.
    """

    invalid_choice = _(
        "Pick the person from the list: type part of their name and choose them. Someone not in the "
        "list is added under People first."
    )

    def __init__(self, source_field, *, user, held=None):
        self.source_field = source_field
        people = visible(Person, user)
        picker = picker_for(source_field.model, source_field.name)
        offered = picker.narrow(people, principal=user) if picker is not None else people
        if held is not None:
            offered = people.filter(Q(pk__in=offered.values("pk")) | Q(pk__in=held))
        self.queryset = offered.select_related(*PICKER_RELATED)
        self._fields: list[tuple[forms.BaseForm, str]] = []
        self._labels: dict[str, str] | None = None

    def field(self, form, name: str, *, label, required: bool) -> forms.ModelChoiceField:
        self._fields.append((form, name))
        field = forms.ModelChoiceField(
            self.queryset,
            label=label,
            required=required,
            widget=PersonAutocomplete(self.source_field, admin.site, picker=self),
            error_messages={"invalid_choice": self.invalid_choice},
        )
        field.label_from_instance = lambda person: person.picker_label
        return field

    def labels(self) -> dict[str, str]:
        """The people the page's rows hold, by number, as the autocomplete names them: one read."""
        if self._labels is None:
            held = {str(form[name].value()) for form, name in self._fields}
            ids = {int(value) for value in held if value.isdigit() and len(value) < 19}
            people = self.queryset.filter(pk__in=ids) if ids else ()
            self._labels = {str(person.pk): person.picker_label for person in people}
        return self._labels


# --- the main records ------------------------------------------------------------------------------


class ActivityForm(FlowForm):
    class Meta:
        model = Activity
        fields = (
            "title",
            "status",
            "start_date",
            "end_date",
            "venue",
            "host_country",
            "modality",
            "description",
            "outcomes",
        )


class OperationForm(FlowForm):
    class Meta:
        model = Operation
        fields = (
            "code_name",
            "target",
            "coordinating_office",
            "equipment_provided",
            "follow_up",
            "sensitivity",
            "restricted_until",
        )


class TrainingDetailForm(FlowForm):
    class Meta:
        model = TrainingDetail
        fields = ("level", "target_audience", "hours", "evaluation_score", "evaluation_summary")


# --- the rows -------------------------------------------------------------------------------------


class FlowFormSet(BaseInlineFormSet):
    """Rows of a flow: each with the page's shared choices and a plainly worded remove box."""

    remove_label = _("Remove this row")

    def __init__(self, *args, choices: dict | None = None, **kwargs):
        self.choices = choices or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "choices": self.choices}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label

    def kept_forms(self):
        """The rows that will be saved or kept: filled in and not removed."""
        return [
            form
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form))
            and (form.instance.pk is not None or form.has_changed())
        ]

    def get_unique_error_message(self, unique_check):
        return gettext("This row repeats another one: remove one of the two.")


class PhaseForm(FlowForm):
    class Meta:
        model = OperationPhase
        fields = ("number", "name", "start_date", "end_date")


class ParticipatingCountryForm(FlowForm):
    class Meta:
        model = OperationCountry
        fields = ("country", "coordinating_agency")


class SeizureForm(FlowForm):
    class Meta:
        model = Seizure
        fields = (
            "reference",
            "date",
            "country",
            "place",
            "location",
            "substance",
            "quantity",
            "unit",
            "conveyance",
            "detection",
            "origin_country",
            "transit_countries",
            "destination_country",
            "arrests",
            "follow_up",
        )
        widgets = {"transit_countries": forms.SelectMultiple(attrs={"size": 4})}

    def mass_text(self) -> str:
        if self.instance.pk is None:
            return gettext("Computed from the quantity when the seizure is saved.")
        return seizure_mass_text(self.instance)

    def case_url(self) -> str | None:
        return seizure_case_url(self.instance) if self.instance.pk is not None else None


def seizure_mass_text(seizure: Seizure) -> str:
    """A saved seizure's normalised mass, or in words why there is none (never "0.000 kg")."""
    if seizure.mass_status == Seizure.MassStatus.COMPUTED:
        return formatting.mass(seizure.mass_kg)
    return str(seizure.get_mass_status_display())


def seizure_case_url(seizure: Seizure) -> str:
    """The case form filled in from a saved seizure: the seizure, its country as the lead, and
    every country on its route (its transit countries prefetched)."""
    countries = {
        seizure.country_id,
        seizure.origin_country_id,
        seizure.destination_country_id,
        *(country.pk for country in seizure.transit_countries.all()),
    } - {None}
    query = urlencode(
        {
            "seizures": seizure.pk,
            "lead_country": seizure.country_id,
            "countries": ",".join(str(pk) for pk in sorted(countries)),
            "title": gettext("Follow-up of seizure %(reference)s") % {"reference": seizure.reference},
        }
    )
    return f"{reverse('admin:operations_case_add')}?{query}"


class ModuleForm(FlowForm):
    person_fields = {"trainer": _("trainer")}

    class Meta:
        model = TrainingModule
        fields = ("order", "title", "hours", "trainer")


class ParticipationForm(FlowForm):
    person_fields = {"person": _("person")}

    class Meta:
        model = Participation
        fields = ("person", "role", "days_attended", "pre_test_score", "post_test_score", "completed")


class PhaseFormSet(FlowFormSet):
    remove_label = _("Remove this phase")


class ParticipatingCountryFormSet(FlowFormSet):
    remove_label = _("Remove this country")


class SeizureFormSet(FlowFormSet):
    remove_label = _("Remove this seizure (it is archived)")


class ModuleFormSet(FlowFormSet):
    remove_label = _("Remove this module")


class ParticipationFormSet(FlowFormSet):
    remove_label = _("Remove this person from the training")


Phases = inlineformset_factory(Operation, OperationPhase, form=PhaseForm, formset=PhaseFormSet, extra=1)
Participants = inlineformset_factory(
    Operation, OperationCountry, form=ParticipatingCountryForm, formset=ParticipatingCountryFormSet, extra=2
)
Seizures = inlineformset_factory(Operation, Seizure, form=SeizureForm, formset=SeizureFormSet, extra=1)
Modules = inlineformset_factory(
    TrainingDetail, TrainingModule, form=ModuleForm, formset=ModuleFormSet, extra=1
)
Participations = inlineformset_factory(
    Activity, Participation, form=ParticipationForm, formset=ParticipationFormSet, extra=3
)


# --- the shared choices ---------------------------------------------------------------------------

BLANK = ("", "---------")


def _countries(ids=None) -> list[tuple]:
    countries = Country.objects.all() if ids is None else Country.objects.filter(pk__in=ids)
    return [(country.pk, str(country)) for country in by_display_name(countries.only("pk", "name"))]


def country_choices(*, user, kept_ids=()) -> dict[str, list]:
    """Every country (for the host and the route), and the countries the user may record for (a
    participating or seizing country): the user's own when limited to some, with `kept_ids` (the
    countries the page's saved rows already hold, shown as they are)."""
    every = _countries()
    edit_ids = access_for(user).edit_country_ids
    editable = every if edit_ids is None else _countries(set(edit_ids) | set(kept_ids))
    return {"every": [BLANK, *every], "editable": [BLANK, *editable], "route": every}


def agency_choices(*, user, kept_ids=()) -> list:
    """Agencies grouped by country, for the countries the user may record for."""
    agencies = Agency.objects.select_related("country").only("pk", "name", "acronym", "country__name")
    edit_ids = access_for(user).edit_country_ids
    if edit_ids is not None:
        agencies = agencies.filter(country__in=set(edit_ids) | set(kept_ids))
    grouped: dict[str, list] = {}
    for agency in agencies:
        grouped.setdefault(str(agency.country), []).append((agency.pk, str(agency)))
    return [BLANK, *sorted(grouped.items())]


def operation_choices(*, user, operation: Operation | None) -> dict[str, list]:
    kept = set()
    if operation is not None and operation.pk is not None:
        kept |= set(operation.participants.values_list("country_id", flat=True))
    countries = country_choices(user=user, kept_ids=kept)
    substances = [BLANK, *((s.pk, str(s)) for s in Substance.objects.order_by("name"))]
    offices = [
        BLANK,
        *(
            (office.pk, str(office))
            for office in Organisation.objects.filter(kind=Organisation.Kind.UNODC_OFFICE).order_by("name")
        ),
    ]
    return {
        "activity": {"host_country": countries["every"]},
        "operation": {"coordinating_office": offices},
        "participants": {
            "country": countries["editable"],
            "coordinating_agency": agency_choices(user=user, kept_ids=kept),
        },
        "seizures": {
            "country": countries["editable"],
            "substance": substances,
            "origin_country": countries["every"],
            "destination_country": countries["every"],
            "transit_countries": countries["route"],
        },
    }


def training_choices(*, user, activity: Activity) -> dict[str, dict]:
    """The training page's choices: countries, and how its trainers and participants are picked
    (`PersonPicker`: no list of people on the page)."""
    countries = country_choices(user=user)
    held = None
    if activity.pk is not None:
        # A participant already recorded stays as they are, whoever may pick them now.
        held = visible(Participation, user).filter(activity=activity).values("person")
    return {
        "activity": {"host_country": countries["every"]},
        "modules": {"trainer": PersonPicker(TrainingModule._meta.get_field("trainer"), user=user)},
        "participations": {
            "person": PersonPicker(Participation._meta.get_field("person"), user=user, held=held)
        },
    }


# --- the flows ------------------------------------------------------------------------------------


class Flow:
    """The forms of one page, validated together: `forms` (name -> form) and `formsets`."""

    forms: dict[str, FlowForm]
    formsets: dict[str, FlowFormSet]

    def is_valid(self) -> bool:
        for form in self.forms.values():
            form.is_valid()
        for formset in self.formsets.values():
            formset.is_valid()
        # Checked even when some form has errors: every error is shown at once. A rule skips what
        # an invalid field left empty.
        self.check_across()
        return not self.errors()

    def check_across(self) -> None:
        """The rules that cross records, checked after every form has been validated on its own."""

    def errors(self) -> list[tuple[str, str, str]]:
        """(anchor, where, message) for every error on the page, in page order."""
        found = []
        for name, form in self.forms.items():
            for field, messages in form.errors.items():
                where = _where(form, field, form_title(name))
                found += [(form_anchor(name), where, message) for message in messages]
        for name, formset in self.formsets.items():
            found += [
                (f"{name}-errors", formset_title(name), message) for message in formset.non_form_errors()
            ]
            for index, form in enumerate(formset.forms):
                for field, messages in form.errors.items():
                    where = _where(form, field, row_title(name, index))
                    found += [(f"{formset.prefix}-{index}", where, message) for message in messages]
        return found

    def all_forms(self):
        yield from self.forms.values()
        for formset in self.formsets.values():
            yield from formset.forms


def _where(form, field: str, title: str) -> str:
    if field == forms.forms.NON_FIELD_ERRORS or field not in form.fields:
        return title
    return f"{title} › {form.fields[field].label}"


_TITLES = {
    "activity": _("The activity"),
    "operation": _("The operation"),
    "training": _("The training"),
}
_ROW_TITLES = {
    "phases": _("Phase %(number)s"),
    "participants": _("Participating country %(number)s"),
    "seizures": _("Seizure %(number)s"),
    "modules": _("Module %(number)s"),
    "participations": _("Participant %(number)s"),
}
_FORMSET_TITLES = {
    "phases": _("Phases"),
    "participants": _("Participating countries"),
    "seizures": _("Seizures"),
    "modules": _("Modules"),
    "participations": _("Participants and trainers"),
}


def form_title(name: str) -> str:
    return str(_TITLES[name])


def form_anchor(name: str) -> str:
    return f"flow-{name}"


def formset_title(name: str) -> str:
    return str(_FORMSET_TITLES[name])


def row_title(name: str, index: int) -> str:
    return str(_ROW_TITLES[name]) % {"number": index + 1}


class OperationFlow(Flow):
    """An activity of kind operation, its operation, phases, participating countries and seizures."""

    def __init__(self, data=None, *, user, activity: Activity, operation: Operation, country=None):
        self.user = user
        self.country = country
        self.activity, self.operation = activity, operation
        operation.activity = activity
        choices = operation_choices(user=user, operation=operation)
        self.forms = {
            "activity": ActivityForm(data, instance=activity, prefix="activity", choices=choices["activity"]),
            "operation": OperationForm(
                data, instance=operation, prefix="operation", choices=choices["operation"]
            ),
        }
        seizures, self.listed_seizures = self._seizures(user, operation, country)
        self.participating = (
            list(OperationCountry.objects.filter(operation=operation).select_related("country"))
            if operation.pk is not None
            else []
        )
        phases = OperationPhase.objects.filter(operation=operation) if operation.pk else None
        participants = OperationCountry.objects.filter(operation=operation) if operation.pk else None
        self.formsets = {
            "phases": Phases(data, instance=operation, prefix="phases", queryset=phases),
            "participants": Participants(
                data,
                instance=operation,
                prefix="participants",
                queryset=participants,
                choices=choices["participants"],
            ),
            "seizures": Seizures(
                data, instance=operation, prefix="seizures", queryset=seizures, choices=choices["seizures"]
            ),
        }
        if operation.pk is not None:
            for name in ("phases", "participants", "seizures"):
                self.formsets[name].extra = 0

    def listed_rows(self):
        """The seizures only listed: (seizure, its mass in words, the case form filled from it)."""
        return [
            (seizure, seizure_mass_text(seizure), seizure_case_url(seizure))
            for seizure in self.listed_seizures
        ]

    @staticmethod
    def _seizures(user, operation: Operation, country: Country | None):
        """The seizures the page edits, and those it only lists (with links) when the operation
        holds more than a page can post back: a country's at a time then (`country`)."""
        if operation.pk is None:
            return Seizure.objects.none(), []
        every = visible(Seizure, user).filter(operation=operation).order_by("date", "reference")
        edited = every.filter(country=country) if country is not None else every
        if country is None and every.count() > MAX_EDITED_SEIZURES:
            edited = every.none()
        listed = list(every.exclude(pk__in=edited.values("pk")).select_related("country", "substance"))
        return edited.prefetch_related("transit_countries"), listed

    def check_across(self) -> None:
        activity = self.forms["activity"].instance
        start, end = activity.start_date, activity.end_date
        for form in self.formsets["phases"].kept_forms():
            phase = form.instance
            if "start_date" in form.errors or not (start and end and phase.start_date and phase.end_date):
                continue
            if phase.start_date < start or phase.end_date > end:
                form.add_error(
                    "start_date",
                    gettext(
                        "Move this phase inside the operation's dates (from %(start)s to %(end)s), or "
                        "change the operation's dates first."
                    )
                    % {"start": start, "end": end},
                )
        participants = self.formsets["participants"]
        taking_part = {form.instance.country_id for form in participants.kept_forms()}
        names = ", ".join(str(form.instance.country) for form in participants.kept_forms())
        edit_ids = access_for(self.user).edit_country_ids
        # A country keeps seizures the page does not edit too.
        seizing = {seizure.country_id for seizure in self.listed_seizures}
        for form in self.formsets["seizures"].kept_forms():
            seizure = form.instance
            seizing.add(seizure.country_id)
            if "country" in form.errors or seizure.country_id is None:
                continue
            if seizure.country_id not in taking_part:
                message = str(COUNTRY_OUTSIDE_OPERATION)
                if names:
                    message += " " + gettext("They are: %(countries)s.") % {"countries": names}
                form.add_error("country", message)
            elif edit_ids is not None and form.has_changed() and seizure.country_id not in edit_ids:
                form.add_error("country", OUTSIDE_EDIT_SCOPE)
        for form in participants.forms:
            country_id = form.instance.country_id
            removed = participants.can_delete and participants._should_delete_form(form)
            if form.instance.pk is not None and removed and country_id in seizing:
                form.add_error(
                    None,
                    gettext(
                        "Keep this country: seizures of it are recorded in the operation. Remove or "
                        "move those seizures first."
                    ),
                )
            elif (
                edit_ids is not None
                and not removed
                and form.has_changed()
                and country_id is not None
                and country_id not in edit_ids
            ):
                form.add_error("country", OUTSIDE_EDIT_SCOPE)


class TrainingFlow(Flow):
    """An activity of kind training, its training detail, modules, and its participants."""

    def __init__(self, data=None, *, user, activity: Activity, detail: TrainingDetail):
        self.user = user
        self.activity, self.detail = activity, detail
        detail.activity = activity
        choices = training_choices(user=user, activity=activity)
        modules = TrainingModule.objects.filter(training=detail) if detail.pk else None
        participations = (
            visible(Participation, user)
            .filter(activity=activity)
            .order_by("person__last_name", "person__first_name")
            if activity.pk is not None
            else None
        )
        self.forms = {
            "activity": ActivityForm(data, instance=activity, prefix="activity", choices=choices["activity"]),
            "training": TrainingDetailForm(data, instance=detail, prefix="training"),
        }
        self.formsets = {
            "modules": Modules(
                data, instance=detail, prefix="modules", queryset=modules, choices=choices["modules"]
            ),
            "participations": Participations(
                data,
                instance=activity,
                prefix="participations",
                queryset=participations,
                choices=choices["participations"],
            ),
        }
        if activity.pk is not None:
            self.formsets["modules"].extra = 0
            self.formsets["participations"].extra = 0
        # The rows now, so that their people are named in one read (PersonPicker.labels).
        for formset in self.formsets.values():
            formset.forms  # noqa: B018

    @property
    def media(self) -> forms.Media:
        """The autocomplete's scripts and styles (select2, as the admin's), from this site."""
        media = forms.Media()
        for formset in self.formsets.values():
            media += formset.media
        return media

    def check_across(self) -> None:
        activity = self.forms["activity"].instance
        dated = bool(activity.start_date and activity.end_date)
        duration = activity.duration_days if dated else None
        edit_ids = access_for(self.user).edit_country_ids
        for form in self.formsets["participations"].kept_forms():
            person = form.instance.person if form.instance.person_id else None
            if (
                edit_ids is not None
                and person is not None
                and form.has_changed()
                and "person" not in form.errors
                and person.country_id not in edit_ids
            ):
                form.add_error("person", OUTSIDE_EDIT_SCOPE)
            days = form.instance.days_attended
            if dated and "days_attended" not in form.errors and days is not None and days > duration:
                form.add_error(
                    "days_attended",
                    gettext(
                        "Enter at most %(duration)s days: the activity lasts %(duration)s days, not %(days)s."
                    )
                    % {"days": days, "duration": duration},
                )
