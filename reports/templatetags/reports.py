from django import template

from reports.access import may_request
from reports.forms import BriefingRequestForm
from reports.models import Report

register = template.Library()


@register.simple_tag(takes_context=True)
def briefing_request_allowed(context, country) -> bool:
    """Whether the signed-in user may request `country`'s briefing pack."""
    request = context.get("request")
    if request is None or country is None or not request.user.is_authenticated:
        return False
    return may_request(request.user, kind=Report.Kind.COUNTRY_BRIEFING, country=country)


@register.simple_tag
def briefing_request_form():
    return BriefingRequestForm()
