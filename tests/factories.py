"""factory_boy factories for every model.

Rows are written the way the application writes them: through the entity's create service
where there is one (`activity_create`, `seizure_create`, ...), otherwise through
`core.services.instance_save` (the registered `<entity>_save` service or the validated save),
so a factory cannot produce a row the application would refuse.

Countries come from the ISO sync: `CountryFactory(iso2="PE")` returns the existing row (or makes
it from the ISO data when the sync has not run). `CountryFactory(synthetic=True)` makes a new
country with an ISO user-assigned code (XA, XB, ...), for tests that need more rows.
"""

import datetime
from decimal import Decimal

import factory
import pycountry
from django.contrib.auth.models import Group
from django_celery_beat import models as beat_models

from accounts.models import ApiKey, SecurityEvent, User
from accounts.second_factor import second_factor_exemption_grant
from accounts.security import security_event_record
from accounts.services import api_key_create
from activities.models import Activity, ActivityDocument, ActivityLink, Organisation, Pillar, SDGTarget, Topic
from activities.services import activity_create, activity_link_create
from core.services import instance_save
from countries.models import Agency, Country
from operations.models import (
    Case,
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
    SubstanceCategory,
)
from operations.services import case_create, equipment_handover_create, operation_create, seizure_create
from people.models import Participation, Person
from people.services import participation_create, person_create
from trainings.models import TrainingDetail, TrainingModule
from trainings.services import training_create

# Countries named in the programme's documents, cycled through by default.
PROGRAMME_COUNTRIES = ["PE", "CO", "PA", "EC", "BO", "DO", "GH", "NG", "BR", "CV", "PY", "UY"]
# ISO 3166-1 codes reserved for user assignment: never a real country.
_USER_ASSIGNED_ISO2 = [f"X{letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [
    f"Q{letter}" for letter in "MNOPQRSTUVWXYZ"
]


def _iso_record(iso2: str):
    return pycountry.countries.get(alpha_2=iso2)


