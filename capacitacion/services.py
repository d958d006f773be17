"""The survey engine: visibility, scoring, saving a step, submitting, reviewing, versioning."""

import csv
import io
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from juntas.models import Organizacion

from .models import (
    AccionPlan,
    AjustePlan,
    Evaluacion,
    Inscripcion,
    Instrumento,
    Opcion,
    Persona,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
    Sesion,
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


def asignar_valor(fila, pregunta, valor):
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


# Sessions: registration and attendance ---------------------------------------------------------


class InscripcionError(ValidationError):
    """A registration that cannot be made; the message says why, in Spanish."""


def persona_por_documento(*, documento, nombres="", apellidos="", organizacion=None, **datos):
    """Find a person by document number, or create them; link them to the Junta given."""
    persona = Persona.objects.filter(documento=documento).first()
    if persona is None:
        if not (nombres and apellidos):
            raise InscripcionError(
                _("No hay nadie registrado con el documento %(doc)s: escriba nombres y apellidos.")
                % {"doc": documento}
            )
        persona = Persona(documento=documento, nombres=nombres, apellidos=apellidos, **datos)
    if organizacion is not None:
        persona.organizacion = organizacion
    persona.full_clean()
    persona.save()
    return persona


@transaction.atomic
def inscribir(sesion, persona, organizacion, *, usuario):
    """Register a person of `organizacion` for a session, never beyond its capacity.

    The session row is locked first, so two leaders taking the last seat at once are served one
    after the other: the second one finds it taken.
    """
    sesion = Sesion.objects.select_for_update().get(pk=sesion.pk)
    if sesion.estado != Sesion.Estado.PROGRAMADA or sesion.inicio <= timezone.now():
        raise InscripcionError(_("Esta sesión ya no recibe inscripciones."))
    inscritas = sesion.inscripciones.all()
    if inscritas.filter(persona=persona).exists():
        raise InscripcionError(_("%(p)s ya está inscrito(a) en esta sesión.") % {"p": persona})
    if inscritas.count() >= sesion.cupo:
        raise InscripcionError(_("La sesión no tiene cupos disponibles."))
    if inscritas.filter(organizacion=organizacion).count() >= sesion.cupo_por_junta:
        raise InscripcionError(
            _("Su Junta ya usó sus %(n)d cupos en esta sesión.") % {"n": sesion.cupo_por_junta}
        )
    return Inscripcion.objects.create(
        sesion=sesion, persona=persona, organizacion=organizacion, inscrita_por=usuario
    )


def cancelar_inscripcion(inscripcion):
    if inscripcion.sesion.inicio <= timezone.now():
        raise InscripcionError(_("La sesión ya empezó: no se puede cancelar la inscripción."))
    inscripcion.delete()


@transaction.atomic
def registrar_asistencia(sesion, *, presentes, nuevos, usuario):
    """Save a session's attendance in one go: who came among the registered (`presentes`, ids)
    and walk-ins (`nuevos`: dicts with documento, nombres, apellidos and organizacion)."""
    ahora = timezone.now()
    for inscripcion in sesion.inscripciones.select_for_update():
        asistio = inscripcion.pk in presentes
        if inscripcion.asistio != asistio:
            inscripcion.asistio = asistio
            inscripcion.asistencia_por, inscripcion.asistencia_en = usuario, ahora
            inscripcion.save()
    for datos in nuevos:
        _asistente_nuevo(sesion, datos, usuario, ahora)
    if sesion.estado == Sesion.Estado.PROGRAMADA and sesion.inicio <= ahora:
        sesion.estado = Sesion.Estado.REALIZADA
        sesion.save(update_fields=["estado"])
    _emitir_certificados(sesion)


def _asistente_nuevo(sesion, datos, usuario, ahora):
    datos = dict(datos)
    organizacion = datos.pop("organizacion")
    persona = persona_por_documento(organizacion=organizacion, **datos)
    inscripcion, _creada = Inscripcion.objects.get_or_create(
        sesion=sesion,
        persona=persona,
        defaults={
            "organizacion": organizacion,
            "inscrita_por": usuario,
            "sin_inscripcion_previa": True,
        },
    )
    inscripcion.asistio, inscripcion.asistencia_por, inscripcion.asistencia_en = (
        True,
        usuario,
        ahora,
    )
    inscripcion.save()
    return inscripcion


def importar_asistencia(sesion, texto, *, usuario):
    """Import an online session's participant list (CSV). All or nothing.

    Returns (count, errors); errors are (line, reason) with the header as line 1, and when there is
    any, nothing is written.
    """
    lector = csv.DictReader(io.StringIO(texto))
    faltan = {"documento", "nombres", "apellidos", "codigo_registro"} - set(lector.fieldnames or [])
    if faltan:
        return 0, [(1, _("Faltan columnas: %(c)s.") % {"c": ", ".join(sorted(faltan))})]
    leidas = list(lector)
    filas, errores = [], []
    juntas = {o.codigo_registro: o for o in Organizacion.objects.juntas()}
    conocidas = set(
        Persona.objects.filter(
            documento__in=[(f.get("documento") or "").strip() for f in leidas]
        ).values_list("documento", flat=True)
    )
    for linea, fila in enumerate(leidas, start=2):
        documento = (fila.get("documento") or "").strip()
        junta = juntas.get((fila.get("codigo_registro") or "").strip())
        if not re.fullmatch(r"[0-9]{5,12}", documento):
            errores.append(
                (linea, _("documento «%(d)s» no válido: solo dígitos.") % {"d": documento})
            )
        elif junta is None:
            errores.append(
                (
                    linea,
                    _("no hay una Junta con código «%(c)s».") % {"c": fila.get("codigo_registro")},
                )
            )
        elif documento not in conocidas and not (
            (fila.get("nombres") or "").strip() and (fila.get("apellidos") or "").strip()
        ):
            errores.append((linea, _("persona nueva sin nombres o apellidos.")))
        else:
            filas.append(
                {
                    "documento": documento,
                    "nombres": fila["nombres"].strip(),
                    "apellidos": fila["apellidos"].strip(),
                    "organizacion": junta,
                }
            )
    if errores:
        return 0, errores
    with transaction.atomic():
        ahora = timezone.now()
        for datos in filas:
            _asistente_nuevo(sesion, datos, usuario, ahora)
        _emitir_certificados(sesion)
    return len(filas), []


def _emitir_certificados(sesion):
    """New attendance may complete the module for someone: issue what was earned."""
    from .certificados import emitir  # certificados reads the plans through selectors

    emitir(modulos=[sesion.modulo_id])


# Evaluations: the same questions and scoring as the needs survey, answered by each attendee -----


def evaluaciones_de(sesion):
    """What the session's attendees may answer: [(momento, instrumento)], in the order shown."""
    opciones = []
    prueba = sesion.modulo.prueba
    if prueba is not None and prueba.estado == Instrumento.Estado.PUBLICADO:
        opciones += [(Evaluacion.Momento.ENTRADA, prueba), (Evaluacion.Momento.SALIDA, prueba)]
    satisfaccion = Instrumento.satisfaccion_vigente()
    if satisfaccion is not None:
        opciones.append((Evaluacion.Momento.SATISFACCION, satisfaccion))
    return opciones


def _como_respuesta(pregunta, valor):
    """An unsaved answer row holding `valor`, so the survey engine's rules apply to it."""
    fila = RespuestaPregunta(pregunta=pregunta)
    asignar_valor(fila, pregunta, valor)
    return fila


def _para_json(fila):
    if fila.valores:
        return fila.valores
    if fila.numero is not None:
        return str(fila.numero)
    if fila.fecha:
        return fila.fecha.isoformat()
    return fila.valor or fila.texto


def faltantes_de_evaluacion(preguntas, datos):
    """Visible required questions left blank (`datos`: question id → cleaned value)."""
    filas = {p.pk: _como_respuesta(p, datos.get(p.pk)) for p in preguntas}
    return [
        p for p in visibles(preguntas, filas) if p.obligatoria and not respondida(p, filas[p.pk])
    ]


def registrar_evaluacion(sesion, *, documento, momento, instrumento, preguntas, datos):
    """Store an attendee's evaluation; the document number must be registered for the session.

    Raises ValidationError with a Spanish message for an unknown document or a repeated answer.
    """
    inscripcion = (
        sesion.inscripciones.filter(persona__documento=documento).select_related("persona").first()
    )
    if inscripcion is None:
        raise ValidationError(
            _(
                "No encontramos ese documento entre los inscritos de esta sesión. Pida a la "
                "persona facilitadora que lo registre en la asistencia."
            )
        )
    filas = {p.pk: _como_respuesta(p, datos.get(p.pk)) for p in preguntas}
    visibles_ = visibles(preguntas, filas)
    puntajes = [
        valor
        for p in visibles_
        if respondida(p, filas[p.pk]) and (valor := puntaje(p, filas[p.pk])) is not None
    ]
    evaluacion = Evaluacion(
        instrumento=instrumento,
        sesion=sesion,
        persona=inscripcion.persona,
        modulo_id=sesion.modulo_id,
        momento=momento,
        respuestas={
            p.codigo: _para_json(filas[p.pk]) for p in visibles_ if respondida(p, filas[p.pk])
        },
        puntaje=(sum(puntajes) / len(puntajes)).quantize(DOS) if puntajes else None,
    )
    repetida = Evaluacion.objects.filter(persona=inscripcion.persona, momento=momento)
    repetida = (
        repetida.filter(sesion=sesion)
        if momento == Evaluacion.Momento.SATISFACCION
        else repetida.filter(modulo_id=sesion.modulo_id)
    )
    if repetida.exists():
        raise ValidationError(_("Usted ya respondió esta evaluación. ¡Gracias!"))
    try:
        with transaction.atomic():
            evaluacion.save()
    except IntegrityError:  # the same person sent it twice at once
        raise ValidationError(_("Usted ya respondió esta evaluación. ¡Gracias!")) from None
    return evaluacion


# Technical accompaniment: the strengthening plan closes itself as requirements are met ----------


def cerrar_acciones_cumplidas(pares, hoy=None):
    """Close the open plan actions linked to requirements now verified as met.

    `pares` are (organization id, requirement id) of requirement rows that changed. Only those
    that count as met today (verified «cumple», not expired) close their actions. Returns how many.
    """
    from juntas.models import RequisitoJunta

    hoy = hoy or timezone.localdate()
    pares = set(pares)
    if not pares:
        return 0
    cumplidos = (
        set(
            RequisitoJunta.objects.filter(
                RequisitoJunta.q_vigente(hoy),
                organizacion_id__in={o for o, _r in pares},
                requisito_id__in={r for _o, r in pares},
            ).values_list("organizacion_id", "requisito_id")
        )
        & pares
    )
    cerradas = 0
    for accion in AccionPlan.objects.filter(
        estado__in=AccionPlan.ABIERTAS,
        organizacion_id__in={o for o, _r in cumplidos},
        requisito_id__in={r for _o, r in cumplidos},
    ):
        if (accion.organizacion_id, accion.requisito_id) not in cumplidos:
            continue
        accion.estado, accion.cerrada_en, accion.cierre_automatico = (
            AccionPlan.Estado.HECHA,
            hoy,
            True,
        )
        accion._change_reason = "Cerrada al verificarse el requisito"
        accion.save()
        cerradas += 1
    return cerradas
