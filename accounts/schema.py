"""How the API's authentication appears in the OpenAPI document: API keys and the session."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "An API key made by a programme administrator, sent as `Authorization: Api-Key "
                    "cj_<prefix>_<secret>` (or `Bearer cj_...`)."
                )
            ),
        }


class VerifiedSessionScheme(SessionScheme):
    """The browser's session, documented as drf-spectacular documents Django's (`cookieAuth`)."""

    target_class = "accounts.authentication.VerifiedSessionAuthentication"
