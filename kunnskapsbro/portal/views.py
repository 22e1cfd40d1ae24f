"""The public portal (catalogue with facets, feeds, articles) and the network pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kunnskapsbro.accounts import permissions
from kunnskapsbro.core.forms import attach_service_errors
from kunnskapsbro.partnerships.models import Partnership
from kunnskapsbro.projects.models import ProjectStatus
from kunnskapsbro.projects.selectors import PortfolioFilters, project_list_for_display

from . import selectors, services
from .forms import ArticleForm, authors_label

PAGE_SIZE = 20
FACETS = ("status", "focus_area", "year", "partner", "funder")
MULTI = {"status", "focus_area", "partner", "funder"}


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 19]


def _filters(query: QueryDict) -> PortfolioFilters:
    year = query.get("year", "")
    partnership = Partnership.objects.filter(
        slug=query.get("partnership", "")[:80], is_public=True
    ).values_list("pk", flat=True)
    return PortfolioFilters(
        q=query.get("q", "")[:200],
        partnership=partnership.first() if query.get("partnership") else None,
        status=[s for s in query.getlist("status") if s in ProjectStatus.values],
        focus_area=_ints(query.getlist("focus_area")),
        partner=_ints(query.getlist("partner")),
        funder=_ints(query.getlist("funder")),
        year=int(year) if year.isdigit() and 1900 < int(year) < 2200 else None,
        sort=query.get("sort", "") if query.get("sort") in {"title", "start", "updated"} else "",
    )


def _toggle(query: QueryDict, name: str, value: str) -> str:
    """The query string with ``name=value`` switched on or off (and the page reset)."""
    data = query.copy()
    data.pop("side", None)
    current = data.getlist(name)
    if value in current:
        current = [v for v in current if v != value]
    elif name in MULTI:
        current = [*current, value]
    else:
        current = [value]
    data.setlist(name, current)
    return "?" + urlencode(list(data.lists()), doseq=True)


def catalogue(request: HttpRequest) -> HttpResponse:
    query = request.GET
    filters = _filters(query)
    projects = selectors.catalogue(filters=filters)
    facets = selectors.catalogue_facets(projects)
    labels = selectors.facet_labels()
    chosen = {name: set(query.getlist(name)) for name in FACETS}
    facet_blocks = [
        {
            "name": name,
            "label": labels[name],
            "options": [
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "selected": value in chosen[name],
                    "href": _toggle(query, name, value),
                }
                for value, label, count in facets[name]
            ],
        }
        for name in FACETS
    ]
    page = Paginator(project_list_for_display(projects), PAGE_SIZE).get_page(query.get("side"))
    active = [
        {"label": option["label"], "facet": block["label"], "href": option["href"]}
        for block in facet_blocks
        for option in block["options"]
        if option["selected"]
    ]
    context: dict[str, Any] = {
        "page": page,
        "facets": facet_blocks,
        "active": active,
        "q": filters.q,
        "partnerships": Partnership.objects.filter(is_public=True).order_by("name"),
        "partnership": query.get("partnership", ""),
    }
    template = (
        "portal/_catalogue_results.html"
        if getattr(request, "htmx", False)
        else "portal/catalogue.html"
    )
    return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    from kunnskapsbro.meetings.selectors import event_list

    return render(
        request,
        "portal/home.html",
        {
            "projects": project_list_for_display(selectors.new_public_projects())[:6],
            "articles": selectors.article_list(user=None)[:3],
            "events": event_list(user=None, upcoming=True)[:3],
            "partnerships": Partnership.objects.filter(is_public=True).order_by("name"),
            "oppgavebank_url": _optional_url("needs:assignments"),
        },
    )


def _optional_url(name: str) -> str:
    """A page of an app that may not be installed (the oppgavebank lives in ``needs``)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def network(request: HttpRequest) -> HttpResponse:
    from kunnskapsbro.meetings.selectors import organization_encounters

    rows, extras = selectors.network_statistics(user=request.user)
    q = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "portal/network.html",
        {
            "rows": rows,
            "extras": extras,
            "q": q,
            "hits": selectors.network_search(q=q) if q else None,
            "encounters": organization_encounters(user=request.user),
        },
    )


def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.article_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    can_write = permissions.principal(request.user).has_anywhere(permissions.Cap.EDIT_ALL)
    return render(request, "portal/article_list.html", {"page": page, "can_edit": can_write})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_detail(user=request.user, slug=slug)
    can_write = permissions.can_edit_partnership_content(request.user, article.partnership_id)
    return render(
        request, "portal/article_detail.html", {"article": article, "can_edit": can_write}
    )


def _article_form_page(
    request: HttpRequest, form: ArticleForm, title: str, article: Any = None
) -> HttpResponse:
    return render(
        request,
        "portal/article_form.html",
        {"form": form, "title": title, "article": article},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None)
    # Articles are written for a partnership by those who edit its content (coordinators).
    ids = permissions.principal(request.user).partnerships_with(permissions.Cap.EDIT_ALL)
    if ids is not None:
        form.fields["partnership"].queryset = form.fields["partnership"].queryset.filter(pk__in=ids)
    permissions.require(form.fields["partnership"].queryset.exists())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                partnership=data["partnership"],
                title=data["title"],
                slug=data["slug"],
                lead=data["lead"],
                body=data["body"],
                status=data["status"],
                published_on=data["published_on"],
                authors=data["authors"],
                actor=request.user,
            )
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Artikkelen er lagret."))
            return redirect(article.get_absolute_url())
    return _article_form_page(request, form, _("Ny artikkel"))


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_detail(user=request.user, slug=slug)
    permissions.require(
        permissions.can_edit_partnership_content(request.user, article.partnership_id)
    )
    initial = {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "authors": authors_label(list(article.authors.all())),
        "status": article.status,
        "published_on": article.published_on,
    }
    form = ArticleForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        authors = data.pop("authors")
        try:
            services.article_update(article=article, data=data, authors=authors, actor=request.user)
        except ValidationError as exc:
            attach_service_errors(form, exc)
        else:
            messages.success(request, _("Artikkelen er lagret."))
            return redirect(article.get_absolute_url())
    return _article_form_page(
        request, form, _("Endre artikkel: %(t)s") % {"t": article.title}, article
    )