class ServiceFactory(factory.django.DjangoModelFactory):
    """Creates through `instance_save`; subclasses with a create service override `_create`."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return instance_save(model_class(*args, **kwargs))

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        # Arguments only a create service takes (many-to-many values, modules, items) are
        # dropped: a built instance is unsaved and cannot hold them.
        fields = {name for field in model_class._meta.concrete_fields for name in (field.name, field.attname)}
        return model_class(*args, **{key: value for key, value in kwargs.items() if key in fields})


# --- accounts ---------------------------------------------------------------------------------


class GroupFactory(ServiceFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Group {n}")


class UserFactory(ServiceFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.OFFICER
    password = "crimjust-test-password"

    @classmethod
    def _create(cls, model_class, *args, password=None, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(password)
        return instance_save(user)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def second_factor_exempt(self, create, extracted, **kwargs):
        # Tests sign users in with force_login, which gives no second factor: like the demo's
        # accounts they are exempt, unless a test of the second factor passes False.
        if create and extracted is not False:
            second_factor_exemption_grant(user=self, reason="Test account")


class SecurityEventFactory(ServiceFactory):
    class Meta:
        model = SecurityEvent

    kind = SecurityEvent.Kind.SIGN_IN_FAILED
    username = factory.Sequence(lambda n: f"someone{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return security_event_record(**kwargs)


class ApiKeyFactory(ServiceFactory):
    """Through `api_key_create`: the secret is not kept."""

    class Meta:
        model = ApiKey

    name = factory.Sequence(lambda n: f"External system {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.setdefault("created_by", User.objects.get(username="admin"))
        kwargs.setdefault("expires_at", datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30))
        api_key, _secret = api_key_create(**kwargs)
        return api_key


# --- countries --------------------------------------------------------------------------------


class CountryFactory(ServiceFactory):
    class Meta:
        model = Country

    class Params:
        synthetic = factory.Trait(
            iso2=factory.Sequence(lambda n: _USER_ASSIGNED_ISO2[n % len(_USER_ASSIGNED_ISO2)]),
            iso3=factory.LazyAttribute(lambda o: f"{o.iso2}X"),
            numeric_code=factory.LazyAttribute(lambda o: str(900 + _USER_ASSIGNED_ISO2.index(o.iso2))),
            name=factory.LazyAttribute(lambda o: f"Testland {o.iso2}"),
        )

    iso2 = factory.Iterator(PROGRAMME_COUNTRIES)
    iso3 = factory.LazyAttribute(lambda o: _iso_record(o.iso2).alpha_3)
    numeric_code = factory.LazyAttribute(lambda o: _iso_record(o.iso2).numeric)
    name = factory.LazyAttribute(
        lambda o: getattr(_iso_record(o.iso2), "common_name", None) or _iso_record(o.iso2).name
    )

    @classmethod
    def _create(cls, model_class, *args, iso2, **kwargs):
        existing = model_class.objects.filter(iso2=iso2).first()
        if existing is not None:
            return existing
        return instance_save(model_class(*args, iso2=iso2, **kwargs))


class AgencyFactory(ServiceFactory):
    class Meta:
        model = Agency

    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"National Anti-Narcotics Unit {n}")
    acronym = factory.Sequence(lambda n: f"NAU{n}")
    category = Agency.Category.ANTINARCOTICS


# --- activities -------------------------------------------------------------------------------


class OrganisationFactory(ServiceFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    acronym = factory.Sequence(lambda n: f"PO{n}")
    kind = Organisation.Kind.IMPLEMENTING_PARTNER


class PillarFactory(ServiceFactory):
    class Meta:
        model = Pillar

    # The programme has four pillars; test pillars number from 11 so they never take one.
    number = factory.Sequence(lambda n: 11 + n)
    name = factory.Sequence(lambda n: f"Test pillar {n}")


class SDGTargetFactory(ServiceFactory):
    class Meta:
        model = SDGTarget

    code = factory.Sequence(lambda n: f"99.{n}")
    description = factory.Sequence(lambda n: f"Test target {n}")


class TopicFactory(ServiceFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Test topic {n}")


def _date_from_sequence(n: int) -> datetime.date:
    return datetime.date(2019, 1, 1) + datetime.timedelta(days=n % 1500)


class ActivityFactory(ServiceFactory):
    """Through `activity_create`: pass `countries`, `pillars`, `donors`, ... and `topics` by name."""

    class Meta:
        model = Activity

    kind = Activity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Test activity {n}")
    status = Activity.Status.COMPLETED
    start_date = factory.Sequence(_date_from_sequence)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    venue = "Panama City"
    host_country = factory.SubFactory(CountryFactory)
    countries = ()
    topics = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return activity_create(*args, **kwargs)


class ActivityLinkFactory(ServiceFactory):
    class Meta:
        model = ActivityLink

    from_activity = factory.SubFactory(ActivityFactory, kind=Activity.Kind.TRAINING)
    to_activity = factory.SubFactory(ActivityFactory, kind=Activity.Kind.OPERATION)
    relation = ActivityLink.Relation.PREPARED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return activity_link_create(*args, **kwargs)


class ActivityDocumentFactory(ServiceFactory):
    class Meta:
        model = ActivityDocument

    activity = factory.SubFactory(ActivityFactory)
    title = factory.Sequence(lambda n: f"Outcome document {n}")
    kind = ActivityDocument.Kind.OUTCOME
    url = factory.Sequence(lambda n: f"https://www.unodc.org/documents/test-{n}.pdf")


# --- people -----------------------------------------------------------------------------------


class PersonFactory(ServiceFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    gender = factory.Iterator([Person.Gender.FEMALE, Person.Gender.MALE])
    country = factory.SubFactory(CountryFactory)
    professional_category = Person.Category.POLICE
    email = factory.Sequence(lambda n: f"person{n}@example.org")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return person_create(*args, **kwargs)


class ParticipationFactory(ServiceFactory):
    class Meta:
        model = Participation

    person = factory.SubFactory(PersonFactory)
    activity = factory.SubFactory(ActivityFactory, kind=Activity.Kind.TRAINING)
    role = Participation.Role.PARTICIPANT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return participation_create(*args, **kwargs)


# --- trainings --------------------------------------------------------------------------------


class TrainingDetailFactory(ServiceFactory):
    """Through `training_create` (a new training activity); with `activity=`, for that activity."""

    class Meta:
        model = TrainingDetail

    title = factory.Sequence(lambda n: f"Test training {n}")
    status = Activity.Status.COMPLETED
    start_date = factory.Sequence(_date_from_sequence)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    host_country = factory.SubFactory(CountryFactory)
    level = TrainingDetail.Level.BASIC
    hours = 16
    modules = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "activity" in kwargs:
            fields = {name: kwargs[name] for name in ("activity", "level", "hours") if name in kwargs}
            return instance_save(model_class(**fields))
        return training_create(*args, **kwargs)


class TrainingModuleFactory(ServiceFactory):
    class Meta:
        model = TrainingModule

    training = factory.SubFactory(TrainingDetailFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module {n}")
    hours = Decimal("2.0")


# --- operations -------------------------------------------------------------------------------


class SubstanceCategoryFactory(ServiceFactory):
    class Meta:
        model = SubstanceCategory

    name = factory.Sequence(lambda n: f"Test category {n}")


class SubstanceFactory(ServiceFactory):
    class Meta:
        model = Substance

    category = factory.SubFactory(SubstanceCategoryFactory)
    name = factory.Sequence(lambda n: f"Test substance {n}")


def _default_participants():
    return [(CountryFactory(iso2="PE"), None), (CountryFactory(iso2="CO"), None)]


class OperationFactory(ServiceFactory):
    """Through `operation_create`: the operation's activity, phases and participating countries.

    `participants` is a list of (country, coordinating agency or None); by default Peru and Colombia.
    """

    class Meta:
        model = Operation

    code_name = factory.Sequence(lambda n: f"Test operation {n}")
    target = "Synthetic opioids in mail and courier parcels"
    title = factory.LazyAttribute(lambda o: f"Operation {o.code_name}")
    status = Activity.Status.COMPLETED
    start_date = factory.Sequence(_date_from_sequence)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=30))
    participants = factory.LazyFunction(_default_participants)
    phases = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return operation_create(*args, **kwargs)


class OperationPhaseFactory(ServiceFactory):
    class Meta:
        model = OperationPhase

    operation = factory.SubFactory(OperationFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyAttribute(lambda o: o.operation.activity.start_date)
    end_date = factory.LazyAttribute(lambda o: o.operation.activity.end_date)


class OperationCountryFactory(ServiceFactory):
    class Meta:
        model = OperationCountry

    operation = factory.SubFactory(OperationFactory)
    # Not Peru or Colombia, who take part in a default operation already.
    country = factory.SubFactory(
        CountryFactory, iso2=factory.Iterator(["GH", "NG", "EC", "BO", "DO", "PA", "PY", "UY"])
    )


def _seizure_country(seizure):
    if seizure.operation is not None:
        return seizure.operation.participants.select_related("country").first().country
    return CountryFactory()


class SeizureFactory(ServiceFactory):
    """Through `seizure_create`; with an `operation`, from its first participating country."""

    class Meta:
        model = Seizure

    reference = factory.Sequence(lambda n: f"TEST-SZ-{n:05d}")
    operation = None
    date = factory.LazyAttribute(
        lambda o: o.operation.activity.start_date if o.operation else datetime.date(2021, 10, 15)
    )
    country = factory.LazyAttribute(_seizure_country)
    place = Seizure.Place.MAIL_CENTRE
    substance = factory.SubFactory(SubstanceFactory)
    quantity = Decimal("1.250")
    unit = Seizure.Unit.KG
    conveyance = Seizure.Conveyance.MAIL
    detection = Seizure.Detection.RAMAN
    transit_countries = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return seizure_create(*args, **kwargs)


class CaseFactory(ServiceFactory):
    """Through `case_create`: pass `countries`, `seizures` and `presented_at` as lists."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"TEST-CASE-{n:05d}")
    title = factory.Sequence(lambda n: f"Test case {n}")
    opened_on = datetime.date(2021, 11, 1)
    lead_country = factory.SubFactory(CountryFactory)
    countries = ()
    seizures = ()
    presented_at = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return case_create(*args, **kwargs)


