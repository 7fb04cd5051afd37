"""What the admin's pages give assistive technology, checked on the HTML (the browser tests run axe
over the same pages): each input of an inline table named by its column and row, the save
buttons on top of a long form, a blank filter value named."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from operations.models import Operation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.get(username="admin"))
    return client


def test_inline_table_inputs_are_named_by_column_and_row(staff_client):
    azure = Operation.objects.get(code_name="Azure")
    page = staff_client.get(reverse("admin:operations_operation_change", args=[azure.pk])).content.decode()
    assert 'aria-label="Name, operation phase 1"' in page
    assert 'aria-label="National coordinating agency, participating country 2"' in page
    assert 'aria-label="Delete, participating country 1"' in page
    # The empty row copied for "Add another": named as a new row.
    assert 'aria-label="Reference, new seizure"' in page
    # Every visible input or select of an inline row has a name.
    rows = re.findall(r'<(?:input|select)[^>]*name="(?:phases|participants|seizures)-\d+-[^"]*"[^>]*>', page)
    unnamed = [row for row in rows if 'type="hidden"' not in row and "aria-label=" not in row]
    assert rows and unnamed == []


def test_a_long_form_has_its_save_buttons_on_top(staff_client):
    azure = Operation.objects.get(code_name="Azure")
    page = staff_client.get(reverse("admin:operations_operation_change", args=[azure.pk])).content.decode()
    assert page.index('name="_save"') < page.index('name="code_name"')


def test_a_blank_filter_value_is_named(staff_client):
    page = staff_client.get(reverse("admin:countries_country_changelist")).content.decode()
    assert re.search(r'<a href="\?region=">\s*\(blank\)\s*</a>', page)
