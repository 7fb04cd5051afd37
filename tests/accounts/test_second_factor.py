"""The second factor of a sign-in: enrolment, codes, recovery codes, who owes one, the exemptions.

Codes are computed with django-otp's own TOTP (`django_otp.oath.totp`) from the device's key, as
an authenticator app would. Accounts made here pass `second_factor_exempt=False`: factory
accounts are otherwise exempt like the demo's, since `force_login` gives no second factor.
"""

import logging

import pytest
from django.conf import settings
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.core.serializers import serialize
from django.db import connection
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.checks import exempt_accounts_check
from accounts.models import SecondFactorExemption, SecurityEvent, User
from accounts.second_factor import second_factor_required
from audit.models import EVENT_MODELS
from core.access import access_for
from countries.models import Country
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "right-password-0912"
LOGIN_URL = reverse("login")
SECOND_STEP_URL = reverse("second_factor")
ENROL_URL = reverse("second_factor_enrol")
DASHBOARD_URL = reverse("dashboards:overview")
API_URL = reverse("api:activity-list")


def _staff(role=User.Role.OFFICER, **fields):
    return factories.UserFactory(
        role=role, is_staff=True, password=PASSWORD, second_factor_exempt=False, **fields
    )


def _enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = ["abcd2345", "efgh6723"]
    for code in codes:
        StaticToken.objects.create(device=recovery, token=code)
    return device, codes


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or `steps_ahead` time steps later, still accepted)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return str(value).zfill(device.digits)


def _sign_in(client, user, url=LOGIN_URL, password=PASSWORD, **data):
    return client.post(url, {"username": user.get_username(), "password": password, **data})


def _owes_second_factor(client, url=DASHBOARD_URL) -> bool:
    response = client.get(url)
    return response.status_code == 302 and response["Location"].startswith(SECOND_STEP_URL)


def _events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("pk"))


# --- enrolment at the first sign-in ---------------------------------------------------------------


