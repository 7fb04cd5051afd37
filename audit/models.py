"""The audit trail's tables: one event table per programme table, written by PostgreSQL triggers.

Why triggers (django-pghistory over signals or a save() hook): the database writes the event in the
statement that changes the row, so nothing escapes it, neither `QuerySet.update()`,
`bulk_create()`, a cascade, a shell nor raw SQL, and an event can never be written for a change
that was rolled back. The project runs on PostgreSQL only, so tying the trail to it costs nothing.

The trackers of every record:

- `InsertEvent`: the values the record was created with;
- `UpdateEvent` on `AnyChange(exclude_auto=True)`: the values after every update that changed a
  tracked value. A save that changes nothing but `updated_at` writes no event, so an admin "Save"
  with no edit does not bury the real changes;
- `DeleteEvent`: the last values of a deleted record (hard deletes and cascades alike).

Each record's events are thus the complete chain of its states: the values before a change are
the previous event's snapshot, and pghistory's `Events` aggregate pairs them as `pgh_diff`
(`{field: [before, after]}`). Snapshotting only the new values halves the trail compared with
storing both sides of every update.

Statement-level triggers: one `INSERT … SELECT` from the transition table per statement, so a bulk
update of 100,000 rows costs one more statement, not 100,000 trigger calls, and the context (who,
from which URL, why) is attached once. The event tables are append-only (a trigger refuses UPDATE
and DELETE on them), so the trail cannot be edited through the application.

Many-to-many links (an activity's countries, a case's seizures, a user's groups) live in join
tables of their own: a link is created or removed, never changed, so they get insert and delete
events. Django declares those tables in no migration, so each is tracked through a proxy model
here, whose migration installs its triggers.

Not snapshotted: secrets (the password hash, the API key hash), and the sign-in and API-use
timestamps (`User.last_login`, `ApiKey.last_used_at`), which change at every sign-in or API call:
the security log records those, and an event per call would grow the trail with no change by anyone.
"""

import pghistory
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from accounts.models import ApiKey, User
from activities.models import Activity, ActivityDocument, ActivityLink, Organisation, Pillar, SDGTarget, Topic
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
from trainings.models import TrainingDetail, TrainingModule

TRACKED_MODELS: tuple[type[models.Model], ...] = (
    Country,
    Agency,
    Organisation,
    Pillar,
    SDGTarget,
    Topic,
    Activity,
    ActivityLink,
    ActivityDocument,
    Person,
    Participation,
    TrainingDetail,
    TrainingModule,
    SubstanceCategory,
    Substance,
    Operation,
    OperationPhase,
    OperationCountry,
    Seizure,
    Case,
    EquipmentHandover,
    EquipmentItem,
    # The results framework's records (results.models), by name: the results app sits above this
    # one (its measures read the stats), so this app does not import it. Its models are loaded
    # first (INSTALLED_APPS lists it before audit) and found in the registry as it fills.
    *(
        apps.all_models["results"][name]
        for name in ("framework", "result", "indicator", "target", "reportedactual", "progressnarrative")
    ),
    User,
    ApiKey,
)

NOT_SNAPSHOTTED: dict[type[models.Model], list[str]] = {
    User: ["password", "last_login"],
    ApiKey: ["key_hash", "last_used_at"],
}

# The event model of each tracked model and of each of their many-to-many join tables.
EVENT_MODELS: dict[type[models.Model], type[models.Model]] = {}
# The many-to-many field whose links each join table's event model records.
LINK_FIELDS: dict[type[models.Model], models.ManyToManyField] = {}


def _track(model: type[models.Model], *trackers, model_name: str, tracked=None, **options) -> None:
    EVENT_MODELS[model] = pghistory.create_event_model(
        tracked or model,
        *trackers,
        model_name=model_name,
        app_label="audit",
        abstract=False,
        append_only=True,
        level=pghistory.Statement,
        **options,
    )


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


for _model in TRACKED_MODELS:
    _track(
        _model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True)),
        pghistory.DeleteEvent(),
        model_name=f"{_model.__name__}Event",
        exclude=NOT_SNAPSHOTTED.get(_model, []),
    )
    for _field in _model._meta.local_many_to_many:
        _through = _field.remote_field.through
        if not _through._meta.auto_created:
            continue  # a model of its own (ActivityLink), tracked above
        _name = f"{_model.__name__}{_camel(_field.name)}"
        _proxy = globals()[_name] = type(
            _name,
            (_through,),
            {"__module__": __name__, "Meta": type("Meta", (), {"proxy": True, "app_label": "audit"})},
        )
        _track(
            _through,
            pghistory.InsertEvent(),
            pghistory.DeleteEvent(),
            model_name=f"{_name}Event",
            tracked=_proxy,
            obj_field=None,
        )
        LINK_FIELDS[EVENT_MODELS[_through]] = _field


class AuditEvent(Events):
    """Every event of every tracked table, with who made it, from which page, and why."""

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            verbose_name=_("user"),
            on_delete=models.DO_NOTHING,
            null=True,
            related_name="+",
        ),
    )
    url = pghistory.ProxyField("pgh_context__url", models.TextField(_("page"), null=True))
    reason = pghistory.ProxyField("pgh_context__reason", models.TextField(_("reason"), null=True))

    class Meta:
        proxy = True
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
