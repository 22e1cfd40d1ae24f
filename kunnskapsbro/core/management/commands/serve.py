"""``kunnskapsbro serve``: migrate, load the demo into an empty installation, run gunicorn.

The command ends by replacing itself with gunicorn (``os.execvp``), so signals sent to the
process (Ctrl-C, SIGTERM from a supervisor) reach gunicorn directly. The environment is passed
through unchanged, so ``DATABASE_URL`` and ``KUNNSKAPSBRO_DATA_DIR`` apply to the workers too.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

import kunnskapsbro


def _bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def gunicorn_executable() -> str:
    """The gunicorn next to this Python (the same virtualenv), else the one on PATH."""
    candidate = Path(sys.executable).parent / "gunicorn"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("gunicorn")
    if not found:
        raise CommandError("Fant ikke gunicorn. Installer avhengighetene med `make venv`.")
    return found


def _supports(cli_flag: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(cli_flag in (setting.cli or []) for setting in KNOWN_SETTINGS)


def gunicorn_argv(*, host: str, port: int, workers: int, graceful_timeout: int) -> list[str]:
    package_root = Path(kunnskapsbro.__file__).resolve().parent.parent
    # Newer gunicorns open a control socket at one fixed path per user (~/.gunicorn), which
    # two installations on one machine would fight over; this runner does not need it.
    extra = ["--no-control-socket"] if _supports("--no-control-socket") else []
    return [
        gunicorn_executable(),
        "kunnskapsbro.wsgi:application",
        "--bind",
        _bind_address(host, port),
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        str(graceful_timeout),
        "--pythonpath",
        str(package_root),
        *extra,
    ]


class Command(BaseCommand):
    help = "Kjører migreringer, laster demodata i en tom installasjon og starter webserveren."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Adresse (standard 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port (standard 8000)")
        parser.add_argument(
            "--workers", type=int, default=2, help="Antall gunicorn-arbeidere (standard 2)"
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=20,
            help="Sekunder arbeiderne får til å avslutte pågående forespørsler",
        )
        parser.add_argument(
            "--no-demo", action="store_true", help="Ikke last demodata selv om databasen er tom"
        )

    def handle(self, *args, **options) -> None:
        host, port, workers = options["host"], options["port"], options["workers"]
        if workers < 1:
            raise CommandError("--workers må være minst 1.")
        call_command("migrate", interactive=False, verbosity=max(0, options["verbosity"] - 1))

        from kunnskapsbro.partnerships.models import Partnership

        if not options["no_demo"] and not Partnership.objects.exists():
            self.stdout.write("Tom database: laster demodata (TRD3.0) …")
            call_command("demo", stdout=self.stdout)

        display_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        self.stdout.write(f"Kunnskapsbro kjører på http://{display_host}:{port}/")
        self.stdout.write(
            f"Demoinnlogging: brukernavn «{settings.DEMO_USERNAME}», "
            f"passord «{settings.DEMO_PASSWORD}»"
        )
        self.stdout.flush()
        sys.stdout.flush()
        sys.stderr.flush()

        argv = gunicorn_argv(
            host=host,
            port=port,
            workers=workers,
            graceful_timeout=options["graceful_timeout"],
        )
        # WhiteNoise serves from the finders; an existing STATIC_ROOT avoids its warning.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        # Workers must read the same data directory even if it came from the default (cwd/var).
        os.environ["KUNNSKAPSBRO_DATA_DIR"] = str(settings.DATA_DIR)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunnskapsbro.settings")
        connections.close_all()
        os.execvp(argv[0], argv)  # noqa: S606 - replaces this process with gunicorn
