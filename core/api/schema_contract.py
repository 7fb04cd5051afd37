"""The OpenAPI document as a contract generated clients can rely on (REST_FRAMEWORK's
DEFAULT_SCHEMA_CLASS): what every operation answers besides its success, in the one error shape
(the `Error` component); a summary for every operation; `?format=csv` as CSV text, not as the
JSON page; and no API key offered for what no key may ever do.

Views declare what is theirs (`extend_schema`: a summary, a response of their own); this fills in
what they leave out, the same way for every view.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema

from core.access import ROLE_ACTIONS, Role, rule_for

from .csv import CSVRenderer
from .permissions import AccessPermission, action_for
from .serializers import ErrorSerializer

# Generic summaries of a record type's operations (its model's names).
_SUMMARIES = {
    "list": _("List %(plural)s"),
    "retrieve": _("Read one %(name)s"),
    "create": _("Create one %(name)s"),
    "update": _("Replace one %(name)s (every field)"),
    "partial_update": _("Change some fields of one %(name)s"),
    "destroy": _("Delete one %(name)s"),
}
_ARCHIVE_SUMMARY = _("Archive one %(name)s (it stays, as a tombstone)")

# The errors every operation may meet, by status; others as the operation allows (`_errors`).
_ERRORS = {
    "400": _(
        "The request is not valid: `errors` names each field or parameter (too many parameters: "
        "`too_many_fields`)."
    ),
    "401": _("Not signed in and no valid API key."),
    "403": _("The caller may not do this."),
    "404": _("No such record, or not one the caller may see."),
    "406": _("No answer in a media type the `Accept` header takes: ask for JSON."),
    "409": _("The record cannot be deleted while other records refer to it."),
    "412": _("The record was changed since the version named by `If-Match`: read it again."),
    "413": _("The request body is too large."),
    "415": _("The body is not in a media type this operation takes."),
    "429": _("Too many requests: wait (`Retry-After`) and retry."),
}
_CONDITIONAL = ("PUT", "PATCH", "DELETE")
_KEY_ROLES = (Role.API_CLIENT, Role.API_WRITER)
_PEOPLE_ROLES = (Role.ADMINISTRATOR, Role.OFFICER, Role.MONITORING, Role.MISSION_VIEWER)


class ContractSchema(AutoSchema):
    def get_summary(self):
        summary = super().get_summary()
        if summary:
            return summary
        action = getattr(self.view, "action", None)
        model = self._model()
        template = _SUMMARIES.get(action)
        if template is not None and model is not None:
            if action == "destroy" and getattr(self.view, "archives", False):
                template = _ARCHIVE_SUMMARY
            opts = model._meta
            return str(template % {"name": opts.verbose_name, "plural": opts.verbose_name_plural})
        # An extra action: its docstring's first line, else its name.
        handler = getattr(self.view, action or self.method.lower(), None)
        doc = (getattr(handler, "__doc__", None) or "").strip()
        return doc.splitlines()[0] if doc else capfirst(str(action or self.method.lower()).replace("_", " "))

    def get_description(self):
        description = super().get_description()
        roles = self._roles_allowed()
        if roles is None or any(role in roles for role in _KEY_ROLES):
            return description
        who = ", ".join(str(_ROLE_NAMES[role]) for role in roles) or str(_("nobody"))
        note = str(_("Not for API keys (no key may ever do this): signed-in %(who)s only.")) % {"who": who}
        return f"{description}\n\n{note}" if description else note

    def get_auth(self):
        # An operation no API key may ever do is not offered with one: its only scheme is the session.
        auth = super().get_auth()
        roles = self._roles_allowed()
        if roles is None or any(role in roles for role in _KEY_ROLES):
            return auth
        return [requirement for requirement in auth if "ApiKey" not in requirement]

    def _get_format_parameters(self):
        # `?format=` chooses an answer only where there is a choice: CSV of a list.
        return super()._get_format_parameters() if self._lists_csv() else []

    def _lists_csv(self) -> bool:
        return getattr(self.view, "action", None) == "list" and any(
            isinstance(renderer, CSVRenderer) for renderer in self.view.get_renderers()
        )

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in responses.items():
            if code.startswith("2"):
                self._csv_as_text(response)
            elif code.startswith("4") and "application/json" in response.get("content", {}):
                # An error is answered as JSON whatever the client accepts (core.api.exceptions).
                response["content"] = {"application/json": response["content"]["application/json"]}
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in self._errors():
            responses.setdefault(
                code, {"description": str(_ERRORS[code]), "content": {"application/json": {"schema": error}}}
            )
        return dict(sorted(responses.items()))

    def _csv_as_text(self, response: dict) -> None:
        # The renderers offer CSV with the JSON body's schema: a list streams its rows as CSV text
        # (`?format=csv`); any other operation answers JSON only.
        content = response.get("content", {})
        csv = content.get(CSVRenderer.media_type)
        if csv is None or csv.get("schema") != content.get("application/json", {}).get("schema"):
            return
        if self._lists_csv():
            content[CSVRenderer.media_type] = {
                "schema": {
                    "type": "string",
                    "description": str(
                        _("`?format=csv`: the whole filtered list as CSV (UTF-8, with a byte order mark).")
                    ),
                }
            }
        else:
            del content[CSVRenderer.media_type]

    def _errors(self) -> list[str]:
        codes = ["400", "401", "403", "406", "429"]
        if "{" in self.path:
            codes.append("404")
        body = self._get_request_body() if self.method in ("POST", "PUT", "PATCH") else None
        if body:
            codes.append("415")
            if "multipart/form-data" in body.get("content", {}):
                codes.append("413")
        if self.method in _CONDITIONAL and self._model() is not None and "{" in self.path:
            from .views import ProgrammeViewSet  # the views use this module's siblings

            if isinstance(self.view, ProgrammeViewSet):
                codes.append("412")
                if self.method == "DELETE" and not self.view.archives:
                    codes.append("409")
        return codes

    def _model(self):
        model = getattr(self.view, "model", None)
        if model is None:
            queryset = getattr(self.view, "queryset", None)
            model = queryset.model if queryset is not None else None
        return model

    def _roles_allowed(self):
        """The roles that may ever do this operation, for views guarded by `core.access`; None for others."""
        if not any(issubclass(p, AccessPermission) for p in getattr(self.view, "permission_classes", ())):
            return None
        model = self._model()
        if model is None:
            return None
        action = action_for(self.method, model)
        kind = rule_for(model).kind
        return [role for role in (*_PEOPLE_ROLES, *_KEY_ROLES) if action in ROLE_ACTIONS[role].get(kind, ())]


_ROLE_NAMES = {
    Role.ADMINISTRATOR: _("administrators"),
    Role.OFFICER: _("programme officers"),
    Role.MONITORING: _("monitoring officers"),
    Role.MISSION_VIEWER: _("mission viewers"),
    Role.API_CLIENT: _("API keys"),
    Role.API_WRITER: _("API keys with the write scope"),
}


def nullable_alternatives(result, generator, request, public):
    """`nullable` beside `oneOf` (drf-spectacular's blank-or-formatted strings that also take null)
    is invalid in OpenAPI 3.0, which wants it beside a `type`: null joins the first alternative."""
    _move_nullable(result.get("components", {}))
    return result


def _move_nullable(node) -> None:
    if isinstance(node, dict):
        if node.get("nullable") and "oneOf" in node and "type" not in node:
            del node["nullable"]
            node["oneOf"][0] = {**node["oneOf"][0], "nullable": True}
        for value in node.values():
            _move_nullable(value)
    elif isinstance(node, list):
        for value in node:
            _move_nullable(value)


def nullable_links(result, generator, request, public):
    """The id of a linked record is null for a reader who may not see that record
    (core.api.links): say so on every record's read schema."""
    from crimjust.api import router

    from .links import link_fields

    schemas = result.get("components", {}).get("schemas", {})
    for _prefix, viewset, _basename in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None or not hasattr(serializer_class, "Meta"):
            continue
        component = schemas.get(serializer_class.__name__.removesuffix("Serializer"), {})
        properties = component.get("properties", {})
        for name, (_model, many) in link_fields(serializer_class(context={})).items():
            if name in properties and not many:
                properties[name]["nullable"] = True
                properties[name]["description"] = (
                    properties[name].get("description", "")
                    + " "
                    + str(_("Null where the caller may not see the linked record."))
                ).strip()
    return result
