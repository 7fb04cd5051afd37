"""Who may see and change what: the one access-control mechanism of every surface.

The admin, the API, the dashboards, the reports and the exports all ask this module:

- `access_for(principal)` says what a signed-in user or an API client may do (`Access`);
- `visible(model, principal)` is the queryset of the records that principal may see: country
  scope, restricted operational records, personal data and archived records are applied here,
  so a list, a detail (404 when out of scope) and an aggregate can never disagree;
- `can(principal, action, model_or_record)` says whether it may create, update, archive or
  delete; officers limited to some countries or regions edit only records of those countries.

The mechanism knows no record type: each app registers the rules of its own models
(`register_rules`, from its `access.py`, called in its AppConfig.ready()), and `accounts`
registers how a principal's access is computed (`register_access_resolver`). The rules are
tables (`ROLE_ACTIONS`, `MODEL_RULES`), so a record type without a rule fails loudly instead of
being visible by accident.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from core.models import ArchivableRecord, Sensitivity


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    DELETE = "delete"  # for archivable records: deletion for good
    # Two records found to be one: the other's links move to the one kept, the other is deleted
    # (a person recorded twice, people.services.person_merge). Records whose rule is `mergeable`.
    MERGE = "merge"


class Kind(StrEnum):
    """What a record is, for the rules: who may touch it follows from its kind."""

    REFERENCE = "reference"  # the programme's vocabulary: countries, pillars, substances
    WORKING = "working"  # what the programme records: activities, operations, seizures...
    PERSONAL = "personal"  # records about people: names, contacts, attendance
    ACCOUNTS = "accounts"  # users, groups, API keys
    SECURITY_LOG = "security_log"  # the sign-in and denial log
    # The results framework and its figures (results app): programme-wide, so only for principals
    # who see every country (`Access.allows`).
    RESULTS = "results"


class Role(StrEnum):
    # The first four are the values of accounts.models.User.Role.
    ADMINISTRATOR = "administrator"
    OFFICER = "officer"
    MONITORING = "monitoring"
    MISSION_VIEWER = "mission_viewer"
    API_CLIENT = "api_client"
    API_WRITER = "api_writer"  # an API client whose key has the write scope
    ANONYMOUS = "anonymous"


# Deleting an archivable record for good is further limited to HARD_DELETE_ROLES.
_EVERYTHING = frozenset(Action)

ROLE_ACTIONS: dict[Role, dict[Kind, Set[Action]]] = {
    Role.ADMINISTRATOR: {
        Kind.REFERENCE: _EVERYTHING,
        Kind.WORKING: _EVERYTHING,
        Kind.PERSONAL: _EVERYTHING,
        Kind.ACCOUNTS: _EVERYTHING,
        Kind.SECURITY_LOG: {Action.VIEW},
        Kind.RESULTS: _EVERYTHING,
    },
    Role.OFFICER: {
        Kind.REFERENCE: {Action.VIEW},
        Kind.WORKING: _EVERYTHING,
        Kind.PERSONAL: _EVERYTHING,
        Kind.RESULTS: _EVERYTHING,
    },
    Role.MONITORING: {
        Kind.REFERENCE: {Action.VIEW},
        Kind.WORKING: {Action.VIEW},
        Kind.PERSONAL: {Action.VIEW},
        Kind.RESULTS: {Action.VIEW},
    },
    Role.MISSION_VIEWER: {
        Kind.REFERENCE: {Action.VIEW},
        Kind.WORKING: {Action.VIEW},
    },
    Role.API_CLIENT: {
        Kind.REFERENCE: {Action.VIEW},
        Kind.WORKING: {Action.VIEW},
        Kind.PERSONAL: {Action.VIEW},
        Kind.RESULTS: {Action.VIEW},
    },
    Role.API_WRITER: {
        Kind.REFERENCE: {Action.VIEW},
        Kind.WORKING: _EVERYTHING,
        Kind.PERSONAL: _EVERYTHING,
        Kind.RESULTS: _EVERYTHING,
    },
    Role.ANONYMOUS: {},
}

# Only an administrator deletes an archivable record for good; everyone else archives it.
HARD_DELETE_ROLES = {Role.ADMINISTRATOR}
# A merge deletes one of the two records for good: administrators only, as deletion for good.
MERGE_ROLES = {Role.ADMINISTRATOR}


@dataclass(frozen=True)
class ModelRule:
    kind: Kind
    # Paths from the model to the countries a record belongs to; empty for programme-wide records.
    countries: tuple[str, ...] = ()
    # Paths to the records whose sensitivity also withholds this one ("" is the record itself).
    sensitivity: tuple[str, ...] = ()
    # Paths to the archivable records whose archiving also removes this one from lists and figures.
    archive: tuple[str, ...] = ()
    # Whether two records of the model can be merged into one (`Action.MERGE`).
    mergeable: bool = False


# Filled at start-up: each app registers the rules of its own models (`register_rules`).
MODEL_RULES: dict[type[models.Model], ModelRule] = {}

# Fields that identify or contact a person, or point at one: shown only to those who may see
# personal data. Serializers, exports and pages drop `hidden_fields(...)`.
PERSONAL_FIELDS: dict[type[models.Model], frozenset[str]] = {}


def register_rules(
    rules: Mapping[type[models.Model], ModelRule],
    personal_fields: Mapping[type[models.Model], frozenset[str]] | None = None,
) -> None:
    """Add an app's rules (from its AppConfig.ready()); a model registered twice is an error."""
    for model, rule in rules.items():
        if MODEL_RULES.get(model, rule) != rule:
            raise ImproperlyConfigured(f"Two access rules for {model._meta.label}")
        MODEL_RULES[model] = rule
    PERSONAL_FIELDS.update(personal_fields or {})


