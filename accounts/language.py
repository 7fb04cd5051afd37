"""The interface's language: the account's preferred one from sign-in on, the switch in every page's
header (the site's, the admin's, the sign-in page's), and the browser's Accept-Language for a first
visit. The choice is kept the URL-independent way Django provides: its language cookie, read by
LocaleMiddleware, written by set_language (here: `language_set`, which also stores it on the
account of whoever is signed in)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


def _set_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_logged_in, dispatch_uid="accounts.language.on_sign_in")
def preferred_language_on_sign_in(sender, request, user, **kwargs):
    """A sign-in by any page (this site's, the admin's) switches to the account's language."""
    language = getattr(user, "preferred_language", "")
    # Only noted on the request (the cookie is written on its response, and the next page is in
    # the language): activating it here would switch whatever else runs in this thread.
    if request is not None and language and translation.check_for_language(language):
        request.signed_in_language = language


class PreferredLanguageMiddleware:
    """Writes the language cookie on the response of a sign-in that chose the account's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "signed_in_language", None)
        if language:
            _set_cookie(response, language)
        return response


@require_POST
def language_set(request):
    """Django's set_language (the cookie, then back to `next`), and the account's preference when
    someone is signed in: their next sign-in, on any device, is in that language."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and getattr(user, "preferred_language", None) != language
    ):
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
    return response
