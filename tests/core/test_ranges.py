"""Implausible dates are refused, naming the field, whatever surface writes the record: a seizure,
a case or a handover not in the future nor before the programme's first year; an activity, a phase
or an embargo at most a few years ahead (core.ranges)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from core.ranges import HAPPENED, PLANNED, date_error
from core.services import validated_save
from operations.models import Case, Seizure
from tests import factories
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.mark.parametrize(
    ("value", "kind", "plausible"),
    [
        (datetime.date(1, 1, 1), HAPPENED, False),
        (datetime.date(2015, 12, 31), HAPPENED, False),
        (datetime.date(2016, 1, 1), HAPPENED, True),
        (TODAY, HAPPENED, True),
        (TODAY + datetime.timedelta(days=1), HAPPENED, False),
        (TODAY + datetime.timedelta(days=365 * 3), PLANNED, True),
        (datetime.date(9999, 12, 31), PLANNED, False),
        (datetime.date(1, 1, 1), PLANNED, False),
    ],
)
def test_the_bounds(value, kind, plausible):
    assert (date_error(value, kind) is None) == plausible


def test_the_bounds_are_settings(settings):
    settings.PLAUSIBLE_EARLIEST_DATE = datetime.date(2000, 1, 1)
    settings.PLAUSIBLE_YEARS_AHEAD = 1
    assert date_error(datetime.date(2001, 5, 1), HAPPENED) is None
    assert date_error(TODAY + datetime.timedelta(days=800), PLANNED) is not None


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        (lambda: Seizure.objects.filter(archived_at__isnull=True).first(), "date", datetime.date(1, 1, 1)),
        (
            lambda: Seizure.objects.filter(archived_at__isnull=True).first(),
            "restricted_until",
            datetime.date(2099, 1, 1),
        ),
        (lambda: Case.objects.first(), "opened_on", datetime.date(2014, 6, 1)),
        (lambda: Activity.objects.first(), "start_date", datetime.date(1999, 1, 1)),
    ],
)
def test_every_save_path_refuses_an_implausible_date(record, field, value):
    instance = record()
    setattr(instance, field, value)
    with pytest.raises(ValidationError) as raised:
        validated_save(instance)
    assert field in raised.value.message_dict


def test_the_api_names_the_field(admin):
    seizure = factories.SeizureFactory()
    client = signed_in(admin)
    url = f"/api/v1/seizures/{seizure.pk}/"
    for body, field in (
        ({"date": "0001-01-01"}, "date"),
        ({"date": (TODAY + datetime.timedelta(days=2)).isoformat()}, "date"),
        ({"restricted_until": "2099-01-01", "sensitivity": "restricted"}, "restricted_until"),
    ):
        response = client.patch(url, body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"], response.content
    seizure.refresh_from_db()
    assert seizure.date <= TODAY
