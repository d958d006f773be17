"""Template helpers for the charts: the rows of the data table shown under each chart (the same
figures, for screen readers and for copying)."""

from django import template

register = template.Library()


@register.filter
def filas_de_grafico(datos):
    """[(label, [value of each series])] of a chart's data
    {etiquetas, series: [{nombre, datos}]}."""
    if not datos:
        return []
    series = datos.get("series") or []
    return [
        (etiqueta, [s["datos"][i] if i < len(s["datos"]) else None for s in series])
        for i, etiqueta in enumerate(datos.get("etiquetas") or [])
    ]
