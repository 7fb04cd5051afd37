from django import template

from core.versions import record_version as version_of

register = template.Library()


@register.filter
def record_version(record) -> str:
    """The version of a record as the page read it (core.versions), for its change form."""
    return version_of(record) or ""
