"""The one save path every surface shares: validate against the model's rules, then write."""

import inspect
from collections.abc import Callable
from typing import TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)

_savers: dict[type[models.Model], tuple[Callable[..., models.Model], str]] = {}


def model_saver(model: type[M]):
    """Register `<entity>_save(*, <entity>)` as the way to save `model` from generic paths (admin)."""

    def register(func: Callable[..., M]) -> Callable[..., M]:
        keyword_only = [
            name
            for name, parameter in inspect.signature(func).parameters.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        _savers[model] = (func, keyword_only[0])
        return func

    return register


def validated_save(instance: M) -> M:
    """Run every model rule (fields, clean(), uniques, constraints) and save; errors name the field."""
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def instance_save(instance: M) -> M:
    """Save through the instance's registered service, or the plain validated save."""
    registered = _savers.get(type(instance))
    if registered is None:
        return validated_save(instance)
    func, keyword = registered
    return func(**{keyword: instance})
