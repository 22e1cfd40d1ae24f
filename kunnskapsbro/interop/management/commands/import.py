"""``kunnskapsbro import <format> <file> [--partnership SLUG] [--commit]``: dry run by default.

Prints the summary and every row error; exits 1 when the file is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kunnskapsbro.interop import services
from kunnskapsbro.interop.models import ImportFormat, ImportStatus
from kunnskapsbro.partnerships.models import Partnership


class Command(BaseCommand):
    help = "Importer prosjekter fra regneark eller nasjonale registre (prøvekjøring uten --commit)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("format", choices=ImportFormat.values)
        parser.add_argument("file", help="Filen som skal importeres.")
        parser.add_argument(
            "--extra",
            default="",
            help="Tilleggsfil (cordis: organization.json når filen er project.json).",
        )
        parser.add_argument("--partnership", default="", help="Partnerskapets lenkenavn (slug).")
        parser.add_argument("--commit", action="store_true", help="Lagre (ellers prøvekjøring).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Finner ikke filen {path}.")
        partnership = self._partnership(options["partnership"])
        extra = Path(options["extra"]) if options["extra"] else None
        try:
            job = services.import_job_create(
                fmt=options["format"],
                data=path.read_bytes(),
                filename=path.name,
                partnership=partnership,
                extra_data=extra.read_bytes() if extra else None,
                extra_filename=extra.name if extra else "",
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        job = services.import_job_preview(job=job)
        if job.status == ImportStatus.PREVIEWED and options["commit"]:
            job = services.import_job_commit(job=job)
        self._report(job, committed=options["commit"])
        if job.status == ImportStatus.FAILED:
            raise CommandError(
                f"Filen ble avvist: {job.error_count} feil. Ingenting er lagret.", returncode=1
            )

    def _partnership(self, slug: str) -> Partnership:
        if slug:
            partnership = Partnership.objects.filter(slug=slug).first()
            if partnership is None:
                raise CommandError(f"Fant ikke partnerskapet «{slug}».")
            return partnership
        partnerships = list(Partnership.objects.order_by("pk")[:2])
        if len(partnerships) != 1:
            raise CommandError(
                "Angi --partnership SLUG (det finnes ikke nøyaktig ett partnerskap)."
            )
        return partnerships[0]

    def _report(self, job: Any, *, committed: bool) -> None:
        write = self.stdout.write
        write(f"{job.get_format_display()}: {job.original_name} ({job.row_count} rader)")
        verb = "" if committed and job.status == ImportStatus.COMMITTED else " (prøvekjøring)"
        write(
            f"Nye prosjekter: {job.created_count}, endrede: {job.updated_count}, "
            f"uendrede: {job.unchanged_count}, nye organisasjoner: {job.organizations_created}"
            f"{verb}"
        )
        if job.duration_seconds is not None:
            write(f"Tid: {job.duration_seconds:.2f} s")
        for error in job.errors:
            column = f", kolonne «{error['column']}»" if error["column"] else ""
            self.stderr.write(f"Rad {error['row']}{column}: {error['message']}")
        if job.status == ImportStatus.PREVIEWED and not committed:
            write("Ingenting er lagret. Kjør på nytt med --commit for å importere.")
