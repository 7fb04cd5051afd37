"""The demo data set: the programme's documented history with its figures exact.

Sources are the five public UNODC news pages in the project brief. What they state is loaded as
stated; what they give only as a total (50 workshop participants, 18 trainings to 153 officials,
125 seizures) is synthesised into records that add up to exactly that total, flagged
`is_synthetic` and saying so in their notes or description.

`demo_load` is idempotent: every record has a natural key (title and start date, reference, code
name, e-mail, username) and is looked up before it is made, so a second run writes nothing. It is
deterministic: every made-up detail comes from `random.Random` seeded per section, and is drawn
whether or not the record already exists, so a partial database is completed with the same data.

The events are in `demo.events` (one module each), their data in `demo.data`, the helpers they
share in `demo.loader`.
"""

from django.db import transaction

from activities.models import ActivityLink

from .data.controlled_delivery import LED_TO_NOTE
from .data.operation_azure import AZURE_CODE_NAME  # noqa: F401 (the benchmarks find Azure by it)
from .events import (
    accounts,
    activities_2016_2017,
    azure_debrief,
    azure_trainings,
    briefings_2017,
    cocaine_2022,
    controlled_delivery,
    operation_azure,
    reference,
    workshop_2017,
)
from .loader import DemoSummary, Loader
from .results import load as load_results_frameworks

__all__ = ["AZURE_CODE_NAME", "DemoSummary", "demo_load"]


def _run(loader: Loader) -> None:
    reference.load(loader)
    workshop_2017.load(loader)
    briefings_2017.load(loader)
    trainings, attendees = azure_trainings.load(loader)
    azure = operation_azure.load(loader, trainings)
    debrief = azure_debrief.load(loader, attendees["coordinators"])
    for training in trainings.values():
        loader.link(training, azure.activity, ActivityLink.Relation.PREPARED)
    loader.link(azure.activity, debrief, ActivityLink.Relation.DEBRIEF)
    case = controlled_delivery.load(loader, trainings["bogota"], debrief)
    delivery = case.seizures.get().operation.activity
    loader.link(trainings["bogota"], delivery, ActivityLink.Relation.LED_TO, note=LED_TO_NOTE)
    cocaine_training = cocaine_2022.load_training(loader)
    forum = cocaine_2022.load_forum(loader)
    loader.link(cocaine_training, forum, ActivityLink.Relation.FOLLOWED_BY)
    cocaine_2022.load_forum_cases(loader, forum)
    # Last, though earliest in time: the records before them keep the ids they always had.
    activities_2016_2017.load(loader)
    accounts.load(loader)
    load_results_frameworks()


@transaction.atomic
def demo_load(*, password: str) -> DemoSummary:
    """Load the demo data set in one transaction; running it again creates and changes nothing."""
    loader = Loader(password=password)
    _run(loader)
    return loader.summary
