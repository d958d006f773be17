"""The survey engine: visibility, scoring, saving a step, submitting, reviewing, versioning."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AjustePlan,
    Instrumento,
    Opcion,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)

DOS = Decimal("0.01")


def preguntas_de(instrumento):
    """The instrument's questions with their options and dimension, in answering order."""
    return list(
        instrumento.preguntas.select_related("dimension", "condicion_pregunta").prefetch_related(
            Prefetch("opciones", queryset=Opcion.objects.order_by("orden", "pk"))
        )
    )


def valor_para_condicion(respuesta_pregunta):
    """What a condition compares: the chosen code(s)."""
    if respuesta_pregunta is None:
        return set()
    if respuesta_pregunta.valores:
        return set(respuesta_pregunta.valores)
    return {respuesta_pregunta.valor} if respuesta_pregunta.valor else set()


def visibles(preguntas, respuestas):
    """Questions whose condition holds, given answers by question id (conditions may chain)."""
    por_id = {p.pk: p for p in preguntas}
    cache = {}

    def visible(pregunta):
        if pregunta.pk in cache:
            return cache[pregunta.pk]
        cache[pregunta.pk] = True  # guards against cycles
        padre = por_id.get(pregunta.condicion_pregunta_id)
        resultado = padre is None or (
            visible(padre)
            and pregunta.condicion_valor in valor_para_condicion(respuestas.get(padre.pk))
        )
        cache[pregunta.pk] = resultado
        return resultado

    return [p for p in preguntas if visible(p)]


def puntaje(pregunta, respuesta_pregunta):
    """0-100 for scored types, None for numbers, dates and text."""
    tipo = pregunta.tipo
    if tipo == Pregunta.Tipo.SI_NO:
        return {"si": Decimal(100), "no": Decimal(0)}.get(respuesta_pregunta.valor)
    if tipo == Pregunta.Tipo.LIKERT and respuesta_pregunta.valor:
        return Decimal((int(respuesta_pregunta.valor) - 1) * 25)
    puntajes = {o.codigo: o.puntaje for o in pregunta.opciones.all()}
    if tipo == Pregunta.Tipo.UNICA and respuesta_pregunta.valor in puntajes:
        return Decimal(puntajes[respuesta_pregunta.valor])
    if tipo == Pregunta.Tipo.MULTIPLE and respuesta_pregunta.valores:
        return Decimal(min(100, sum(puntajes.get(c, 0) for c in respuesta_pregunta.valores)))
    return None


def respondida(pregunta, respuesta_pregunta):
    if respuesta_pregunta is None:
        return False
    return bool(
        respuesta_pregunta.valor
        or respuesta_pregunta.valores
        or respuesta_pregunta.texto
        or respuesta_pregunta.numero is not None
        or respuesta_pregunta.fecha
    )


def respuestas_de(respuesta):
    return {r.pregunta_id: r for r in respuesta.respuestas.all()}


def faltantes(respuesta, preguntas=None, respuestas=None):
    """Visible required questions still unanswered."""
    preguntas = preguntas if preguntas is not None else preguntas_de(respuesta.instrumento)
    respuestas = respuestas if respuestas is not None else respuestas_de(respuesta)
    return [
        p
        for p in visibles(preguntas, respuestas)
        if p.obligatoria and not respondida(p, respuestas.get(p.pk))
    ]


def respuesta_de_junta(organizacion, instrumento):
    """The Junta's response to the instrument, created as a draft on first use."""
    respuesta, _creada = Respuesta.objects.get_or_create(
        organizacion=organizacion, instrumento=instrumento
    )
    return respuesta


