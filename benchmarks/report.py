"""The benchmark's figures as Markdown tables."""

from __future__ import annotations


def _table(headings: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "|".join("---" for _ in headings) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _verdict(row: dict) -> str:
    return "met" if row.get("meets_targets") else "**missed**"


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _over_naive(row: dict) -> str:
    # No naive request done within the run: ours is at least that many times faster.
    text = f"{'≥ ' if row['naive']['requests'] == 0 else ''}{row['over_naive']:g}×"
    return text if row["naive_target"] else f"{text} (no target)"


def markdown(results: dict) -> str:
    machine, setup, targets = results["machine"], results["setup"], results["targets"]
    sizes = ", ".join(f"{value:,} {name}" for name, value in results["sizes"].items())
    parts = [
        f"## Benchmark {results['date']}{' (quick: smoke-test sizes)' if results['quick'] else ''}",
        f"Machine: {machine['cpus']} CPUs ({machine['cpu'] or 'unknown'}), {machine['memory_gib']} GiB, "
        f"{machine['platform']}, Python {machine['python']}, PostgreSQL {machine.get('postgresql', '?')}; "
        f"load average at start {', '.join(map(str, machine['load_average_at_start']))}.",
        f"Data: {sizes} (synthetic, over the demo data). gunicorn {setup['gunicorn']['workers']} workers × "
        f"{setup['gunicorn']['threads']} threads; wrk {setup['wrk']['connections']} connections, "
        f"{setup['wrk']['threads']} threads, {setup['wrk']['seconds']:g} s per endpoint; server times over "
        f"{setup['samples']} requests one after another. Times in ms.",
    ]
    if results.get("lists"):
        parts += [
            f"### API lists (a page of 50): target ≤ {targets['list_over_floor']:g}× the floor's req/s, "
            f"≥ {targets['list_over_naive']:g}× the naive baseline's for lists of "
            f"{targets['list_naive_min_rows']:,} rows or more, 0 errors, constant queries",
            "Floor: the same body from one hand-written SQL statement and orjson, no Django "
            "(benchmarks.list_floors), checked equal to the endpoint's before it is timed; naive: "
            "ModelViewSet with a default ModelSerializer. Floor / ours and ours / naive in req/s.",
            _table(
                [
                    "List",
                    "Rows",
                    "req/s",
                    "p50",
                    "p95",
                    "p99",
                    "Errors",
                    "Floor req/s",
                    "Floor p50",
                    "Floor / ours",
                    "Naive req/s",
                    "Naive p50",
                    "Ours / naive",
                    "Queries (10 / 100 a page)",
                    "Naive queries",
                    "Target",
                ],  # fmt: skip
                [
                    [
                        row["list"],
                        _number(row["rows"]),
                        _number(row["ours"]["requests_per_second"]),
                        row["ours"]["p50_ms"],
                        row["ours"]["p95_ms"],
                        row["ours"]["p99_ms"],
                        row["ours"]["errors"],
                        _number(row["floor"]["requests_per_second"]),
                        row["floor"]["p50_ms"],
                        f"{row['over_floor']:g}×",
                        _number(row["naive"]["requests_per_second"]),
                        row["naive"]["p50_ms"],
                        _over_naive(row),
                        f"{row['queries']['page_size_10']} / {row['queries']['page_size_100']}",
                        f"{row['naive_queries']['page_size_10']} / {row['naive_queries']['page_size_100']}",
                        _verdict(row),
                    ]  # fmt: skip
                    for row in results["lists"]
                ],
            ),
        ]
    if results.get("stats"):
        parts += [
            f"### Stats endpoints: target computed ≤ {targets['stats_over_floor']:g}× the SQL floor, "
            f"cached ≥ {targets['stats_cached_under_floor']:g}× faster than the floor (server p50), "
            "0 errors under load",
            "Computed: under load, a gunicorn that caches no figures (FIGURES_CACHE_SECONDS=0); one "
            "request after another, the cache invalidated (the data version bumped) before each. "
            "Cached: the data version unchanged, as served until the next write.",
            _table(
                [
                    "Endpoint",
                    "Computed req/s",
                    "Computed p50",
                    "Cached req/s",
                    "Cached p50",
                    "Errors",
                    "Server computed p50",
                    "Server cached p50",
                    "SQL floor p50",
                    "Computed / floor",
                    "Floor / cached",
                    "Queries",
                    "Target",
                ],  # fmt: skip
                [
                    [
                        f"`{row['endpoint']}`",
                        _number(row["computed"]["requests_per_second"]),
                        row["computed"]["p50_ms"],
                        _number(row["cached"]["requests_per_second"]),
                        row["cached"]["p50_ms"],
                        row["computed"]["errors"] + row["cached"]["errors"],
                        row["server"]["p50_ms"],
                        row["server_cached"]["p50_ms"],
                        row["floor"]["p50_ms"],
                        f"{row['over_floor']:g}×",
                        f"{row['cached_under_floor']:g}×",
                        row["queries"],
                        _verdict(row),
                    ]  # fmt: skip
                    for row in results["stats"]
                ],
            ),
        ]
    if results.get("dashboards"):
        parts += [
            f"### Dashboard pages: target cached < {targets['dashboard_cached_p50_ms']} ms of server "
            "time (p50)",
            "Computed: the cache invalidated before each request (as after a write); cached: as served "
            "until the next write. Floor: the sum of the hand-written queries of the page's figures.",
            _table(
                [
                    "Page",
                    "Computed p50",
                    "Computed p95",
                    "Cached p50",
                    "Cached p95",
                    "SQL floor p50",
                    "Computed / floor",
                    "Queries",
                    "Target",
                ],  # fmt: skip
                [
                    [
                        row["page"],
                        row["computed"]["p50_ms"],
                        row["computed"]["p95_ms"],
                        row["cached"]["p50_ms"],
                        row["cached"]["p95_ms"],
                        row["floor_p50_ms"],
                        f"{row['over_floor']:g}×",
                        row["queries"],
                        _verdict(row),
                    ]  # fmt: skip
                    for row in results["dashboards"]
                ],
            ),
        ]
    if results.get("admin"):
        from .admin_pages import markdown as admin_markdown

        parts += admin_markdown(results["admin"])
    if results.get("exports"):
        parts += [
            f"### Exports of every seizure: target < {targets['export_peak_rss_mb']} MB peak memory",
            _table(
                ["Format", "Rows", "Seconds", "Rows/s", "File MB", "Peak memory MB", "Target"],
                [
                    [
                        row["format"].upper(),
                        _number(row["rows"]),
                        row["seconds"],
                        _number(row["rows_per_second"]),
                        row["file_mb"],
                        row["peak_rss_mb"],
                        _verdict(row),
                    ]  # fmt: skip
                    for row in results["exports"]
                ],
            ),
        ]
    if results.get("reports"):
        parts += [
            "### Donor progress report for a year: target peak memory "
            f"< {targets['report_peak_rss_mb']:g} MB",
            _table(
                ["Format", "Year", "Seconds", "File KB", "Peak memory MB", "Verdict"],
                [
                    [
                        row["format"].upper(),
                        row["year"],
                        row["seconds"],
                        _number(row["file_kb"]),
                        row["peak_rss_mb"],
                        _verdict(row),
                    ]
                    for row in results["reports"]
                ],
            ),
        ]
    if results.get("imports"):
        imports = results["imports"]
        limits = {"attendance": targets["attendance_seconds"], "seizures": targets["seizure_import_seconds"]}
        parts += [
            "### Imports (upload with a dry run, then confirm; undone afterwards)",
            _table(
                ["Sheet", "Rows", "Validate s", "Confirm s", "Total s", "Rows/s", "Target"],
                [
                    [
                        kind,
                        _number(imports[kind]["rows"]),
                        imports[kind]["validate_seconds"],
                        imports[kind]["confirm_seconds"],
                        imports[kind]["seconds"],
                        _number(imports[kind]["rows_per_second"]),
                        f"< {limits[kind]} s for {'10,000' if kind == 'attendance' else '100,000'} rows",
                    ]  # fmt: skip
                    for kind in ("attendance", "seizures")
                ],
            ),
        ]
    parts.append(f"Whole run: {results['seconds']:,.0f} s.")
    return "\n\n".join(parts) + "\n"
