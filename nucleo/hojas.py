"""Spreadsheet cells that never become formulas (CSV/formula injection, OWASP).

A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
LibreOffice as a formula when the file is opened (`=HYPERLINK(...)` sends data elsewhere,
`=cmd|...` ran commands in old versions). Leaders type free text (survey answers, the Junta's
address), so every export passes its cells through `celda_segura`: such a text gets a leading
apostrophe, which the spreadsheet shows as text. Numbers, dates and empty cells stay as they are:
a real -5 is a number, but the text "-5" typed in an answer is escaped like any other text.

django-import-export's own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` is not used: in 4.4.3 it only
drops one leading `=` (so `==1` stays a formula and `+`, `-`, `@`, tab, CR pass), it changes the
data instead of quoting it, and it turns every cell into a string (`None` becomes "None").
"""

from collections.abc import Iterable

import tablib

INICIOS_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def celda_segura(valor):
    """The value as a spreadsheet should receive it: texts that open a formula get an apostrophe."""
    if isinstance(valor, str) and valor.startswith(INICIOS_DE_FORMULA):
        return ESCAPE + valor
    return valor


def fila_segura(valores: Iterable) -> list:
    return [celda_segura(valor) for valor in valores]


def dataset_seguro(filas: Iterable[Iterable], *, encabezados, titulo=None) -> tablib.Dataset:
    """A tablib dataset whose every cell went through `celda_segura` (headers included)."""
    datos = tablib.Dataset(headers=fila_segura(encabezados), title=titulo)
    for fila in filas:
        datos.append(fila_segura(fila))
    return datos


def sin_escape(valor):
    """Undo `celda_segura` when a file the portal exported is imported again (a round trip
    keeps the text the person typed)."""
    if (
        isinstance(valor, str)
        and valor.startswith(ESCAPE)
        and valor[1:2]
        and valor[1:].startswith(INICIOS_DE_FORMULA)
    ):
        return valor[1:]
    return valor
