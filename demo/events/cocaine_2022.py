"""Events 7 and 8: the 2022 technical training on cocaine production, the case forum that followed
it for the same ten countries, and the (synthetic) cases presented there."""

from activities.models import Activity
from activities.services import activity_create
from operations.models import Case, Seizure
from trainings.services import training_create

from ..data import cocaine_2022 as data
from ..data.reference import LEAD_AGENCY
from ..loader import Loader


def load_training(loader: Loader) -> Activity:
    orgs = loader.organisations
    return loader.activity(
        kind=Activity.Kind.TRAINING,
        title=data.TRAINING_TITLE,
        start_date=data.TRAINING_START,
        create=lambda: (
            training_create(
                title=data.TRAINING_TITLE,
                start_date=data.TRAINING_START,
                end_date=data.TRAINING_END,
                modules=data.TRAINING_MODULES,
                level="intermediate",
                target_audience=data.TRAINING_AUDIENCE,
                status=Activity.Status.COMPLETED,
                modality=Activity.Modality.IN_PERSON,
                scope=Activity.Scope.REGIONAL,
                countries=loader.many(data.COUNTRIES),
                pillars=[loader.pillars[1], loader.pillars[4]],
                sdg_targets=[loader.sdgs["16.4"], loader.sdgs["16.a"]],
                donors=[orgs["EU-GIFP"], orgs["INL"]],
                partners=[orgs["SIMCI"]],
                topics=data.TRAINING_TOPICS,
                description=data.TRAINING_DESCRIPTION,
                outcomes=data.TRAINING_OUTCOMES,
            ).activity
        ),
    )


def load_forum(loader: Loader) -> Activity:
    orgs = loader.organisations
    return loader.activity(
        kind=Activity.Kind.CASE_FORUM,
        title=data.FORUM_TITLE,
        start_date=data.FORUM_START,
        create=lambda: activity_create(
            kind=Activity.Kind.CASE_FORUM,
            title=data.FORUM_TITLE,
            start_date=data.FORUM_START,
            end_date=data.FORUM_END,
            status=Activity.Status.COMPLETED,
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.REGIONAL,
            countries=loader.many(data.COUNTRIES),
            pillars=[loader.pillars[1], loader.pillars[2]],
            sdg_targets=[loader.sdgs["16.4"], loader.sdgs["16.a"]],
            donors=[orgs["EU-GIFP"], orgs["INL"]],
            topics=data.FORUM_TOPICS,
            description=data.FORUM_DESCRIPTION,
            outcomes=data.FORUM_OUTCOMES,
        ),
    )


def load_forum_cases(loader: Loader, forum: Activity) -> None:
    for spec in data.CASES:
        iso2 = spec["country"]
        found = spec["seizure"]
        seizure = loader.seizure(
            reference=spec["reference"].replace("CASE", "SZ"),
            date=found["date"],
            country=loader.country(iso2),
            place=found["place"],
            location=found["location"],
            substance=loader.substances[found["substance"]],
            quantity=found["quantity"],
            unit=found["unit"],
            conveyance=found["conveyance"],
            detection=found["detection"],
            origin_country=loader.country(found["origin"]) if found.get("origin") else None,
            destination_country=loader.country(found["destination"]) if found.get("destination") else None,
            arrests=found["arrests"],
            follow_up=Seizure.FollowUp.PROSECUTION
            if spec["stage"] != Case.Stage.INVESTIGATION
            else Seizure.FollowUp.INVESTIGATION,
            notes=data.CASE_NOTES,
            is_synthetic=True,
        )
        loader.case(
            reference=spec["reference"],
            title=spec["title"],
            opened_on=spec["opened_on"],
            lead_country=loader.country(iso2),
            lead_agency=loader.agencies[LEAD_AGENCY[iso2]],
            seizures=[seizure],
            presented_at=[forum],
            stage=spec["stage"],
            arrests=spec["arrests"],
            used_mutual_legal_assistance=spec["mla"],
            assets_seized_usd=spec["assets"],
            assets_description=spec["assets_description"],
            summary=data.CASE_NOTES,
            is_synthetic=True,
        )
