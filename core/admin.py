"""The admin's one save path, and what every ModelAdmin of the project shares.

Every object an admin form writes (the main object and each inline row) is saved through
`core.services.instance_save`, i.e. the registered `<entity>_save` service or the validated
save, so the admin follows the same rules as the API, the importer and the shell.
"""

import json
import operator
from functools import reduce

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import (
    ManyToManyField,
    Q,
    URLField,
)
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.access import (
    MODEL_RULES,
    Action,
    Role,
    access_for,
    can,
    record_countries_in_edit_scope,
    scope_queryset,
)
from core.admin_history import HistoryAdminMixin, last_change
from core.archive import record_archive
from core.lookups import contains
from core.models import ArchivableRecord
from core.pickers import picker_for
from core.services import instance_save
from core.versions import StaleRecord, record_lock

admin.site.site_header = _("CRIMJUST programme tracker")
admin.site.site_title = _("CRIMJUST programme tracker")
admin.site.index_title = _("Programme records")

# Links typed without a scheme are taken as https (Django 6's default, chosen now).
FORMFIELD_OVERRIDES = {URLField: {"assume_scheme": "https"}}

_SERVICE_ERRORS = "_crimjust_service_errors"
_FIGURES = "_crimjust_admin_figures"


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _KnownValuesOnly:
    """An autocomplete that shows again only the submitted values its field could hold.

    Django's autocomplete looks the submitted values up to show them again on a refused form:
    a country code where the form expects the country's id made that lookup raise (a 500)
    instead of the field's "Select a valid choice" error.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._could_be(item)], attr)

    @property
    def media(self):
        # After Django's autocomplete.js: the pickers' narrowing and names (core.pickers).
        return super().media + forms.Media(js=["admin/js/autocomplete.js", "pickers/pickers.js"])

    def _could_be(self, item) -> bool:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        while target.is_relation:  # a primary key that is a one-to-one link: the column it holds
            target = target.target_field
        try:
            typed = target.to_python(item)
        except (ValidationError, TypeError, ValueError):
            return False
        if isinstance(typed, int):
            low, high = connection.ops.integer_field_range(target.get_internal_type())
            return (low is None or typed >= low) and (high is None or typed <= high)
        return True


class KnownValuesAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class KnownValuesAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class AccessAdminMixin:
    """The admin asks `core.access` what a user may see and do, like every other surface.

    Lists, change pages and autocompletes show only what the user may see; archivable records
    are archived by "delete" (only administrators delete them for good, see the archive mixin).
    A value of the wrong type in an autocomplete field is the field's error, never a 500.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        autocomplete = db_field.name in self.get_autocomplete_fields(request)
        if "widget" not in kwargs and autocomplete:
            kwargs["widget"] = KnownValuesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._picker_field(request, db_field, formfield) if autocomplete else formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        autocomplete = db_field.name in self.get_autocomplete_fields(request)
        if "widget" not in kwargs and autocomplete:
            kwargs["widget"] = KnownValuesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._picker_field(request, db_field, formfield) if autocomplete else formfield

    def _picker_field(self, request, db_field, formfield):
        """An autocomplete field accepts what its chooser offers (core.pickers), no more: the
        records the user may see that fit the field, labelled as the chooser labels them."""
        if formfield is None:
            return formfield
        related = db_field.related_model
        queryset = formfield.queryset
        if related._meta.concrete_model in MODEL_RULES:
            # As the chooser's list (the related admin's get_queryset): archived records only for
            # administrators.
            include_archived = access_for(request.user).role is Role.ADMINISTRATOR
            queryset = scope_queryset(queryset, request.user, include_archived=include_archived)
        picker = picker_for(db_field.model, db_field.name)
        if picker is not None:
            queryset = picker.narrow(queryset, principal=request.user)
            if picker.follows:
                formfield.widget.attrs["data-picker-follows"] = " ".join(picker.follows)
        related_admin = self.admin_site._registry.get(related)
        select_related = getattr(related_admin, "picker_select_related", ())
        formfield.queryset = queryset.select_related(*select_related) if select_related else queryset
        label = getattr(related_admin, "picker_label", None)
        if label is not None:
            # The chosen record is named as the autocomplete names it (PickerAutocompleteView).
            formfield.label_from_instance = label
        return formfield

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # Administrators see archived records too, to restore them; the list filters them out
        # by default.
        include_archived = access_for(request.user).role is Role.ADMINISTRATOR
        return scope_queryset(queryset, request.user, include_archived=include_archived)

    def has_module_permission(self, request):
        return can(request.user, Action.VIEW, self.model)

    def has_view_permission(self, request, obj=None):
        return can(request.user, Action.VIEW, self._checked(obj))

    def has_add_permission(self, request, obj=None):
        return can(request.user, Action.CREATE, self.model)

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.UPDATE, self._checked(obj))

    def has_delete_permission(self, request, obj=None):
        action = Action.ARCHIVE if issubclass(self.model, ArchivableRecord) else Action.DELETE
        return can(request.user, action, self._checked(obj))

    def _checked(self, obj):
        # An inline is asked about its parent object; its own rows are checked by model.
        return obj if isinstance(obj, self.model) else self.model


