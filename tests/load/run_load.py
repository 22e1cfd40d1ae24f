#!/usr/bin/env python3
"""Load test: wrk against ``kunnskapsbro serve --workers 2`` on a fresh database, loopback only.

    .venv/bin/python tests/load/run_load.py --duration 60 --connections 8

builds an empty database (a new ``kb_load_<random>`` database on the PostgreSQL server of
``--database-url``/``$DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/postgres``,
dropped afterwards; ``--sqlite`` for one SQLite file instead), runs ``kunnskapsbro migrate``
and ``kunnskapsbro demo``, starts ``kunnskapsbro serve --workers 2`` on 127.0.0.1, and points
wrk (Debian package ``wrk``) at three URLs in turn, ``--duration`` seconds each:

- the public catalogue ``/prosjekter/``,
- a public project page ``/prosjekter/<id>/``,
- the API list ``/api/v1/projects``.

It prints requests/s, latency p50/p90/p99/max, non-2xx responses and socket errors (connect,
read, write, timeout) per URL, writes the same as JSON (``--json``, default
``var/load-report.json``), and exits 1 if any request failed or any URL got no requests.
The requests are anonymous, as most visitors are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.scaleout.stack import (  # noqa: E402
    DEFAULT_PG_SERVER,
    Stack,
    WebProcess,
    fresh_database,
    is_postgres_url,
)

REPORT_LUA = Path(__file__).resolve().parent / "report.lua"
WRK_INSTALL_HINT = "wrk is not installed: apt-get install -y wrk (Debian package `wrk`)"


@dataclass
class Result:
    name: str
    path: str
    requests: int
    seconds: float
    requests_per_second: float
    latency_ms_p50: float
    latency_ms_p90: float
    latency_ms_p99: float
    latency_ms_max: float
    non_2xx: int
    socket_errors: int
    errors_connect: int
    errors_read: int
    errors_write: int
    errors_timeout: int

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors

    @property
    def error_rate(self) -> float:
        attempts = self.requests + self.errors_connect + self.errors_timeout
        return self.errors / attempts if attempts else 1.0


def wrk_executable() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(WRK_INSTALL_HINT)
    return found


def run_wrk(
    *, url: str, duration: int, connections: int, threads: int, timeout: int
) -> dict[str, Any]:
    argv = [
        wrk_executable(),
        f"--threads={max(1, min(threads, connections))}",
        f"--connections={connections}",
        f"--duration={duration}s",
        f"--timeout={timeout}s",
        "--script",
        str(REPORT_LUA),
        url,
    ]
    # wrk stops on its own after --duration; the margin only guards against a hang.
    completed = subprocess.run(
        argv, capture_output=True, text=True, timeout=duration + timeout + 60, check=False
    )
    match = re.search(r"^WRK_JSON (.*)$", completed.stdout, flags=re.M)
    if completed.returncode != 0 or not match:
        raise RuntimeError(
            f"wrk failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
        )
    return json.loads(match.group(1))


def to_result(name: str, path: str, raw: dict[str, Any]) -> Result:
    seconds = raw["duration_us"] / 1e6
    socket_errors = sum(raw[k] for k in ("errors_connect", "errors_read", "errors_write"))
    socket_errors += raw["errors_timeout"]
    return Result(
        name=name,
        path=path,
        requests=raw["requests"],
        seconds=round(seconds, 2),
        requests_per_second=round(raw["requests"] / seconds, 1) if seconds else 0.0,
        latency_ms_p50=round(raw["p50_us"] / 1000, 1),
        latency_ms_p90=round(raw["p90_us"] / 1000, 1),
        latency_ms_p99=round(raw["p99_us"] / 1000, 1),
        latency_ms_max=round(raw["max_us"] / 1000, 1),
        non_2xx=raw["non_2xx"],
        socket_errors=socket_errors,
        errors_connect=raw["errors_connect"],
        errors_read=raw["errors_read"],
        errors_write=raw["errors_write"],
        errors_timeout=raw["errors_timeout"],
    )


def pick_public_project(web: WebProcess) -> int:
    """A project anonymous visitors may see (the API lists only those to them)."""
    response = web.call("GET", "/api/v1/projects?limit=1")
    items = response.json()["items"] if response.status == 200 else []
    if not items:
        raise RuntimeError(f"no public project in the demo: HTTP {response.status}")
    return int(items[0]["id"])


def targets(web: WebProcess) -> list[tuple[str, str]]:
    project_id = pick_public_project(web)
    return [
        ("catalogue", "/prosjekter/"),
        ("project page", f"/prosjekter/{project_id}/"),
        ("API list", "/api/v1/projects"),
    ]


def print_table(results: list[Result], *, header: str) -> None:
    print()
    print(header)
    columns = (
        f"{'URL':<28} {'req':>8} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'non-2xx':>8} {'sock err':>8} {'err %':>7}"
    )
    print(columns)
    print("-" * len(columns))
    for r in results:
        print(
            f"{r.path:<28} {r.requests:>8} {r.requests_per_second:>8.1f} {r.latency_ms_p50:>8.1f} "
            f"{r.latency_ms_p90:>8.1f} {r.latency_ms_p99:>8.1f} {r.latency_ms_max:>8.1f} "
            f"{r.non_2xx:>8} {r.socket_errors:>8} {100 * r.error_rate:>6.2f}%"
        )
    print()


def run(args: argparse.Namespace) -> dict[str, Any]:
    server_url = "" if args.sqlite else args.database_url
    if not args.sqlite and not is_postgres_url(server_url):
        raise SystemExit(
            f"--database-url must be a PostgreSQL URL (got {server_url!r}); or --sqlite"
        )
    wrk_executable()  # fail before building anything
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kb-load-") as tmp:
        workdir = Path(tmp)
        with fresh_database(workdir, prefix="kb_load", server_url=server_url) as database:
            stack = Stack(database=database, workdir=workdir)
            try:
                print(
                    f"Database: {database.vendor} ({database.name}); migrate + demo …", flush=True
                )
                stack.run("migrate", "--no-input", "-v", "0")
                stack.run("demo")
                web = stack.start_web("web", workers=args.workers)
                web.wait_healthy()
                pages = targets(web)
                results = []
                for name, path in pages:
                    check = web.call("GET", path, headers={"Accept": "*/*"})
                    if check.status != 200:
                        raise RuntimeError(f"{path} answers HTTP {check.status} before the load")
                    print(
                        f"wrk: {path} for {args.duration} s, {args.connections} connections …",
                        flush=True,
                    )
                    raw = run_wrk(
                        url=web.base_url + path,
                        duration=args.duration,
                        connections=args.connections,
                        threads=args.threads,
                        timeout=args.timeout,
                    )
                    results.append(to_result(name, path, raw))
                if not web.process.alive():
                    raise RuntimeError(f"the web process died under load:\n{web.process.log()}")
            except BaseException:
                print(stack.logs(), file=sys.stderr)
                raise
            finally:
                stack.close()
    return {
        "database": database.vendor,
        "server": f"kunnskapsbro serve --workers {args.workers} (gunicorn sync workers)",
        "tool": "wrk",
        "duration_s_per_url": args.duration,
        "connections": args.connections,
        "threads": max(1, min(args.threads, args.connections)),
        # The machine's other work skews the figures; the 1-minute load average shows how much.
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_1min_before": round(load_before[0], 2),
            "loadavg_1min_after": round(os.getloadavg()[0], 2),
        },
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": [{**asdict(r), "error_rate": r.error_rate} for r in results],
        "ok": all(r.errors == 0 and r.requests > 0 for r in results),
        "_results": results,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per URL (60)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--timeout", type=int, default=5, help="wrk request timeout, s (5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_PG_SERVER,
        help="PostgreSQL server to create the throw-away database on ($DATABASE_URL)",
    )
    parser.add_argument("--sqlite", action="store_true", help="use one SQLite file instead")
    parser.add_argument(
        "--json", type=Path, default=REPO_ROOT / "var" / "load-report.json", help="JSON report"
    )
    args = parser.parse_args(argv)
    if args.duration < 1 or args.connections < 1 or args.workers < 1:
        parser.error("--duration, --connections and --workers must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    results: list[Result] = report.pop("_results")
    print_table(
        results,
        header=(
            f"{report['server']} on {report['database']}, wrk {report['connections']} "
            f"connections × {report['duration_s_per_url']} s per URL, {report['machine']['cpus']} CPUs, "
            f"load average {report['machine']['loadavg_1min_before']} before"
        ),
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"JSON: {args.json}")
    if not report["ok"]:
        print("FAILED: some requests failed (non-2xx or socket errors) or a URL got none")
        return 1
    print("OK: zero errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
