"""``{% load portal_tags %}{% project_jsonld project %}``: schema.org JSON-LD for a project."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The same escapes as Django's json_script: the data can never close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def project_jsonld_data(project: Any, *, base_url: str) -> dict[str, Any]:
    """A schema.org ResearchProject for a public project (only what the public page shows)."""
    url = base_url + project.get_absolute_url()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ResearchProject",
        "@id": url,
        "url": url,
        "name": project.title,
        "inLanguage": "nb",
    }
    if project.title_en:
        data["alternateName"] = project.title_en
    if project.acronym:
        data["alternateName"] = [n for n in (project.acronym, project.title_en) if n]
    description = project.popular_summary or project.summary
    if description:
        data["description"] = description
    if project.start_date:
        data["foundingDate"] = project.start_date.isoformat()
    if project.end_date:
        data["dissolutionDate"] = project.end_date.isoformat()
    if project.keywords:
        data["keywords"] = ", ".join(project.keywords)
    if project.website:
        data["sameAs"] = project.website
    partners = [p for p in project.partners.all() if p.role != "funder"]
    if partners:
        data["member"] = [{"@type": "Organization", "name": p.organization.name} for p in partners]
    funders = {line.funder.name for line in project.funding_lines.all()}
    funders |= {p.organization.name for p in project.partners.all() if p.role == "funder"}
    if funders:
        data["funder"] = [{"@type": "Organization", "name": name} for name in sorted(funders)]
    data["parentOrganization"] = {"@type": "Organization", "name": project.partnership.name}
    return data


@register.simple_tag(takes_context=True)
def project_jsonld(context: dict[str, Any], project: Any) -> SafeString:
    request = context.get("request")
    base_url = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    payload = json.dumps(
        project_jsonld_data(project, base_url=base_url), ensure_ascii=False
    ).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
