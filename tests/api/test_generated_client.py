"""A Python client generated from the schema (openapi-python-client, pinned in requirements-dev.txt)
works against a live server with an API key: what a client author gets from /api/v1/schema/.

The client is generated into a temporary folder, outside the source tree. The server is a live
server thread on the session's test database (tests.support.live): what the test writes is committed
for the server thread to read, and removed afterwards.
"""

import datetime
import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.models import ApiKey, User
from accounts.services import api_key_create
from operations.models import Seizure
from reports import tasks as report_tasks
from reports.models import Report
from reports.services import report_generate
from tests.support.live import live_server_thread

PACKAGE = "crimjust_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
# No formatting hooks: the code is generated to be imported, not read.
GENERATOR_CONFIG = {"package_name_override": PACKAGE, "post_hooks": []}


@pytest.fixture(scope="module")
def client_package(tmp_path_factory):
    """The generated package, importable."""
    folder = tmp_path_factory.mktemp("generated-client")
    schema = folder / "schema.json"
    schema.write_text(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    config = folder / "config.json"
    config.write_text(json.dumps(GENERATOR_CONFIG))
    generated = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(schema),
            "--output-path",
            str(folder / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker):
    with live_server_thread(django_db_blocker) as url:
        yield url


@pytest.fixture
def api(client_package, live_url, committed_db, settings, tmp_path, monkeypatch):
    """The generated client with a new API key (with the personal-data scope, which imports need);
    the key and its reports removed after."""
    settings.MEDIA_ROOT = str(tmp_path)
    # No worker here: the test generates a queued report itself, as a worker would.
    monkeypatch.setattr(report_tasks.generate_report, "delay", lambda report_id: None)
    key, secret = api_key_create(
        name="generated client test",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
        can_see_personal_data=True,
    )
    try:
        # Closed when done: a kept-alive connection would hold its server thread and database session.
        with client_package.AuthenticatedClient(
            base_url=live_url, token=secret, prefix="Api-Key", raise_on_unexpected_status=True, timeout=60
        ) as client:
            yield client
    finally:
        Report.objects.filter(requested_by_api_key=key).delete()
        ApiKey.objects.filter(pk=key.pk).delete()


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.mark.django_db
def test_the_client_has_a_typed_function_per_operation(client_package):
    seizures = _module("api.seizures.seizures_list")
    assert callable(seizures.sync) and callable(seizures.sync_detailed)
    assert _module("models").Error.__name__ == "Error"


def test_a_seizures_list_filtered_by_two_countries_has_both(api):
    seizures_list = _module("api.seizures.seizures_list")
    page = seizures_list.sync(client=api, country=["PE", "CO"], page_size=500)
    countries = {seizure.country for seizure in page.results}
    assert countries == {"PE", "CO"}, countries
    assert Seizure.objects.filter(country__iso2__in=["PE", "CO"]).exists()


def test_a_report_request_and_its_download(api):
    models = _module("models")
    reports_create = _module("api.reports.reports_create")
    reports_download = _module("api.reports.reports_download_retrieve")
    report = reports_create.sync(
        client=api,
        body=models.ReportRequestRequest(
            kind=models.ReportKindEnum.DATA_EXPORT,
            format_=models.ReportFormatEnum.XLSX,
            list_=models.ListEnum.SEIZURES,
            filters=models.ReportRequestRequestFilters.from_dict({"country": "PE"}),
        ),
    )
    assert isinstance(report, models.Report) and report.status == models.ReportStatusEnum.QUEUED
    assert report.parameters.list_ == "seizures" and report.parameters.filters.to_dict() == {"country": "PE"}
    report_generate(report_id=report.id)
    download = reports_download.sync(client=api, id=report.id)
    assert download.payload.read().startswith(b"PK")  # an XLSX file: a zip, as bytes


def test_an_import_template_download(api):
    imports_template = _module("api.imports.imports_template")
    models = _module("models")
    template = imports_template.sync(
        client=api,
        kind=models.ImportsTemplateKind.SEIZURES,
        file_format=models.ImportsTemplateFileFormat.XLSX,
    )
    assert template.payload.read().startswith(b"PK")


def test_an_invalid_filter_is_a_typed_error(api):
    seizures_list = _module("api.seizures.seizures_list")
    models = _module("models")
    response = seizures_list.sync_detailed(client=api, country=["XX"])
    assert response.status_code == 400
    error = response.parsed
    assert isinstance(error, models.Error), error
    assert error.code == "invalid" and "country" in error.errors.to_dict()
