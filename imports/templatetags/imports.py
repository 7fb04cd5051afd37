"""Template helpers of the imports: whether to offer a grid of rows (imports.grid) to the user."""

from django import template

from imports.services import can_import

register = template.Library()


@register.filter
def may_import(user, kind: str) -> bool:
    """`{% if request.user|may_import:"attendance" %}`: the link to a page the user may use."""
    return can_import(user, kind)
