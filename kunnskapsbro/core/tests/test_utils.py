from __future__ import annotations

import pytest

from kunnskapsbro.core.utils import slugify_nb, unique_slug
from kunnskapsbro.organizations.models import Organization


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Årsrapport for Ørland", "arsrapport-for-orland"),
        ("Hva vi lærte av Økonomi-prosjektet", "hva-vi-laerte-av-okonomi-prosjektet"),
        ("ÆRE, BLÅBÆR", "aere-blabaer"),
        ("Trondheim kommune", "trondheim-kommune"),
        ("«!»", ""),
    ],
)
def test_slugify_nb_spells_out_norwegian_letters_in_both_cases(text: str, slug: str) -> None:
    assert slugify_nb(text) == slug


def test_unique_slug_keeps_upper_case_norwegian_letters(db) -> None:
    assert unique_slug(Organization, "Ørland kommune") == "orland-kommune"
