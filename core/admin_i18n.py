"""The admin's words Django leaves in English: a yes/no column's icon is read by screen readers by
its alternative text, which Django writes as the Python value ("True", "False", "None")."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext


def boolean_icon(field_val):
    """Django's _boolean_icon with the alternative text in the reader's language."""
    icon, text = {
        True: ("yes", gettext("Yes")),
        False: ("no", gettext("No")),
        None: ("unknown", gettext("Unknown")),
    }[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def install() -> None:
    # Every caller (change lists, read-only fields, display_for_field/value) looks the function up
    # on admin_list at call time.
    admin_list._boolean_icon = boolean_icon
