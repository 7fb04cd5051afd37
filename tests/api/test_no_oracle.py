"""A filter is never an oracle (issue 15): on every list of the API (found from the router) and for
every parameter that names a related record by its id, a value naming a record the principal may
not see gives exactly the answer of a value naming no record at all. The same for a list's
`modified_since`: a change to a related record the principal may not see does not report the
record as changed. Tried as a mission viewer and as an API key limited to Peru, without clearance."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.access import ApiClient
from accounts.models import User
from accounts.services import api_key_create
from core.access import MODEL_RULES, visible
from core.filters import IdFilter, related_model
from countries.models import Country
from crimjust.api import router
from operations.models import Operation, Seizure

pytestmark = pytest.mark.django_db

ID_FILTERS = [
    (prefix, name, filter_.field_name.removesuffix("_id"), viewset)
    for prefix, viewset, _basename in router.registry
    if getattr(viewset, "filterset_class", None) is not None
    for name, filter_ in viewset.filterset_class.base_filters.items()
    if isinstance(filter_, IdFilter)
]


def _mission():
    client = APIClient()
    user = User.objects.get(username="mission-pe")
    client.force_authenticate(user)
    return client, user


def _peru_key():
    key, raw = api_key_create(
        name="peru, no clearance",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_see_personal_data=True,
        countries=[Country.objects.get(iso2="PE")],
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client, ApiClient(key)


PRINCIPALS = {"mission-pe": _mission, "key-pe": _peru_key}


def _answer(client, prefix: str, params: dict):
    response = client.get(f"/api/v1/{prefix}/", {**params, "page_size": 500})
    body = response.json()
    if response.status_code == 200:
        return response.status_code, body.get("count"), [row["id"] for row in body["results"]]
    return response.status_code, body.get("code")


def test_the_lists_have_id_filters():
    assert {"cases", "seizures", "participations", "equipment-handovers"} <= {
        entry[0] for entry in ID_FILTERS
    }


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("entry", ID_FILTERS, ids=lambda entry: f"{entry[0]}?{entry[1]}")
def test_an_id_out_of_scope_answers_as_no_record(entry, principal):
    prefix, name, relation, viewset = entry
    client, who = PRINCIPALS[principal]()
    related = related_model(viewset.model, relation)
    if related not in MODEL_RULES:
        pytest.skip(f"{related._meta.label} is not scoped")
    hidden = related._default_manager.exclude(
        pk__in=visible(related, who, include_archived=True).values("pk")
    )
    hidden_ids = list(hidden.values_list("pk", flat=True)[:5])
    if not hidden_ids:
        pytest.skip(f"every {related._meta.verbose_name} is visible to {principal}")
    missing = (related._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10_000
    nothing = _answer(client, prefix, {name: missing})
    for hidden_id in hidden_ids:
        assert _answer(client, prefix, {name: hidden_id}) == nothing, (name, hidden_id)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_change_out_of_scope_does_not_report_the_operation_changed(principal):
    client, who = PRINCIPALS[principal]()
    seen = visible(Operation, who)
    operation = next(
        (
            operation
            for operation in seen
            if Seizure.objects.filter(operation=operation)
            .exclude(pk__in=visible(Seizure, who).values("pk"))
            .exists()
        ),
        None,
    )
    assert operation is not None, "the demo has a multi-country operation with seizures outside Peru"
    since = timezone.now().isoformat().replace("+00:00", "Z")
    outside = Seizure.objects.filter(operation=operation).exclude(pk__in=visible(Seizure, who).values("pk"))
    Seizure.objects.filter(pk=outside.first().pk).update(notes="changed abroad", updated_at=timezone.now())
    assert operation.pk not in _answer(client, "operations", {"modified_since": since})[2]
    inside = Seizure.objects.filter(operation=operation, pk__in=visible(Seizure, who).values("pk")).first()
    if inside is not None:
        Seizure.objects.filter(pk=inside.pk).update(notes="changed here", updated_at=timezone.now())
        assert operation.pk in _answer(client, "operations", {"modified_since": since})[2]


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_link_never_points_outside(principal):
    from activities.models import Activity, ActivityLink

    client, who = PRINCIPALS[principal]()
    seen = visible(Activity, who, include_archived=True)
    inside = seen.first()
    outside = Activity.objects.exclude(pk__in=seen.values("pk")).first()
    ActivityLink.objects.create(from_activity=inside, to_activity=outside, relation="related", note="abroad")
    ActivityLink.objects.create(from_activity=outside, to_activity=inside, relation="related", note="abroad")
    seen_ids = set(seen.values_list("pk", flat=True))
    rows = client.get("/api/v1/activities/", {"page_size": 500}).json()["results"]
    rows.append(client.get(f"/api/v1/activities/{inside.pk}/").json())
    for row in rows:
        for link in row["links_out"] + row["links_in"]:
            assert link["activity"] in seen_ids, (row["id"], link)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_search_never_reads_a_record_out_of_scope(principal):
    from countries.models import Agency
    from operations.models import EquipmentHandover

    client, who = PRINCIPALS[principal]()
    handover = visible(EquipmentHandover, who).first()
    assert handover is not None
    abroad = Agency.objects.exclude(pk__in=visible(Agency, who).values("pk")).first()
    Agency.objects.filter(pk=abroad.pk).update(name="Zzyzx agency abroad")
    EquipmentHandover.objects.filter(pk=handover.pk).update(recipient_agency=abroad)
    assert _answer(client, "equipment-handovers", {"search": "Zzyzx"})[2] == []
    # The handover's own text is found as before.
    Agency.objects.filter(pk=handover.recipient_agency_id).update(name="Zzyzx agency at home")
    EquipmentHandover.objects.filter(pk=handover.pk).update(recipient_agency=handover.recipient_agency_id)
    assert _answer(client, "equipment-handovers", {"search": "Zzyzx"})[2] == [handover.pk]


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_linked_id_out_of_scope_is_left_out_everywhere(principal):
    """A case of Peru led by another country's agency: the case shows no lead agency id to a Peru
    reader, in its page, its detail and its CSV; the schema says the field may be null."""
    import csv
    import io

    from countries.models import Agency
    from operations.models import Case

    client, who = PRINCIPALS[principal]()
    case = visible(Case, who).first()
    abroad = Agency.objects.exclude(pk__in=visible(Agency, who).values("pk")).first()
    Case.objects.filter(pk=case.pk).update(lead_agency=abroad)
    rows = _all_rows(client, "cases")
    assert {row["id"]: row["lead_agency"] for row in rows}[case.pk] is None
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["lead_agency"] is None
    text = b"".join(client.get("/api/v1/cases/", {"format": "csv"}).streaming_content).decode("utf-8-sig")
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert by_id[str(case.pk)]["lead_agency"] == ""
    # Every other linked id a Peru reader is shown names a record it may see.
    for route in ("cases", "seizures", "equipment-handovers", "participations", "people"):
        for row in _all_rows(client, route):
            for name, value in row.items():
                if name in _LINKS.get(route, {}) and value is not None:
                    model = _LINKS[route][name]
                    ids = value if isinstance(value, list) else [value]
                    assert visible(model, who, include_archived=True).filter(pk__in=ids).count() == len(ids)


def _all_rows(client, route):
    response = client.get(f"/api/v1/{route}/", {"page_size": 500})
    if response.status_code != 200:
        return []
    rows = response.json()["results"]
    while response.json().get("next"):
        response = client.get(response.json()["next"])
        rows += response.json()["results"]
    return rows


def _links():
    from core.api.links import link_fields

    return {
        prefix: {
            name: model for name, (model, _many) in link_fields(viewset.serializer_class(context={})).items()
        }
        for prefix, viewset, _basename in router.registry
        if getattr(viewset, "serializer_class", None) is not None
        and hasattr(viewset.serializer_class, "Meta")
    }


_LINKS = _links()


def test_the_schema_says_a_link_may_be_null():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["components"]["schemas"]["Case"]["properties"]["lead_agency"]["nullable"] is True
