"""Load and latency measurements over HTTP: wrk for throughput under concurrent load, a keep-alive
client for the server time of one request after another."""

from __future__ import annotations

import http.client
import json
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# wrk's own summary has no p95: this script prints every figure as one JSON line when it is done.
_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass
class Load:
    requests_per_second: float
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    def as_dict(self) -> dict:
        return asdict(self)


def wrk(url: str, *, headers: dict[str, str], seconds: float, connections: int, threads: int) -> Load:
    """`connections` concurrent keep-alive connections for `seconds`. Errors: connection, read,
    write and timeout errors and every answer other than 2xx/3xx."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_REPORT)
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",
        f"--script={script.name}",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    try:
        output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    figures = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    errors = sum(
        figures[name]
        for name in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return Load(
        requests_per_second=round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
        requests=figures["requests"],
        errors=errors,
        p50_ms=round(figures["p50_us"] / 1000, 1),
        p95_ms=round(figures["p95_us"] / 1000, 1),
        p99_ms=round(figures["p99_us"] / 1000, 1),
    )


@dataclass
class Timing:
    samples: int
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timing(seconds: list[float]) -> Timing:
    return Timing(
        samples=len(seconds),
        p50_ms=round(statistics.median(seconds) * 1000, 1),
        p95_ms=round(percentile(seconds, 0.95) * 1000, 1),
    )


def sequential(
    host: str, port: int, path: str, *, headers: dict[str, str], samples: int, before=None
) -> Timing:
    """The time of each of `samples` requests, one after another on one keep-alive connection:
    the server's time plus a loopback round trip. `before()` runs ahead of each request, untimed
    (e.g. to invalidate a cache). Any answer but 200 is an error."""
    connection = http.client.HTTPConnection(host, port, timeout=120)
    spent = []
    try:
        for _ in range(samples):
            if before is not None:
                before()
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            spent.append(time.perf_counter() - started)
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
    finally:
        connection.close()
    return timing(spent)
