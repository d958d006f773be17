from django import template

from juntas.resources import errores_de

register = template.Library()


@register.filter
def errores_importacion(resultado):
    """An import result's errors as (line in the spreadsheet, column, reason) rows."""
    return errores_de(resultado)
