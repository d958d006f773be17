"""Admin template helpers: the accessible names a table of form fields lacks (each cell of a
tabular inline or an editable list has a column header but no <label>)."""

from django import template
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
