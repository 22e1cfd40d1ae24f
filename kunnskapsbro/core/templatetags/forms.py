"""Form rendering helpers for Designsystemet markup: {% load forms %}.

``{{ field|field_aria }}`` renders a bound field's widget with the ``ds-input`` class and, when
the field has help text or errors, the ``aria-describedby``/``aria-invalid`` attributes that
tie it to the messages rendered by ``includes/form_field.html``. The ids used there are
``<auto_id>-help`` and ``<auto_id>-error``; ``help_id``/``error_id`` give them to templates.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.safestring import SafeString

register = template.Library()

# Widgets Designsystemet does not style as an input box.
_NO_DS_INPUT = (forms.HiddenInput, forms.MultipleHiddenInput, forms.FileInput)


def _merge_class(existing: str | None, extra: str) -> str:
    classes = (existing or "").split()
    for name in extra.split():
        if name not in classes:
            classes.append(name)
    return " ".join(classes)


@register.filter
def help_id(field: BoundField) -> str:
    return f"{field.auto_id}-help" if field.auto_id else ""


@register.filter
def error_id(field: BoundField) -> str:
    return f"{field.auto_id}-error" if field.auto_id else ""


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_choice_group(field: BoundField) -> bool:
    """True for radio buttons and multiple checkboxes, which belong in a fieldset."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def anchor_id(field: BoundField) -> str:
    """The id an error summary link should jump to: the input itself (first option in a group)."""
    if not field.auto_id:
        return ""
    if is_choice_group(field):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def aria_attrs(field: BoundField, *, include_describedby: bool = True) -> dict[str, str]:
    """The ``ds-input`` class and ARIA attributes a field's widget should carry."""
    widget = field.field.widget
    attrs: dict[str, str] = {}
    if not isinstance(widget, _NO_DS_INPUT):
        attrs["class"] = _merge_class(widget.attrs.get("class"), "ds-input")
    described_by: list[str] = []
    if field.errors:
        attrs["aria-invalid"] = "true"
        if field.auto_id:
            described_by.append(error_id(field))
    if field.help_text and field.auto_id:
        described_by.append(help_id(field))
    if described_by and include_describedby:
        existing = widget.attrs.get("aria-describedby", "")
        attrs["aria-describedby"] = " ".join([*described_by, *existing.split()])
    return attrs


@register.filter
def field_aria(field: BoundField) -> SafeString:
    """Render the widget with ``ds-input`` and the ARIA attributes for help and errors."""
    return field.as_widget(attrs=aria_attrs(field))


@register.filter
def field_options(field: BoundField) -> list[BoundWidget]:
    """Radio/checkbox options with ``ds-input`` and ``aria-invalid`` on each input.

    ``aria-describedby`` goes on the surrounding fieldset instead, so it is not repeated.
    """
    widget = field.field.widget
    attrs = {**widget.attrs, **aria_attrs(field, include_describedby=False)}
    if field.auto_id:
        attrs["id"] = field.auto_id
    return [
        BoundWidget(widget, option, field.form.renderer)
        for option in widget.subwidgets(field.html_name, field.value(), attrs=attrs)
    ]


@register.filter
def add_attrs(field: BoundField, spec: str) -> SafeString:
    """Render the widget with extra attributes: ``{{ field|add_attrs:"rows=3,autocomplete=off" }}``.

    A ``class`` is added to the widget's classes; the ARIA attributes are always included.
    """
    attrs: dict[str, Any] = aria_attrs(field)
    for item in spec.split(","):
        if not item.strip():
            continue
        key, _, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if key == "class":
            attrs["class"] = _merge_class(attrs.get("class"), value)
        else:
            attrs[key] = value or True
    return field.as_widget(attrs=attrs)


@register.simple_tag
def error_summary_items(form: forms.BaseForm | None, formsets: Any = None) -> list[dict[str, str]]:
    """Every error of a form and its formsets as ``{"href", "text"}``, in page order.

    Field errors read "label: message" and link to the field's input (``"#id_title"``);
    errors that belong to no field (non-field, formset-level) have an empty ``href``.
    """
    items: list[dict[str, str]] = []

    def add_form(f: forms.BaseForm) -> None:
        for error in f.non_field_errors():
            items.append({"href": "", "text": str(error)})
        for bound in f:
            if bound.is_hidden:
                # A hidden field has nowhere to jump to; still show what went wrong.
                items.extend({"href": "", "text": f"{bound.label}: {e}"} for e in bound.errors)
                continue
            target = anchor_id(bound)
            for error in bound.errors:
                # Django's messages ("This field is required.") do not name the field.
                text = f"{bound.label}: {error}"
                items.append({"href": f"#{target}" if target else "", "text": text})

    if form is not None and hasattr(form, "errors") and form.is_bound:
        add_form(form)
    for formset in formsets or ():
        if not formset.is_bound:
            continue
        for error in formset.non_form_errors():
            items.append({"href": "", "text": str(error)})
        for sub in formset.forms:
            add_form(sub)
    return items
