import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity, ActivityLink
from activities.services import activity_create, activity_link_create
from countries.models import Country

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 6, 1)


def test_activity_create_counts_the_host_among_its_countries():
    peru = Country.objects.get(iso2="PE")
    activity = activity_create(
        kind=Activity.Kind.WORKSHOP,
        title="Workshop",
        start_date=DAY,
        end_date=DAY,
        host_country=peru,
        countries=[Country.objects.get(iso2="BO")],
        topics=["Money laundering", " Money laundering "],
    )
    assert set(activity.countries.values_list("iso2", flat=True)) == {"PE", "BO"}
    assert list(activity.topics.values_list("name", flat=True)) == ["Money laundering"]


def test_activity_end_before_start_names_the_field():
    with pytest.raises(ValidationError) as excinfo:
        activity_create(
            kind=Activity.Kind.TRAINING, title="x", start_date=DAY, end_date=DAY - datetime.timedelta(1)
        )
    assert set(excinfo.value.message_dict) == {"end_date"}
    assert not Activity.objects.filter(title="x").exists()


def test_a_future_activity_cannot_be_completed():
    start = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as excinfo:
        activity_create(
            kind=Activity.Kind.TRAINING,
            title="y",
            start_date=start,
            end_date=start,
            status=Activity.Status.COMPLETED,
        )
    assert set(excinfo.value.message_dict) == {"status"}


def test_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        activity_create(kind="party", title="z", start_date=DAY, end_date=DAY)
    assert set(excinfo.value.message_dict) == {"kind"}


def test_activity_link_to_itself_is_refused():
    activity = activity_create(kind=Activity.Kind.MEETING, title="m", start_date=DAY, end_date=DAY)
    with pytest.raises(ValidationError) as excinfo:
        activity_link_create(
            from_activity=activity, to_activity=activity, relation=ActivityLink.Relation.RELATED
        )
    assert "to_activity" in excinfo.value.message_dict
