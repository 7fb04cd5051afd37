"""The benchmark's gunicorn application: the tracker (crimjust.wsgi) and, under /floor/api/v1/, the
bare floor of each API list (benchmarks.list_floors), answered before Django sees the request."""

from crimjust.wsgi import application as tracker

from .list_floors import PREFIX
from .list_floors import application as list_floors


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith(f"{PREFIX}/"):
        return list_floors(environ, start_response)
    return tracker(environ, start_response)
