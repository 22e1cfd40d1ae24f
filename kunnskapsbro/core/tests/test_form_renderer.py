"""The Python widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kunnskapsbro.core.form_renderer import FastWidgetRenderer
from kunnskapsbro.projects.forms import PortfolioFilterForm

AWKWARD = [
    "",
    "plain",
    '<script>alert("x")</script>',
    "\"'><img src=x onerror=alert(1)>",
    "Æøå & ÆØÅ",
    "line one\nline two",
    "  spaces  ",
]


class AllWidgets(forms.Form):
    text = forms.CharField(help_text="help")
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    check = forms.BooleanField(required=False)
    date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date", "data-x": mark_safe("<i>")})
    )
    pick = forms.ChoiceField(
        required=False,
        choices=[
            ("", gettext_lazy("Alle")),
            ("1", "<b>én</b>"),
            ("Gruppe & co", [("2", "to"), ("3", '"tre"')]),
        ],
    )
    many = forms.MultipleChoiceField(required=False, choices=[("1", "a"), ("2", "b & c")])
    boxes = forms.MultipleChoiceField(
        required=False,
        choices=[("x", "X & Y"), ("y", "<y>")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kb-list"}),
    )
    radios = forms.ChoiceField(
        required=False,
        choices=[("g", [("x", "X"), ("y", "Y")])],
        widget=forms.RadioSelect,
    )


def _both(form_class: type[forms.Form], data: dict | None, **kwargs) -> list[tuple[str, str]]:
    slow = form_class(data, renderer=DjangoTemplates(), **kwargs)
    fast = form_class(data, renderer=FastWidgetRenderer(), **kwargs)
    pairs = []
    for name in slow.fields:
        pairs.append((str(slow[name]), str(fast[name])))
        for a, b in zip(slow[name].subwidgets, fast[name].subwidgets, strict=True):
            pairs.append((str(a.tag()), str(b.tag())))
            pairs.append((str(a), str(b)))
    return pairs


@pytest.mark.parametrize("value", AWKWARD)
def test_every_widget_renders_as_the_templates_do(value: str) -> None:
    data = {
        "text": value,
        "email": value,
        "number": value,
        "hidden": value,
        "area": value,
        "check": "on" if value else "",
        "date": value,
        "pick": "2",
        "many": ["1", "2"],
        "boxes": ["x"],
        "radios": "y",
    }
    for data_or_none in (None, data):
        for slow, fast in _both(AllWidgets, data_or_none):
            assert fast == slow


@given(st.text(max_size=40))
@hsettings(max_examples=60, deadline=None)
def test_any_text_value_renders_as_the_templates_do(value: str) -> None:
    for slow, fast in _both(AllWidgets, {"text": value, "area": value, "pick": value}):
        assert fast == slow


@pytest.mark.django_db
def test_the_portfolio_filter_form_renders_as_the_templates_do() -> None:
    options = {
        "partnerships": [("a", "A & B")],
        "focus_areas": [(1, "Helse <og> omsorg"), (2, "Skole")],
        "elements": [(3, "Innbyggerinvolvering")],
        "units": [(4, "Enhet")],
        "funders": [("5", "Forskningsrådet")],
        "partnership_ids": [],
    }
    data = {"status": ["active"], "focus_area": ["1"], "q": "<x>", "year": "2024"}
    for slow, fast in _both(PortfolioFilterForm, data, options=options):
        assert fast == slow


def test_it_is_the_configured_renderer() -> None:
    assert settings.FORM_RENDERER == "kunnskapsbro.core.form_renderer.FastWidgetRenderer"