@transaction.atomic
def guardar_paso(respuesta, preguntas_del_paso, datos, *, usuario, por_la_secretaria=False):
    """Save one page's answers (`datos`: question id → cleaned value) and recompute scores.

    Empty values delete the stored answer. Answers to questions that became hidden are dropped
    by `recalcular`, so a changed condition never leaves stale answers behind.
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
        valor = datos.get(pregunta.pk)
        fila = existentes.get(pregunta.pk) or RespuestaPregunta(
            respuesta=respuesta, pregunta=pregunta
        )
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


def recalcular(respuesta):
    """Drop answers to hidden questions; store each dimension's score and the overall index."""
    preguntas = preguntas_de(respuesta.instrumento)
    respuestas = respuestas_de(respuesta)
    mostradas = {p.pk for p in visibles(preguntas, respuestas)}
    ocultas = [r.pk for pid, r in respuestas.items() if pid not in mostradas]
    if ocultas:
        RespuestaPregunta.objects.filter(pk__in=ocultas).delete()
    por_dimension = {}
    for pregunta in preguntas:
        fila = respuestas.get(pregunta.pk)
        if pregunta.pk in mostradas and fila is not None and fila.puntaje is not None:
            por_dimension.setdefault(pregunta.dimension_id, []).append(fila.puntaje)
    promedios = {
        dimension: (sum(valores) / len(valores)).quantize(DOS)
        for dimension, valores in por_dimension.items()
    }
    PuntajeDimension.objects.filter(respuesta=respuesta).exclude(dimension__in=promedios).delete()
    for dimension, valor in promedios.items():
        PuntajeDimension.objects.update_or_create(
            respuesta=respuesta, dimension_id=dimension, defaults={"puntaje": valor}
        )
    indice = (sum(promedios.values()) / len(promedios)).quantize(DOS) if promedios else None
    Respuesta.objects.filter(pk=respuesta.pk).update(indice=indice)
    respuesta.indice = indice
    return promedios


@transaction.atomic
def enviar(respuesta, *, usuario):
    """Submit: every visible required question answered; then the response is read-only."""
    respuesta = Respuesta.objects.select_for_update().get(pk=respuesta.pk)
    if respuesta.enviada:
        return respuesta
    pendientes = faltantes(respuesta)
    if pendientes:
        raise ValidationError(
            _("Faltan %(n)d preguntas obligatorias por responder.") % {"n": len(pendientes)}
        )
    respuesta.estado = Respuesta.Estado.ENVIADA
    respuesta.enviada_en = timezone.now()
    respuesta.enviada_por = usuario
    respuesta._change_reason = "Enviada"
    respuesta.save()
    return respuesta


def reabrir(respuesta, *, usuario):
    """Staff reopen a submitted response so the Junta can correct it."""
    respuesta.estado = Respuesta.Estado.BORRADOR
    respuesta.revisada_por, respuesta.revisada_en = usuario, timezone.now()
    respuesta._change_reason = "Reabierta por la Secretaría"
    respuesta.save()


def revisar(respuesta, *, usuario, estado, comentario=""):
    """Staff review a submitted response: approved, or with observations the leaders see."""
    if not respuesta.enviada:
        raise ValidationError(_("Solo se revisan encuestas enviadas."))
    respuesta.estado = estado
    respuesta.comentario_revision = comentario
    respuesta.revisada_por, respuesta.revisada_en = usuario, timezone.now()
    respuesta._change_reason = f"Revisada: {Respuesta.Estado(estado).label}"
    respuesta.save()


@transaction.atomic
def duplicar_como_nueva_version(instrumento):
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


def ajustar_plan(organizacion, modulo, *, incluido, usuario, motivo=""):
    """Staff include (True) or exclude (False) a module in a Junta's plan; None undoes the
    adjustment, so the recommendation from the survey applies again."""
    if incluido is None:
        AjustePlan.objects.filter(organizacion=organizacion, modulo=modulo).delete()
        return None
    ajuste, _creado = AjustePlan.objects.update_or_create(
        organizacion=organizacion,
        modulo=modulo,
        defaults={"incluido": incluido, "motivo": motivo, "ajustado_por": usuario},
    )
    return ajuste
