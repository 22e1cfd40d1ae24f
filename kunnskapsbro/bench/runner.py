"""The benchmark of DESIGN.md §5: a registry of figures, each measured against its baselines.

A figure is a small function registered with ``@figure(...)``; it gets a ``Bench`` (clients
for an anonymous visitor, a signed-in coordinator and a superuser, sample ids, timing helpers)
and returns p50/p95 (or seconds, or MB) and its baselines measured in the same run. Features
that do not exist yet are registered with ``pending(...)`` and reported as "not built yet",
never as a pass: the issue that builds a capability replaces its ``pending`` with a figure.

Page figures go through the whole Django stack with the test client (middleware, sessions,
templates); the raw-SQL baseline runs the same query (compiled from the same selector) directly
on a cursor; the Django-admin baseline is ``ProjectAdmin``'s changelist doing the same filter
and search. Memory is measured on a real gunicorn worker over HTTP.
"""

# ruff: noqa: S608 - SQL here is built from model table names and compiled ORM queries only

from __future__ import annotations

import json
import math
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db import connection

RUNS = 30
WARMUP = 5
PAGE_TARGET_MS = 50.0
MEMORY_TARGET_MB = 300.0
GENERATE_TARGET_S = 600.0  # "100,000 projects must generate in minutes"

# Realistic Norwegian queries: an inflected form (sykehjemmene → sykehjem), a compound part
# (skolen → skolestart, skolebygg …), a two-word query and a plain one.
SEARCH_QUERIES = ["sykehjemmene", "velferdsteknologi", "klimatilpasning overvann", "skolen"]


@dataclass
class Figure:
    name: str
    title: str
    target: float | None
    unit: str  # "ms" (p50/p95), "s" (one duration), "MB" (resident memory)
    measure: Callable[[Bench], dict[str, Any]] | None = None
    waits_for: str = ""  # for figures whose feature does not exist yet


REGISTRY: list[Figure] = []


def figure(name: str, title: str, target: float | None, unit: str = "ms") -> Callable:
    """Register a measured figure."""

    def register(function: Callable[[Bench], dict[str, Any]]) -> Callable[[Bench], dict[str, Any]]:
        REGISTRY.append(Figure(name, title, target, unit, function))
        return function

    return register


def pending(name: str, title: str, target: float, unit: str, waits_for: str) -> None:
    """Register a figure whose feature is not built yet (reported, never passed)."""
    REGISTRY.append(Figure(name, title, target, unit, None, waits_for))


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Bench:
    projects: int
    runs: int = RUNS
    warmup: int = WARMUP
    generation: dict[str, Any] = field(default_factory=dict)
    _clients: dict[str, Any] = field(default_factory=dict)
    _samples: dict[str, Any] = field(default_factory=dict)

    # --- clients -------------------------------------------------------------------------

    def client(self, who: str) -> Any:
        """A test client for ``anonymous``, ``coordinator`` or ``admin``."""
        from django.contrib.auth import get_user_model
        from django.test import Client

        from .generate import BENCH_ADMIN, BENCH_COORDINATOR

        if who not in self._clients:
            client = Client()
            if who != "anonymous":
                username = {"coordinator": BENCH_COORDINATOR, "admin": BENCH_ADMIN}[who]
                client.force_login(get_user_model().objects.get(username=username))
            self._clients[who] = client
        return self._clients[who]

    def user(self, who: str) -> Any:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import AnonymousUser

        from .generate import BENCH_COORDINATOR

        if who == "anonymous":
            return AnonymousUser()
        return get_user_model().objects.get(username=BENCH_COORDINATOR)

    # --- what to ask for -----------------------------------------------------------------

    @property
    def sample(self) -> dict[str, Any]:
        """The largest partnership, its largest focus area, and public project ids."""
        if not self._samples:
            from django.db.models import Count

            from kunnskapsbro.partnerships.models import FocusArea
            from kunnskapsbro.projects.models import Project

            area = (
                FocusArea.objects.annotate(n=Count("projects"))
                .order_by("-n", "id")
                .values("id", "partnership_id")
                .first()
            )
            ids = list(
                Project.objects.filter(visibility="public")
                .order_by("id")
                .values_list("id", flat=True)[:: max(1, self.projects // 200)][:200]
            )
            self._samples = {
                "focus_area": area["id"],
                "partnership": area["partnership_id"],
                "project_ids": ids,
            }
        return self._samples

    # --- timing --------------------------------------------------------------------------

    def time(self, call: Callable[[int], Any]) -> list[float]:
        """Milliseconds of ``runs`` calls after ``warmup`` calls; ``call(i)`` may vary input."""
        for i in range(self.warmup):
            call(i)
        times = []
        for i in range(self.runs):
            started = time.perf_counter()
            call(i)
            times.append((time.perf_counter() - started) * 1000)
        return times

    def get(self, who: str, urls: Sequence[str]) -> list[float]:
        client = self.client(who)

        def call(i: int) -> None:
            response = client.get(urls[i % len(urls)])
            if response.status_code != 200:
                raise RuntimeError(f"GET {urls[i % len(urls)]} answered {response.status_code}")
            # Make sure a streaming or lazy body is produced inside the timing.
            _ = response.content

        return self.time(call)

    def raw_sql(self, statements: Sequence[Sequence[tuple[str, Any]]]) -> list[float]:
        """Time running each group of (sql, params) directly on a cursor, fetching all rows."""

        def call(i: int) -> None:
            with connection.cursor() as cursor:
                for sql, params in statements[i % len(statements)]:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        return self.time(call)


def summary(times: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 95), 2)}


