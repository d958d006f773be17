"""The leader's personal data as the page shows them, as JSON and as an XLSX workbook.

All three take the same `selectors.Seccion` list, so a download holds exactly what the page lists.
"""

import datetime
import json

import tablib
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from nucleo.hojas import xlsx_bytes


def como_texto(valor):
    """How a value reads on the page and in the workbook: dates dd/mm/aaaa in Bogotá time."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return _("Sí") if valor else _("No")
    if isinstance(valor, datetime.datetime):
        return timezone.localtime(valor).strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, dict | list):
        return json.dumps(valor, ensure_ascii=False)
    return str(valor)


def legibles(secciones):
    """The sections with every cell as text, for the page."""
    return [
        {
            "clave": s.clave,
            "titulo": s.titulo,
            "encabezados": s.encabezados,
            "filas": [[como_texto(v) for v in fila] for fila in s.filas],
        }
        for s in secciones
    ]


def a_json(secciones, *, junta):
    """One object per section, a list of {header: value} per row; dates in ISO 8601."""
    contenido = {
        "junta": junta.nombre,
        "generado_en": timezone.localtime(),
        "secciones": {
            s.clave: {
                "titulo": str(s.titulo),
                "filas": [
                    dict(zip([str(e) for e in s.encabezados], fila, strict=True))
                    for fila in s.filas
                ],
            }
            for s in secciones
        },
    }
    return json.dumps(contenido, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _para_hoja(valor):
    """Numbers and dates stay real cells (the writer formats them dd/mm/aaaa, in Bogotá time);
    lists and objects read as on the page."""
    if isinstance(valor, dict | list):
        return como_texto(valor)
    return valor


def a_xlsx(secciones):
    """A sheet per section, written by `nucleo.hojas` (formula-safe texts, real date cells)."""
    hojas = []
    for s in secciones:
        hoja = tablib.Dataset(headers=[str(e) for e in s.encabezados], title=str(s.titulo))
        for fila in s.filas:
            hoja.append([_para_hoja(v) for v in fila])
        hojas.append(hoja)
    return xlsx_bytes(*hojas)
