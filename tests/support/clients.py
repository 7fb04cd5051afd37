"""Test clients signed in as a given user."""

from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
