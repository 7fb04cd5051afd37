"""Every role x every record type x view / create / update / archive / delete, from one table.

A record type the project gains without a row here fails `test_every_record_type_has_expectations`.
Each cell is checked against the access mechanism itself and against the admin.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.access import ApiClient
from accounts.models import ApiKey, User
from activities.models import Activity, ActivityDocument, ActivityLink, Organisation, Pillar, SDGTarget, Topic
from core.access import Action, can, visible
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
from people.models import Participation, Person
from results.models import Framework, Indicator, ProgressNarrative, ReportedActual, Result, Target
from trainings.models import TrainingDetail, TrainingModule

pytestmark = pytest.mark.django_db

ROLES = ("admin", "officer", "monitoring", "mission", "api_read", "api_write")

# v view, c create, u update, a archive, d delete (for good, on archivable records), m merge (two
# records of one person into one)
MATRIX = {
    Country: ("vcud", "v", "v", "v", "v", "v"),
    Pillar: ("vcud", "v", "v", "v", "v", "v"),
    SDGTarget: ("vcud", "v", "v", "v", "v", "v"),
    SubstanceCategory: ("vcud", "v", "v", "v", "v", "v"),
    Substance: ("vcud", "v", "v", "v", "v", "v"),
    Topic: ("vcud", "vcud", "v", "v", "v", "vcud"),
    Organisation: ("vcud", "vcud", "v", "v", "v", "vcud"),
    Agency: ("vcud", "vcud", "v", "v", "v", "vcud"),
    Activity: ("vcuad", "vcua", "v", "v", "v", "vcua"),
    ActivityLink: ("vcud", "vcud", "v", "v", "v", "vcud"),
    ActivityDocument: ("vcud", "vcud", "v", "v", "v", "vcud"),
    TrainingDetail: ("vcud", "vcud", "v", "v", "v", "vcud"),
    TrainingModule: ("vcud", "vcud", "v", "v", "v", "vcud"),
    Operation: ("vcud", "vcud", "v", "v", "v", "vcud"),
    OperationPhase: ("vcud", "vcud", "v", "v", "v", "vcud"),
    OperationCountry: ("vcud", "vcud", "v", "v", "v", "vcud"),
    Seizure: ("vcuad", "vcua", "v", "v", "v", "vcua"),
    Case: ("vcuad", "vcua", "v", "v", "v", "vcua"),
    EquipmentHandover: ("vcud", "vcud", "v", "v", "v", "vcud"),
    EquipmentItem: ("vcud", "vcud", "v", "v", "v", "vcud"),
    Person: ("vcuadm", "vcua", "v", "", "", "vcua"),
    Participation: ("vcud", "vcud", "v", "", "", "vcud"),
    User: ("vcud", "", "", "", "", ""),
    Group: ("vcud", "", "", "", "", ""),
    ApiKey: ("vcud", "", "", "", "", ""),
    # The results framework: programme-wide, so not for mission viewers (nor country-limited keys).
    Framework: ("vcud", "vcud", "v", "", "v", "vcud"),
    Result: ("vcud", "vcud", "v", "", "v", "vcud"),
    Indicator: ("vcud", "vcud", "v", "", "v", "vcud"),
    Target: ("vcud", "vcud", "v", "", "v", "vcud"),
    ReportedActual: ("vcud", "vcud", "v", "", "v", "vcud"),
    ProgressNarrative: ("vcud", "vcud", "v", "", "v", "vcud"),
}
LETTERS = {
    "v": Action.VIEW,
    "c": Action.CREATE,
    "u": Action.UPDATE,
    "a": Action.ARCHIVE,
    "d": Action.DELETE,
    "m": Action.MERGE,
}


def project_models():
    project_apps = {"accounts", "countries", "activities", "people", "trainings", "operations", "results"}
    found = [model for model in apps.get_models() if model._meta.app_label in project_apps]
    return [*found, Group]


def test_every_record_type_has_expectations():
    from core.access import MODEL_RULES

    missing = [
        model._meta.label for model in project_models() if model not in MATRIX and model not in _NOT_IN_MATRIX
    ]
    assert missing == [], f"add these record types to MATRIX: {missing}"
    assert set(MATRIX) | _NOT_IN_MATRIX >= set(MODEL_RULES)


# Logs are read-only for everyone and checked in their own tests; so are imports (tests/imports)
# and the deletions feed, written only by triggers and scoped as its records were (tests/sync).
# Operation figures are a rollup of the seizures written only by their triggers, read only through
# the operations list (tests/operations/test_figures.py).
# Second-factor exemptions are on no page or endpoint: load_demo alone grants them
# (tests/accounts/test_second_factor.py).
_NOT_IN_MATRIX = {
    apps.get_model("accounts", "SecurityEvent"),
    apps.get_model("accounts", "SecondFactorExemption"),
    apps.get_model("imports", "ImportJob"),
    apps.get_model("sync", "Deletion"),
    apps.get_model("operations", "OperationFigures"),
}


@pytest.fixture
def principals():
    peru = Country.objects.get(iso2="PE")
    admin_user = User.objects.get(username="admin")
    read_key = ApiKey.objects.create(
        name="BI tool",
        prefix="matrix01",
        key_hash="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        created_by=admin_user,
    )
    write_key = ApiKey.objects.create(
        name="Donor portal",
        prefix="matrix02",
        key_hash="1" * 64,
        can_write=True,
        can_see_personal_data=True,
        expires_at=timezone.now() + datetime.timedelta(days=30),
        created_by=admin_user,
    )
    assert peru is not None
    return {
        "admin": admin_user,
        "officer": User.objects.get(username="officer"),
        "monitoring": User.objects.get(username="monitoring"),
        "mission": User.objects.get(username="mission-pe"),
        "api_read": ApiClient(read_key),
        "api_write": ApiClient(write_key),
    }


def sample(model):
    """A record of `model` that belongs to Peru where the model has countries."""
    peru = Country.objects.get(iso2="PE")
    in_peru = {
        Agency: {"country": peru},
        Activity: {"countries": peru},
        ActivityLink: {"from_activity__countries": peru},
        ActivityDocument: {"activity__countries": peru},
        TrainingDetail: {"activity__countries": peru},
        TrainingModule: {"training__activity__countries": peru},
        Operation: {"participants__country": peru},
        OperationPhase: {"operation__participants__country": peru},
        OperationCountry: {"country": peru},
        Seizure: {"country": peru},
        Case: {"countries": peru},
        EquipmentHandover: {"country": peru},
        EquipmentItem: {"handover__country": peru},
        Person: {"country": peru},
        Participation: {"person__country": peru},
    }
    queryset = model._default_manager.filter(**in_peru.get(model, {}))
    record = queryset.order_by("pk").first()
    if record is None and model is ActivityDocument:
        record = ActivityDocument.objects.create(
            activity=Activity.objects.filter(countries=peru).first(),
            title="Agenda",
            url="https://example.org/a",
        )
    if record is None and model is ReportedActual:
        record = ReportedActual.objects.create(
            indicator=Indicator.objects.filter(kind=Indicator.Kind.REPORTED).order_by("pk").first(),
            period_type="year",
            year=2021,
            value=1,
            source="Matrix",
            evidence="A test record.",
        )
    if record is None and model is Group:
        record = Group.objects.create(name="Matrix group")
    if record is None and model is ApiKey:
        record = ApiKey.objects.order_by("pk").first()
    assert record is not None, f"no {model._meta.label} in the demo data"
    return record


@pytest.mark.parametrize("model", list(MATRIX), ids=lambda model: model._meta.label)
def test_permission_matrix(model, principals):
    record = sample(model)
    for role, expected in zip(ROLES, MATRIX[model], strict=True):
        principal = principals[role]
        for letter, action in LETTERS.items():
            allowed = letter in expected
            subject = model if action is Action.CREATE else record
            assert can(principal, action, subject) is allowed, (model._meta.label, role, action.value)
        listed = visible(model, principal).filter(pk=record.pk).exists()
        assert listed is ("v" in expected), (model._meta.label, role, "list")


STAFF = ("admin", "officer", "monitoring")


@pytest.mark.parametrize(
    "model", [m for m in MATRIX if m in admin.site._registry], ids=lambda m: m._meta.label
)
def test_admin_follows_the_matrix(model, principals, client):
    record = sample(model)
    info = (model._meta.app_label, model._meta.model_name)
    for role in STAFF:
        expected = MATRIX[model][ROLES.index(role)]
        client.force_login(principals[role])
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == (200 if "v" in expected else 403), (model._meta.label, role)
        add = client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code == (200 if "c" in expected else 403), (model._meta.label, role, "add")
        change = client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
        if "v" in expected:
            assert change.status_code == 200, (model._meta.label, role, "change")
            editable = b'name="_save"' in change.content
            assert editable is ("u" in expected), (model._meta.label, role, "editable")
        else:
            assert change.status_code in (302, 403), (model._meta.label, role, "change")
        if "v" in expected:
            # A merge is offered where the matrix allows one (an action of the changelist).
            offered = b'value="merge_two_people"' in changelist.content
            assert offered is ("m" in expected), (model._meta.label, role, "merge")
    mission = principals["mission"]
    client.force_login(mission)
    response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert response.status_code == 302  # not staff: sent to the sign-in page