# The change form's hidden field with the version of the record it was opened on (core.versions).
RECORD_VERSION_FIELD = "_record_version"


def _stale_message(current):
    """Who saved the record since the form was opened, when, and which fields, with a link to
    its history: the refused editor knows what to look at before making their changes again."""
    opts = current._meta
    history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[current.pk])
    when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
    change = last_change(current)
    who = (change[0] if change else "") or gettext("Someone")
    fields = ", ".join(change[1]) if change and change[1] else ""
    saved = (
        gettext("{who} saved this {record} at {when}, after you opened it, changing: {fields}.")
        if fields
        else gettext("{who} saved this {record} at {when}, after you opened it.")
    )
    return format_html(
        saved
        + " "
        + gettext(
            'Your changes were not saved. See what changed in its <a href="{history}">history</a>, '
            "then open it again and make your changes: saving this form again would put back what "
            "it shows over their changes."
        ),
        who=who,
        record=opts.verbose_name,
        when=when,
        fields=fields,
        history=history,
    )


class ServiceAdminMixin(AccessAdminMixin):
    """Saves through the services, and shows a service's refusal on the form instead of a 500.

    The form validates the model's rules first, but a service may still refuse what the form
    accepted (a rule that needs an inline row saved first, a value the service normalises).
    The whole save is then rolled back and the submitted form is shown again with the errors.

    `figure_fields` name read-only methods that show figures on the change page; they share
    the dict `get_figures(obj)` returns, computed once per page.
    """

    figure_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        if change:
            self._refuse_stale(request, obj)
        instance_save(obj)

    def _refuse_stale(self, request, obj) -> None:
        # The change form carries the version it was opened on (templates/admin/change_form.html):
        # a save over a record someone changed since is refused, never silently put back.
        opened = request.POST.get(RECORD_VERSION_FIELD)
        try:
            record_lock(obj, versions=frozenset({opened}) if opened else None)
        except StaleRecord as stale:
            raise ValidationError(_stale_message(stale.current), code="stale") from stale

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            # An inline row of an archivable record (a seizure on its operation) is archived too.
            if isinstance(deleted, ArchivableRecord):
                record_archive(record=deleted, user=request.user)
            else:
                deleted.delete()
        for instance in instances:
            try:
                instance_save(instance)
            except ValidationError as error:
                label = str(instance._meta.verbose_name).capitalize()
                raise ValidationError([f"{label}: {message}" for message in error.messages]) from error
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(
            isinstance(field, ManyToManyField) and field.name in form.fields
            for field in form.instance._meta.many_to_many
        ):
            # form.save_m2m() has just replaced the many-to-many fields with the form's values,
            # dropping what the service added (an activity's host country among its countries):
            # saving once more through the service restores it.
            instance_save(form.instance)
        if not record_countries_in_edit_scope(request.user, form.instance):
            # Checked once the record and its countries are saved; changeform_view rolls back.
            raise ValidationError(
                _("You may only record or edit records of the countries and regions you are assigned to.")
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # changeform_view is atomic: nothing of this save was written.
            if request.method != "POST" or hasattr(request, _SERVICE_ERRORS):
                raise
            setattr(request, _SERVICE_ERRORS, error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, _SERVICE_ERRORS, None)
        if error is None:
            return form

        def _post_clean(self):
            form._post_clean(self)
            _add_service_errors(self, error)

        return type(form.__name__, (form,), {"_post_clean": _post_clean})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += [name for name in self.figure_fields if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.figure_fields:
            return fieldsets
        others = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.figure_fields]})
            for name, options in fieldsets
        ]
        return [(_("Figures"), {"fields": self.figure_fields}), *others]

    def get_figures(self, obj) -> dict:
        """The change page's figures for `obj`, in as few aggregate queries as possible."""
        return {}

    def figures(self, obj) -> dict:
        cached = obj.__dict__.get(_FIGURES)
        if cached is None:
            cached = obj.__dict__[_FIGURES] = self.get_figures(obj)
        return cached


