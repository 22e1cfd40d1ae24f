"""Pages for education collaboration: an overview with counts, and for placements, theses,
EiT villages, EVU courses and teaching by municipal staff a list with filters (htmx swaps only
the results), a page per record and create/edit forms; plus the placement CSV import with a
preview. Views parse input, call a selector or service and render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kunnskapsbro.partnerships.models import Partnership

from . import selectors, services
from .forms import (
    CourseForm,
    EitVillageForm,
    FilterForm,
    ParticipationFormSet,
    PlacementForm,
    PlacementImportForm,
    TeachingForm,
    ThesisForm,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class Section:
    """One kind of education record and how its pages are put together."""

    key: str  # template and URL name stem
    title: Any  # page heading (lazy)
    intro: Any
    filters: tuple[str, ...]
    add_label: Any


SECTIONS = {
    "placement": Section(
        "placement",
        gettext_lazy("Praksisplasser"),
        gettext_lazy("Studenter i praksis ved kommunens enheter, per semester."),
        ("q", "partnership", "year", "unit", "institution", "focus_area"),
        gettext_lazy("Registrer praksisplass"),
    ),
    "thesis": Section(
        "thesis",
        gettext_lazy("Studentoppgaver"),
        gettext_lazy(
            "Bachelor-, master- og prosjektoppgaver, EiT og ph.d. skrevet sammen med kommunen."
        ),
        ("q", "partnership", "year", "level", "status", "unit", "institution", "focus_area"),
        gettext_lazy("Registrer oppgave"),
    ),
    "village": Section(
        "village",
        gettext_lazy("EiT-landsbyer"),
        gettext_lazy("Eksperter i team-landsbyer som arbeider med problemstillinger fra kommunen."),
        ("q", "partnership", "year", "unit", "focus_area"),
        gettext_lazy("Registrer EiT-landsby"),
    ),
    "course": Section(
        "course",
        gettext_lazy("EVU-kurs"),
        gettext_lazy("Etter- og videreutdanning utviklet sammen, med deltakere fra kommunen."),
        ("q", "partnership", "year", "unit", "institution", "focus_area"),
        gettext_lazy("Registrer kurs"),
    ),
    "teaching": Section(
        "teaching",
        gettext_lazy("Undervisning og veiledning"),
        gettext_lazy(
            "Undervisning, veiledning og sensur ved utdanningsinstitusjonene, gjort av kommunens ansatte."
        ),
        ("q", "partnership", "year", "kind", "unit", "institution"),
        gettext_lazy("Registrer bidrag"),
    ),
}


def _filters(form: FilterForm) -> selectors.EducationFilters:
    if not form.is_valid():
        # One bad value (an unknown id, a made-up year) drops only that filter.
        data = {
            name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors
        }
    else:
        data = form.cleaned_data

    def pk(name: str) -> int | None:
        value = data.get(name)
        return value.pk if value is not None else None

    return selectors.EducationFilters(
        q=(data.get("q") or "").strip(),
        partnership=pk("partnership"),
        year=data.get("year") or None,
        unit=pk("unit"),
        focus_area=pk("focus_area"),
        institution=pk("institution"),
        level=data.get("level") or "",
        status=data.get("status") or "",
        kind=data.get("kind") or "",
    )


def _queryset(key: str, request: HttpRequest, filters: selectors.EducationFilters) -> Any:
    user = request.user
    if key == "placement":
        return selectors.placement_list(filters=filters, user=user)
    if key == "thesis":
        return selectors.thesis_list(user=user, filters=filters)
    if key == "village":
        return selectors.eit_village_list(filters=filters, user=user)
    if key == "course":
        return selectors.course_list(filters=filters, user=user)
    return selectors.teaching_list(filters=filters, user=user)


def _list(request: HttpRequest, key: str) -> HttpResponse:
    section = SECTIONS[key]
    form = FilterForm(request.GET or None, years=selectors.education_years(), show=section.filters)
    filters = _filters(form) if request.GET else selectors.EducationFilters()
    page = Paginator(_queryset(key, request, filters), PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "section": section,
        "form": form,
        "page": page,
        "results_template": f"education/_{key}_results.html",
        "list_url": f"education:{key}_list",
        "create_url": f"education:{key}_create",
        "can_create": request.user.is_authenticated
        and selectors.editable_partnerships(request.user).exists(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, context["results_template"], context)
    return render(request, "education/list.html", context)


def placement_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "placement")


def thesis_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "thesis")


def village_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "village")


def course_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "course")


def teaching_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "teaching")


def overview(request: HttpRequest) -> HttpResponse:
    """Counts per year, unit and focus area, for one partnership (and optionally one year)."""
    from kunnskapsbro.accounts.permissions import visible_partnerships

    partnerships = list(
        visible_partnerships(request.user, Partnership.objects.all()).order_by("name")
    )
    slug = request.GET.get("partnerskap", "")
    partnership = next((p for p in partnerships if p.slug == slug), None) or (
        partnerships[0] if partnerships else None
    )
    years = selectors.education_years(partnership=partnership) if partnership else []
    year_text = request.GET.get("ar", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    counts = selectors.education_counts(partnership=partnership, year=year) if partnership else None
    context = {
        "partnerships": partnerships,
        "partnership": partnership,
        "years": years,
        "year": year,
        "counts": counts,
        "sections": SECTIONS.values(),
    }
    return render(request, "education/overview.html", context)


# --- detail pages ---------------------------------------------------------------------------


def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.placement_detail(pk=pk, user=request.user)
    return _detail(request, "placement", record)


def thesis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.thesis_detail(user=request.user, pk=pk)
    return _detail(request, "thesis", record)


def village_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "village", selectors.eit_village_detail(pk=pk, user=request.user))


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "course", selectors.course_detail(pk=pk, user=request.user))


def teaching_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "teaching", selectors.teaching_detail(pk=pk, user=request.user))


def _detail(request: HttpRequest, key: str, record: Any) -> HttpResponse:
    context = {
        "section": SECTIONS[key],
        "record": record,
        "list_url": f"education:{key}_list",
        "edit_url": f"education:{key}_edit",
        "can_edit": selectors.can_edit_education(request.user, record.partnership_id),
        "history": record.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, f"education/{key}_detail.html", context)


# --- forms ----------------------------------------------------------------------------------

FORMS: dict[str, type] = {
    "placement": PlacementForm,
    "thesis": ThesisForm,
    "village": EitVillageForm,
    "course": CourseForm,
    "teaching": TeachingForm,
}


def _save_placement(record: Any, form: Any, actor: Any, extra: dict[str, Any]) -> Any:
    data = form.service_data()
    if record is None:
        return services.placement_create(
            partnership=form.cleaned_data["partnership"], actor=actor, **data
        )
    return services.placement_update(placement=record, actor=actor, data=data)


def _save_thesis(record: Any, form: Any, actor: Any, extra: dict[str, Any]) -> Any:
    from kunnskapsbro.needs.services import answers_set

    data = form.service_data()
    if record is None:
        record = services.thesis_create(
            partnership=form.cleaned_data["partnership"],
            title=data.pop("title"),
            actor=actor,
            **data,
        )
    else:
        record = services.thesis_update(thesis=record, actor=actor, data=data)
    answers_set(kind="thesis", target=record, needs=form.cleaned_data["needs"], actor=actor)
    return record


def _save_village(record: Any, form: Any, actor: Any, extra: dict[str, Any]) -> Any:
    data = form.service_data()
    if record is None:
        return services.eit_village_create(
            partnership=form.cleaned_data["partnership"],
            title=data.pop("title"),
            semester=data.pop("semester"),
            actor=actor,
            **data,
        )
    return services.eit_village_update(village=record, actor=actor, data=data)


def _save_course(record: Any, form: Any, actor: Any, extra: dict[str, Any]) -> Any:
    from kunnskapsbro.needs.services import answers_set

    data = form.service_data()
    participants = extra["participants"].participants()
    if record is None:
        record = services.course_create(
            partnership=form.cleaned_data["partnership"],
            title=data.pop("title"),
            institution=data.pop("institution"),
            semester=data.pop("semester"),
            participants=participants,
            actor=actor,
            **data,
        )
    else:
        record = services.course_update(
            course=record, actor=actor, data=data, participants=participants
        )
    answers_set(kind="course", target=record, needs=form.cleaned_data["needs"], actor=actor)
    return record


def _save_teaching(record: Any, form: Any, actor: Any, extra: dict[str, Any]) -> Any:
    data = form.service_data()
    if record is None:
        return services.teaching_contribution_create(
            partnership=form.cleaned_data["partnership"],
            person=data.pop("person"),
            institution=data.pop("institution"),
            kind=data.pop("kind"),
            semester=data.pop("semester"),
            actor=actor,
            **data,
        )
    return services.teaching_contribution_update(contribution=record, actor=actor, data=data)


SAVERS: dict[str, Callable[..., Any]] = {
    "placement": _save_placement,
    "thesis": _save_thesis,
    "village": _save_village,
    "course": _save_course,
    "teaching": _save_teaching,
}


def _record(request: HttpRequest, key: str, pk: int | None) -> Any:
    if pk is None:
        return None
    user = request.user
    if key == "placement":
        record: Any = selectors.placement_detail(pk=pk, user=user)
    elif key == "thesis":
        record = selectors.thesis_detail(user=user, pk=pk)
    elif key == "village":
        record = selectors.eit_village_detail(pk=pk, user=user)
    elif key == "course":
        record = selectors.course_detail(pk=pk, user=user)
    else:
        record = selectors.teaching_detail(pk=pk, user=user)
    # Seen but not to be changed by this user: 403.
    if not selectors.can_edit_education(user, record.partnership_id):
        raise PermissionDenied
    return record


def _edit(request: HttpRequest, key: str, pk: int | None = None) -> HttpResponse:
    record = _record(request, key, pk)
    partnerships = selectors.editable_partnerships(request.user)
    if record is None and not partnerships.exists():
        raise PermissionDenied
    form_class = FORMS[key]
    extra: dict[str, Any] = {}
    if request.method == "POST":
        form = form_class(
            request.POST, instance=record, partnerships=partnerships, user=request.user
        )
        if key == "course":
            extra["participants"] = ParticipationFormSet(request.POST, prefix="participants")
        if form.is_valid() and all(fs.is_valid() for fs in extra.values()):
            try:
                with transaction.atomic():
                    saved = SAVERS[key](record, form, request.user, extra)
            except ValidationError as exc:
                errors = (
                    dict(exc.message_dict) if hasattr(exc, "error_dict") else {None: exc.messages}
                )
                if key == "course" and "participants" in errors:
                    extra["participants"].non_form_errors().extend(errors.pop("participants"))
                for field, field_errors in errors.items():
                    target = field if field in form.fields else None
                    for message in field_errors:
                        form.add_error(target, message)
                if record is not None:
                    record.refresh_from_db()
            else:
                messages.success(
                    request,
                    _("Endringene er lagret.") if record else _("Registreringen er lagret."),
                )
                return redirect(saved.get_absolute_url())
    else:
        form = form_class(instance=record, partnerships=partnerships, user=request.user)
        if key == "course":
            initial = (
                [
                    {"unit": row.unit, "participant_count": row.participant_count}
                    for row in record.participations.all()
                ]
                if record
                else []
            )
            extra["participants"] = ParticipationFormSet(prefix="participants", initial=initial)
    status = 422 if request.method == "POST" else 200
    context = {
        "section": SECTIONS[key],
        "form": form,
        "participants": extra.get("participants"),
        "participants_list": [extra["participants"]] if "participants" in extra else [],
        "record": record,
        "list_url": f"education:{key}_list",
        "uses_person_lookup": key in ("thesis", "teaching"),
    }
    return render(request, "education/form.html", context, status=status)


def _edit_view(key: str, *, with_pk: bool) -> Callable[..., HttpResponse]:
    if with_pk:

        def view(request: HttpRequest, pk: int) -> HttpResponse:
            return _edit(request, key, pk)

    else:

        def view(request: HttpRequest) -> HttpResponse:  # type: ignore[misc]
            return _edit(request, key)

    view.__name__ = f"{key}_{'edit' if with_pk else 'create'}"
    return login_required(require_http_methods(["GET", "POST"])(view))


placement_create = _edit_view("placement", with_pk=False)
placement_edit = _edit_view("placement", with_pk=True)
thesis_create = _edit_view("thesis", with_pk=False)
thesis_edit = _edit_view("thesis", with_pk=True)
village_create = _edit_view("village", with_pk=False)
village_edit = _edit_view("village", with_pk=True)
course_create = _edit_view("course", with_pk=False)
course_edit = _edit_view("course", with_pk=True)
teaching_create = _edit_view("teaching", with_pk=False)
teaching_edit = _edit_view("teaching", with_pk=True)


# --- the placement import -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def placement_import(request: HttpRequest) -> HttpResponse:
    """Upload a placement-system export: a preview of every row (what would be created or
    changed, or the row's errors); "Importer" writes all rows or none. The file's text is
    carried in the confirm form, so nothing is stored before the user confirms."""
    partnerships = selectors.editable_partnerships(request.user)
    if not partnerships.exists():
        raise PermissionDenied
    form = PlacementImportForm(
        request.POST or None, request.FILES or None, partnerships=partnerships
    )
    result = None
    content = ""
    status = 200
    if request.method == "POST" and request.POST.get("confirm") == "1":
        partnership = partnerships.filter(pk=request.POST.get("partnership") or 0).first()
        content = request.POST.get("content", "")
        if partnership is None or not content:
            messages.error(
                request, _("Importen mangler fil eller partnerskap. Last opp filen på nytt.")
            )
            return redirect("education:placement_import")
        result = services.placements_import(
            partnership=partnership, content=content, commit=True, actor=request.user
        )
        if result.committed:
            messages.success(
                request,
                _("Importert: %(c)s nye, %(u)s endret, %(n)s uendret.")
                % {
                    "c": result.count("create"),
                    "u": result.count("update"),
                    "n": result.count("unchanged"),
                },
            )
            return redirect("education:placement_list")
        form = PlacementImportForm(initial={"partnership": partnership}, partnerships=partnerships)
        status = 422
    elif request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("Filen må være en CSV-fil i UTF-8."))
            status = 422
        else:
            result = services.placements_import(
                partnership=form.cleaned_data["partnership"], content=content, actor=request.user
            )
            status = 200 if result.is_valid else 422
    elif request.method == "POST":
        status = 422
    elif partnerships.count() == 1:
        form = PlacementImportForm(
            initial={"partnership": partnerships.first()}, partnerships=partnerships
        )
    partnership_id = ""
    if result is not None and form.is_bound and form.is_valid():
        partnership_id = form.cleaned_data["partnership"].pk
    context = {
        "form": form,
        "result": result,
        "content": content,
        "partnership_id": partnership_id,
    }
    return render(request, "education/placement_import.html", context, status=status)
