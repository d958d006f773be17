"""Spreadsheet cells that never become formulas (CSV/formula injection, OWASP), and the two
writers every export goes through (`csv_bytes`, `xlsx_bytes`; see «Writers» below).

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

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

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


# Writers ------------------------------------------------------------------------------------------
#
# Every export the portal makes goes through these two, so the cells reach them as real values
# (numbers, dates) and each file type writes them the way its reader expects.
#
# CSV for Excel under Spanish (Colombia): Excel opens a CSV with the Windows list separator, which
# is `;` in es-CO, reads UTF-8 only with a BOM, and reads `85,3` as a number and `31/12/2023` as a
# date. It does not reliably read `1.080` as one thousand and eighty (it may take it for a date or
# a decimal), so numbers carry a decimal comma and no thousands separator.
# CSV for programs (open data, scripts): `,`, decimal point, ISO 8601 dates, UTF-8 without BOM.
# XLSX: real number and date cells with formats Excel shows in the reader's locale.

EXCEL = "excel"
MAQUINAS = "maquinas"
TIPO_CSV = "text/csv; charset=utf-8"
TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
FORMATO_FECHA = "DD/MM/YYYY"
FORMATO_FECHA_HORA = "DD/MM/YYYY HH:MM"
FORMATO_ENTERO = "#,##0"
FORMATO_DECIMAL = "#,##0.0#"


def _es_numero(valor):
    return isinstance(valor, int | float | Decimal) and not isinstance(valor, bool)


def _decimal(valor):
    """A number as a Decimal without exponent or trailing zeros (`Decimal("1080.00")` → 1080)."""
    numero = valor if isinstance(valor, Decimal) else Decimal(repr(valor))
    if numero == numero.to_integral_value():
        return numero.quantize(Decimal(1))
    return numero.normalize()


def _hora_local(valor):
    return timezone.localtime(valor) if timezone.is_aware(valor) else valor


def texto_csv(valor, *, para=EXCEL):
    """One cell as the CSV writes it: for Excel es-CO or for programs."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return (_("Sí") if valor else _("No")) if para == EXCEL else str(valor).lower()
    if _es_numero(valor):
        texto = format(_decimal(valor), "f")
        return texto.replace(".", ",") if para == EXCEL else texto
    if isinstance(valor, datetime.datetime):
        valor = _hora_local(valor)
        return valor.strftime("%d/%m/%Y %H:%M") if para == EXCEL else valor.isoformat()
    if isinstance(valor, datetime.date):
        return valor.strftime("%d/%m/%Y") if para == EXCEL else valor.isoformat()
    return celda_segura(str(valor))


def csv_bytes(datos: tablib.Dataset, *, para=EXCEL) -> bytes:
    """The dataset as a CSV file: for Excel es-CO (`;`, UTF-8 with BOM, CRLF, `85,3`,
    `31/12/2023`) or, with `para=MAQUINAS`, for programs (`,`, UTF-8, `85.3`, `2023-12-31`)."""
    salida = io.StringIO(newline="")
    escritor = csv.writer(salida, delimiter=";" if para == EXCEL else ",", lineterminator="\r\n")
    if datos.headers:
        escritor.writerow([texto_csv(e, para=para) for e in datos.headers])
    for fila in datos:
        escritor.writerow([texto_csv(v, para=para) for v in fila])
    texto = salida.getvalue()
    return (BOM + texto).encode("utf-8") if para == EXCEL else texto.encode("utf-8")


def _celda_xlsx(hoja, valor, negrita=None):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    formato = None
    if isinstance(valor, bool):
        valor = str(_("Sí") if valor else _("No"))
    elif _es_numero(valor):
        valor = _decimal(valor)
        entero = valor == valor.to_integral_value()
        valor = int(valor) if entero else valor
        formato = FORMATO_ENTERO if entero else FORMATO_DECIMAL
    elif isinstance(valor, datetime.datetime):
        valor, formato = _hora_local(valor).replace(tzinfo=None), FORMATO_FECHA_HORA
    elif isinstance(valor, datetime.date):
        formato = FORMATO_FECHA
    elif valor == "":
        valor = None  # an empty cell, not an empty text
    elif valor is not None:
        # Control characters are not allowed in the file's XML; a typed one becomes «�».
        valor = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", celda_segura(str(valor)))
    celda = WriteOnlyCell(hoja, value=valor)
    if formato:
        celda.number_format = formato
    if negrita:
        celda.font = negrita
    return celda


TITULO_PROHIBIDO = re.compile(r"[\[\]:*?/\\]")


def xlsx_bytes(*hojas: tablib.Dataset) -> bytes:
    """The datasets as an XLSX workbook, a sheet each: numbers as number cells (`#,##0`,
    `#,##0.0#`), dates as date cells (`DD/MM/YYYY`), texts through `celda_segura`; the header
    row in bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    libro = Workbook(write_only=True)
    negrita = Font(bold=True)
    for numero, datos in enumerate(hojas, start=1):
        titulo = TITULO_PROHIBIDO.sub("-", str(datos.title or ""))[:31] or f"Hoja{numero}"
        hoja = libro.create_sheet(titulo)
        if datos.headers:
            hoja.freeze_panes = "A2"
            hoja.append([_celda_xlsx(hoja, e, negrita) for e in datos.headers])
        for fila in datos:
            hoja.append([_celda_xlsx(hoja, v) for v in fila])
    if not hojas:
        libro.create_sheet("Hoja1")
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
