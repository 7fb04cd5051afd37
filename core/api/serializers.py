import copy

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.access import hidden_fields, record_countries_in_edit_scope, scope_queryset
from core.services import instance_save
from core.versions import StaleRecord, record_lock

from .concurrency import PreconditionFailed, if_match_versions

# The fields each serializer class builds (ServiceModelSerializer.get_fields), never bound: copies
# are handed out.
_BUILT_FIELDS: dict[tuple, dict] = {}


def principal_of(context) -> object | None:
    """Who the serializer reads or writes for: the request's user, or the `principal` of an export
    (written without a request)."""
    if "principal" in context:
        return context["principal"]
    request = context.get("request")
    return request.user if request is not None else None


class ServiceModelSerializer(serializers.ModelSerializer):
    # Writes through the services (`core.services.instance_save`), so the API keeps the admin's
    # rules; reads drop the fields the requester may not see (personal data). Subclasses carry
    # their own docstring: it describes the record in the OpenAPI document.

    def get_fields(self):
        # A ModelSerializer builds its fields from the model on every instance (a millisecond or
        # more a request, more than the page's rows): they are built once per serializer, fields
        # hidden and language, and each instance gets its own copy (DRF copies declared fields the
        # same way).
        principal = principal_of(self.context)
        hidden = (
            frozenset(hidden_fields(principal, self.Meta.model)) if principal is not None else frozenset()
        )
        key = (type(self), hidden, get_language())
        built = _BUILT_FIELDS.get(key)
        if built is None:
            built = super().get_fields()
            for name in hidden:
                built.pop(name, None)
            _BUILT_FIELDS[key] = built
        return copy.deepcopy(built)

    def create(self, validated_data):
        many = self._pop_many(validated_data)
        return self._save(self.Meta.model(**validated_data), many)

    @transaction.atomic
    def update(self, instance, validated_data):
        # The row as it is now, locked: only the fields given change, so two clients writing
        # different fields both win; refused (412) if `If-Match` names an older version.
        try:
            instance = record_lock(instance, versions=if_match_versions(self.context.get("request")))
        except StaleRecord as error:
            raise PreconditionFailed from error
        many = self._pop_many(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._save(instance, many)

    def _pop_many(self, validated_data: dict) -> dict:
        many_names = {field.name for field in self.Meta.model._meta.many_to_many}
        return {name: validated_data.pop(name) for name in list(validated_data) if name in many_names}

    @transaction.atomic
    def _save(self, instance, many: dict):
        instance_save(instance)
        if many:
            for name, values in many.items():
                getattr(instance, name).set(values)
            # The service may add to what was just set (an activity's host among its countries).
            instance_save(instance)
        request = self.context.get("request")
        if request is not None and not record_countries_in_edit_scope(request.user, instance):
            raise PermissionDenied(_("You may only write records of the countries you are assigned to."))
        return instance


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by id, among those the requester may see: any other id "does not exist",
    so a write can neither point at nor confirm a record out of the requester's scope."""

    def get_queryset(self):
        queryset = super().get_queryset()
        principal = principal_of(self.context)
        if principal is None:
            return queryset
        return scope_queryset(queryset, principal)


class ModelLabelsMixin:
    """Declared fields take their model field's translated name as label, capitalised as the
    generated ones are."""

    def get_fields(self):
        fields = super().get_fields()
        opts = self.Meta.model._meta
        for name, field in fields.items():
            source = field.source or name
            if field.label is None and "." not in source:
                try:
                    model_field = opts.get_field(source)
                except FieldDoesNotExist:
                    continue
                # A reverse relation (an operation's phases) is named after the related records.
                field.label = getattr(model_field, "verbose_name", None) or (
                    model_field.related_model._meta.verbose_name_plural
                )
            if field.label is not None:
                field.label = capfirst(field.label)
        return fields


class ErrorSerializer(serializers.Serializer):
    """The API's one error shape (core.api.exceptions): every 4xx answers it, as JSON."""

    detail = serializers.CharField(help_text=gettext_lazy("What went wrong, for a person to read."))
    code = serializers.CharField(
        help_text=gettext_lazy(
            "What went wrong, for a program: invalid, not_authenticated, permission_denied, not_found, "
            "conflict, precondition_failed, throttled, too_many_fields, request_too_large…"
        )
    )
    # A field's messages are a list of strings; a nested record's errors keep its shape (its own
    # fields, or one entry per item of a list), so the values are not typed further.
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=gettext_lazy(
            "An invalid request (400) only: the messages by field or parameter name, "
            '{"country": ["…"]}; a nested record\'s by its own fields.'
        ),
    )