# --- the portfolio ---------------------------------------------------------------------


def _portfolio_sql(bench: Bench, who: str, params: dict[str, Any]) -> list[tuple[str, Any]]:
    """The portfolio page's query as raw SQL: the COUNT and the first page of rows."""
    from django.conf import settings

    from kunnskapsbro.projects import selectors

    filters = selectors.PortfolioFilters(
        q=params.get("q", ""),
        status=list(params.get("status", [])),
        focus_area=[int(v) for v in params.get("focus_area", [])],
        year=int(params["year"]) if params.get("year") else None,
    )
    queryset = selectors.project_list(user=bench.user(who), filters=filters)
    count_sql, count_params = queryset.order_by().values("id").query.sql_with_params()
    page = queryset.values_list("id", "title", "acronym", "status", "kind", "partnership_id")
    page_sql, page_params = page[: settings.PORTFOLIO_PAGE_SIZE].query.sql_with_params()
    return [
        (f"SELECT COUNT(*) FROM ({count_sql}) AS counted", count_params),  # noqa: S608
        (page_sql, page_params),
    ]


def _admin_url(params: dict[str, Any]) -> str:
    """ProjectAdmin's changelist with the same status, focus area and search (no year
    filter exists there)."""
    query: dict[str, Any] = {}
    if params.get("status"):
        query["status__exact"] = params["status"][0]
    if params.get("focus_area"):
        query["focus_areas__id__exact"] = params["focus_area"][0]
    if params.get("q"):
        query["q"] = params["q"]
    return "/admin/projects/project/?" + urlencode(query)


def _portfolio_figure(bench: Bench, who: str, variants: list[dict[str, Any]]) -> dict[str, Any]:
    urls = ["/prosjekter/?" + urlencode(v, doseq=True) for v in variants]
    times = bench.get(who, urls)
    with _uncached_lists():
        uncached = bench.get(who, urls)
    raw = bench.raw_sql([_portfolio_sql(bench, who, v) for v in variants])
    admin = bench.get("admin", [_admin_url(v) for v in variants])
    return {
        **summary(times),
        "baselines": {
            "raw_sql": summary(raw)["p95_ms"],
            "django_admin": summary(admin)["p95_ms"],
            # Every request as the first of its kind: no remembered count or ranked ids.
            "uncached_p95_ms": summary(uncached)["p95_ms"],
            "uncached_p50_ms": summary(uncached)["p50_ms"],
        },
        "requests": urls,
        "must_beat": "django_admin",
    }


