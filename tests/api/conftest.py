import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string

from accounts.models import User


@pytest.fixture
def admin_session(db):
    """Cookies and a CSRF header of a signed-in administrator, as a browser would send them."""
    admin = User.objects.get(username="admin")
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = admin.get_session_auth_hash()
    session.create()
    csrf = _get_new_csrf_string()
    # As Django's test client does: the WSGI handler must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"cookies": {"sessionid": session.session_key, "csrftoken": csrf}, "headers": {"X-CSRFToken": csrf}}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