# --- changelists at a million rows ----------------------------------------------------------------

# The deepest page a changelist shows: further pages are read by narrowing the list (search,
# filters, date drill-down), never by an OFFSET of hundreds of thousands of rows.
MAX_PAGES = 200
# From this page on, a page's ids are read first and its rows then (CappedCountPaginator.page).
DEFERRED_FROM_PAGE = 10
# More ids than this from a related table, and a search looks there through a subquery instead.
SEARCH_IDS_LIMIT = 10_000


class CappedCountPaginator(Paginator):
    """Counts no further than the rows of the pages a changelist shows (MAX_PAGES of them), so a
    page of a million rows counts at most 20,001, never the whole table. `capped` tells the
    changelist that there are more (ChangeListAtScale says "more than" or "about")."""

    capped = False

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.per_page * DEFERRED_FROM_PAGE or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        # A deep page: the OFFSET walks only the order's columns (no joined tables, no annotated
        # figure, such as an activity's participations, computed for each of 19,900 skipped rows),
        # then the page's rows are read by id, in the list's order.
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    @cached_property
    def count(self):
        cap = self.per_page * MAX_PAGES
        counted = self.object_list.order_by().values("pk")[: cap + 1].count()
        if counted > cap:
            self.capped = True
            return cap
        return counted


def estimated_count(queryset) -> int:
    """PostgreSQL's estimate of the rows of `queryset` (EXPLAIN's, from the table's statistics)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class ChangeListAtScale(ChangeList):
    """A changelist that says how many rows it has without counting them all: `count_note` is
    "about 1,000,000 seizures" (PostgreSQL's estimate) for the whole list, "more than 20,000
    seizures" once it is searched or filtered, None when the count is exact
    (templates/admin/pagination.html and search_form.html show it)."""

    count_note = None

    def get_results(self, request):
        super().get_results(request)
        if not self.paginator.capped:
            return
        names = self.opts.verbose_name_plural
        narrowed = bool(self.query or self.get_filters_params(self.params))
        estimate = 0 if narrowed else estimated_count(self.queryset)
        if estimate > self.result_count:
            self.count_note = gettext("about %(count)s %(records)s") % {
                "count": number_format(estimate, force_grouping=True),
                "records": names,
            }
        else:
            self.count_note = gettext("more than %(count)s %(records)s") % {
                "count": number_format(self.result_count, force_grouping=True),
                "records": names,
            }


class VisibleRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A filter by a related record whose choices are read from the related (small) table, among
    the records the user may see: never from the million rows of the list, as Django's
    RelatedOnlyFieldListFilter reads them."""

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model
        queryset = related._default_manager.all()
        if related in MODEL_RULES:
            queryset = scope_queryset(queryset, request.user)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(record.pk, str(record)) for record in queryset]


class NamedValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """Django's filter by a column's values, with a blank value named: a link without text has
    no name to read out (a country without a UN region)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = gettext("(blank)")
            yield choice


class ServiceAdmin(HistoryAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin in the project.

    Its changelists stay quick on a million rows: a capped count (CappedCountPaginator,
    ChangeListAtScale) and no second count of the whole table, at most MAX_PAGES pages, a search
    read through trigram indexes (core.lookups.contains) with a related record's fields resolved
    to ids on its own table first, and the date drill-down's years and months from MIN and MAX
    (templates/admin/change_list.html, core.templatetags.changelists). A big changelist adds
    `sortable_by` (indexed columns only), `show_facets = ShowFacets.NEVER` and list filters by a
    related record through VisibleRelatedFieldListFilter.
    """

    formfield_overrides = FORMFIELD_OVERRIDES
    paginator = CappedCountPaginator
    show_full_result_count = False
    # Save within reach on a long form, not the 258th tab stop.
    save_on_top = True

    def get_changelist(self, request, **kwargs):
        return ChangeListAtScale

    def changelist_view(self, request, extra_context=None):
        try:
            page = int(request.GET.get(PAGE_VAR, 1))
        except ValueError:
            page = 1
        if page > MAX_PAGES:
            messages.warning(
                request,
                ngettext(
                    "Only the first %(pages)s page of a list is shown: narrow it with the search, the "
                    "filters or the dates to see the records further on.",
                    "Only the first %(pages)s pages of a list are shown: narrow it with the search, the "
                    "filters or the dates to see the records further on.",
                    MAX_PAGES,
                )
                % {"pages": MAX_PAGES},
            )
            query = request.GET.copy()
            query[PAGE_VAR] = MAX_PAGES
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """Every term in some search field, case-insensitively (as Django's admin search), read
        through the trigram indexes: `col ILIKE` on the list's own columns, and for a related
        record's fields the ids of the matching related records, found on their own table (among
        those the user may see) before the big table is touched."""
        search_fields = [str(field) for field in self.get_search_fields(request)]
        if not search_fields or not search_term:
            return queryset, False
        if any(field[0] in "^=@" for field in search_fields):
            return super().get_search_results(request, queryset, search_term)
        own = [field for field in search_fields if "__" not in field]
        related: dict[str, list[str]] = {}
        for field in search_fields:
            if "__" in field:
                relation, rest = field.split("__", 1)
                related.setdefault(relation, []).append(rest)
        model = queryset.model
        for term in smart_split(search_term):
            if term.startswith(('"', "'")) and term[0] == term[-1]:
                term = unescape_string_literal(term)
            conditions = [contains(model, field, term) for field in own]
            for relation, fields in related.items():
                ids = self._related_ids(request, model, relation, fields, term)
                linked = Q(**{f"{relation}__in": ids})
                if lookup_spawns_duplicates(model._meta, relation):
                    # A to-many link (a case's seizures) as a semi-join: no repeated rows, so no
                    # SELECT DISTINCT over the whole page's columns.
                    linked = Q(pk__in=model._default_manager.filter(linked).values("pk"))
                conditions.append(linked)
            queryset = queryset.filter(reduce(operator.or_, conditions))
        return queryset, False

    @staticmethod
    def _related_ids(request, model, relation: str, fields: list[str], term: str):
        related = model._meta.get_field(relation).related_model
        matching = related._default_manager.filter(
            reduce(operator.or_, (contains(related, field, term) for field in fields))
        )
        if related in MODEL_RULES:
            matching = scope_queryset(matching, request.user, include_archived=True)
        ids = list(matching.order_by().values_list("pk", flat=True)[: SEARCH_IDS_LIMIT + 1])
        # A short list of ids lets PostgreSQL read the big table through its index on the link;
        # a long one is left to the planner as a subquery.
        return ids if len(ids) <= SEARCH_IDS_LIMIT else matching.values("pk")


