from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import ServiceAdmin, ServiceAdminMixin
from core.admin_history import HistoryAdminMixin

from .models import ApiKey, SecondFactorExemption, SecurityEvent, User
from .second_factor import second_factor_enrolled, second_factor_required, second_factor_reset
from .services import api_key_create, api_key_revoke

_PROGRAMME_ACCESS = (
    _("Programme access"),
    {"fields": ("role", "countries", "regions", "preferred_language")},
)
_SECOND_FACTOR = (_("Second factor"), {"fields": ("second_factor",)})

# django-otp's device pages would show the authenticators' keys and the recovery codes: an
# account's second factor is seen and reset from its user page instead.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


@admin.register(User)
class UserAdmin(HistoryAdminMixin, ServiceAdminMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, _PROGRAMME_ACCESS, _SECOND_FACTOR)
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, _PROGRAMME_ACCESS)
    readonly_fields = ("second_factor",)
    actions = ("reset_second_factor",)
    list_display = ("username", "email", "first_name", "last_name", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("countries",)
    date_hierarchy = "date_joined"
    ordering = ("username",)

    @admin.display(description=_("second factor"))
    def second_factor(self, obj: User) -> str:
        if SecondFactorExemption.objects.filter(user_id=obj.pk).exists():
            return _(
                "Exempt: a demo account made by load_demo, it signs in with its password alone. "
                "The production settings refuse to start while it is active."
            )
        if second_factor_enrolled(obj):
            return _("Enrolled: an authenticator app and recovery codes.")
        if second_factor_required(obj):
            return _("Not enrolled yet: asked to set up an authenticator app at the next sign-in.")
        return _("Not enrolled (optional for a partner-mission viewer).")

    @admin.action(
        description=_("Reset the second factor of the selected users (a lost phone)"),
        permissions=["change"],
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user, by=request.user, request=request)
        self.message_user(
            request,
            _("Second factors reset: each account sets one up at its next sign-in."),
            messages.SUCCESS,
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ServiceAdminMixin, DjangoGroupAdmin):
    pass


@admin.register(SecurityEvent)
class SecurityEventAdmin(ServiceAdmin):
    """The security log, read-only for everyone: events are written only by `accounts.security`."""

    list_display = ("created_at", "kind", "username", "user", "api_key", "ip_address", "path")
    list_filter = ("kind", "created_at")
    search_fields = ("username", "ip_address", "path")
    date_hierarchy = "created_at"
    list_select_related = ("user", "api_key")
    fields = ("created_at", "kind", "username", "user", "api_key", "ip_address", "path", "detail")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(ServiceAdmin):
    """API keys of external systems. The secret is shown once, on the page after creating the key."""

    list_display = (
        "name",
        "prefix",
        "can_write",
        "can_see_personal_data",
        "can_see_restricted",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "created_by",
    )
    list_filter = ("can_write", "can_see_personal_data", "can_see_restricted", "revoked_at")
    search_fields = ("name", "prefix")
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)
    autocomplete_fields = ("countries",)
    actions = ("revoke",)
    fields = (
        "name",
        "can_write",
        "can_see_personal_data",
        "can_see_restricted",
        "countries",
        "expires_at",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A key's scopes are fixed once it exists: a changed need is a new key.
        return (
            *self.readonly_fields,
            "name",
            "can_write",
            "can_see_personal_data",
            "can_see_restricted",
            "expires_at",
        )

    def save_model(self, request, obj, form, change):
        if change:
            return
        api_key, raw_key = api_key_create(
            name=obj.name,
            created_by=request.user,
            expires_at=obj.expires_at,
            can_write=obj.can_write,
            can_see_personal_data=obj.can_see_personal_data,
            can_see_restricted=obj.can_see_restricted,
            request=request,
        )
        form.instance = api_key
        obj.pk = api_key.pk
        messages.warning(
            request,
            _(
                "The key for %(name)s is %(key)s — copy it now: it is stored only as a hash "
                "and will not be shown again."
            )
            % {"name": api_key.name, "key": raw_key},
        )

    def save_related(self, request, form, formsets, change):
        form.instance.countries.set(form.cleaned_data.get("countries", []))

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_key_revoke(api_key=api_key, user=request.user, request=request)
        self.message_user(request, _("Keys revoked."), messages.SUCCESS)
