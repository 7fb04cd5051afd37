from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceAdminMixin

from .models import User

_PROGRAMME_ACCESS = (_("Programme access"), {"fields": ("role", "countries")})


@admin.register(User)
class UserAdmin(ServiceAdminMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, _PROGRAMME_ACCESS)
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, _PROGRAMME_ACCESS)
    list_display = ("username", "email", "first_name", "last_name", "role", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("countries",)
    date_hierarchy = "date_joined"
    ordering = ("username",)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ServiceAdminMixin, DjangoGroupAdmin):
    pass
