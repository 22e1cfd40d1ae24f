"""Template helpers for the education pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(row: dict[str, Any], key: str) -> Any:
    """``row[key]`` for a row whose key is chosen by the including template."""
    return row.get(key)
