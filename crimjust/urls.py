from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.language import language_set
from core import health
from core.admin import PickerAutocompleteView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboards:overview", permanent=False)),
    # The admin's autocomplete endpoint, at its own URL, narrowed as each field's picker says
    # (core.pickers); wrapped as the admin wraps its views (staff only, the same sign-in).
    path(
        "admin/autocomplete/",
        admin.site.admin_view(PickerAutocompleteView.as_view(admin_site=admin.site)),
        name="picker_autocomplete",
    ),
    # The one-page staff flows, in the admin's look and behind its sign-in (flows.urls).
    path("admin/flows/", include("flows.urls")),
    path("admin/", admin.site.urls),
    # The orchestrator's probes, anonymous and revealing nothing (core.health).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Sign-in for everyone (mission viewers are not staff and cannot use the admin's).
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # The language switch of every page (Django's set_language, and the account's preference).
    path("i18n/setlang/", language_set, name="set_language"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    # The second step of every sign-in (this page's and the admin's): accounts.second_factor.
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include(("crimjust.api", "api"), namespace="api")),
    path("dashboards/", include("dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
]
