"""A live server thread on the session's test database, for tests that need a real HTTP server
(Playwright's pages, a generated API client). Not pytest-django's `live_server`: it makes each test
transactional, and a transactional test empties every table when it ends, which would throw away
the demo data loaded once per session."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.test.testcases import LiveServerThread


@contextmanager
def live_server_thread(django_db_blocker) -> Iterator[str]:
    """The server's base URL while the block runs. Static files go through the application's own
    whitenoise middleware, as in production (no static handler in front)."""
    with django_db_blocker.unblock():
        server = LiveServerThread("127.0.0.1", lambda app: app)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.terminate()
