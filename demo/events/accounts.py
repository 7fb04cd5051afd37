"""The demo's sign-in accounts, all with the password given to `demo_load`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from accounts.second_factor import second_factor_exemption_grant

from ..data.accounts import ACCOUNTS
from ..loader import EMAIL_DOMAIN, Loader

# The demo is signed into with its published password alone; production refuses to start with
# such an account active (accounts.checks).
EXEMPTION_REASON = "Demo account made by load_demo"


def load(loader: Loader) -> None:
    """Make the accounts that are missing; an existing account (and its password) stays as it is."""
    User = get_user_model()
    hashed_password = None
    for username, role, flags, countries in ACCOUNTS:
        email = f"{username}@{EMAIL_DOMAIN}"
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            # A demo account made before exemptions existed gets one; an account of that name that
            # is not the demo's (another e-mail) never does.
            if existing.email == email:
                second_factor_exemption_grant(user=existing, reason=EXEMPTION_REASON)
                # A demo account made before preferred languages existed gets the demo's.
                language = flags.get("preferred_language", "")
                if language and not existing.preferred_language:
                    User.objects.filter(pk=existing.pk).update(preferred_language=language)
            continue
        # The accounts share one password: hash it once, as each hash costs most of a second.
        hashed_password = hashed_password or make_password(loader.password)
        user = User(
            username=username,
            email=email,
            password=hashed_password,
            role=role,
            **flags,
        )
        user.save()
        if countries:
            user.countries.set(loader.many(countries))
        second_factor_exemption_grant(user=user, reason=EXEMPTION_REASON)
        loader.count("users")
