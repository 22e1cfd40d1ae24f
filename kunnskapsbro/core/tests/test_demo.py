"""The TRD3.0 demo: idempotent, and the facts it claims are the real ones."""

from __future__ import annotations

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from stdnum.no import orgnr as stdnum_orgnr

from kunnskapsbro.core.demo import (
    CITYXCHANGE_NORWEGIAN_PARTNERS,
    EXAMPLE_MAIL_DOMAINS,
    SEED_PROJECT_TITLES,
    demo_counts,
    load_demo,
)
from kunnskapsbro.organizations.models import Affiliation, Organization, OrgUnit, Person
from kunnskapsbro.partnerships.models import (
    Agreement,
    CrossCuttingElement,
    FocusArea,
    GovernanceBody,
    Membership,
    Partnership,
)
from kunnskapsbro.projects.models import Project, StatusTransition

EU_GRANTS_CSV = Path("/work/shared/data/forskningsradet_open-data/bevilgningereu/dataset.csv")


@pytest.fixture
def demo(db):
    return load_demo()


def test_loading_twice_changes_nothing(db):
    counts = load_demo()
    out = StringIO()
    call_command("demo", stdout=out)
    assert demo_counts() == counts
    assert "ingen endringer" in out.getvalue()
    assert Partnership.objects.filter(slug="trd30").count() == 1


def test_partnership_organisations_and_people(demo):
    """One load (it takes a few seconds), several groups of facts."""
    check_organisations_carry_real_identifiers()
    check_partnership_structure()
    check_governance()
    check_org_unit_trees()
    check_people_are_fictional()


def test_projects(demo):
    check_seed_projects()
    check_cityxchange_from_eu_grant_data()
    check_lifecycle_states_are_varied()


def check_organisations_carry_real_identifiers() -> None:
    tk = Organization.objects.get(orgnr="942110464")
    assert (tk.name, tk.kind, tk.municipality_number, tk.cristin_id) == (
        "Trondheim kommune",
        "municipality",
        "5001",
        "4601",
    )
    ntnu = Organization.objects.get(orgnr="974767880")
    assert (ntnu.kind, ntnu.ror_id, ntnu.cristin_id) == ("university", "05xg72x27", "194")
    sintef = Organization.objects.get(orgnr="948007029")
    assert (sintef.kind, sintef.ror_id) == ("research_institute", "01f677e56")
    # Cristin 7401 is SINTEF AS, not the foundation.
    assert Organization.objects.get(cristin_id="7401").orgnr == "919303808"
    assert Organization.objects.get(orgnr="970141669").short_name == "Forskningsrådet"
    ec = Organization.objects.get(name_en="European Commission")
    assert ec.orgnr is None and ec.country == "BE"
    assert Organization.objects.get(name="Zeabuz AS").orgnr is None
    for organization in Organization.objects.exclude(orgnr=None):
        assert stdnum_orgnr.is_valid(organization.orgnr), organization


def check_partnership_structure() -> None:
    partnership = Partnership.objects.get(slug="trd30")
    assert partnership.name == "TRD3.0 – Universitetskommunen Trondheim"
    assert partnership.description and partnership.description_en
    roles = {link.organization.orgnr: link.role for link in partnership.party_links.all()}
    assert roles == {
        "942110464": "municipality",
        "974767880": "university",
        "948007029": "associate",
    }

    areas = FocusArea.objects.filter(partnership=partnership)
    assert areas.count() == 5
    assert set(areas.filter(is_cross_sectoral=True).values_list("name", flat=True)) == {
        "Innovasjon og omstilling",
        "Smart by/kommune",
    }
    assert all(area.name_en and area.leader for area in areas)
    assert set(CrossCuttingElement.objects.values_list("name", flat=True)) == {
        "Utdanningssamarbeid",
        "Livslang læring",
        "Profesjonalisering av samarbeid for forskning og utvikling",
        "Tematiske oppdrag",
    }

    first = Agreement.objects.get(title="Partnerskapsavtale TRD3.0")
    assert (first.status, str(first.start_date), str(first.end_date)) == (
        "expired",
        "2018-01-01",
        "2021-12-31",
    )
    renewal = Agreement.objects.get(renews=first)
    assert (renewal.status, str(renewal.end_date)) == ("under_negotiation", "2025-12-31")
    sintef_agreement = Agreement.objects.exclude(pk__in=[first.pk, renewal.pk]).get()
    assert set(sintef_agreement.parties.values_list("orgnr", flat=True)) == {
        "942110464",
        "948007029",
    }


