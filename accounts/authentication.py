"""REST API authentication with the programme's API keys: `Authorization: Api-Key <key>` or Bearer."""

import pghistory
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from core.audit import principal_metadata

from .access import ApiClient
from .second_factor import second_factor_pending
from .services import api_key_authenticate

SCHEMES = (b"api-key", b"bearer")


class ApiKeyAuthentication(BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid Authorization header: give the scheme and the key.")
            )
        try:
            raw_key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid API key.")) from error
        api_key = api_key_authenticate(raw_key=raw_key, request=request._request)
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked API key."))
        client = ApiClient(api_key)
        if request.method not in SAFE_METHODS:
            # pghistory's middleware names request.user, which a key is not: every write this
            # request makes is audited under its key instead (the middleware opens the context
            # for the methods that write only).
            pghistory.context(**principal_metadata(client))
        return client, api_key

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser's session, once its sign-in has given the second factor it owes."""

    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is not None and second_factor_pending(request._request):
            raise exceptions.AuthenticationFailed(
                _("Sign-in is not complete: give your second factor on the sign-in page first.")
            )
        return authenticated
