"""The demo's sign-in accounts, all with the password given to `demo_load`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from ..data.accounts import ACCOUNTS
from ..loader import EMAIL_DOMAIN, Loader


def load(loader: Loader) -> None:
    """Make the accounts that are missing; an existing account (and its password) stays as it is."""
    User = get_user_model()
    hashed_password = None
    for username, role, flags, countries in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        # The accounts share one password: hash it once, as each hash costs most of a second.
        hashed_password = hashed_password or make_password(loader.password)
        user = User(
            username=username,
            email=f"{username}@{EMAIL_DOMAIN}",
            password=hashed_password,
            role=role,
            **flags,
        )
        user.save()
        if countries:
            user.countries.set(loader.many(countries))
        loader.count("users")
