"""The survey engine's writes: saving a step, scoring, submitting, reviewing, versioning.

Knows nothing of training; training's evaluations reuse `preguntas_de` and `asignar_valor`.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from juntas.models import Organizacion

from .. import reglas
from ..models.encuesta import (
    Instrumento,
    Opcion,
    Pregunta,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from ..reglas import puntaje, respondida, visibles

DOS = Decimal("0.01")


def preguntas_de(instrumento: Instrumento) -> list[Pregunta]:
    """The instrument's questions with their options and dimension, in answering order."""
    return list(
        instrumento.preguntas.select_related("dimension", "condicion_pregunta").prefetch_related(
            Prefetch("opciones", queryset=Opcion.objects.order_by("orden", "pk"))
        )
    )


def respuestas_de(respuesta: Respuesta) -> dict[int, RespuestaPregunta]:
    """The response's stored answers by question id (none for a response not saved yet)."""
    if respuesta.pk is None:
        return {}
    return {r.pregunta_id: r for r in respuesta.respuestas.all()}


def faltantes(
    respuesta: Respuesta,
    preguntas: list[Pregunta] | None = None,
    respuestas: dict[int, RespuestaPregunta] | None = None,
) -> list[Pregunta]:
    """Visible required questions still unanswered (the one rule for the step page, the review
    page and submitting)."""
    preguntas = preguntas if preguntas is not None else preguntas_de(respuesta.instrumento)
    respuestas = respuestas if respuestas is not None else respuestas_de(respuesta)
    return reglas.faltantes(preguntas, respuestas)


def respuesta_de_junta(organizacion: Organizacion, instrumento: Instrumento) -> Respuesta:
    """The Junta's response to the instrument, created as a draft on first use."""
    respuesta, _creada = Respuesta.objects.get_or_create(
        organizacion=organizacion, instrumento=instrumento
    )
    return respuesta


def asignar_valor(fila: RespuestaPregunta, pregunta: Pregunta, valor: Any) -> None:
    """Put a form's cleaned value in the answer row's column for the question's type."""
    fila.valor, fila.valores, fila.texto, fila.numero, fila.fecha = "", [], "", None, None
    if pregunta.tipo == Pregunta.Tipo.MULTIPLE:
        fila.valores = list(valor or [])
    elif pregunta.tipo in (Pregunta.Tipo.UNICA, Pregunta.Tipo.SI_NO, Pregunta.Tipo.LIKERT):
        fila.valor = valor or ""
    elif pregunta.tipo == Pregunta.Tipo.NUMERO:
        fila.numero = valor
    elif pregunta.tipo == Pregunta.Tipo.FECHA:
        fila.fecha = valor
    else:
        fila.texto = (valor or "").strip()


@transaction.atomic
def guardar_paso(
    respuesta: Respuesta,
    preguntas_del_paso: list[Pregunta],
    datos: dict[int, Any],
    *,
    usuario,
    por_la_secretaria: bool = False,
) -> Respuesta:
    """Save one page's answers (`datos`: question id → cleaned value) and recompute scores.

    Only the questions present in `datos` are touched: a field that failed validation is left
    out by the caller, so what the person typed wrong never erases what they had saved before.
    An empty value that did validate deletes the stored answer (the person cleared it). Answers
    to questions that became hidden are dropped by `recalcular`, so a changed condition never
    leaves stale answers behind.
    """
    respuesta = Respuesta.objects.select_for_update().get(pk=respuesta.pk)
    if respuesta.enviada:
        raise ValidationError(
            _("Esta encuesta ya fue enviada: pida a la Secretaría que la reabra.")
        )
    existentes = {
        r.pregunta_id: r for r in respuesta.respuestas.filter(pregunta__in=preguntas_del_paso)
    }
    for pregunta in preguntas_del_paso:
        if pregunta.pk not in datos:
            continue
        valor = datos[pregunta.pk]
        fila = existentes.get(pregunta.pk) or RespuestaPregunta(
            respuesta=respuesta, pregunta=pregunta
        )
        asignar_valor(fila, pregunta, valor)
        if respondida(pregunta, fila):
            fila.puntaje = puntaje(pregunta, fila)
            fila.save()
            if pregunta.tipo == Pregunta.Tipo.MULTIPLE:
                fila.selecciones.all().delete()
                Seleccion.objects.bulk_create(
                    Seleccion(respuesta_pregunta=fila, pregunta=pregunta, codigo=codigo)
                    for codigo in fila.valores
                )
        elif fila.pk:
            fila.delete()
    if por_la_secretaria and not respuesta.por_la_secretaria:
        respuesta.por_la_secretaria = True
    respuesta._change_reason = (
        "Diligenciada por la Secretaría" if por_la_secretaria else "Paso guardado por la Junta"
    )
    respuesta.save()
    recalcular(respuesta)
    return respuesta


