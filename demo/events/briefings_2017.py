"""Event 2: the briefings to the six permanent missions, Vienna 2017."""

from activities.models import Activity
from activities.services import activity_create

from ..data import briefings_2017 as data
from ..loader import Loader


def load(loader: Loader) -> Activity:
    return loader.activity(
        kind=Activity.Kind.MEETING,
        title=data.TITLE,
        start_date=data.START,
        create=lambda: activity_create(
            kind=Activity.Kind.MEETING,
            title=data.TITLE,
            start_date=data.START,
            end_date=data.END,
            status=Activity.Status.COMPLETED,
            # No host country: a host always takes part in its activities, and Austria did not
            # take part in these bilateral meetings at UNODC headquarters.
            venue=data.VENUE,
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.REGIONAL,
            countries=loader.many(data.COUNTRIES),
            pillars=[loader.pillars[2]],
            sdg_targets=[loader.sdgs["16.a"], loader.sdgs["17.17"]],
            donors=[loader.organisations["EU-CRP"]],
            lead_office=loader.organisations["UNODC-HQ"],
            topics=data.TOPICS,
            description=data.DESCRIPTION,
            outcomes=data.OUTCOMES,
        ),
    )
