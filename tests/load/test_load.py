"""A short run of the load test, so CI exercises it: zero errors on every URL.

The same script as ``tests/load/run_load.py`` with 5 s per URL instead of 60, on the database
this test run uses: PostgreSQL when ``DATABASE_URL`` names one (a throw-away database on that
server), else SQLite. The figures worth quoting come from the full run on PostgreSQL::

    .venv/bin/python tests/load/run_load.py --duration 60 --connections 8

wrk must be installed (``apt-get install -y wrk``); without it this test fails, never skips.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.load import run_load
from tests.scaleout.stack import is_postgres_url

pytestmark = pytest.mark.load

SECONDS_PER_URL = int(os.environ.get("KUNNSKAPSBRO_LOAD_SECONDS", "5"))


def test_short_load_run_has_zero_errors(tmp_path, capsys):
    if not shutil.which("wrk"):
        pytest.fail(run_load.WRK_INSTALL_HINT + "; the load test never skips.", pytrace=False)
    database_url = os.environ.get("DATABASE_URL", "")
    argv = ["--duration", str(SECONDS_PER_URL), "--connections", "8", "--workers", "2"]
    argv += ["--json", str(tmp_path / "load.json")]
    argv += ["--database-url", database_url] if is_postgres_url(database_url) else ["--sqlite"]

    exit_code = run_load.main(argv)

    output = capsys.readouterr().out
    print(output)  # the table, shown with -s or on failure
    assert exit_code == 0, output
    report = json.loads((tmp_path / "load.json").read_text())
    assert report["database"] == ("postgresql" if is_postgres_url(database_url) else "sqlite")
    assert [r["path"].split("/")[1] for r in report["results"]] == ["prosjekter"] * 2 + ["api"]
    for result in report["results"]:
        assert result["requests"] > 0, result
        assert result["non_2xx"] == 0 and result["socket_errors"] == 0, result
