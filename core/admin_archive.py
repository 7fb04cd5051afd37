"""Archive instead of delete in the admin, for the ModelAdmins of archivable records.

With `ArchiveAdminMixin`, "Delete" on a change page and the "delete selected" action archive the
record through `core.archive` (it leaves lists and figures, and can be restored); the changelist
hides archived records unless "archived: yes" is chosen. Administrators also get the actions
"restore" and "delete permanently" (with a reason), and an archived record's "Delete" page offers
both. Nothing here deletes without the services: they check permissions and audit every step.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import Action, Role, access_for, can
from core.archive import record_archive, record_hard_delete, record_restore


class ArchivedListFilter(admin.SimpleListFilter):
    """Archived: no (the default) or yes."""

    title = gettext_lazy("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return (("no", gettext_lazy("No")), ("yes", gettext_lazy("Yes")))

    def queryset(self, request, queryset):
        return queryset.filter(archived_at__isnull=self.value() != "yes")

    def choices(self, changelist):
        current = "yes" if self.value() == "yes" else "no"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class HardDeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Why the record is deleted for good. It is kept in the audit trail."),
    )


class ArchiveAdminMixin:
    """Mix into the ModelAdmin of an `ArchivableRecord` (before the base admin class)."""

    archive_confirmation_template = "admin/archive_confirmation.html"
    archived_record_template = "admin/archived_record.html"
    hard_delete_selected_template = "admin/hard_delete_selected_confirmation.html"

    # --- who may do what ---------------------------------------------------------------------

    def has_restore_permission(self, request, obj=None):
        return access_for(request.user).role is Role.ADMINISTRATOR

    def has_hard_delete_permission(self, request, obj=None):
        return can(request.user, Action.DELETE, obj if obj is not None else self.model)

    # --- the changelist ----------------------------------------------------------------------

    def get_list_filter(self, request):
        return (ArchivedListFilter, *super().get_list_filter(request))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        actions.pop("delete_selected", None)
        for name in ("archive_selected", "restore_selected", "hard_delete_selected"):
            func, name, description = self.get_action(name)
            if any(
                getattr(self, f"has_{permission}_permission")(request)
                for permission in func.allowed_permissions
            ):
                actions[name] = (func, name, description)
        return actions

    @admin.action(
        description=gettext_lazy("Archive selected %(verbose_name_plural)s"), permissions=["delete"]
    )
    def archive_selected(self, request, queryset):
        records = list(queryset.filter(archived_at__isnull=True))
        for record in records:
            record_archive(record=record, user=request.user)
            self.log_change(request, record, _("Archived."))
        self.message_user(
            request,
            _("%(count)d %(items)s archived.")
            % {"count": len(records), "items": model_ngettext(self.opts, len(records))},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Restore selected %(verbose_name_plural)s"), permissions=["restore"]
    )
    def restore_selected(self, request, queryset):
        records = list(queryset.filter(archived_at__isnull=False))
        for record in records:
            record_restore(record=record, user=request.user, request=request)
            self.log_change(request, record, _("Restored."))
        self.message_user(
            request,
            _("%(count)d %(items)s restored.")
            % {"count": len(records), "items": model_ngettext(self.opts, len(records))},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Delete selected %(verbose_name_plural)s permanently"),
        permissions=["hard_delete"],
    )
    def hard_delete_selected(self, request, queryset):
        form = HardDeleteForm(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            deleted, refusals = 0, []
            for record in queryset:
                try:
                    record_hard_delete(
                        record=record, user=request.user, reason=form.cleaned_data["reason"], request=request
                    )
                    deleted += 1
                except ValidationError as error:
                    refusals.extend(error.messages)
            if deleted:
                self.message_user(
                    request,
                    _("%(count)d %(items)s deleted permanently.")
                    % {"count": deleted, "items": model_ngettext(self.opts, deleted)},
                    messages.SUCCESS,
                )
            for refusal in refusals:
                self.message_user(request, refusal, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Delete %(items)s permanently") % {"items": model_ngettext(queryset)},
            "subtitle": None,
            "queryset": queryset,
            "form": form,
            "opts": self.opts,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.hard_delete_selected_template, context)

    # --- one record: the "Delete" page archives ----------------------------------------------

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        if obj.is_archived:
            return self._archived_record_view(request, obj, extra_context)
        if request.method == "POST":
            record_archive(record=obj, user=request.user)
            self.log_change(request, obj, _("Archived."))
            self.message_user(
                request,
                _("The %(name)s “%(obj)s” was archived: it no longer appears in lists and figures.")
                % {"name": self.opts.verbose_name, "obj": obj},
                messages.SUCCESS,
            )
            return self._redirect_to_changelist(request)
        context = self._record_context(request, obj, _("Archive %(name)s") % {"name": self.opts.verbose_name})
        return TemplateResponse(
            request, self.archive_confirmation_template, {**context, **(extra_context or {})}
        )

    def _archived_record_view(self, request, obj, extra_context):
        may_restore = self.has_restore_permission(request, obj)
        may_delete = self.has_hard_delete_permission(request, obj)
        if not (may_restore or may_delete):
            raise PermissionDenied
        form = HardDeleteForm(request.POST if "_hard_delete" in request.POST else None)
        if request.method == "POST" and "_restore" in request.POST and may_restore:
            record_restore(record=obj, user=request.user, request=request)
            self.log_change(request, obj, _("Restored."))
            self.message_user(
                request,
                _("The %(name)s “%(obj)s” was restored.") % {"name": self.opts.verbose_name, "obj": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
            )
        if request.method == "POST" and may_delete and form.is_valid():
            try:
                record_hard_delete(
                    record=obj, user=request.user, reason=form.cleaned_data["reason"], request=request
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("The %(name)s “%(obj)s” was deleted permanently.")
                    % {"name": self.opts.verbose_name, "obj": obj},
                    messages.SUCCESS,
                )
                return self._redirect_to_changelist(request)
        context = self._record_context(
            request, obj, _("Archived %(name)s") % {"name": self.opts.verbose_name}
        )
        context.update(
            {
                "archived_on": formats.localize(timezone.localtime(obj.archived_at)),
                "archived_by": obj.archived_by,
                "may_restore": may_restore,
                "may_delete": may_delete,
                "form": form,
            }
        )
        return TemplateResponse(request, self.archived_record_template, {**context, **(extra_context or {})})

    def _record_context(self, request, obj, title) -> dict:
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "object": obj,
            "object_name": str(self.opts.verbose_name),
            "opts": self.opts,
            "media": self.media,
            "preserved_filters": self.get_preserved_filters(request),
        }

    def _redirect_to_changelist(self, request):
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist", current_app=self.admin_site.name
        )
        preserved = self.get_preserved_filters(request)
        return HttpResponseRedirect(
            add_preserved_filters({"preserved_filters": preserved, "opts": self.opts}, url)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_archived:
            self.message_user(
                request,
                _(
                    "This %(name)s is archived: it is left out of lists and figures until an "
                    "administrator restores it."
                )
                % {"name": self.opts.verbose_name},
                messages.WARNING,
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    # --- any other path that would delete archives instead -----------------------------------

    def delete_model(self, request, obj):
        record_archive(record=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for record in queryset.filter(archived_at__isnull=True):
            record_archive(record=record, user=request.user)
