"""The benchmark's `admin` section: the admin's big changelists at scale, as staff use them.

For each big changelist (seizures, participations, people, activities, cases) it times the
default page, a search, a sort, a deep page and a filter: over HTTP against the benchmark's
gunicorn (`port` and the signed-in session's `headers`), or in this process through Django's test
client when no port is given (`python -m benchmarks.admin_pages` against a filled database).
Queries are counted in this process for each of them.

    DJANGO_SETTINGS_MODULE=crimjust.settings.bench DATABASE_URL=postgres://.../crimjust_dev_bench \\
        python -m benchmarks.admin_pages [--samples N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlencode

TARGETS = {"admin_default_ms": 300, "admin_other_ms": 1500}
DEEP_PAGE = 200


@dataclass(frozen=True)
class Changelist:
    name: str
    model: str  # app_label.model_name
    search: str
    sort: str  # a list_display name, sorted descending
    filter: dict  # query parameters; "{country}" stands for Peru's id


CHANGELISTS = (
    Changelist(
        "seizures", "operations.seizure", "0012345", "normalised_mass", {"country__id__exact": "{country}"}
    ),
    Changelist("participations", "people.participation", "herrera", "person", {"role__exact": "trainer"}),
    Changelist("people", "people.person", "herrera", "first_name", {"country__id__exact": "{country}"}),
    Changelist("activities", "activities.activity", "precursor", "end_date", {"kind__exact": "workshop"}),
    Changelist("cases", "operations.case", "cocaine", "closed_on", {"lead_country__id__exact": "{country}"}),
)  # fmt: skip


def _paths(changelist: Changelist) -> dict[str, str]:
    from django.apps import apps
    from django.contrib import admin
    from django.urls import reverse

    from countries.models import Country

    model = apps.get_model(changelist.model)
    base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    model_admin = admin.site.get_model_admin(model)
    list_display = list(model_admin.list_display)
    # Page DEEP_PAGE, or the last page of a shorter list.
    deep_page = max(1, min(DEEP_PAGE, model._default_manager.count() // model_admin.list_per_page))
    country = str(Country.objects.get(iso2="PE").pk)
    # The admin's `o` names a column by its 1-based position in list_display; "-" for descending.
    sort = f"-{list_display.index(changelist.sort) + 1}"
    filters = {key: value.replace("{country}", country) for key, value in changelist.filter.items()}
    return {
        "default": base,
        "search": f"{base}?{urlencode({'q': changelist.search})}",
        "sort": f"{base}?{urlencode({'o': sort})}",
        "deep_page": f"{base}?{urlencode({'p': deep_page})}",
        "filter": f"{base}?{urlencode(filters)}",
    }


def _in_process(client, path: str, samples: int):
    from .load import timing

    spent = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(path)
        spent.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
    return timing(spent)


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return len(captured)


def measure_admin(
    *, samples: int, client_headers: dict, port: int | None = None, headers: dict | None = None
) -> list[dict]:
    """Each big changelist's pages, p50/p95 in ms and queries, against the targets.

    `client_headers` sign in Django's test client (in this process: queries, and timings when no
    `port` is given); `port` and `headers` time the pages over HTTP instead.
    """
    from django.test import Client

    from .load import sequential

    client = Client(HTTP_HOST="127.0.0.1", **client_headers)
    results = []
    for changelist in CHANGELISTS:
        row = {"changelist": changelist.name, "pages": {}}
        for page, path in _paths(changelist).items():
            print(f"[bench] admin {changelist.name} {page}", file=sys.stderr, flush=True)
            queries = _queries(client, path)  # also the warm-up
            if port is None:
                served = _in_process(client, path, samples)
            else:
                served = sequential("127.0.0.1", port, path, headers=headers, samples=samples)
            limit = TARGETS["admin_default_ms"] if page == "default" else TARGETS["admin_other_ms"]
            print(f"[bench]   p50 {served.p50_ms} ms, {queries} queries", file=sys.stderr, flush=True)
            row["pages"][page] = {
                "path": path,
                **served.as_dict(),
                "queries": queries,
                "target_ms": limit,
                "meets_target": served.p50_ms < limit,
            }
        row["meets_targets"] = all(page["meets_target"] for page in row["pages"].values())
        results.append(row)
    return results


def markdown(rows: list[dict]) -> list[str]:
    """The section's heading and table (benchmarks.report)."""
    from .report import _table, _verdict

    pages = ("default", "search", "sort", "deep_page", "filter")
    return [
        f"### Admin changelists: target default page < {TARGETS['admin_default_ms']} ms, every search, "
        f"sort, deep page (page {DEEP_PAGE} or the last) and filter < {TARGETS['admin_other_ms']:,} ms "
        "(p50, queries)",
        _table(
            ["Changelist", *[page.replace("_", " ").capitalize() for page in pages], "Target"],
            [
                [
                    row["changelist"],
                    *[
                        f"{row['pages'][page]['p50_ms']} ({row['pages'][page]['queries']})"
                        + ("" if row["pages"][page]["meets_target"] else " **over**")
                        for page in pages
                    ],
                    _verdict(row),
                ]
                for row in rows
            ],
        ),
    ]


def _signed_in_headers() -> dict:
    """A session of the demo's administrator that has given its second factor (as __main__)."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    admin = User.objects.get(username="admin")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    device, _ = TOTPDevice.objects.get_or_create(user=admin, name="benchmark", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={cookie}"}


def main() -> int:
    parser = argparse.ArgumentParser(description="The admin section alone, in this process.")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--only", nargs="+", default=None, help="changelist names (all)")
    args = parser.parse_args()
    import django

    django.setup()
    global CHANGELISTS
    if args.only:
        CHANGELISTS = tuple(changelist for changelist in CHANGELISTS if changelist.name in args.only)
    rows = measure_admin(samples=args.samples, client_headers=_signed_in_headers())
    print("\n\n".join(markdown(rows)))
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
