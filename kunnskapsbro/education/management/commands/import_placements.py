"""Import a placement-system export (CSV): ``kunnskapsbro import_placements PARTNERSHIP FILE``.

Dry run unless ``--commit``: prints every row's action or errors. All rows or none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kunnskapsbro.education.services import placements_import
from kunnskapsbro.partnerships.models import Partnership


class Command(BaseCommand):
    help = "Importer praksisplasser fra en CSV-eksport (tørrkjøring uten --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partnership", help="partnerskapets lenkenavn (slug)")
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="skriv radene")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"Ukjent partnerskap «{options['partnership']}».")
        result = placements_import(
            partnership=partnership,
            content=options["file"].read_bytes(),
            commit=options["commit"],
        )
        for error in result.errors:
            self.stderr.write(error)
        for row in result.rows:
            if row.errors:
                self.stderr.write(f"linje {row.line}: " + "; ".join(row.errors))
            else:
                self.stdout.write(f"linje {row.line}: {row.action}")
        if not result.is_valid:
            raise CommandError("Ingenting er importert: rett feilene og prøv igjen.")
        verb = "importert" if result.committed else "klar (kjør med --commit)"
        self.stdout.write(
            f"{len(result.rows)} rader {verb}: {result.count('create')} nye, "
            f"{result.count('update')} endret, {result.count('unchanged')} uendret."
        )
