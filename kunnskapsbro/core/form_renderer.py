"""A form renderer that writes Django's common widgets in Python instead of templates.

Rendering a widget through ``django/forms/widgets/*.html`` costs a template render per input
and per option (an include, the attrs loop, filters): the portfolio's filter form, with some
60 checkboxes and select options, spent 15–20 ms of every page there at national scale. The
widgets below produce, byte for byte, what Django's own templates produce (the templates are
quoted beside each function, and ``core/tests/test_form_renderer.py`` compares the two
renderers over every widget type and awkward values); any other template (a custom widget,
a form layout) still goes through the template engine.

Inspired by Django's ``django.forms.renderers`` and its widget templates; the output format
is theirs, the code is ours.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_W = "django/forms/widgets/"


# Each function returns what the template would (with the trailing newline of the template
# file, which matters where one widget template includes another); the renderer strips the
# outermost result as Django's does.


def _s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` in a template: str(), then escaped unless safe."""
    return conditional_escape(value if isinstance(value, SafeString) else str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    # {% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}
    # {% if value is not True %}="{{ value|stringformat:'s' }}"{% endif %}{% endif %}{% endfor %}
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{_s(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    # <input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}
    # value="{{ widget.value|stringformat:'s' }}"{% endif %}{% include attrs %}>
    value = widget.get("value")
    value_attr = f' value="{_s(value)}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value_attr}{_attrs(widget["attrs"])}>\n'
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    # {% if widget.wrap_label %}<label{% if widget.attrs.id %} for="…"{% endif %}>{% endif %}
    # {% include input %}{% if widget.wrap_label %} {{ widget.label }}</label>{% endif %}
    if not widget.get("wrap_label"):
        return f"{_input(widget)}\n"
    label_for = widget["attrs"].get("id")
    opening = f'<label for="{conditional_escape(label_for)}">' if label_for else "<label>"
    return f"{opening}{_input(widget)} {conditional_escape(widget['label'])}</label>\n"


def _checkbox_option(widget: Mapping[str, Any]) -> str:
    # checkbox_option.html and radio_option.html: {% include input_option %} and a newline.
    return f"{_input_option(widget)}\n"


def _select_option(widget: Mapping[str, Any]) -> str:
    # <option value="{{ widget.value|stringformat:'s' }}"{% include attrs %}>{{ widget.label }}</option>
    return (
        f'<option value="{_s(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>\n"
    )


def _option(option: Mapping[str, Any]) -> str:
    render = _OPTION_RENDERERS.get(option["template_name"])
    if render is None:
        raise _NotFast
    return render(option)


def _select(widget: Mapping[str, Any]) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(widget: Mapping[str, Any]) -> str:
    ident = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    out = ["<div"]
    if ident:
        out.append(f' id="{conditional_escape(ident)}"')
    if css:
        out.append(f' class="{conditional_escape(css)}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget.get("value")
    body = conditional_escape(value) if value else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{body}</textarea>\n"
    )


class _NotFast(Exception):
    """An option uses a template we do not write in Python: render the whole widget by template."""


_INPUT_TEMPLATES = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "checkbox",
)
_OPTION_RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    f"{_W}select_option.html": _select_option,
    f"{_W}checkbox_option.html": _checkbox_option,
    f"{_W}radio_option.html": _checkbox_option,
    f"{_W}input_option.html": _input_option,
}
FAST: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{f"{_W}{name}.html": _input for name in _INPUT_TEMPLATES},
    **_OPTION_RENDERERS,
    f"{_W}select.html": _select,
    f"{_W}checkbox_select.html": _multiple_input,
    f"{_W}radio.html": _multiple_input,
    f"{_W}multiple_input.html": _multiple_input,
    f"{_W}textarea.html": _textarea,
}


class FastWidgetRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's template renderer with the common widgets in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        render = FAST.get(template_name)
        widget = context.get("widget") if render is not None else None
        if render is not None and isinstance(widget, Mapping) and _plain(widget):
            try:
                return mark_safe(render(widget).strip())  # noqa: S308 - every value is escaped above
            except _NotFast:
                pass
        return super().render(template_name, context, request)


def _plain(widget: Mapping[str, Any]) -> bool:
    """Only widgets whose attrs are a plain mapping (the template would iterate them)."""
    return isinstance(widget.get("attrs"), Mapping)
