"""Norwegian display formats (CONVENTIONS.md): dates, numbers, money, orgnr.

Data and APIs use ISO 8601 and plain numbers; only what a person reads goes through here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

NBSP = "\u00a0"
MONTHS_NB = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip
MONTHS_NN = MONTHS_NB
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _is_english() -> bool:
    return (get_language() or "nb").startswith("en")


def date_short(value: dt.date | None) -> str:
    """17.05.2024 (tables)."""
    if not value:
        return ""
    if _is_english():
        return value.strftime("%d %b %Y")
    return value.strftime("%d.%m.%Y")


def date_long(value: dt.date | None) -> str:
    """17. mai 2024 (running text)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if _is_english():
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.day}. {MONTHS_NB[value.month - 1]} {value.year}"


def datetime_short(value: dt.datetime | None) -> str:
    """17.05.2024 kl. 13.00 in local time."""
    if not value:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if _is_english():
        return local.strftime("%d %b %Y %H:%M")
    return f"{local:%d.%m.%Y} kl.{NBSP}{local:%H.%M}"


def number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1 234 567,5 with a non-breaking space as thousands separator (English: 1,234,567.5)."""
    if value is None:
        return ""
    formatted = f"{Decimal(value):,.{decimals}f}"
    if _is_english():
        return formatted
    return formatted.replace(",", NBSP).replace(".", ",")


def money(value: int | float | Decimal | None, currency: str = "NOK") -> str:
    """1 234 567 kr, or EUR 1 803 281 for other currencies."""
    if value is None:
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    text = number(amount, decimals)
    if currency == "NOK":
        return f"{text}{NBSP}kr" if not _is_english() else f"NOK{NBSP}{text}"
    return f"{currency}{NBSP}{text}"


def percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """12,5 %"""
    if value is None:
        return ""
    return f"{number(value, decimals)}{NBSP}%"


def orgnr(value: str | None) -> str:
    """974 767 880"""
    if not value:
        return ""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 9:
        return value
    return f"{digits[:3]}{NBSP}{digits[3:6]}{NBSP}{digits[6:]}"


def yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nei")
