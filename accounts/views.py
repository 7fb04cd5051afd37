"""Pages of the accounts app."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def locked_out_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page django-axes answers a locked-out sign-in with (`AXES_LOCKOUT_CALLABLE`).

    Rendered in the admin's frame, which is where people sign in.
    """
    context = {
        **admin.site.each_context(request),
        "title": _("Sign-in blocked"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