class ChosenObjectWidget(forms.Widget):
    """The object an existing inline row points to, as text: no autocomplete query per row."""

    def __init__(self, chosen, attrs=None):
        super().__init__(attrs)
        self.chosen = chosen

    def render(self, name, value, attrs=None, renderer=None):
        shown = format_html("<p>{}</p>", self.chosen if self.chosen is not None else "—")
        if value in (None, ""):
            return shown
        # The value too, for the row's pickers that follow it (the agency of this row's country,
        # static/admin/js/pickers.js); a disabled field ignores what is submitted.
        return format_html('{}<input type="hidden" name="{}" value="{}">', shown, name, value)


class ServiceInlineMixin(AccessAdminMixin):
    """The base of the project's inlines. Their rows are saved by the parent's `save_formset`.

    `fixed_on_existing_rows` names foreign keys that a saved row keeps (who attended, which
    country): they show as text, from the inline's `select_related` queryset, so a change page
    does not run one autocomplete query per row; new rows choose them as usual.
    """

    extra = 0
    show_change_link = True
    formfield_overrides = FORMFIELD_OVERRIDES
    fixed_on_existing_rows: tuple[str, ...] = ()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        fixed = self.fixed_on_existing_rows
        if not fixed:
            return formset
        base_form = formset.form

        def __init__(form, *args, **kwargs):
            base_form.__init__(form, *args, **kwargs)
            if form.instance.pk is None:
                return
            for name in fixed:
                if name in form.fields:
                    form.fields[name].disabled = True
                    form.fields[name].widget = ChosenObjectWidget(getattr(form.instance, name))

        formset.form = type(base_form.__name__, (base_form,), {"__init__": __init__})
        return formset


def name_row_fields(form, *, record: str, row: int | None) -> None:
    """Give each input of a table row a name saying its column and row ("Date, seizure 3"): a
    table's inputs have no <label>, and a screen reader (and axe) would find them nameless."""
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # inside RelatedFieldWidgetWrapper
        if widget.is_hidden:
            continue
        column = capfirst(str(field.label or name))  # the delete box's is Django's "Delete"
        if row is None:
            label = gettext("%(column)s, new %(record)s") % {"column": column, "record": record}
        else:
            label = gettext("%(column)s, %(record)s %(row)s") % {
                "column": column,
                "record": record,
                "row": row,
            }
        widget.attrs["aria-label"] = label


class ServiceTabularInline(ServiceInlineMixin, admin.TabularInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        record = str(self.model._meta.verbose_name)

        def add_fields(formset_self, form, index):
            formset.add_fields(formset_self, form, index)
            name_row_fields(form, record=record, row=None if index is None else index + 1)

        return type(formset.__name__, (formset,), {"add_fields": add_fields})


class ServiceStackedInline(ServiceInlineMixin, admin.StackedInline):
    pass


class PickerAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete endpoint, narrowed as the field's picker says (core.pickers).

    Served at the admin's own autocomplete URL (crimjust/urls.py), so every autocomplete of the
    admin goes through it: the records offered are those the chosen model's admin shows the user
    (core.access), that fit the field, and that follow the values the form sent along (the
    chosen country). A record is labelled by its admin's `picker_label` when it has one
    (an activity with its kind and dates).
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        if issubclass(self.model_admin.model, ArchivableRecord):
            # Archived records are not offered when another record is linked to one, to
            # administrators either (their list shows them, to restore them).
            queryset = queryset.filter(archived_at__isnull=True)
        picker = picker_for(self.source_field.model, self.source_field.name)
        if picker is not None:
            queryset = picker.narrow(queryset, principal=self.request.user, values=self.request.GET)
        related = getattr(self.model_admin, "picker_select_related", ())
        return queryset.select_related(*related) if related else queryset

    def serialize_result(self, obj, to_field_name):
        label = getattr(self.model_admin, "picker_label", str)
        return {"id": str(getattr(obj, to_field_name)), "text": str(label(obj))}
