"""System checks of the accounts app."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .models import SecondFactorExemption


@register(Tags.security, Tags.database)
def exempt_accounts_check(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """No active account signs in without a second factor where exemptions are not allowed.

    A database check: `migrate` runs it (so docker-compose's web service stops before gunicorn
    starts), as does `manage.py check --database default`.
    """
    if settings.SECOND_FACTOR_EXEMPTIONS_ALLOWED or not databases:
        return []
    try:
        usernames = sorted(
            SecondFactorExemption.objects.filter(user__is_active=True).values_list(
                "user__username", flat=True
            )
        )
    except DatabaseError:
        # The table is not there yet (the first `migrate`): no account can be exempt.
        return []
    if not usernames:
        return []
    return [
        Error(
            _("Accounts exempt from the second factor are active: %(usernames)s.")
            % {"usernames": ", ".join(usernames)},
            hint=_(
                "These are the demo's accounts (load_demo). Deactivate or delete them, or remove "
                "their exemption, before running with the production settings."
            ),
            obj="accounts.SecondFactorExemption",
            id="accounts.E001",
        )
    ]
