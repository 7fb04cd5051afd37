"""Event 6: the controlled delivery planned in Bogotá, its seizure and its case."""

from activities.models import Activity
from operations.models import Case, Operation, Seizure
from operations.services import operation_create

from ..data import controlled_delivery as data
from ..data.operation_azure import TOPIC_CONTROLLED_DELIVERY
from ..loader import Loader


def load(loader: Loader, bogota: Activity, debrief: Activity) -> Case:
    operation = Operation.objects.filter(code_name=data.CODE_NAME).first()
    if operation is None:
        loader.count("activities")
        operation = operation_create(
            code_name=data.CODE_NAME,
            title=data.TITLE,
            start_date=data.START,
            end_date=data.END,
            target=data.TARGET,
            participants=[
                (loader.country(iso2), loader.agencies[agency]) for iso2, agency in data.PARTICIPANTS.items()
            ],
            status=Activity.Status.COMPLETED,
            scope=Activity.Scope.REGIONAL,
            pillars=[loader.pillars[1], loader.pillars[2]],
            topics=[TOPIC_CONTROLLED_DELIVERY],
            description=data.DESCRIPTION,
            outcomes=data.OUTCOMES,
        )
    seizure = loader.seizure(
        reference=data.SEIZURE_REFERENCE,
        operation=operation,
        date=data.SEIZURE_DATE,
        country=loader.country(data.SEIZURE_COUNTRY),
        place=Seizure.Place.OTHER,
        substance=loader.substances[data.SEIZURE_SUBSTANCE],
        quantity=data.SEIZURE_QUANTITY,
        unit=Seizure.Unit.T,
        conveyance=Seizure.Conveyance.OTHER,
        detection=Seizure.Detection.CONTROLLED_DELIVERY,
        origin_country=loader.country(data.ORIGIN),
        transit_countries=loader.many(data.TRANSIT),
        destination_country=loader.country(data.DESTINATION),
        arrests=data.ARRESTS,
        follow_up=Seizure.FollowUp.INVESTIGATION,
        notes=data.SEIZURE_NOTES,
    )
    return loader.case(
        reference=data.CASE_REFERENCE,
        title=data.CASE_TITLE,
        opened_on=data.CASE_OPENED,
        lead_country=loader.country(data.CASE_LEAD_COUNTRY),
        lead_agency=loader.agencies[data.CASE_LEAD_AGENCY],
        countries=loader.many(data.COUNTRIES),
        seizures=[seizure],
        presented_at=[debrief],
        used_controlled_delivery=True,
        arrests=data.ARRESTS,
        summary=data.CASE_SUMMARY.format(title=bogota.title, start=bogota.start_date),
    )
