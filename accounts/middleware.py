"""Every request that ends in 403 is recorded as a permission denial."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .models import ApiKey, SecurityEvent, User
from .security import security_event_record


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
