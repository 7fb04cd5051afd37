from django.db.models import DecimalField, ExpressionWrapper, F
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.reverse import reverse

from core.api.pagination import SyncCursorPagination
from core.api.views import ReadBackViewSet

from ..filters import ParticipationFilter, PersonFilter
from ..selectors import participation_list, participation_written, person_duplicates, person_list
from .serializers import LikelyDuplicateErrorSerializer, ParticipationSerializer, PersonSerializer

ALLOW_DUPLICATE = "allow_duplicate"


class LikelyDuplicate(APIException):
    """409: the person to create is likely one already recorded (`duplicates`, those the client
    may see); send again with `?allow_duplicate=true` if it is another person."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _(
        "This person is likely recorded already (see `duplicates`): use that person, or send the request "
        "again with allow_duplicate=true if it is another person."
    )
    default_code = "likely_duplicate"

    def __init__(self, duplicates: list[dict]):
        super().__init__()
        # Added to the error's body by core.api.exceptions.
        self.extra = {"duplicates": duplicates}


def _allows_duplicate(request) -> bool:
    value = request.query_params.get(ALLOW_DUPLICATE)
    if value is None:
        return False
    try:
        return serializers.BooleanField().to_internal_value(value)
    except ValidationError:
        raise ValidationError({ALLOW_DUPLICATE: [_("true or false.")]}) from None


@extend_schema_view(
    create=extend_schema(
        parameters=[
            OpenApiParameter(
                ALLOW_DUPLICATE,
                OpenApiTypes.BOOL,
                OpenApiParameter.QUERY,
                description=_(
                    "A person with the same e-mail, or the same name in the same country and agency, "
                    "as one already recorded is refused (409, naming them in `duplicates`) unless this "
                    "is true: say so once you know it is another person."
                ),
            )
        ],
        responses={201: PersonSerializer, 409: LikelyDuplicateErrorSerializer},
    )
)
class PersonViewSet(ReadBackViewSet):
    """People: for staff and API keys with the personal-data scope only (core.access).

    Creating a person who is likely recorded already (the same e-mail, or the same name in the
    same country and agency: the imports' rule) answers 409 with the ids and URLs of those the
    caller may see, unless `allow_duplicate=true`."""

    selector = staticmethod(person_list)
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    pagination_class = SyncCursorPagination
    export_columns = {}

    def perform_create(self, serializer):
        if not _allows_duplicate(self.request):
            data = serializer.validated_data
            agency = data.get("agency")
            duplicates = (
                person_duplicates(
                    user=self.request.user,
                    first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""),
                    email=data.get("email", ""),
                    country_id=data["country"].pk,
                    agency_id=agency.pk if agency is not None else None,
                )
                .select_related(None)
                .only("pk")
            )
            if duplicates:
                raise LikelyDuplicate(
                    [
                        {
                            "id": person.pk,
                            "url": reverse("api:person-detail", args=[person.pk], request=self.request),
                        }
                        for person in duplicates
                    ]
                )
        super().perform_create(serializer)


class ParticipationViewSet(ReadBackViewSet):
    selector = staticmethod(participation_list)
    written = staticmethod(participation_written)
    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter
    pagination_class = SyncCursorPagination
    export_columns = {
        # `Participation.knowledge_gain`, a property: NULL without both scores, as there.
        "knowledge_gain": ExpressionWrapper(
            F("post_test_score") - F("pre_test_score"), output_field=DecimalField()
        ),
    }
