"""Template filters for figures shown to people: `{{ value|number }}`, `{{ kg|mass }}`,
`{{ day|day }}`, `{{ moment|moment }}`; all from core.formatting. `{% page_formats %}`: what the
pages' scripts need to write figures and words the same way (through json_script: no inline
script under the CSP)."""

from django import template
from django.utils.translation import gettext as _

from core import formatting

register = template.Library()


@register.filter(is_safe=True)
def number(value):
    return formatting.number(value)


@register.filter(is_safe=True)
def mass(value):
    return formatting.mass(value)


@register.filter(is_safe=True)
def day(value):
    return formatting.date(value)


@register.filter(is_safe=True)
def moment(value):
    return formatting.date_time(value)


@register.simple_tag
def page_formats() -> dict:
    """The active language's separators and the scripts' few words, translated here: the scripts
    carry no text of their own."""
    return {
        **formatting.separators(),
        # A label and its figure, as a chart's tooltip and labels write them (French: "Pérou : 3").
        "pair": _("%(name)s: %(value)s"),
        # A count hidden to protect the people trained (null in a chart's numbers).
        "hidden": _("suppressed"),
        "notRecorded": formatting.NOT_RECORDED,
    }
