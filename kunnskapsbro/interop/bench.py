"""The 10,000-row spreadsheet import figure for ``make bench`` (DESIGN.md §5: ≤ 10 s end to
end, within 3× of openpyxl's bare read). ``measure_spreadsheet_import()`` returns both."""

from __future__ import annotations

import io
import time
from typing import Any


def make_sheet(rows: int = 10_000) -> bytes:
    """A template-shaped .xlsx with ``rows`` projects (deterministic)."""
    from openpyxl import Workbook

    from .importers.spreadsheet import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(label) for label, _required in COLUMNS.values()])
    for n in range(rows):
        sheet.append(
            [
                f"B-{n}",
                f"Benkprosjekt {n}",
                f"B{n}",
                "",
                "Forskningsprosjekt",
                "Idé",
                "01.01.2025",
                "31.12.2027",
                "Intern",
                "",
                "",
                "Norges forskningsråd",
                "",
                "1 000 000,00",
                "",
                "NOK",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure_spreadsheet_import(*, partnership: Any, rows: int = 10_000) -> dict[str, float]:
    """Seconds for openpyxl's bare read and for our upload → preview → commit of one sheet."""
    from openpyxl import load_workbook

    from . import services

    data = make_sheet(rows)
    started = time.perf_counter()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    job = services.import_job_create(
        fmt="xlsx", data=data, filename="bench.xlsx", partnership=partnership
    )
    job = services.import_job_preview(job=job)
    job = services.import_job_commit(job=job)
    total = time.perf_counter() - started
    return {"rows": rows, "seconds": total, "openpyxl_seconds": baseline, "status": job.status}
