"""``kunnskapsbro import``: dry run by default, --commit writes, a refused file exits 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from kunnskapsbro.projects.models import Project

from .conftest import NVA_DIR

pytestmark = pytest.mark.django_db


def test_dry_run_then_commit(partnership: Any, settings: Any, tmp_path: Path, capsys: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    path = NVA_DIR / "cristinGetProjectResponse.json"
    call_command("import", "nva", str(path), "--partnership", "trd30")
    out = capsys.readouterr().out
    assert "Nye prosjekter: 1" in out and "prøvekjøring" in out
    assert not Project.objects.exists()
    call_command("import", "nva", str(path), "--commit")
    assert Project.objects.count() == 1


def test_refused_file_exits_non_zero(
    partnership: Any, settings: Any, tmp_path: Path, capsys: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "broken.csv"
    path.write_text("ID;Tittel;Startdato\nA;;01.01.2024\nB;Ok;99.99.2024\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import", "csv", str(path), "--commit")
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "Rad 2, kolonne «Tittel»" in err and "Rad 3, kolonne «Startdato»" in err
    assert not Project.objects.exists()


def test_unknown_partnership(partnership: Any) -> None:
    with pytest.raises(CommandError, match="Fant ikke partnerskapet"):
        call_command(
            "import",
            "nva",
            str(NVA_DIR / "cristinGetProjectResponse.json"),
            "--partnership",
            "nope",
        )
