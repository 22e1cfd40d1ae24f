"""Rebuild the project search index (all projects, or the ids given)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kunnskapsbro.search.services import index_projects


class Command(BaseCommand):
    help = "Rebuild the full-text search index for projects. Idempotent: it only derives data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project_ids", nargs="*", type=int, help="only these projects")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        count = index_projects(options["project_ids"] or None, batch_size=options["batch_size"])
        self.stdout.write(f"Indexed {count} projects.")