@dataclass(frozen=True)
class Access:
    role: Role
    # Countries whose records may be seen; None: every country.
    visible_country_ids: frozenset[int] | None
    # Countries whose records may be created or changed; None: every country.
    edit_country_ids: frozenset[int] | None
    sees_personal_data: bool
    sees_restricted: bool

    def allows(self, action: Action, kind: Kind) -> bool:
        if kind is Kind.PERSONAL and not self.sees_personal_data:
            return False
        if kind is Kind.RESULTS and self.visible_country_ids is not None:
            return False
        return action in ROLE_ACTIONS[self.role].get(kind, set())

    def sees_country(self, country_id: int) -> bool:
        """Whether the records of this country are in the principal's scope."""
        return self.visible_country_ids is None or country_id in self.visible_country_ids


_ACCESS_CACHE = "_crimjust_access"


NO_ACCESS = Access(Role.ANONYMOUS, frozenset(), frozenset(), False, False)

_resolver: Callable[[object], Access] | None = None


def register_access_resolver(resolver: Callable[[object], Access]) -> None:
    """How a principal's access is computed (accounts registers it: users and API keys)."""
    global _resolver
    _resolver = resolver


def access_for(principal) -> Access:
    """What a user or API client may do, computed once per principal object (per request)."""
    cached = getattr(principal, _ACCESS_CACHE, None) if principal is not None else None
    if cached is not None:
        return cached
    if _resolver is None:
        raise ImproperlyConfigured("No access resolver: is the accounts app installed?")
    access = _resolver(principal)
    if principal is not None and not isinstance(principal, AnonymousUser):
        setattr(principal, _ACCESS_CACHE, access)
    return access


def rule_for(model: type[models.Model]) -> ModelRule:
    model = model._meta.concrete_model
    try:
        return MODEL_RULES[model]
    except KeyError:
        raise LookupError(
            f"No access rule for {model._meta.label}: register it in its app's access.py"
        ) from None


def _country_q(rule: ModelRule, country_ids: frozenset[int]) -> Q:
    q = Q(pk__in=[])
    for path in rule.countries:
        q |= Q(**{f"{path}__in": country_ids})
    return q


def _path(prefix: str, field: str) -> str:
    return f"{prefix}__{field}" if prefix else field


def released_q(prefix: str, today: datetime.date) -> Q:
    """Records (at `prefix`) that are not restricted on `today`; no record there counts as released."""
    q = Q(**{_path(prefix, "sensitivity"): Sensitivity.NORMAL}) | Q(
        **{_path(prefix, "restricted_until__lte"): today}
    )
    if prefix:
        q |= Q(**{f"{prefix}__isnull": True})
    return q


def _not_archived_q(rule: ModelRule) -> Q:
    q = Q()
    for prefix in rule.archive:
        q &= Q(**{_path(prefix, "archived_at__isnull"): True})
    return q


