"""``kunnskapsbro report annual --partnership SLUG --year YYYY --output FILE.pdf [--language]``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kunnskapsbro.reports.services import annual_report_write


class Command(BaseCommand):
    help = "Lager rapporter. «report annual» skriver årsrapporten som PDF (eller HTML)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        annual = sub.add_parser("annual", help="Årsrapport for et partnerskap")
        annual.add_argument("--partnership", required=True, help="Partnerskapets lenkenavn")
        annual.add_argument("--year", required=True, type=int)
        annual.add_argument("--output", required=True, help="FIL.pdf eller FIL.html")
        annual.add_argument("--language", choices=["nb", "en"], default="nb")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            size = annual_report_write(
                slug=options["partnership"],
                year=options["year"],
                output=options["output"],
                language=options["language"],
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        self.stdout.write(f"{options['output']} ({size} bytes)")
