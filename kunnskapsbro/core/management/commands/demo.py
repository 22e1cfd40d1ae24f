"""``kunnskapsbro demo``: load the TRD3.0 demo partnership (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kunnskapsbro.core.demo import load_demo


class Command(BaseCommand):
    help = (
        "Laster demopartnerskapet TRD3.0 (Trondheim kommune og NTNU) med organisasjoner, "
        "styringsorganer, fiktive personer og eksempelprosjekter. Kan kjøres flere ganger."
    )

    def handle(self, *args, **options) -> None:
        load_demo(stdout=self.stdout)
