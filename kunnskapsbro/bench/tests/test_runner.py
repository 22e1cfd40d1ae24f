"""The benchmark runner measures through the real stack and reports the agreed JSON shape.

Timings are never asserted (they belong to ``make bench``); the shape, the baselines beside each
figure and the pass/fail logic are.
"""

from __future__ import annotations

import json

import pytest

from kunnskapsbro.bench import runner
from kunnskapsbro.bench.generate import generate

FIGURES = [
    "portfolio_filters",
    "portfolio_search",
    "portfolio_search_filters_signed_in",
    "project_page",
    "api_list_q",
]


@pytest.mark.django_db
def test_runner_reports_each_figure_with_its_baselines(tmp_path) -> None:
    generate(projects=60, seed=5)
    report = runner.run(projects=60, runs=3, warmup=1, only=FIGURES, say=lambda _m: None)
    assert report["projects"] == 60
    assert report["database"] in {"sqlite", "postgresql"}
    assert {"cpu", "cores", "ram_gb", "python", "sqlite"} <= set(report["machine"])
    by_name = {r["name"]: r for r in report["results"]}
    assert list(by_name) == FIGURES
    for name in FIGURES:
        result = by_name[name]
        assert result["status"] == "measured"
        assert result["target_ms"] == runner.PAGE_TARGET_MS
        assert 0 < result["p50_ms"] <= result["p95_ms"]
        if not name.startswith("portfolio"):
            assert result["pass"] == (result["p95_ms"] <= result["target_ms"])
        assert result["baselines"]["raw_sql"] >= 0
    for name in ("portfolio_filters", "portfolio_search", "portfolio_search_filters_signed_in"):
        baselines = by_name[name]["baselines"]
        assert baselines["django_admin"] > 0
        assert baselines["uncached_p95_ms"] > 0
        # The portfolio must also beat Django admin's changelist to pass.
        beats_admin = by_name[name]["p95_ms"] < baselines["django_admin"]
        within = by_name[name]["p95_ms"] <= runner.PAGE_TARGET_MS
        assert by_name[name]["pass"] == (beats_admin and within)
    assert "uncached_p95_ms" in by_name["api_list_q"]["baselines"]
    assert "django_admin_change" in by_name["project_page"]["baselines"]

    path = tmp_path / "report.json"
    runner.write_json(report, path)
    assert json.loads(path.read_text())["results"][0]["name"] == "portfolio_filters"
    text = runner.table(report)
    for name in FIGURES:
        assert name in text


def test_a_run_of_some_figures_keeps_the_rest_of_the_file(tmp_path) -> None:
    """``bench --only X --json F`` replaces X in F and keeps every other figure; a file of
    another database or size is replaced whole."""
    path = tmp_path / "latest.json"

    def report(names: list[str], value: float, database: str = "sqlite") -> dict:
        return {
            "database": database,
            "projects": 100,
            "results": [{"name": n, "p95_ms": value} for n in names],
        }

    runner.write_json(report(["portfolio_filters", "project_page", "generate"], 1.0), path)
    runner.write_json(report(["project_page"], 2.0), path, merge=True)
    written = json.loads(path.read_text())
    assert [(r["name"], r["p95_ms"]) for r in written["results"]] == [
        ("portfolio_filters", 1.0),
        ("project_page", 2.0),
        ("generate", 1.0),
    ]
    runner.write_json(report(["project_page"], 3.0, database="postgresql"), path, merge=True)
    written = json.loads(path.read_text())
    assert [(r["name"], r["p95_ms"]) for r in written["results"]] == [("project_page", 3.0)]
