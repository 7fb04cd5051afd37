import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, Max, OuterRef

from activities.models import Activity
from demo.synthetic import synthetic_generate
from operations.calculations import seizure_mass_for_substance
from operations.models import Case, Operation, OperationCountry, Seizure
from people.models import Participation, Person

pytestmark = pytest.mark.django_db

SIZES = {"activities": 20, "people": 50, "participations": 100, "seizures": 500, "cases": 20}
MODELS = {
    "activities": Activity,
    "people": Person,
    "participations": Participation,
    "seizures": Seizure,
    "cases": Case,
}


def counts(**filters) -> dict[str, int]:
    return {name: model.objects.filter(**filters).count() for name, model in MODELS.items()}


def generate(seed: int = 1):
    # A small batch size, so that every table is written in several COPY statements.
    return synthetic_generate(**SIZES, batch_size=64, seed=seed)


@pytest.fixture
def run():
    """One run, and the rows it added: ids come from the tables' sequences, so theirs are the newest."""
    last_ids = {name: model.objects.aggregate(last=Max("pk"))["last"] or 0 for name, model in MODELS.items()}
    summary = generate()
    added = {name: model.objects.filter(pk__gt=last_ids[name]) for name, model in MODELS.items()}
    return summary, added


def test_adds_exactly_the_rows_asked_for_all_flagged_synthetic():
    before, synthetic_before = counts(), counts(is_synthetic=True)

    summary = generate()

    assert {name: count - before[name] for name, count in counts().items()} == SIZES
    assert {
        name: count - synthetic_before[name] for name, count in counts(is_synthetic=True).items()
    } == SIZES
    assert {name: summary.rows(model) for name, model in MODELS.items()} == SIZES
    assert Seizure.objects.filter(reference__startswith=f"{summary.prefix}-").count() == SIZES["seizures"]
    assert Case.objects.filter(reference__startswith=f"{summary.prefix}-").count() == SIZES["cases"]
    operations = Operation.objects.filter(code_name__startswith=f"{summary.prefix}-")
    assert operations.exists()
    assert not operations.exclude(
        activity__kind=Activity.Kind.OPERATION, activity__is_synthetic=True
    ).exists()


def test_masses_come_from_the_one_conversion_function(run):
    _summary, added = run

    seizures = list(added["seizures"].select_related("substance").order_by("?")[:200])

    for seizure in seizures:
        mass = seizure_mass_for_substance(
            quantity=seizure.quantity, unit=seizure.unit, substance=seizure.substance
        )
        assert (seizure.mass_kg, seizure.mass_status) == (mass.kg, mass.status), seizure.reference
    units = {seizure.unit for seizure in seizures}
    assert {Seizure.Unit.KG, Seizure.Unit.G} <= units
    assert len(units) >= 3


def test_participations_are_unique_and_within_their_activity(run):
    _summary, added = run
    participations = list(added["participations"].select_related("activity", "person"))

    assert not (
        Participation.objects.values("person", "activity")
        .annotate(times=Count("id"))
        .filter(times__gt=1)
        .exists()
    )
    activity_countries = set(Activity.countries.through.objects.values_list("activity_id", "country_id"))
    for participation in participations:
        assert participation.activity.is_synthetic and participation.person.is_synthetic
        if participation.days_attended is not None:
            assert 0 < participation.days_attended <= participation.activity.duration_days
        # Whoever attends brings their country into the activity, as the participation service does.
        assert (participation.activity_id, participation.person.country_id) in activity_countries


def test_seizures_in_an_operation_are_in_one_of_its_countries(run):
    _summary, added = run
    seizures = added["seizures"]

    linked = seizures.filter(operation__isnull=False)
    assert linked.exists()
    assert seizures.filter(operation__isnull=True).exists()
    taking_part = OperationCountry.objects.filter(
        operation=OuterRef("operation"), country=OuterRef("country")
    )
    assert not linked.filter(~Exists(taking_part)).exists()
    assert seizures.filter(transit_countries__isnull=False).exists()


def test_dates_and_cases_follow_the_rules(run):
    _summary, added = run
    today = datetime.date.today()

    assert not added["seizures"].filter(date__gt=today).exists()
    assert not added["seizures"].filter(date__lt=datetime.date(2016, 1, 1)).exists()
    assert not added["activities"].filter(end_date__gt=today).exists()
    assert not added["activities"].filter(start_date__lt=datetime.date(2016, 1, 1)).exists()
    cases = list(added["cases"].prefetch_related("seizures", "countries"))
    assert any(case.seizures.all() for case in cases)
    for case in cases:
        assert case.closed_on is None or case.opened_on <= case.closed_on <= today
        country_ids = {country.id for country in case.countries.all()}
        assert case.lead_country_id in country_ids
        for seizure in case.seizures.all():
            assert seizure.date <= case.opened_on
            assert seizure.country_id in country_ids


def test_running_twice_adds_a_second_set():
    before = counts()

    first = generate(seed=7)
    second = generate(seed=7)

    assert first.prefix != second.prefix
    assert {name: count - before[name] for name, count in counts().items()} == {
        name: 2 * size for name, size in SIZES.items()
    }


def test_refuses_more_participations_than_people_can_make():
    with pytest.raises(ValueError, match="participations"):
        synthetic_generate(activities=2, people=3, participations=7, seizures=0, cases=0)


def test_command_reports_every_table():
    out = StringIO()

    call_command(
        "generate_synthetic",
        "--activities=5",
        "--people=10",
        "--participations=20",
        "--seizures=30",
        "--cases=3",
        "--batch-size=8",
        stdout=out,
    )

    output = out.getvalue()
    for model in MODELS.values():
        assert model._meta.db_table in output
    assert "rows/s" in output


def test_command_rejects_an_impossible_set():
    with pytest.raises(CommandError):
        call_command(
            "generate_synthetic", "--activities=1", "--people=1", "--participations=2", stdout=StringIO()
        )