class EquipmentHandoverFactory(ServiceFactory):
    """Through `equipment_handover_create`: the country is the recipient agency's."""

    class Meta:
        model = EquipmentHandover

    date = datetime.date(2021, 10, 1)
    recipient_agency = factory.SubFactory(AgencyFactory)
    items = (("TruNarc Raman field-testing device", 2), ("Crime-scene kit", 4))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return equipment_handover_create(*args, **kwargs)


class EquipmentItemFactory(ServiceFactory):
    class Meta:
        model = EquipmentItem

    handover = factory.SubFactory(EquipmentHandoverFactory, items=())
    item = factory.Sequence(lambda n: f"Equipment item {n}")
    quantity = 1


# Scheduled reports (django-celery-beat): administrators edit these in the admin.
class IntervalScheduleFactory(ServiceFactory):
    class Meta:
        model = beat_models.IntervalSchedule

    every = factory.Sequence(lambda n: n + 1)
    period = beat_models.IntervalSchedule.DAYS


class CrontabScheduleFactory(ServiceFactory):
    class Meta:
        model = beat_models.CrontabSchedule

    minute = "0"
    hour = factory.Sequence(lambda n: str(n % 24))
    day_of_month = "1"
    month_of_year = "1,4,7,10"


class SolarScheduleFactory(ServiceFactory):
    class Meta:
        model = beat_models.SolarSchedule

    event = "sunrise"
    latitude = factory.Sequence(lambda n: Decimal(n % 90))
    longitude = Decimal("-77.04")


class ClockedScheduleFactory(ServiceFactory):
    class Meta:
        model = beat_models.ClockedSchedule

    clocked_time = factory.Sequence(
        lambda n: datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
    )


class PeriodicTaskFactory(ServiceFactory):
    class Meta:
        model = beat_models.PeriodicTask

    name = factory.Sequence(lambda n: f"Scheduled task {n}")
    task = "operations.tasks.recompute_substance_masses"
    interval = factory.SubFactory(IntervalScheduleFactory)


# Factories of later apps, in their own test folders; imported last, as they build on the above.
from tests.imports.factories import ImportJobFactory  # noqa: E402,F401
from tests.reports.factories import ReportFactory  # noqa: E402,F401
from tests.results.factories import (  # noqa: E402,F401
    FrameworkFactory,
    IndicatorFactory,
    ProgressNarrativeFactory,
    ReportedActualFactory,
    ResultFactory,
    TargetFactory,
)
