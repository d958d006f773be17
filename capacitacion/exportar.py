"""Survey exports (XLSX, CSV): wide (a row per Junta) and long (a row per answer).

Monitors' exports carry no personal data; staff's wide export adds the president's contact.
Every cell goes through `nucleo.hojas`: free-text answers and Junta names are typed by leaders
and must never open as formulas. Numbers and dates stay numbers and dates (a number question's
answer, the scores, the day it was sent) so the XLSX has real cells and the CSV writes them as
the reader expects.
"""

from django.db.models import Prefetch
from django.utils import timezone

from juntas.models import Dignatario
from nucleo.hojas import dataset_seguro

from .models.encuesta import Dimension, PuntajeDimension, Respuesta, RespuestaPregunta


def _respuestas(instrumento, juntas):
    return (
        Respuesta.objects.filter(
            instrumento=instrumento, estado__in=Respuesta.ENVIADAS, organizacion__in=juntas
        )
        .select_related("organizacion__localidad", "organizacion__unidad_comunera")
        .order_by("organizacion__codigo_registro")
    )


def _junta(respuesta):
    org = respuesta.organizacion
    return [
        org.codigo_registro,
        org.nombre,
        org.tipo,
        org.localidad.nombre if org.localidad_id else "",
        org.unidad_comunera.numero if org.unidad_comunera_id else "",
    ]


COLUMNAS_JUNTA = ["codigo_registro", "organizacion", "tipo", "localidad", "ucg"]


def _valor(respuesta_pregunta):
    """The answer as a cell: a number or a date as such, anything else as people read it."""
    if respuesta_pregunta.numero is not None:
        return respuesta_pregunta.numero
    if respuesta_pregunta.fecha is not None:
        return respuesta_pregunta.fecha
    return respuesta_pregunta.mostrar()


def partes_del_filtro(filtros):
    """The active filters as parts of the export's file name: `tipo-jac-localidad-…-ucg-3`."""
    partes = []
    if filtros.get("tipo"):
        partes += ["tipo", filtros["tipo"]]
    if filtros.get("localidad"):
        partes += ["localidad", filtros["localidad"].nombre]
    if filtros.get("ucg"):
        partes += ["ucg", filtros["ucg"].numero]
    return partes


def ancha(instrumento, juntas, *, con_datos_personales=False):
    """One row per submitted response; a column per dimension score and per question code."""
    preguntas = list(instrumento.preguntas.order_by("dimension__orden", "orden", "pk"))
    dimensiones = list(Dimension.objects.filter(preguntas__instrumento=instrumento).distinct())
    respuestas = _respuestas(instrumento, juntas)
    if con_datos_personales:
        respuestas = respuestas.prefetch_related(
            Prefetch(
                "organizacion__dignatarios",
                queryset=Dignatario.objects.filter(cargo="presidente", activo=True),
                to_attr="presidentes",
            )
        )
    respuestas = list(respuestas)
    puntajes = {
        (p.respuesta_id, p.dimension_id): p.puntaje
        for p in PuntajeDimension.objects.filter(respuesta__in=respuestas)
    }
    valores = {
        (r.respuesta_id, r.pregunta_id): _valor(r)
        for r in RespuestaPregunta.objects.filter(respuesta__in=respuestas)
    }
    encabezado = [
        *COLUMNAS_JUNTA,
        *(["presidente", "telefono_presidente"] if con_datos_personales else []),
        "estado",
        "enviada_en",
        "indice_capacidad",
        *[f"dim_{d.codigo}" for d in dimensiones],
        *[p.codigo for p in preguntas],
    ]
    filas = []
    for respuesta in respuestas:
        personales = []
        if con_datos_personales:
            presidente = next(iter(respuesta.organizacion.presidentes), None)
            personales = [
                presidente.nombre_completo if presidente else "",
                presidente.telefono if presidente else "",
            ]
        filas.append(
            [
                *_junta(respuesta),
                *personales,
                respuesta.get_estado_display(),
                timezone.localdate(respuesta.enviada_en) if respuesta.enviada_en else None,
                respuesta.indice,
                *[puntajes.get((respuesta.pk, d.pk)) for d in dimensiones],
                *[valores.get((respuesta.pk, p.pk)) for p in preguntas],
            ]
        )
    return dataset_seguro(filas, encabezados=encabezado, titulo="diagnostico")


def larga(instrumento, juntas):
    """One row per answer of the submitted responses (no personal data)."""
    filas = (
        RespuestaPregunta.objects.filter(respuesta__in=_respuestas(instrumento, juntas))
        .select_related(
            "pregunta__dimension",
            "respuesta__organizacion__localidad",
            "respuesta__organizacion__unidad_comunera",
        )
        .order_by(
            "respuesta__organizacion__codigo_registro",
            "pregunta__dimension__orden",
            "pregunta__orden",
        )
    )
    return dataset_seguro(
        (
            [
                *_junta(fila.respuesta),
                fila.pregunta.dimension.nombre,
                fila.pregunta.codigo,
                fila.pregunta.texto,
                _valor(fila),
                fila.puntaje,
            ]
            for fila in filas
        ),
        encabezados=[
            *COLUMNAS_JUNTA,
            "dimension",
            "pregunta",
            "texto_pregunta",
            "respuesta",
            "puntaje",
        ],
        titulo="respuestas",
    )
