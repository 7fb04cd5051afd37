from django import template
from django.urls import reverse
from django.utils.translation import gettext

from activities.models import Activity
from operations.models import Operation
from people.models import Participation
from trainings.models import TrainingDetail

from ..services import may_record

register = template.Library()


@register.simple_tag(takes_context=True)
def flow_links(context) -> list[tuple[str, str]]:
    """(url, label) of the flows the signed-in user may use to record new records."""
    user = context["request"].user
    if not may_record(user, Activity):
        return []
    links = []
    if may_record(user, Operation):
        links.append((reverse("flows:operation_new"), gettext("Record an operation")))
    if may_record(user, TrainingDetail) and may_record(user, Participation):
        links.append((reverse("flows:training_new"), gettext("Record a training")))
    return links
