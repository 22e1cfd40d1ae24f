"""One parser per import format; each exposes ``parse(data, **options) -> ParseResult``."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from .base import ImportFileError, ParseResult

MODULES = {
    "xlsx": "spreadsheet",
    "csv": "spreadsheet",
    "rcn-eu": "rcn_eu",
    "rcn-applications": "rcn_applications",
    "cordis": "cordis",
    "nva": "nva",
}


def parser_for(fmt: str) -> Callable[..., ParseResult]:
    if fmt not in MODULES:
        raise ImportFileError(f"unknown format {fmt!r}")
    module = import_module(f"{__name__}.{MODULES[fmt]}")
    parse: Callable[..., Any] = module.parse
    return parse


__all__ = ["MODULES", "ImportFileError", "ParseResult", "parser_for"]
