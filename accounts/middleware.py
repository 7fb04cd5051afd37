"""Requests of a sign-in that owes its second factor go to the second step; every 403 is recorded."""

from collections.abc import Callable

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .models import ApiKey, SecurityEvent, User
from .second_factor import second_factor_pending
from .security import security_event_record

# The pages a sign-in reaches before its second factor: the second step itself, and signing out.
_SECOND_STEP_URL_NAMES = ("second_factor", "second_factor_enrol", "logout", "admin:logout", "set_language")


class SecondFactorMiddleware:
    """Sends every page of a session that still owes its second factor to the second step.

    After django-otp's OTPMiddleware. The API is left to `VerifiedSessionAuthentication`, which
    refuses the same sessions with the API's own error, and lets API keys through as they are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._open(request.path_info) and second_factor_pending(request):
            return redirect_to_login(request.get_full_path(), reverse("second_factor"), REDIRECT_FIELD_NAME)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if path.startswith(reverse("api:api-root")):
            return True
        return path in {reverse(name) for name in _SECOND_STEP_URL_NAMES}


class PermissionDeniedLogMiddleware:
    """Records a PERMISSION_DENIED event for each 403 answer.

    Reading the status rather than catching `PermissionDenied` covers every source alike: the
    admin's and views' `PermissionDenied`, DRF's permission classes (which answer 403 without
    raising past the view) and CSRF rejections. Placed after `AuthenticationMiddleware`, so
    `request.user` is known; DRF copies the user and `auth` it authenticated onto the request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            # An API client's principal is not a User: its key says who it was.
            principal = getattr(request, "user", None)
            auth = getattr(request, "auth", None)
            security_event_record(
                kind=SecurityEvent.Kind.PERMISSION_DENIED,
                request=request,
                user=principal if isinstance(principal, User) else None,
                api_key=auth if isinstance(auth, ApiKey) else None,
                detail={"method": request.method},
            )
        return response