def test_a_new_officer_enrols_at_first_sign_in_and_reaches_nothing_else_before(client):
    officer = _staff()

    response = _sign_in(client, officer, next=DASHBOARD_URL)
    assert response.status_code == 302

    # Every page, the admin's too, leads to the second step, and the second step to enrolment.
    for url in (DASHBOARD_URL, reverse("admin:index"), reverse("admin:operations_seizure_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SECOND_STEP_URL), url
    response = client.get(SECOND_STEP_URL, {"next": DASHBOARD_URL})
    assert response.status_code == 302 and response["Location"].startswith(ENROL_URL)
    # A session API call is refused with the API's error; nothing is answered.
    response = client.get(API_URL)
    assert response.status_code == 401
    assert "second factor" in response.json()["detail"]

    page = client.get(ENROL_URL, {"next": DASHBOARD_URL})
    assert page.status_code == 200
    content = page.content.decode()
    # The QR code is an image, and the page runs no inline script or style (the CSP allows none).
    assert 'src="data:image/svg+xml;base64,' in content
    assert "<script" not in content and "style=" not in content
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    response = client.post(ENROL_URL, {"code": _code(device), "next": DASHBOARD_URL})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == settings.SECOND_FACTOR_RECOVERY_CODES
    assert all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(DASHBOARD_URL).status_code == 200
    assert client.get(API_URL).status_code == 200
    [enrolled] = _events(SecurityEvent.Kind.SECOND_FACTOR_ENROLLED)
    assert enrolled.user == officer


def test_a_wrong_code_does_not_enrol(client):
    officer = _staff()
    _sign_in(client, officer)
    client.get(ENROL_URL)

    response = client.post(ENROL_URL, {"code": "000000"})

    assert response.status_code == 200 and response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert _owes_second_factor(client)


def test_a_sign_in_owing_a_code_cannot_replace_its_authenticator(client):
    officer = _staff()
    device, _codes = _enrolled(officer)
    _sign_in(client, officer)

    response = client.get(ENROL_URL)

    assert response.status_code == 302 and response["Location"].startswith(SECOND_STEP_URL)
    assert list(TOTPDevice.objects.filter(user=officer)) == [device]


# --- the second step ------------------------------------------------------------------------------


def test_a_wrong_code_is_refused(client):
    officer = _staff()
    _enrolled(officer)
    _sign_in(client, officer)

    response = client.post(SECOND_STEP_URL, {"code": "123456"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert _owes_second_factor(client)
    [failed] = _events(SecurityEvent.Kind.SECOND_FACTOR_FAILED)
    assert failed.user == officer
    assert _events(SecurityEvent.Kind.SECOND_FACTOR_VERIFIED) == []


def test_the_right_code_completes_the_sign_in(client):
    officer = _staff()
    device, _codes = _enrolled(officer)
    _sign_in(client, officer)
    session_key = client.session.session_key

    response = client.post(SECOND_STEP_URL, {"code": _code(device), "next": DASHBOARD_URL})

    assert response.status_code == 302 and response["Location"] == DASHBOARD_URL
    assert client.get(DASHBOARD_URL).status_code == 200
    assert client.get(API_URL).status_code == 200
    # The session that holds both factors is a new one.
    assert client.session.session_key != session_key
    [verified] = _events(SecurityEvent.Kind.SECOND_FACTOR_VERIFIED)
    assert verified.detail == {"method": "totp"}


def test_a_code_is_not_accepted_twice(client):
    officer = _staff()
    device, _codes = _enrolled(officer)
    _sign_in(client, officer)
    code = _code(device)
    client.post(SECOND_STEP_URL, {"code": code})
    client.logout()

    _sign_in(client, officer)
    response = client.post(SECOND_STEP_URL, {"code": code})

    assert response.status_code == 200
    assert _owes_second_factor(client)


def test_after_a_wrong_code_the_next_one_waits(client):
    # django-otp's throttling: each wrong code doubles the wait before the next is even checked.
    officer = _staff()
    device, _codes = _enrolled(officer)
    _sign_in(client, officer)
    client.post(SECOND_STEP_URL, {"code": "123456"})

    response = client.post(SECOND_STEP_URL, {"code": _code(device)})

    assert response.status_code == 200
    assert _owes_second_factor(client)


def test_a_recovery_code_works_once(client):
    officer = _staff()
    _device, codes = _enrolled(officer)
    _sign_in(client, officer)

    response = client.post(SECOND_STEP_URL, {"code": codes[0].upper(), "next": DASHBOARD_URL})

    assert response.status_code == 302
    assert client.get(DASHBOARD_URL).status_code == 200
    [verified] = _events(SecurityEvent.Kind.SECOND_FACTOR_VERIFIED)
    assert verified.detail == {"method": "recovery_code", "recovery_codes_left": 1}

    client.logout()
    _sign_in(client, officer)
    response = client.post(SECOND_STEP_URL, {"code": codes[0]})
    assert response.status_code == 200
    assert _owes_second_factor(client)


def test_the_admin_sign_in_goes_through_the_same_second_step(client):
    administrator = _staff(role=User.Role.ADMINISTRATOR)
    device, _codes = _enrolled(administrator)
    admin_index = reverse("admin:index")

    response = _sign_in(client, administrator, url=reverse("admin:login"), next=admin_index)
    assert response.status_code == 302 and response["Location"] == admin_index

    response = client.get(admin_index)
    assert response.status_code == 302
    assert response["Location"] == f"{SECOND_STEP_URL}?next={admin_index}"
    response = client.post(SECOND_STEP_URL, {"code": _code(device), "next": admin_index})
    assert response.status_code == 302 and response["Location"] == admin_index
    assert client.get(admin_index).status_code == 200


def test_the_second_step_sends_only_to_this_site(client):
    officer = _staff()
    device, _codes = _enrolled(officer)
    _sign_in(client, officer)

    response = client.post(SECOND_STEP_URL, {"code": _code(device), "next": "https://evil.example.org/"})

    assert response.status_code == 302 and response["Location"] == DASHBOARD_URL


def test_new_recovery_codes_replace_the_old_ones(client):
    officer = _staff()
    device, old_codes = _enrolled(officer)
    _sign_in(client, officer)
    client.post(SECOND_STEP_URL, {"code": _code(device)})

    response = client.post(reverse("recovery_codes"))

    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert len(new_codes) == settings.SECOND_FACTOR_RECOVERY_CODES
    tokens = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert tokens == set(new_codes) and not tokens & set(old_codes)


# --- who owes one ---------------------------------------------------------------------------------


def test_a_mission_viewer_may_choose_a_second_factor(client):
    viewer = factories.UserFactory(
        role=User.Role.MISSION_VIEWER,
        countries=[Country.objects.get(iso2="PE")],
        password=PASSWORD,
        second_factor_exempt=False,
    )
    _sign_in(client, viewer)
    assert not _owes_second_factor(client)
    assert client.get(API_URL).status_code == 200

    # Enrolled by choice, the viewer gives a code at every later sign-in.
    client.get(ENROL_URL)
    device = TOTPDevice.objects.get(user=viewer)
    client.post(ENROL_URL, {"code": _code(device)})
    client.logout()
    _sign_in(client, viewer)
    assert _owes_second_factor(client)
    client.post(SECOND_STEP_URL, {"code": _code(device, steps_ahead=1)})
    assert not _owes_second_factor(client)


@pytest.mark.parametrize("role", list(User.Role))
def test_the_roles_that_read_personal_data_owe_a_second_factor(role):
    user = factories.UserFactory(role=role, second_factor_exempt=False)

    assert second_factor_required(user) == access_for(user).sees_personal_data


def test_a_viewer_given_a_staff_role_owes_it_from_the_next_request(client):
    viewer = factories.UserFactory(
        role=User.Role.MISSION_VIEWER, password=PASSWORD, second_factor_exempt=False
    )
    _sign_in(client, viewer)
    assert not _owes_second_factor(client)

    viewer.role = User.Role.OFFICER
    viewer.is_staff = True
    viewer.save()

    assert _owes_second_factor(client)


# --- the demo's exemption -------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["admin", "officer", "monitoring", "mission-pe"])
def test_the_demo_accounts_sign_in_with_their_password_alone(client, username):
    user = User.objects.get(username=username)
    assert SecondFactorExemption.objects.filter(user=user).exists()

    response = client.post(LOGIN_URL, {"username": username, "password": settings.DEMO_PASSWORD})

    assert response.status_code == 302
    assert not _owes_second_factor(client)
    assert client.get(API_URL).status_code == 200
    if user.is_staff:
        assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_shows_the_exemption(client):
    admin_user = User.objects.get(username="admin")
    client.force_login(admin_user)

    page = client.get(reverse("admin:accounts_user_change", args=[admin_user.pk])).content.decode()

    assert "Exempt: a demo account made by load_demo" in page


def test_the_production_check_fails_while_an_exempt_account_is_active(settings):
    settings.SECOND_FACTOR_EXEMPTIONS_ALLOWED = False

    [error] = exempt_accounts_check(databases=["default"])

    assert isinstance(error, Error) and error.id == "accounts.E001"
    assert "admin" in error.msg and "mission-pe" in error.msg
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("check", databases=["default"])
    # docker-compose starts gunicorn only after `migrate`, which runs the check first.
    with pytest.raises(SystemCheckError, match="accounts.E001"):
        call_command("migrate", skip_checks=False, check_unapplied=True, verbosity=0)

    User.objects.filter(second_factor_exemption__isnull=False).update(is_active=False)
    assert exempt_accounts_check(databases=["default"]) == []


def test_the_check_passes_where_exemptions_are_allowed():
    assert exempt_accounts_check(databases=["default"]) == []


def test_under_the_production_settings_a_demo_account_owes_a_second_factor(client, settings):
    settings.SECOND_FACTOR_EXEMPTIONS_ALLOWED = False

    client.post(LOGIN_URL, {"username": "officer", "password": settings.DEMO_PASSWORD})

    assert _owes_second_factor(client)


def test_an_administrator_resets_a_lost_second_factor(client):
    officer = _staff()
    _enrolled(officer)
    client.force_login(User.objects.get(username="admin"))

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [officer.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    [reset] = _events(SecurityEvent.Kind.SECOND_FACTOR_RESET)
    assert reset.detail == {"account": officer.username, "account_id": officer.pk}


# --- secrets --------------------------------------------------------------------------------------


def test_the_second_factor_tables_are_not_audited():
    secret_models = {TOTPDevice, StaticDevice, StaticToken, SecondFactorExemption}
    assert not secret_models & set(EVENT_MODELS)
    tables = [model._meta.db_table for model in (TOTPDevice, StaticDevice, StaticToken)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY(%s)",
            [tables],
        )
        assert cursor.fetchone()[0] == 0


def test_security_events_never_hold_a_key_or_a_code(client, caplog):
    officer = _staff()
    with caplog.at_level(logging.DEBUG):
        _sign_in(client, officer)
        client.get(ENROL_URL)
        device = TOTPDevice.objects.get(user=officer)
        right, wrong = _code(device), "654321"
        codes = client.post(ENROL_URL, {"code": right}).context["codes"]
        client.logout()
        _sign_in(client, officer)
        client.post(SECOND_STEP_URL, {"code": wrong})
        client.post(SECOND_STEP_URL, {"code": codes[0]})

    stored = serialize("json", SecurityEvent.objects.all())
    secrets = [device.key, right, wrong, *codes]
    assert {SecurityEvent.Kind.SECOND_FACTOR_ENROLLED, SecurityEvent.Kind.SECOND_FACTOR_VERIFIED} <= set(
        SecurityEvent.objects.values_list("kind", flat=True)
    )
    for secret in secrets:
        assert secret not in stored
        assert secret not in caplog.text
