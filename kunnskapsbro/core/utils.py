"""Small helpers shared by the apps' services."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import slugify

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def slugify_nb(text: str) -> str:
    """Django's ``slugify`` with the Norwegian letters spelled out first, upper case too:
    «Årsrapport for Ørland» → ``arsrapport-for-orland`` (plain ``slugify`` drops æ, ø and å)."""
    return slugify(text.lower().translate(_NORWEGIAN_LETTERS))


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    field: str = "slug",
    max_length: int = 80,
    scope: dict[str, Any] | None = None,
    exclude_pk: Any = None,
    reserved: frozenset[str] = frozenset(),
) -> str:
    """A slug from ``text`` that no other row (within ``scope``) uses: name, name-2, name-3..."""
    base = slugify_nb(text)[:max_length]
    base = base.strip("-") or "x"
    candidate = base
    counter = 2
    queryset = model._default_manager.filter(**(scope or {}))
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    # One query for every slug this could collide with (imports create hundreds of "sintef-N").
    taken = set(
        queryset.filter(**{f"{field}__startswith": base[: max_length - 8]}).values_list(
            field, flat=True
        )
    )
    while candidate in reserved or candidate in taken:
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return candidate


def apply_fields(instance: models.Model, data: dict[str, Any], allowed: set[str]) -> list[str]:
    """Set the allowed attributes from ``data``; return the names that changed."""
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown fields for {type(instance).__name__}: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        # RelatedObjectDoesNotExist is an AttributeError, so unset relations read as None.
        if getattr(instance, name, None) != value or instance._state.adding:
            setattr(instance, name, value)
            changed.append(name)
    return changed