def check_governance() -> None:
    steering = GovernanceBody.objects.get(kind="steering_group")
    assert steering.memberships.count() == 8
    assert set(steering.memberships.values_list("role", flat=True)) == {
        "chair",
        "co_chair",
        "member",
    }
    committees = GovernanceBody.objects.filter(kind="innovation_committee")
    assert committees.count() == 5
    assert {c.focus_area.name for c in committees} == set(
        FocusArea.objects.values_list("name", flat=True)
    )
    for committee in committees:
        assert 8 <= committee.memberships.count() <= 12
        assert committee.memberships.filter(role__in=["chair", "co_chair"]).count() == 2

    coordination = GovernanceBody.objects.get(kind="coordination")
    assert coordination.memberships.filter(role="project_leader").count() == 5
    assert coordination.memberships.filter(role="coordinator").count() == 2
    for membership in coordination.memberships.filter(role="project_leader"):
        shares = Affiliation.objects.filter(person=membership.person)
        assert sorted(a.share_percent for a in shares) == [50, 50]
        assert {a.organization.orgnr for a in shares} == {"942110464", "974767880"}
        assert FocusArea.objects.filter(leader=membership.person).count() == 1


def check_org_unit_trees() -> None:
    tk = Organization.objects.get(orgnr="942110464")
    areas = OrgUnit.objects.filter(organization=tk, parent=None, kind="service_area")
    assert {"Helse og velferd", "Oppvekst og utdanning", "Byutvikling"} <= set(
        areas.values_list("name", flat=True)
    )
    assert OrgUnit.objects.filter(organization=tk, capacity_projects__gt=0).count() >= 10
    assert OrgUnit.objects.get(name="Institutt for pedagogikk og livslang læring").parent.name == (
        "Fakultet for samfunns- og utdanningsvitenskap"
    )


def check_people_are_fictional() -> None:
    assert Person.objects.count() >= 40
    for person in Person.objects.all():
        domain = person.email.rsplit("@", 1)[1]
        assert domain in EXAMPLE_MAIL_DOMAINS or domain.endswith(
            tuple("." + d for d in EXAMPLE_MAIL_DOMAINS)
        ), person.email
        assert not person.orcid and not person.cristin_person_id
    user = get_user_model().objects.get(username=settings.DEMO_USERNAME)
    assert user.is_superuser and user.check_password(settings.DEMO_PASSWORD)
    assert Membership.objects.filter(person=user.person, role="coordinator").exists()


def check_seed_projects() -> None:
    for title in SEED_PROJECT_TITLES:
        project = Project.objects.get(title=title)
        assert project.visibility == "public" and project.summary, title
    ferry = Project.objects.get(title__icontains="byferge")
    assert "fergen" in ferry.summary and "byferge" in ferry.summary.lower()
    assert ferry.partners.filter(organization__name="Zeabuz AS").exists()
    ungit = Project.objects.get(acronym="UngIT")
    assert ungit.municipal_units.filter(name="Kulturenheten").exists()


def check_cityxchange_from_eu_grant_data() -> None:
    project = Project.objects.get(identifiers__scheme="eu_grant", identifiers__value="824260")
    assert project.title == SEED_PROJECT_TITLES[0]
    assert (str(project.start_date), str(project.end_date)) == ("2018-11-01", "2023-10-31")
    tk = project.partners.get(organization__orgnr="942110464")
    assert (tk.role, tk.contribution, tk.currency) == ("partner", Decimal("1803281.25"), "EUR")
    assert project.partners.get(organization__orgnr="974767880").role == "coordinator"
    # The lifecycle was walked with comments: granted → active → completed.
    steps = list(
        StatusTransition.objects.filter(project=project)
        .order_by("at", "id")
        .values_list("to_status", flat=True)
    )
    assert steps == ["granted", "active", "completed"]
    assert project.funding_lines.get().grant_id == "824260"


def check_lifecycle_states_are_varied() -> None:
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {"idea", "assessment", "preparing", "submitted", "granted", "active"} <= statuses
    assert {"completed", "declined", "withdrawn"} <= statuses
    assert Project.objects.filter(visibility="internal").exists()
    assert StatusTransition.objects.exclude(comment="").count() >= 10


@pytest.mark.skipif(not EU_GRANTS_CSV.exists(), reason="the shared RCN data set is not here")
def test_cityxchange_partners_match_the_rcn_data():
    with EU_GRANTS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [
            row
            for row in csv.DictReader(handle, delimiter=";")
            if row["Prosjektnr"].strip() == "824260"
        ]
    in_data = {
        row["Organisasjonsnummer"]: (
            row["Organisasjon rolle"],
            Decimal(row["Innvilget beløp organisasjon EUR"]).quantize(Decimal("0.01")),
        )
        for row in rows
    }
    in_demo = {orgnr: (role, eur) for orgnr, _name, role, eur in CITYXCHANGE_NORWEGIAN_PARTNERS}
    assert in_demo == in_data
