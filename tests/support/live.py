"""A live server thread on the session's test database, for tests that need a real HTTP server
(Playwright's pages, a generated API client). Not pytest-django's `live_server`: it makes each test
transactional, and a transactional test empties every table when it ends, which would throw away
the demo data loaded once per session."""

import socket
import subprocess
import time
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


def free_port() -> int:
    """A local port nothing listens on now (for a server process a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    """Returns once `process` accepts connections on `port`; raises with its output if it stops."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"the server stopped: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")
