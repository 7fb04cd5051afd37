"""Sensitivity is one rule: a record that hangs under a restricted record is withheld with it.

Walks every registered rule's model along the relations by which a record belongs to one other
record (forward foreign keys and one-to-ones, and the reverse side of a one-to-one: an activity's
operation), up to three steps, and asserts that every path reaching a record whose own rule has a
sensitivity (an operation, an activity, a seizure...) is among the model's `sensitivity` paths,
composed with that record's own. So a new model, or a new relation of an old one, cannot forget
it. Many-to-many links are left out: a record linked to many others (a case's seizures, an
activity's countries) does not belong to any of them.
"""

from __future__ import annotations

from django.db import models

from core.access import MODEL_RULES, rule_for
from operations.models import Operation

MAX_STEPS = 3

# (model label, path) -> why that path cannot reach a restricted record. Empty: none is excused.
EXCUSED: dict[tuple[str, str], str] = {}

Step = tuple[type[models.Model], str]


def _steps(model: type[models.Model]) -> list[tuple[str, object, type[models.Model]]]:
    """(name, relation, model reached) of the relations by which a record belongs to one other."""
    found = []
    for field in model._meta.get_fields():
        if not field.is_relation or field.related_model is None:
            continue
        forward = field.concrete and (field.many_to_one or field.one_to_one)
        reverse_one = field.auto_created and not field.concrete and field.one_to_one
        if forward or reverse_one:
            name = field.name if forward else field.get_accessor_name()
            found.append((name, _relation(field), field.related_model))
    return found


def _relation(field) -> object:
    """The same object for both sides of a relation: the forward field."""
    return field if field.concrete else field.remote_field


def _resolve(model: type[models.Model], path: str) -> list[tuple[str, object]]:
    """The steps of `path` from `model`, with a step followed by its own reverse taken out
    (an operation's activity's operation is the operation)."""
    resolved: list[tuple[str, object]] = []
    current = model
    models_on_the_way = [model]
    for name in path.split("__") if path else []:
        steps = {step_name: (relation, target) for step_name, relation, target in _steps(current)}
        assert name in steps, f"{model._meta.label}: {path!r} is not a path of single records"
        relation, target = steps[name]
        if resolved and resolved[-1][1] is relation:
            resolved.pop()
            models_on_the_way.pop()
        else:
            resolved.append((name, relation))
            models_on_the_way.append(target)
        current = models_on_the_way[-1]
    return resolved


def _normal(model: type[models.Model], path: str) -> str:
    return "__".join(name for name, _relation in _resolve(model, path))


def _join(prefix: str, path: str) -> str:
    return "__".join(part for part in (prefix, path) if part)


def _paths(model: type[models.Model], prefix: str = "", depth: int = 0):
    """(path, model reached) of every walk of at most MAX_STEPS steps."""
    if depth == MAX_STEPS:
        return
    for name, _relation, target in _steps(model):
        path = _join(prefix, name)
        yield path, target
        yield from _paths(target, path, depth + 1)


def required_sensitivity(model: type[models.Model]) -> set[str]:
    """The paths whose restriction must withhold a record of `model`."""
    required = set()
    for path, target in _paths(model):
        target_rule = MODEL_RULES.get(target._meta.concrete_model)
        if target is Operation:
            required.add(_normal(model, path))
        for own in target_rule.sensitivity if target_rule else ():
            required.add(_normal(model, _join(path, own)))
    return required


def test_every_path_to_a_restricted_record_is_in_the_rule():
    forgotten = []
    for model, rule in MODEL_RULES.items():
        declared = {_normal(model, path) for path in rule.sensitivity}
        for path in sorted(required_sensitivity(model) - declared):
            if (model._meta.label, path) not in EXCUSED:
                forgotten.append(f"{model._meta.label}: {path or '(itself)'}")
    assert not forgotten, "Rules that forget a restricted record they hang under:\n" + "\n".join(forgotten)


def test_the_known_records_under_an_operation_are_caught_by_the_walk():
    """The walk itself works: the records of the issue are found to hang under an operation."""
    from operations.models import EquipmentHandover, EquipmentItem, OperationPhase
    from people.models import Participation

    assert "activity__operation" in required_sensitivity(Participation)
    assert {"operation", "activity__operation"} <= required_sensitivity(EquipmentHandover)
    assert "handover__activity__operation" in required_sensitivity(EquipmentItem)
    # An operation's activity's operation is the operation itself.
    assert required_sensitivity(OperationPhase) == {"operation"}
    assert _normal(Operation, "activity__operation") == ""


def test_excused_paths_are_still_paths_of_their_models():
    labels = {model._meta.label: model for model in MODEL_RULES}
    for label, path in EXCUSED:
        assert label in labels, label
        assert path in required_sensitivity(labels[label]), (label, path)


def test_every_declared_path_leads_to_a_record_with_a_restriction():
    """A misspelt or stale path would withhold nothing: each ends at a sensitive record."""
    for model, rule in MODEL_RULES.items():
        for path in rule.sensitivity:
            resolved = _resolve(model, path)
            target = model
            for name in path.split("__") if path else []:
                target = {step: reached for step, _relation, reached in _steps(target)}[name]
            assert hasattr(target, "restricted_until"), (model._meta.label, path, resolved)
            assert rule_for(target).sensitivity, (model._meta.label, path)
