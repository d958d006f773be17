"""Admin template helpers: the accessible names a table of form fields lacks (each cell of a
tabular inline or an editable list has a column header but no <label>), and the change list's
scripts deferred."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

register = template.Library()


@register.simple_tag
def campo_con_nombre(campo, columna, fila=""):
    """Render a bound field with `aria-label` «Columna (fila)», unless it already has a name."""
    if campo.field.widget.attrs.get("aria-label"):
        return campo.as_widget()
    nombre = capfirst(str(columna))
    if fila:
        nombre = f"{nombre} ({fila})"
    return campo.as_widget(attrs={"aria-label": nombre})


SCRIPT_SIN_DEFER = re.compile(r"<script(?![^>]*\bdefer\b)([^>]*\bsrc=[^>]*)>")


@register.filter
def diferir_scripts(html):
    """The admin's own `<script src>` tags of a block, deferred (the change list's translation
    catalog, loaded in its <head>, held the first paint; deferred scripts still run in order)."""
    return mark_safe(SCRIPT_SIN_DEFER.sub(r"<script\1 defer>", str(html)))  # noqa: S308 - the admin's own block
