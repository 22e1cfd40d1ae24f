"""Validators for Norwegian identifiers (CONVENTIONS.md): orgnr, kommunenummer, ORCID."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.iso7064 import mod_11_2
from stdnum.no import orgnr as stdnum_orgnr


def normalize_orgnr(value: str | None) -> str | None:
    """Strip spaces and separators; empty means "no orgnr" (None, so uniqueness ignores it)."""
    if value is None:
        return None
    compact = re.sub(r"[\s.\-\u00a0]", "", str(value))
    return compact or None


def validate_orgnr(value: str) -> None:
    """Nine digits with a valid mod-11 check digit, checked with python-stdnum."""
    try:
        stdnum_orgnr.validate(value)
    except stdnum_exceptions.InvalidLength as exc:
        raise ValidationError(
            _("Organisasjonsnummeret må ha 9 siffer (fikk «%(value)s»)."),
            code="invalid_length",
            params={"value": value},
        ) from exc
    except stdnum_exceptions.InvalidFormat as exc:
        raise ValidationError(
            _("Organisasjonsnummeret kan bare inneholde siffer (fikk «%(value)s»)."),
            code="invalid_format",
            params={"value": value},
        ) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("«%(value)s» er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke)."),
            code="invalid_checksum",
            params={"value": value},
        ) from exc


def validate_municipality_number(value: str) -> None:
    if not re.fullmatch(r"\d{4}", value or ""):
        raise ValidationError(
            _("Kommunenummer har fire siffer, med null foran der det trengs (f.eks. 0301)."),
            code="invalid",
        )


def validate_orcid(value: str) -> None:
    """0000-0002-1825-0097: four groups of four, ISO 7064 11,2 check character."""
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", value or ""):
        raise ValidationError(_("ORCID skrives som 0000-0000-0000-0000."), code="invalid_format")
    if not mod_11_2.is_valid(value.replace("-", "")):
        raise ValidationError(
            _("«%(value)s» er ikke en gyldig ORCID (kontrolltegnet stemmer ikke)."),
            code="invalid_checksum",
            params={"value": value},
        )