def visible(model: type[models.Model], principal, *, include_archived: bool = False) -> QuerySet:
    """Every record of `model` that `principal` may see, as a queryset to filter further."""
    return scope_queryset(model._default_manager.all(), principal, include_archived=include_archived)


def scope_queryset(queryset: QuerySet, principal, *, include_archived: bool = False) -> QuerySet:
    """`queryset` narrowed to what `principal` may see (the same rules as `visible`)."""
    model = queryset.model
    rule = rule_for(model)
    access = access_for(principal)
    if not access.allows(Action.VIEW, rule.kind):
        return queryset.none()
    if not include_archived:
        queryset = queryset.filter(_not_archived_q(rule))
    if not access.sees_restricted and rule.sensitivity:
        today = datetime.date.today()
        for prefix in rule.sensitivity:
            queryset = queryset.filter(released_q(prefix, today))
    if access.visible_country_ids is not None and rule.countries:
        in_scope = _country_q(rule, access.visible_country_ids)
        if all(single_valued(model, path) for path in rule.countries):
            # On the record's own country column (or a chain of single records): the planner
            # combines it with the list's other conditions (a seizure's substance) on their indexes.
            return queryset.filter(in_scope)
        # A subquery, not a join: a to-many path, or several, must not multiply the rows.
        queryset = queryset.filter(pk__in=model._default_manager.filter(in_scope).values("pk"))
    return queryset


def editable_scope(queryset: QuerySet, principal) -> QuerySet:
    """`queryset` narrowed to the records of the countries `principal` may edit (what a picker
    offers an officer limited to some countries); programme-wide records are left as they are."""
    access = access_for(principal)
    rule = rule_for(queryset.model)
    if access.edit_country_ids is None or not rule.countries:
        return queryset
    in_scope = _country_q(rule, access.edit_country_ids)
    if all(single_valued(queryset.model, path) for path in rule.countries):
        return queryset.filter(in_scope)
    return queryset.filter(pk__in=queryset.model._default_manager.filter(in_scope).values("pk"))


def single_valued(model: type[models.Model], path: str) -> bool:
    """Whether `path` from `model` leads to one record at most (forward foreign keys and
    one-to-ones); "" is the record itself."""
    for name in path.split("__") if path else ():
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one):
            return False
        model = field.related_model
    return True


def get_visible_or_404(model: type[models.Model], principal, pk):
    """The record if `principal` may see it; 404 otherwise, so the answer does not confirm it exists."""
    try:
        return visible(model, principal).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _in_edit_scope(access: Access, rule: ModelRule, record: models.Model | None) -> bool:
    if access.edit_country_ids is None or not rule.countries or record is None or record.pk is None:
        return True
    model = type(record)._meta.concrete_model
    return (
        model._default_manager.filter(pk=record.pk).filter(_country_q(rule, access.edit_country_ids)).exists()
    )


def can(principal, action: Action, model_or_record) -> bool:
    """Whether `principal` may do `action` on a model (no record yet) or on one record."""
    record = model_or_record if isinstance(model_or_record, models.Model) else None
    model = type(record) if record is not None else model_or_record
    rule = rule_for(model)
    access = access_for(principal)
    archivable = issubclass(model, ArchivableRecord)
    if action is Action.ARCHIVE and not archivable:
        return False
    if action is Action.DELETE and archivable and access.role not in HARD_DELETE_ROLES:
        return False
    if action is Action.MERGE and (not rule.mergeable or access.role not in MERGE_ROLES):
        return False
    if not access.allows(action, rule.kind):
        return False
    if action is Action.VIEW:
        return (
            record is None or visible(model, principal, include_archived=True).filter(pk=record.pk).exists()
        )
    if access.edit_country_ids is not None and access.edit_country_ids == frozenset() and rule.countries:
        return False
    return _in_edit_scope(access, rule, record)


def can_see_personal_data(principal) -> bool:
    return access_for(principal).sees_personal_data


def hidden_fields(principal, model: type[models.Model]) -> frozenset[str]:
    """The fields of `model` that `principal` may not see (personal data)."""
    if access_for(principal).sees_personal_data:
        return frozenset()
    return PERSONAL_FIELDS.get(model._meta.concrete_model, frozenset())


def record_countries_in_edit_scope(principal, record: models.Model) -> bool:
    """After a save (M2M included), whether the record still lies within the editor's countries."""
    access = access_for(principal)
    return _in_edit_scope(access, rule_for(type(record)), record)
