"""Indicator exports (CSV, XLSX) and the progress report as a PDF in OGP's reporting format.

The CSV is also the public open-data file (/transparencia/datos.csv, for programs) and its Excel
twin (/transparencia/datos-excel.csv); cells go through `nucleo.hojas`, so a milestone title typed
as `=...` never opens as a formula, and numbers stay numbers up to the writer.
"""

import io

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from nucleo import descargas, hojas
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


def cifra(valor):
    """An indicator's value or target as the report shows it, in the page and in the PDF alike:
    «85,30», «1.080», «—» when there is none."""
    return "—" if valor is None else str(floatformat(valor, "-2g"))


def porcentaje(valor):
    return "—" if valor is None else f"{cifra(valor)} %"


def informe_pdf(contexto):
    """The report as a PDF (reportlab): the commitment, each milestone's completion level,
    narrative and evidence list, and the indicators."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    compromiso = contexto["compromiso"]
    estilos = getSampleStyleSheet()
    normal, titulo, subtitulo = estilos["BodyText"], estilos["Title"], estilos["Heading2"]
    pequeno = estilos["BodyText"].clone("pequeno", fontSize=8, leading=10)
    salida = io.BytesIO()
    documento = SimpleDocTemplate(
        salida,
        pagesize=A4,
        title=f"Informe de avance {compromiso.codigo}",
        author=compromiso.entidad_lider,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    partes = [
        Paragraph(escape(f"{compromiso.codigo} — {compromiso.titulo}"), titulo),
        Paragraph(
            escape(
                f"{compromiso.plan} · {compromiso.inicio:%d/%m/%Y}–{compromiso.fin:%d/%m/%Y} · "
                f"{_('Entidad líder')}: {compromiso.entidad_lider}"
            ),
            normal,
        ),
        Paragraph(escape(f"{_('Informe generado el')} {contexto['hoy']:%d/%m/%Y}"), pequeno),
        Spacer(1, 0.4 * cm),
    ]
    evidencias = {}
    for evidencia in contexto["evidencias"]:
        evidencias.setdefault(evidencia.hito_id, []).append(evidencia)
    for fila in contexto["hitos"]:
        hito = fila["hito"]
        partes.append(Paragraph(escape(f"{_('Hito')} {hito.numero}. {hito.titulo}"), subtitulo))
        fechas = (
            f"{_('Previsto')}: {hito.inicio_previsto:%d/%m/%Y}–{hito.fin_previsto:%d/%m/%Y}. "
            f"{_('Real')}: "
            + (f"{hito.inicio_real:%d/%m/%Y}" if hito.inicio_real else "—")
            + "–"
            + (f"{hito.fin_real:%d/%m/%Y}" if hito.fin_real else "—")
            + f". {_('Responsable')}: {hito.responsable}."
        )
        partes.append(Paragraph(escape(fechas), normal))
        nivel = (
            f"{_('Nivel de cumplimiento verificado')}: <b>{escape(hito.get_nivel_display())}</b>"
        )
        if fila["pendiente"]:
            nivel += escape(
                f" ({_('propuesta pendiente de verificación')}: "
                f"{fila['pendiente'].get_nivel_display()})"
            )
        nivel += escape(
            f". {_('Avance valorado')}: {porcentaje(hito.avance)}. {_('Avance calculado')}: "
            f"{porcentaje(fila['progreso'])}; {_('esperado a la fecha')}: "
            f"{porcentaje(fila['esperado'])}."
        )
        partes.append(Paragraph(nivel, normal))
        if hito.justificacion:
            partes.append(Paragraph(escape(hito.justificacion), normal))
        if fila["indicadores"]:
            tabla = [[_("Indicador"), _("Valor"), _("Meta"), _("Progreso")]] + [
                [
                    Paragraph(escape(f"{i['nombre']} ({i['unidad']})"), pequeno),
                    cifra(i["valor"]),
                    cifra(i["meta"]),
                    porcentaje(i["progreso"]),
                ]
                for i in fila["indicadores"]
            ]
            t = Table(tabla, colWidths=[9.5 * cm, 2.5 * cm, 2.5 * cm, 2.5 * cm])
            t.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                        ("FONTSIZE", (0, 0), (-1, -1), 8),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ]
                )
            )
            partes += [Spacer(1, 0.2 * cm), t]
        lista = evidencias.get(hito.pk, [])
        partes.append(Spacer(1, 0.2 * cm))
        partes.append(Paragraph(f"<b>{escape(_('Evidencias'))}</b>", normal))
        if lista:
            for evidencia in lista:
                partes.append(
                    Paragraph(
                        escape(
                            f"• {evidencia.fecha:%d/%m/%Y} — {evidencia.titulo}"
                            + (f" ({evidencia.enlace})" if evidencia.enlace else "")
                        ),
                        pequeno,
                    )
                )
        else:
            partes.append(Paragraph(escape(_("Sin evidencias cargadas.")), pequeno))
        partes.append(Spacer(1, 0.3 * cm))
    if contexto.get("valoraciones"):
        partes.append(Paragraph(escape(_("¿Abrió el gobierno?")), subtitulo))
        for valoracion in contexto["valoraciones"]:
            partes.append(
                Paragraph(
                    f"<b>{escape(valoracion.get_valor_display())}</b>: "
                    f"{escape(valoracion.get_resultado_display())}. "
                    f"{escape(valoracion.explicacion)}",
                    normal,
                )
            )
    documento.build(partes)
    return salida.getvalue()