def recalcular(respuesta: Respuesta) -> dict[int, Decimal]:
    """Drop answers to hidden questions; store each dimension's score and the overall index."""
    preguntas = preguntas_de(respuesta.instrumento)
    respuestas = respuestas_de(respuesta)
    mostradas = {p.pk for p in visibles(preguntas, respuestas)}
    ocultas = [r.pk for pid, r in respuestas.items() if pid not in mostradas]
    if ocultas:
        respuesta.respuestas.filter(pk__in=ocultas).delete()
    por_dimension = {}
    for pregunta in preguntas:
        fila = respuestas.get(pregunta.pk)
        if pregunta.pk in mostradas and fila is not None and fila.puntaje is not None:
            por_dimension.setdefault(pregunta.dimension_id, []).append(fila.puntaje)
    promedios = {
        dimension: (sum(valores) / len(valores)).quantize(DOS)
        for dimension, valores in por_dimension.items()
    }
    # Through the response's manager, so each row holds its response and the dashboard's
    # summaries tell a draft's rows apart without a query (`resumenes.encuesta`).
    respuesta.puntajes.exclude(dimension__in=promedios).delete()
    for dimension, valor in promedios.items():
        respuesta.puntajes.update_or_create(dimension_id=dimension, defaults={"puntaje": valor})
    indice = (sum(promedios.values()) / len(promedios)).quantize(DOS) if promedios else None
    Respuesta.objects.filter(pk=respuesta.pk).update(indice=indice)
    respuesta.indice = indice
    return promedios


@transaction.atomic
def enviar(respuesta: Respuesta, *, usuario) -> Respuesta:
    """Submit: every visible required question answered; then the response is read-only."""
    respuesta = Respuesta.objects.select_for_update().get(pk=respuesta.pk)
    if respuesta.enviada:
        return respuesta
    pendientes = faltantes(respuesta)
    if pendientes:
        raise ValidationError(
            ngettext(
                "Falta %(n)d pregunta obligatoria por responder.",
                "Faltan %(n)d preguntas obligatorias por responder.",
                len(pendientes),
            )
            % {"n": len(pendientes)}
        )
    respuesta.estado = Respuesta.Estado.ENVIADA
    respuesta.enviada_en = timezone.now()
    respuesta.enviada_por = usuario
    respuesta._change_reason = "Enviada"
    respuesta.save()
    return respuesta


def reabrir(respuesta: Respuesta, *, usuario) -> None:
    """Staff reopen a submitted response so the Junta can correct it."""
    respuesta.estado = Respuesta.Estado.BORRADOR
    respuesta.revisada_por, respuesta.revisada_en = usuario, timezone.now()
    respuesta._change_reason = "Reabierta por la Secretaría"
    respuesta.save()


def revisar(respuesta: Respuesta, *, usuario, estado: str, comentario: str = "") -> None:
    """Staff review a submitted response: approved, or with observations the leaders see."""
    if not respuesta.enviada:
        raise ValidationError(_("Solo se revisan encuestas enviadas."))
    if respuesta.enviada_por_id is not None and respuesta.enviada_por_id == usuario.pk:
        # A paper survey typed in and sent by a clerk needs another person's review.
        raise ValidationError(
            _("Usted envió esta encuesta: otra persona de la Secretaría debe revisarla.")
        )
    respuesta.estado = estado
    respuesta.comentario_revision = comentario
    respuesta.revisada_por, respuesta.revisada_en = usuario, timezone.now()
    respuesta._change_reason = f"Revisada: {Respuesta.Estado(estado).label}"
    respuesta.save()


@transaction.atomic
def duplicar_como_nueva_version(instrumento: Instrumento) -> Instrumento:
    """Copy an instrument with its questions and options as the next version, in draft.

    Question codes are kept, so answers to both versions compare question by question.
    """
    ultima = (
        Instrumento.objects.filter(nombre=instrumento.nombre, ronda=instrumento.ronda)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    nuevo = Instrumento.objects.create(
        nombre=instrumento.nombre,
        version=(ultima or instrumento.version) + 1,
        proposito=instrumento.proposito,
        ronda=instrumento.ronda,
        abre=instrumento.abre,
        cierra=instrumento.cierra,
        descripcion=instrumento.descripcion,
        version_anterior=instrumento,
    )
    copias = {}
    preguntas = preguntas_de(instrumento)
    for pregunta in preguntas:
        copia = Pregunta.objects.create(
            instrumento=nuevo,
            dimension=pregunta.dimension,
            codigo=pregunta.codigo,
            texto=pregunta.texto,
            ayuda=pregunta.ayuda,
            tipo=pregunta.tipo,
            obligatoria=pregunta.obligatoria,
            orden=pregunta.orden,
            minimo=pregunta.minimo,
            maximo=pregunta.maximo,
            condicion_valor=pregunta.condicion_valor,
        )
        copias[pregunta.pk] = copia
        Opcion.objects.bulk_create(
            Opcion(pregunta=copia, codigo=o.codigo, texto=o.texto, puntaje=o.puntaje, orden=o.orden)
            for o in pregunta.opciones.all()
        )
    for pregunta in preguntas:
        if pregunta.condicion_pregunta_id:
            copia = copias[pregunta.pk]
            copia.condicion_pregunta = copias[pregunta.condicion_pregunta_id]
            copia.save(update_fields=["condicion_pregunta"])
    return nuevo
