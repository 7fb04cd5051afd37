"""Pages of the accounts app: the lockout page and the second step of a sign-in."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .forms import SecondFactorCodeForm
from .second_factor import (
    authenticator_pending,
    authenticator_qr_code,
    authenticator_secret,
    recovery_codes_renew,
    second_factor_enrol,
    second_factor_enrolled,
    second_factor_pending,
    second_factor_verify,
)


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


def _next_url(request: HttpRequest) -> str:
    """Where the sign-in was going: a page of this site only, the dashboards by default."""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"{reverse(url_name)}?{query}" if query else reverse(url_name)


@never_cache
@login_required
def second_factor_page(request: HttpRequest) -> HttpResponse:
    """The second step of a sign-in: a code from the authenticator app, or a recovery code."""
    if not second_factor_pending(request):
        return redirect(_next_url(request))
    if not second_factor_enrolled(request.user):
        return redirect(_with_next("second_factor_enrol", request))
    form = SecondFactorCodeForm(request.POST or None)
    if form.is_valid():
        if second_factor_verify(request=request, user=request.user, code=form.cleaned_data["code"]):
            # The session that now holds both factors gets a new key.
            request.session.cycle_key()
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "This code is not right, or was already used. After a wrong code, wait a few "
                "seconds before the next try."
            ),
        )
    return render(request, "registration/second_factor.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def second_factor_enrol_page(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code into an authenticator app, then give a code it shows.

    Only for an account with no authenticator yet: a sign-in that owes a code from one cannot
    replace it here. Staff are sent here by their first sign-in; a mission viewer comes by choice.
    """
    if second_factor_enrolled(request.user):
        if second_factor_pending(request):
            return redirect(_with_next("second_factor", request))
        return redirect(_next_url(request))
    device = authenticator_pending(user=request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if form.is_valid():
        codes = second_factor_enrol(request=request, user=request.user, code=form.cleaned_data["code"])
        if codes is not None:
            request.session.cycle_key()
            return _recovery_codes_response(request, codes)
        form.add_error(
            "code", _("This code is not right. Check the time on your phone, and give the code shown now.")
        )
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": authenticator_qr_code(device),
        "secret": authenticator_secret(device),
        "required": second_factor_pending(request),
    }
    return render(request, "registration/second_factor_enrol.html", context)


def _recovery_codes_response(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # The codes are in this answer only: never in the session, a message or a log.
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@never_cache
@login_required
def recovery_codes_page(request: HttpRequest) -> HttpResponse:
    """New recovery codes for an enrolled account (the old ones stop working), on a POST."""
    if not second_factor_enrolled(request.user):
        return redirect(_with_next("second_factor_enrol", request))
    if request.method == "POST":
        return _recovery_codes_response(request, recovery_codes_renew(request=request, user=request.user))
    return render(request, "registration/recovery_codes.html", {"codes": None, "next": _next_url(request)})
