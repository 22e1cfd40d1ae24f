"""``kunnskapsbro generate --projects N [--seed S] [--flush]``: a synthetic national installation.

Refuses a database that already has projects; ``--flush`` empties the database first (Django's
``flush``: every row, users included), so only use it on a database made for benchmarking.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kunnskapsbro.bench.generate import GenerationRefused, generate


class Command(BaseCommand):
    help = "Fyller databasen med syntetiske data i nasjonal skala (for ytelsesmåling)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--projects", type=int, required=True, help="Antall prosjekter")
        parser.add_argument("--seed", type=int, default=1, help="Frø (samme frø, samme data)")
        parser.add_argument(
            "--flush", action="store_true", help="Tøm hele databasen først (alle rader)"
        )

    def handle(self, *args, **options) -> None:
        if options["projects"] < 1:
            raise CommandError("--projects må være minst 1.")
        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
        try:
            result = generate(
                projects=options["projects"],
                seed=options["seed"],
                stdout=lambda message: self.stdout.write(message),
            )
        except GenerationRefused as exc:
            raise CommandError(
                "Databasen har allerede prosjekter. Bruk en tom database, eller --flush for å "
                "tømme denne først."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.projects} prosjekter (frø {result.seed}) på {result.seconds:.1f} s, "
                f"herav søkeindeks {result.index_seconds:.1f} s."
            )
        )
