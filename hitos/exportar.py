"""Indicator exports (CSV, XLSX) and the progress report as a PDF in OGP's reporting format.

The CSV is also the public open-data file (/transparencia/datos.csv, for programs) and its Excel
twin (/transparencia/datos-excel.csv), beside the SECOP II funnel's (/transparencia/contratacion.csv
and contratacion-excel.csv); cells go through `nucleo.hojas`, so a milestone title typed
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

# The public SECOP II funnel (/transparencia/contratacion.csv): one row for all Juntas, one per
# localidad, one per contracting route.
COLUMNAS_CONTRATACION = [
    "agrupacion",
    "nombre",
    "juntas",
    "formadas",
    "con_cuenta_proveedor",
    "se_presentaron",
    "contrataron",
    "contratos",
    "valor_contratado",
]


def datos(filas, titulo=None, columnas=COLUMNAS):
    """The rows as a formula-safe dataset (the downloads here and the background job's file)."""
    return dataset_seguro(
        ([fila[c] for c in columnas] for fila in filas), encabezados=columnas, titulo=titulo
    )


def csv_respuesta(filas, nombre, *, para=hojas.EXCEL, adjunto=True):
    """The indicators as CSV: for Excel es-CO by default, for programs with `para=MAQUINAS`."""
    return descargas.hoja(datos(filas), nombre, "csv", para=para, descargar=adjunto)


def contratacion_csv(filas, nombre, *, para=hojas.EXCEL):
    """The public funnel (`selectors.filas_de_contratacion`) as bare CSV (open data)."""
    return descargas.hoja(
        datos(filas, columnas=COLUMNAS_CONTRATACION), nombre, "csv", para=para, descargar=False
    )


def xlsx_respuesta(filas, nombre, compromiso):
    return descargas.hoja(datos(filas, titulo=compromiso.codigo), nombre, "xlsx")


def informe_pdf(contexto):
    """The report as a PDF: the printable page's own content (`hitos/_informe_contenido.html`)
    in `hitos/informe_pdf.html`, on A4 with numbered pages."""
    return pdf.desde_plantilla("hitos/informe_pdf.html", contexto)