@contextmanager
def _uncached_lists() -> Iterator[None]:
    """Run with core.pagination's count and ranked-id cache switched off (a cold search)."""
    from django.core.cache.backends.dummy import DummyCache

    from kunnskapsbro.core import pagination

    remembered = pagination.cache
    pagination.cache = DummyCache("uncached", {})
    try:
        yield
    finally:
        pagination.cache = remembered


def _filters(bench: Bench) -> dict[str, Any]:
    return {"status": ["active"], "focus_area": [bench.sample["focus_area"]], "year": 2024}


def _searches(extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [{"q": q, **(extra or {})} for q in SEARCH_QUERIES]


@figure("portfolio_filters", "Portefølje, filtre (anonym)", PAGE_TARGET_MS)
def portfolio_filters(bench: Bench) -> dict[str, Any]:
    return _portfolio_figure(bench, "anonymous", [_filters(bench)])


@figure("portfolio_filters_signed_in", "Portefølje, filtre (koordinator)", PAGE_TARGET_MS)
def portfolio_filters_signed_in(bench: Bench) -> dict[str, Any]:
    return _portfolio_figure(bench, "coordinator", [_filters(bench)])


@figure("portfolio_search", "Portefølje, fritekstsøk (anonym)", PAGE_TARGET_MS)
def portfolio_search(bench: Bench) -> dict[str, Any]:
    return _portfolio_figure(bench, "anonymous", _searches())


@figure("portfolio_search_signed_in", "Portefølje, fritekstsøk (koordinator)", PAGE_TARGET_MS)
def portfolio_search_signed_in(bench: Bench) -> dict[str, Any]:
    return _portfolio_figure(bench, "coordinator", _searches())


@figure("portfolio_search_filters", "Portefølje, søk + filtre (anonym)", PAGE_TARGET_MS)
def portfolio_search_filters(bench: Bench) -> dict[str, Any]:
    return _portfolio_figure(bench, "anonymous", _searches(_filters(bench)))


@figure(
    "portfolio_search_filters_signed_in", "Portefølje, søk + filtre (koordinator)", PAGE_TARGET_MS
)
def portfolio_search_filters_signed_in(bench: Bench) -> dict[str, Any]:
    return _portfolio_figure(bench, "coordinator", _searches(_filters(bench)))


# --- a project -------------------------------------------------------------------------


def _project_sql(project_id: int) -> list[tuple[str, Any]]:
    """What the project page reads, as hand-written SQL on the same tables."""
    from kunnskapsbro.projects.models import (
        FundingLine,
        Project,
        ProjectParticipant,
        ProjectPartner,
        StatusTransition,
    )

    def table(model: Any) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    p = [project_id]
    return [
        (f"SELECT * FROM {table(Project)} WHERE id = %s", p),
        (f"SELECT * FROM {table(ProjectPartner)} WHERE project_id = %s", p),
        (f"SELECT * FROM {table(ProjectParticipant)} WHERE project_id = %s", p),
        (f"SELECT * FROM {table(FundingLine)} WHERE project_id = %s", p),
        (f"SELECT * FROM {table(StatusTransition)} WHERE project_id = %s ORDER BY at DESC", p),
        (
            f"SELECT * FROM {table(Project.history.model)} WHERE id = %s "
            "ORDER BY history_date DESC",
            p,
        ),
    ]


def _project_figure(bench: Bench, who: str) -> dict[str, Any]:
    ids = bench.sample["project_ids"]
    times = bench.get(who, [f"/prosjekter/{pk}/" for pk in ids])
    raw = bench.raw_sql([_project_sql(pk) for pk in ids])
    admin = bench.get("admin", [f"/admin/projects/project/{pk}/change/" for pk in ids])
    return {
        **summary(times),
        "baselines": {
            "raw_sql": summary(raw)["p95_ms"],
            "django_admin_change": summary(admin)["p95_ms"],
        },
    }


@figure("project_page", "Prosjektside (anonym)", PAGE_TARGET_MS)
def project_page(bench: Bench) -> dict[str, Any]:
    return _project_figure(bench, "anonymous")


@figure("project_page_signed_in", "Prosjektside (koordinator)", PAGE_TARGET_MS)
def project_page_signed_in(bench: Bench) -> dict[str, Any]:
    return _project_figure(bench, "coordinator")


# --- the front page --------------------------------------------------------------------


@figure("front_page", "Forsiden (anonym)", PAGE_TARGET_MS)
def front_page(bench: Bench) -> dict[str, Any]:
    """The front page: partnerships with their project counts and the portfolio by status."""
    times = bench.get("anonymous", ["/"])
    with _uncached_lists():
        uncached = bench.get("anonymous", ["/"])
    return {
        **summary(times),
        "baselines": {
            "uncached_p95_ms": summary(uncached)["p95_ms"],
            "uncached_p50_ms": summary(uncached)["p50_ms"],
        },
    }


# --- the API ---------------------------------------------------------------------------


def _api_figure(bench: Bench, variants: list[dict[str, Any]]) -> dict[str, Any]:
    urls = ["/api/v1/projects?" + urlencode(v, doseq=True) for v in variants]
    times = bench.get("anonymous", urls)
    with _uncached_lists():
        uncached = bench.get("anonymous", urls)
    raw = bench.raw_sql([_portfolio_sql(bench, "anonymous", v) for v in variants])
    return {
        **summary(times),
        "baselines": {
            "raw_sql": summary(raw)["p95_ms"],
            "uncached_p95_ms": summary(uncached)["p95_ms"],
            "uncached_p50_ms": summary(uncached)["p50_ms"],
        },
        "requests": urls,
    }


@figure("api_list_filters", "API-liste, filtre", PAGE_TARGET_MS)
def api_list_filters(bench: Bench) -> dict[str, Any]:
    return _api_figure(bench, [_filters(bench)])


@figure("api_list_q", "API-liste, q=", PAGE_TARGET_MS)
def api_list_q(bench: Bench) -> dict[str, Any]:
    return _api_figure(bench, _searches())


# --- a worker's memory -----------------------------------------------------------------


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of ``pid`` in MB: ``VmRSS`` (all of it), ``RssAnon`` (the process's own
    memory) or ``RssFile`` (mapped files: on SQLite mostly the database, ``mmap_size``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@figure("worker_memory", "Webarbeider, residentminne", MEMORY_TARGET_MB, unit="MB")
def worker_memory(bench: Bench) -> dict[str, Any]:
    """One gunicorn worker serving a few hundred mixed requests; its peak VmRSS."""
    from kunnskapsbro.core.management.commands.serve import gunicorn_argv

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = gunicorn_argv(host="127.0.0.1", port=port, workers=1, graceful_timeout=5)
    argv[argv.index("--access-logfile") + 1] = "/dev/null"
    argv += ["--log-level", "warning"]
    server = subprocess.Popen(argv, env=os.environ.copy(), stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        workers = _children(server.pid)
        if len(workers) != 1:
            raise RuntimeError(f"expected one gunicorn worker, found {workers}")
        worker = workers[0]
        idle = _rss_mb(worker)
        area = bench.sample["focus_area"]
        paths = [
            f"/prosjekter/?status=active&focus_area={area}&year=2024",
            *[f"/prosjekter/?{urlencode({'q': q})}" for q in SEARCH_QUERIES],
            *[f"/prosjekter/{pk}/" for pk in bench.sample["project_ids"][:50]],
            f"/api/v1/projects?focus_area={area}&limit=200",
            "/prosjekter/?side=400",
        ]
        peak, times = idle, []
        requests = 400
        for i in range(requests):
            started = time.perf_counter()
            with urllib.request.urlopen(base + paths[i % len(paths)], timeout=30) as response:  # noqa: S310
                response.read()
            times.append((time.perf_counter() - started) * 1000)
            if i % 20 == 0:
                peak = max(peak, _rss_mb(worker))
        final = _rss_mb(worker)
        peak = max(peak, final)
        anon, mapped = _rss_mb(worker, "RssAnon"), _rss_mb(worker, "RssFile")
    finally:
        server.terminate()
        server.wait(timeout=20)
    return {
        "rss_mb": round(peak, 1),
        "baselines": {
            "idle_worker_rss_mb": round(idle, 1),
            # At the end: the worker's own memory and the file pages it has mapped (shared
            # with the page cache, reclaimable), which VmRSS counts as well.
            "final_rss_anon_mb": round(anon, 1),
            "final_rss_file_mb": round(mapped, 1),
        },
        "requests": requests,
        "http_p95_ms": round(percentile(times, 95), 2),
    }


# --- generation (measured when the data is made) ----------------------------------------


@figure("generate", "Generering av data (sekunder)", GENERATE_TARGET_S, unit="s")
def generate_figure(bench: Bench) -> dict[str, Any]:
    seconds = bench.generation.get("seconds")
    return {
        "seconds": seconds,
        "baselines": {"search_index_seconds": bench.generation.get("index_seconds")},
        "reused": bench.generation.get("reused", False),
    }


# --- matching (search.matching) --------------------------------------------------------


@figure("matching", "Matching av et kunnskapsbehov", 100.0)
def matching_figure(bench: Bench) -> dict[str, Any]:
    """One need matched against all projects, people and open assignments (three ranked lists
    with reasons, as on the need page), over the evaluation set's 31 needs. Baselines: the
    index search alone (no reading of the matched rows) and the time to rebuild the index."""
    from kunnskapsbro.search import matching
    from kunnskapsbro.search.eval.needs import NEEDS

    started = time.perf_counter()
    index = matching.rebuild()
    rebuild_s = time.perf_counter() - started
    texts = [need["text"] for need in NEEDS]

    def full(i: int) -> None:
        matching.match_kinds(texts[i % len(texts)], limit=10, public_only=False)

    def engine(i: int) -> None:
        groups = matching.analyse_query(texts[i % len(texts)])
        for kind in matching.KINDS:
            index.search(groups, kind=kind, limit=10)

    times = bench.time(full)
    return {
        **summary(times),
        "baselines": {
            "index_search_only_p95_ms": summary(bench.time(engine))["p95_ms"],
            "index_rebuild_s": round(rebuild_s, 1),
        },
        "documents": {kind: part.size for kind, part in index.kinds.items()},
    }


# --- reports (reports/bench.py holds the measuring) ------------------------------------


@figure("dashboard_aggregates", "Dashbord for et partnerskap", 100.0)
def dashboard_aggregates_figure(bench: Bench) -> dict[str, Any]:
    from kunnskapsbro.reports.bench import measure_dashboard

    return measure_dashboard(bench)


@figure("annual_report_pdf", "Årsrapport som PDF (1 000 prosjekter)", 10.0, unit="s")
def annual_report_pdf_figure(bench: Bench) -> dict[str, Any]:
    from kunnskapsbro.reports.bench import measure_annual_pdf

    return measure_annual_pdf(bench)


# --- spreadsheet import (interop/bench.py holds the measuring) -------------------------


@figure("import_10k_rows", "Import av 10 000 rader (regneark)", 10.0, unit="s")
def import_figure(bench: Bench) -> dict[str, Any]:
    """Upload → preview → commit of a 10,000-row sheet, end to end through the import
    services, rolled back afterwards so the bench database keeps its N projects. Baseline:
    openpyxl's bare read of the same file (DESIGN.md §5: within 3× of it)."""
    from django.db import transaction

    from kunnskapsbro.interop.bench import measure_spreadsheet_import
    from kunnskapsbro.partnerships.models import Partnership

    with transaction.atomic():
        partnership = Partnership.objects.get(pk=bench.sample["partnership"])
        measured = measure_spreadsheet_import(partnership=partnership)
        transaction.set_rollback(True)
    baseline = measured["openpyxl_seconds"]
    return {
        "seconds": round(measured["seconds"], 2),
        "rows": measured["rows"],
        "job_status": measured["status"],
        "baselines": {"openpyxl_read": round(baseline, 2)},
        "ratio_to_openpyxl": round(measured["seconds"] / baseline, 1) if baseline else None,
    }


# --- running and reporting -------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
    except (OSError, StopIteration):
        kb = 0
    info = {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gb": round(kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def _passed(fig: Figure, result: dict[str, Any]) -> bool | None:
    if fig.measure is None:
        return None
    value = {"ms": result.get("p95_ms"), "s": result.get("seconds"), "MB": result.get("rss_mb")}[
        fig.unit
    ]
    if value is None or fig.target is None:
        return None
    ok = value <= fig.target
    peer = result.get("must_beat")
    if peer:
        ok = ok and value < result["baselines"][peer]
    return ok


def run(
    *,
    projects: int,
    runs: int = RUNS,
    warmup: int = WARMUP,
    generation: dict[str, Any] | None = None,
    only: Sequence[str] = (),
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure every registered figure (or those named in ``only``); the JSON report."""
    bench = Bench(projects=projects, runs=runs, warmup=warmup, generation=generation or {})
    results = []
    for fig in REGISTRY:
        if only and fig.name not in only:
            continue
        entry: dict[str, Any] = {"name": fig.name, "title": fig.title, "unit": fig.unit}
        if fig.unit == "ms":
            entry["target_ms"] = fig.target
        elif fig.unit == "s":
            entry["target_s"] = fig.target
        else:
            entry["target_mb"] = fig.target
        if fig.measure is None:
            entry.update({"status": "not built yet", "waits_for": fig.waits_for, "pass": None})
        else:
            say(f"  {fig.name} …")
            entry.update(fig.measure(bench))
            entry["status"] = "measured"
            entry["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            entry["pass"] = _passed(fig, entry)
        results.append(entry)
    return {
        "database": connection.vendor,
        "projects": projects,
        "runs": runs,
        "warmup": warmup,
        "machine": machine(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": results,
    }


def table(report: dict[str, Any]) -> str:
    """The report as a plain-text table: figure, target, measured, ratios, pass/fail."""
    rows = [("figure", "target", "p50", "p95 / value", "baselines (p95)", "ratio", "result")]
    for r in report["results"]:
        unit = r["unit"]
        target = r.get("target_ms") or r.get("target_s") or r.get("target_mb")
        target_text = f"≤ {target:g} {unit}" if target else "–"
        if r["status"] != "measured":
            rows.append(
                (r["name"], target_text, "", "", "", "", f"not built yet ({r['waits_for']})")
            )
            continue
        if unit == "ms":
            p50, value = f"{r['p50_ms']:.1f}", r["p95_ms"]
        elif unit == "s":
            p50, value = "", r.get("seconds")
        else:
            p50, value = "", r.get("rss_mb")
        baselines = r.get("baselines", {})
        base_text = ", ".join(
            f"{k} {v:.1f}" for k, v in baselines.items() if isinstance(v, int | float)
        )
        ratios = ", ".join(
            f"{value / v:.2f}× {k}"
            for k, v in baselines.items()
            if isinstance(v, int | float) and v and value is not None and unit == "ms"
        )
        result = {True: "PASS", False: "FAIL", None: "–"}[r["pass"]]
        value_text = f"{value:.1f} {unit}" if isinstance(value, int | float) else "–"
        rows.append((r["name"], target_text, p50, value_text, base_text, ratios, result))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"{report['database']} · {report['projects']:,} projects · {report['runs']} runs after "
        f"{report['warmup']} warm-up · {report['machine'].get('cpu')} ({report['machine'].get('cores')} cores)"
    ]
    for i, row in enumerate(rows):
        lines.append("  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(row)))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def merged(report: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any]:
    """``report`` with the figures it did not measure taken from ``earlier`` (a run of some
    figures, ``--only``, keeps the rest of the last full run), when both describe the same
    database and number of projects; each figure keeps its own ``measured_at``."""
    if (earlier.get("database"), earlier.get("projects")) != (
        report["database"],
        report["projects"],
    ):
        return report
    fresh = {r["name"]: r for r in report["results"]}
    kept = {r["name"]: r for r in earlier.get("results", []) if r["name"] not in fresh}
    order = [fig.name for fig in REGISTRY]
    results = sorted(
        [*fresh.values(), *kept.values()],
        key=lambda r: order.index(r["name"]) if r["name"] in order else len(order),
    )
    return {**report, "results": results}


def write_json(report: dict[str, Any], path: str | Path, *, merge: bool = False) -> None:
    """Write the report; with ``merge``, keep the figures of the file it did not measure."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if merge and path.exists():
        report = merged(report, json.loads(path.read_text()))
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)


def python() -> str:
    return sys.executable
