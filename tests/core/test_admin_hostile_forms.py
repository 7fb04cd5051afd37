"""Every admin form, add and change, given values of the wrong type in every field: a page with
field errors (or a redirect when the value happens to be valid), never a server error.

The forms are found from the admin site itself, so a form added later is tried too.
"""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

# Each value is posted in every field of a form at once: a code where an id is expected, a number
# no column holds, a negative, an exponent, a null character, a date that is none, a list.
HOSTILE_VALUES = ["PE", "99999999999999999999", "-1", "1e308", "\x00", "2026-13-45", "²", "0x1F"]


def _admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _form_payload(model_admin, request, obj, value) -> dict:
    form_class = model_admin.get_form(request, obj)
    payload = {name: value for name in form_class.base_fields}
    # The inline formsets' management forms, so the request reaches the forms' own validation.
    for inline in model_admin.get_inline_instances(request, obj):
        formset_class = inline.get_formset(request, obj)
        prefix = formset_class.get_default_prefix()
        payload.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
        for name in formset_class.form.base_fields:
            payload[f"{prefix}-0-{name}"] = value
    return payload


@pytest.fixture
def admin_user():
    return User.objects.get(username="admin")


def _post_hostile(client: Client, model, model_admin, *, obj=None, values=HOSTILE_VALUES):
    opts = model._meta
    try:
        url = (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            if obj is not None
            else reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        )
    except NoReverseMatch:
        return 0, []
    request = client.get(url).wsgi_request
    failures = []
    for value in values:
        response = client.post(url, _form_payload(model_admin, request, obj, value))
        if response.status_code not in (200, 302, 403):
            failures.append((url, value, response.status_code))
    return len(values), failures


@pytest.fixture
def client():
    """A server error is a 500 response here, as a browser sees it: every form is tried."""
    return Client(raise_request_exception=False)


def test_every_add_form_refuses_wrong_types_with_field_errors(client, admin_user):
    client.force_login(admin_user)
    tried, failures = 0, []
    for model, model_admin in _admins():
        request = client.get("/admin/").wsgi_request
        if not model_admin.has_add_permission(request):
            continue
        count, failed = _post_hostile(client, model, model_admin)
        tried, failures = tried + count, failures + failed
    assert not failures
    assert tried >= 10 * len(HOSTILE_VALUES)


def test_every_change_form_refuses_wrong_types_with_field_errors(client, admin_user):
    client.force_login(admin_user)
    tried, failures = 0, []
    for model, model_admin in _admins():
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        request = client.get("/admin/").wsgi_request
        if not model_admin.has_change_permission(request, obj):
            continue
        count, failed = _post_hostile(client, model, model_admin, obj=obj, values=HOSTILE_VALUES[:4])
        tried, failures = tried + count, failures + failed
    assert not failures
    assert tried >= 8 * 4
