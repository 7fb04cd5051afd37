"""Event 5: the Operation Azure debrief, with the coordinators of nine of its ten countries."""

from activities.models import Activity
from activities.services import activity_create
from people.models import Person

from ..data import azure_debrief as data
from ..loader import Loader


def load(loader: Loader, coordinators: list[Person]) -> Activity:
    orgs = loader.organisations
    debrief = loader.activity(
        kind=Activity.Kind.MEETING,
        title=data.TITLE,
        start_date=data.START,
        create=lambda: activity_create(
            kind=Activity.Kind.MEETING,
            title=data.TITLE,
            start_date=data.START,
            end_date=data.END,
            status=Activity.Status.COMPLETED,
            host_country=loader.country(data.HOST),
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.INTER_REGIONAL,
            pillars=[loader.pillars[2]],
            sdg_targets=[loader.sdgs["16.4"], loader.sdgs["16.a"]],
            donors=[orgs["INL"], orgs["EU-GIFP"]],
            lead_office=orgs["UNODC-HQ"],
            topics=data.TOPICS,
            description=data.DESCRIPTION,
            outcomes=data.OUTCOMES,
        ),
    )
    for person in coordinators:
        if person.country.iso2 != data.DEBRIEF_ABSENT:
            loader.attend(person, debrief, days_attended=2)
    return debrief
