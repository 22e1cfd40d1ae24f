"""``kunnskapsbro bench --projects N --json FILE``: the benchmark of DESIGN.md §5.

It never touches your own database. It benchmarks a dedicated one: an SQLite file under
``$KUNNSKAPSBRO_DATA_DIR/bench/sqlite-<N>-seed<S>/``, or (``--database postgresql``, the
default when ``DATABASE_URL`` names PostgreSQL) the database ``kunnskapsbro_bench`` on the same
server. The data is generated once and reused while N, seed and generator version match (a
marker file records them). The measuring runs in a child process whose settings point at that
database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kunnskapsbro.bench import runner

GENERATOR_VERSION = 2
BENCH_DB = "kunnskapsbro_bench"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


class Command(BaseCommand):
    help = "Måler ytelsesmålene i DESIGN.md §5 på en egen, generert database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--projects", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", dest="json_path", help="Skriv resultatene som JSON hit")
        parser.add_argument("--runs", type=int, default=runner.RUNS)
        parser.add_argument("--warmup", type=int, default=runner.WARMUP)
        parser.add_argument(
            "--database",
            choices=["auto", "sqlite", "postgresql"],
            default="auto",
            help="auto: PostgreSQL når DATABASE_URL peker dit, ellers SQLite",
        )
        parser.add_argument("--postgres-url", default="", help="Server for kunnskapsbro_bench")
        parser.add_argument(
            "--if-available",
            action="store_true",
            help="Hopp over (uten feil) når PostgreSQL ikke svarer",
        )
        parser.add_argument(
            "--skip-generate",
            action="store_true",
            help="Mål databasen slik den er (den må ha prosjekter)",
        )
        parser.add_argument("--only", nargs="*", default=[], help="Bare disse målene")
        parser.add_argument("--in-place", action="store_true", help=argparse_hidden())
        parser.add_argument("--marker", default="", help=argparse_hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_place"]:
            self._measure(options)
            return
        env = os.environ.copy()
        env["PYTHONUNBUFFERED"] = "1"
        database = options["database"]
        url = options["postgres_url"] or env.get("DATABASE_URL", "")
        if database == "auto":
            database = (
                "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
            )
        if database == "postgresql":
            url = url or DEFAULT_POSTGRES
            try:
                bench_url = _ensure_postgres_database(url)
            except Exception as exc:  # noqa: BLE001 - any connection failure means "not here"
                if options["if_available"]:
                    self.stdout.write(f"PostgreSQL svarer ikke ({exc}); hoppet over.")
                    return
                raise CommandError(f"PostgreSQL svarer ikke: {exc}") from exc
            env["DATABASE_URL"] = bench_url
            marker = Path(settings.DATA_DIR) / "bench" / f"postgresql-{BENCH_DB}.json"
        else:
            env.pop("DATABASE_URL", None)
            data_dir = (
                Path(settings.DATA_DIR)
                / "bench"
                / f"sqlite-{options['projects']}-seed{options['seed']}"
            )
            data_dir.mkdir(parents=True, exist_ok=True)
            env["KUNNSKAPSBRO_DATA_DIR"] = str(data_dir)
            marker = data_dir / "bench.json"
        marker.parent.mkdir(parents=True, exist_ok=True)
        argv = [
            sys.executable,
            "-m",
            "kunnskapsbro.cli",
            "bench",
            "--in-place",
            "--marker",
            str(marker),
        ]
        for name in ("projects", "seed", "runs", "warmup"):
            argv += [f"--{name}", str(options[name])]
        if options["json_path"]:
            argv += ["--json", str(Path(options["json_path"]).resolve())]
        if options["skip_generate"]:
            argv.append("--skip-generate")
        if options["only"]:
            argv += ["--only", *options["only"]]
        completed = subprocess.run(argv, env=env, check=False)  # noqa: S603
        if completed.returncode:
            raise CommandError(f"benchmark failed (exit {completed.returncode})")

    def _measure(self, options: dict[str, Any]) -> None:
        from kunnskapsbro.bench.generate import generate
        from kunnskapsbro.projects.models import Project

        call_command("migrate", interactive=False, verbosity=0)
        marker = Path(options["marker"]) if options["marker"] else None
        wanted = {
            "projects": options["projects"],
            "seed": options["seed"],
            "generator_version": GENERATOR_VERSION,
        }
        generation: dict[str, Any] = {}
        recorded = json.loads(marker.read_text()) if marker and marker.exists() else {}
        if options["skip_generate"]:
            # Still report how long the data took to make, when the marker says so.
            generation = {**recorded, "reused": True}
        else:
            count = Project.objects.count()
            if (
                all(recorded.get(k) == v for k, v in wanted.items())
                and count == options["projects"]
            ):
                generation = {**recorded, "reused": True}
                self.stdout.write(
                    f"Gjenbruker genererte data ({count} prosjekter, generert på "
                    f"{recorded.get('seconds', 0):.0f} s)."
                )
            else:
                self.stdout.write(f"Genererer {options['projects']} prosjekter …")
                call_command("flush", interactive=False, verbosity=0)
                result = generate(
                    projects=options["projects"], seed=options["seed"], stdout=self.stdout.write
                )
                generation = {
                    **wanted,
                    "seconds": round(result.seconds, 1),
                    "index_seconds": round(result.index_seconds, 1),
                    "counts": result.counts,
                    "generated_at": time.strftime("%Y-%m-%d"),
                }
                if marker:
                    marker.write_text(json.dumps(generation, indent=2))
        projects = Project.objects.count()
        self.stdout.write(f"Måler ({projects} prosjekter) …")
        report = runner.run(
            projects=projects,
            runs=options["runs"],
            warmup=options["warmup"],
            generation=generation,
            only=options["only"],
            say=self.stdout.write,
        )
        if options["json_path"]:
            runner.write_json(report, options["json_path"], merge=bool(options["only"]))
        self.stdout.write(runner.table(report))


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def _ensure_postgres_database(url: str) -> str:
    """Create ``kunnskapsbro_bench`` on the server of ``url`` if needed; its URL."""
    import psycopg

    config = dj_database_url.parse(url)
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "dbname": "postgres",
        "connect_timeout": 5,
    }
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    base = url.rsplit("/", 1)[0]
    return f"{base}/{BENCH_DB}"
