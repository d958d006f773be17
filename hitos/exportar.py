"""Indicator exports (CSV, XLSX) and the progress report as a PDF in OGP's reporting format.

The CSV is also the public open-data file (/transparencia/datos.csv, for programs) and its Excel
twin (/transparencia/datos-excel.csv); cells go through `nucleo.hojas`, so a milestone title typed
as `=...` never opens as a formula, and numbers stay numbers up to the writer.
"""

from nucleo import descargas, hojas, pdf
from nucleo.hojas import dataset_seguro

COLUMNAS = [
    "hito",
    "hito_titulo",
    "codigo",
    "indicador",
    "unidad",
    "valor",
    "meta",
    "progreso",
    "nivel_verificado",
    "avance_esperado",
]


def _datos(filas, titulo=None):
    return dataset_seguro(
        ([fila[c] for c in COLUMNAS] for fila in filas), encabezados=COLUMNAS, titulo=titulo
    )


def csv_respuesta(filas, nombre, *, para=hojas.EXCEL, adjunto=True):
    """The indicators as CSV: for Excel es-CO by default, for programs with `para=MAQUINAS`."""
    return descargas.hoja(_datos(filas), nombre, "csv", para=para, descargar=adjunto)


def xlsx_respuesta(filas, nombre, compromiso):
    return descargas.hoja(_datos(filas, titulo=compromiso.codigo), nombre, "xlsx")


def informe_pdf(contexto):
    """The report as a PDF: the printable page's own content (`hitos/_informe_contenido.html`)
    in `hitos/informe_pdf.html`, on A4 with numbered pages."""
    return pdf.desde_plantilla("hitos/informe_pdf.html", contexto)
