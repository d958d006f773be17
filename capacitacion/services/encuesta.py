"""The survey engine: visibility, scoring, saving a step, submitting, reviewing, versioning."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from juntas.models import Organizacion
from nucleo.tablas import ArchivoIlegible, mapear_columnas, texto_de

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
    SolicitudPersona,
)
from .reglas import puntaje, respondida, visibles
from .reportes_reunion import (
    HERRAMIENTAS,
    PORTAL,
    conectado_por_inscripcion,
    leer,
    minimo_segundos,
)

DOS = Decimal("0.01")


def preguntas_de(instrumento):
    """The instrument's questions with their options and dimension, in answering order."""
    return list(
        instrumento.preguntas.select_related("dimension", "condicion_pregunta").prefetch_related(
            Prefetch("opciones", queryset=Opcion.objects.order_by("orden", "pk"))
        )
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


# What a leader sees after typing a document that is not one of their Junta's people: the same
# words whether the document is new to the portal or belongs to someone else, so the form is no
# oracle. New people are registered at once; someone else's document waits for staff, holding
# the seat, and shows in the Junta's list under the name the leader typed.
MENSAJE_INSCRIPCION_RECIBIDA = gettext_lazy(
    "Recibimos la inscripción de %(p)s. Si la Secretaría necesita revisar los datos de esta "
    "persona, lo hará antes de la sesión."
)
MENSAJE_FALTAN_NOMBRES = gettext_lazy(
    "Escriba nombres y apellidos de la persona: los necesitamos para inscribirla."
)
DATOS_PERSONA = ("nombres", "apellidos", "telefono", "correo")


def _solicitudes_pendientes():
    return SolicitudPersona.objects.filter(estado=SolicitudPersona.Estado.PENDIENTE)


def _vinculaciones_pendientes(**filtros):
    return _solicitudes_pendientes().filter(tipo=SolicitudPersona.Tipo.VINCULAR, **filtros)


def _cupos_ocupados(sesion, organizacion=None):
    """Seats taken: registrations plus the pending requests that hold one."""
    inscritas = sesion.inscripciones.all()
    pendientes = _vinculaciones_pendientes(sesion=sesion)
    if organizacion is not None:
        inscritas = inscritas.filter(organizacion=organizacion)
        pendientes = pendientes.filter(organizacion=organizacion)
    return inscritas.count() + pendientes.count()


def _comprobar_sesion(sesion, organizacion, *, ya_inscrita=None):
    """Everything a registration needs, in one order for every path (so two paths never answer
    differently): the session open, called for the Junta, the person not yet in it (`ya_inscrita`
    is the name to show when they are), a free seat and one of the Junta's. `sesion` must be
    locked (select_for_update) by the caller."""
    from .selectors import convoca  # selectors import this module (scoring helpers)

    if sesion.estado != Sesion.Estado.PROGRAMADA or sesion.inicio <= timezone.now():
        raise InscripcionError(_("Esta sesión ya no recibe inscripciones."))
    if not convoca(sesion, organizacion):
        raise InscripcionError(
            _("Esta sesión no convoca a su Junta: elija una de las sesiones de esta página.")
        )
    if ya_inscrita:
        raise InscripcionError(_("%(p)s ya está inscrito(a) en esta sesión.") % {"p": ya_inscrita})
    if _cupos_ocupados(sesion) >= sesion.cupo:
        raise InscripcionError(_("La sesión no tiene cupos disponibles."))
    if _cupos_ocupados(sesion, organizacion) >= sesion.cupo_por_junta:
        raise InscripcionError(
            _("Su Junta ya usó sus %(n)d cupos en esta sesión.") % {"n": sesion.cupo_por_junta}
        )


@transaction.atomic
def inscribir(sesion, persona, organizacion, *, usuario):
    """Register a person of `organizacion` for a session it is called to, never beyond capacity.

    The session row is locked first, so two leaders taking the last seat at once are served one
    after the other: the second one finds it taken.
    """
    sesion = Sesion.objects.select_for_update().get(pk=sesion.pk)
    ya = sesion.inscripciones.filter(persona=persona).exists()
    _comprobar_sesion(sesion, organizacion, ya_inscrita=persona.nombre_completo if ya else None)
    return Inscripcion.objects.create(
        sesion=sesion, persona=persona, organizacion=organizacion, inscrita_por=usuario
    )


def _datos_de(objeto):
    return {k: getattr(objeto, k) for k in DATOS_PERSONA}


def _validar(documento, datos):
    """Check typed data with the Persona model's own rules, before anything is saved."""
    try:
        Persona(documento=documento, **datos).full_clean(
            exclude=["organizacion"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise InscripcionError(error.messages[0]) from None


def _difiere(guardados, escritos):
    return any(v and guardados.get(k) != v for k, v in escritos.items())


def _con_lo_escrito(guardados, escritos):
    """The stored data with what was typed on top (blank typed fields keep the stored value)."""
    return {**guardados, **{k: v for k, v in escritos.items() if v}}


def _corregir_si_difiere(*, organizacion, documento, persona, guardados, escritos, usuario):
    """A correction request when the typed data differ from the stored ones; True if so."""
    if not _difiere(guardados, escritos):
        return False
    _pedir_correccion(
        organizacion=organizacion, documento=documento, persona=persona,
        escritos=escritos, usuario=usuario,
    )  # fmt: skip
    return True


def _pedir_correccion(*, organizacion, documento, persona, escritos, usuario):
    """Typed data that differ from the stored ones become (or refresh) one correction request."""
    SolicitudPersona.objects.update_or_create(
        tipo=SolicitudPersona.Tipo.CORREGIR,
        organizacion=organizacion,
        documento=documento,
        sesion=None,
        estado=SolicitudPersona.Estado.PENDIENTE,
        defaults={**escritos, "persona": persona, "creada_por": usuario},
    )


def _inscrita(nombre, corregir):
    mensaje = _("%(p)s quedó inscrito(a).") % {"p": nombre}
    if corregir:
        mensaje += " " + _(
            "Los datos que escribió no coinciden con los registrados: la Secretaría revisará la "
            "corrección."
        )
    return mensaje


@transaction.atomic
def inscribir_delegado(*, sesion, organizacion, usuario, documento, dignatario=None, **escritos):
    """A leader registers someone for a session: every check first, then the writes, all in one
    transaction (a refused registration leaves no person, request or change behind).

    Who may be registered: the Junta's dignatarios, people already linked to the Junta, and people
    new to the portal (created with the typed data). A leader never changes a stored person: typed
    data that differ become a correction request for staff. A document that belongs to anybody
    else is neither moved, changed nor named: it becomes a pending «vincular» request that holds
    the seat, answered with the same words as a new person, and from then on the Junta sees it
    as it would see a person it had just created. Returns the message for the leader.
    """
    escritos = {k: (escritos.get(k) or "").strip() for k in DATOS_PERSONA}
    sesion = Sesion.objects.select_for_update().get(pk=sesion.pk)
    persona = Persona.objects.select_for_update().filter(documento=documento).first()

    def crear_inscripcion(persona):
        return Inscripcion.objects.create(
            sesion=sesion, persona=persona, organizacion=organizacion, inscrita_por=usuario
        )

    def ya_inscrita(persona, nombre):
        return nombre if sesion.inscripciones.filter(persona=persona).exists() else None

    if dignatario is not None:  # the registry, kept by staff, puts them on this Junta's board
        nombre = dignatario.nombre_completo
        if persona is None:
            _validar(documento, escritos)
            _comprobar_sesion(sesion, organizacion)
            persona = Persona(documento=documento, organizacion=organizacion, **escritos)
            persona._change_reason = "Creada al inscribirla su Junta (dignatario)"
            persona.save()
        else:
            _comprobar_sesion(sesion, organizacion, ya_inscrita=ya_inscrita(persona, nombre))
            # A dignatario's correction is made silently: the message stays «inscrito(a)».
            _corregir_si_difiere(
                organizacion=organizacion, documento=documento, persona=persona,
                guardados=_datos_de(persona), escritos=escritos, usuario=usuario,
            )  # fmt: skip
        crear_inscripcion(persona)
        return _inscrita(nombre, corregir=False)

    if persona is not None and persona.organizacion_id == organizacion.pk:
        guardados = _datos_de(persona)
        _validar(documento, _con_lo_escrito(guardados, escritos))
        _comprobar_sesion(
            sesion, organizacion, ya_inscrita=ya_inscrita(persona, persona.nombre_completo)
        )
        corregir = _corregir_si_difiere(
            organizacion=organizacion, documento=documento, persona=persona,
            guardados=guardados, escritos=escritos, usuario=usuario,
        )  # fmt: skip
        crear_inscripcion(persona)
        return _inscrita(persona.nombre_completo, corregir)

    # Not one of the Junta's people. A request this Junta already made for the document stands
    # in for the person, exactly as a person created by an earlier registration would.
    anterior = (
        _vinculaciones_pendientes(organizacion=organizacion, documento=documento)
        .order_by("creada_en")
        .first()
    )
    if anterior is not None:
        guardados = _datos_de(anterior)
        nombre = anterior.nombre_escrito
        _validar(documento, _con_lo_escrito(guardados, escritos))
        repetida = _vinculaciones_pendientes(
            organizacion=organizacion, documento=documento, sesion=sesion
        ).exists()
        _comprobar_sesion(sesion, organizacion, ya_inscrita=nombre if repetida else None)
        corregir = _corregir_si_difiere(
            organizacion=organizacion, documento=documento, persona=persona,
            guardados=guardados, escritos=escritos, usuario=usuario,
        )  # fmt: skip
        SolicitudPersona.objects.create(
            tipo=SolicitudPersona.Tipo.VINCULAR, organizacion=organizacion, documento=documento,
            persona=persona, sesion=sesion, creada_por=usuario, **guardados,
        )  # fmt: skip
        return _inscrita(nombre, corregir)

    if not (escritos["nombres"] and escritos["apellidos"]):
        raise InscripcionError(MENSAJE_FALTAN_NOMBRES)
    _validar(documento, escritos)
    _comprobar_sesion(sesion, organizacion)
    if persona is None:
        persona = Persona(documento=documento, organizacion=organizacion, **escritos)
        persona._change_reason = "Creada al inscribirla su Junta"
        persona.save()
        crear_inscripcion(persona)
    else:
        SolicitudPersona.objects.create(
            tipo=SolicitudPersona.Tipo.VINCULAR, organizacion=organizacion, documento=documento,
            persona=persona, sesion=sesion, creada_por=usuario, **escritos,
        )  # fmt: skip
    return MENSAJE_INSCRIPCION_RECIBIDA % {"p": f"{escritos['nombres']} {escritos['apellidos']}"}


def cancelar_inscripcion(inscripcion):
    if inscripcion.sesion.inicio <= timezone.now():
        raise InscripcionError(_("La sesión ya empezó: no se puede cancelar la inscripción."))
    inscripcion.delete()


@transaction.atomic
def cancelar_delegado(*, sesion, organizacion, documento):
    """A leader withdraws someone from a session: a registration, or a pending request that holds
    the seat (the leader sees both alike). Returns False when the Junta has neither."""
    inscripcion = (
        Inscripcion.objects.select_related("sesion")
        .filter(sesion=sesion, organizacion=organizacion, persona__documento=documento)
        .first()
    )
    solicitud = _vinculaciones_pendientes(
        sesion=sesion, organizacion=organizacion, documento=documento
    ).first()
    if inscripcion is None and solicitud is None:
        return False
    if sesion.inicio <= timezone.now():
        raise InscripcionError(_("La sesión ya empezó: no se puede cancelar la inscripción."))
    if inscripcion is not None:
        inscripcion.delete()
    if solicitud is not None:
        solicitud.estado = SolicitudPersona.Estado.RETIRADA
        solicitud.resuelta_en = timezone.now()
        solicitud._change_reason = "Retirada por la Junta"
        solicitud.save()
    return True


# Staff resolve what leaders could not do -------------------------------------------------------


def _cerrar(solicitud, estado, usuario, nota):
    solicitud.estado, solicitud.resuelta_por = estado, usuario
    solicitud.resuelta_en = timezone.now()
    solicitud.nota = "\n".join(n for n in (solicitud.nota, nota) if n)
    solicitud._change_reason = f"Resuelta: {SolicitudPersona.Estado(estado).label}"
    solicitud.save()


@transaction.atomic
def resolver_solicitud(solicitud, *, accion, usuario, nota=""):
    """Staff resolve a leader's request. `accion`:

    - «vincular»: the person with that document joins the requesting Junta, keeping their stored
      name, phone and e-mail (a correction request is only closed);
    - «fusionar»: the same, taking the data the leader typed (a correction is applied);
    - «rechazar»: nothing changes and the seat is freed.

    A linked request for a session registers the person in it if the session still takes them;
    when it does not, the reason goes in the note. Returns the note added.
    """
    solicitud = SolicitudPersona.objects.select_for_update().get(pk=solicitud.pk)
    if solicitud.estado != SolicitudPersona.Estado.PENDIENTE:
        raise ValidationError(_("Esta solicitud ya fue resuelta."))
    if accion == "rechazar":
        _cerrar(solicitud, SolicitudPersona.Estado.RECHAZADA, usuario, nota)
        return nota
    if accion not in ("vincular", "fusionar"):
        raise ValidationError(_("Elija vincular, fusionar o rechazar."))
    persona = Persona.objects.select_for_update().filter(documento=solicitud.documento).first()
    escritos = {k: getattr(solicitud, k) for k in DATOS_PERSONA if getattr(solicitud, k)}
    if persona is None:  # gone since (e.g. suppressed): the typed data make a new person
        if not (escritos.get("nombres") and escritos.get("apellidos")):
            raise ValidationError(
                _("Ya no hay una persona con ese documento y la solicitud no trae sus nombres.")
            )
        persona = Persona(
            documento=solicitud.documento, organizacion=solicitud.organizacion, **escritos
        )
    elif accion == "fusionar":
        for campo, valor in escritos.items():
            setattr(persona, campo, valor)
    if solicitud.tipo == SolicitudPersona.Tipo.VINCULAR:
        persona.organizacion = solicitud.organizacion
    persona.full_clean()
    persona._change_reason = f"Solicitud {solicitud.pk} de {solicitud.organizacion}: {accion}"
    persona.save()
    solicitud.persona = persona
    estado = (
        SolicitudPersona.Estado.FUSIONADA
        if accion == "fusionar"
        else SolicitudPersona.Estado.VINCULADA
    )
    _cerrar(solicitud, estado, usuario, nota)  # frees the seat it held, for the registration
    if solicitud.sesion_id:
        try:
            with transaction.atomic():
                inscribir(solicitud.sesion, persona, solicitud.organizacion, usuario=usuario)
        except InscripcionError as error:
            extra = _("No se inscribió en la sesión: %(m)s") % {"m": error.messages[0]}
            _cerrar(solicitud, estado, usuario, extra)
            return "\n".join(n for n in (nota, extra) if n)
    return nota


# Staff take attendance: walk-ins may be linked to a Junta, never renamed -----------------------


def persona_por_documento(*, documento, nombres="", apellidos="", organizacion):
    """Staff's walk-in: find the person by document or create them, and link them to the Junta.

    Staff may link a person to a Junta, but a stored name is kept (certificates print it): typed
    names only make new people. Returns (persona, existed).
    """
    persona = Persona.objects.select_for_update().filter(documento=documento).first()
    if persona is None:
        if not (nombres and apellidos):
            raise InscripcionError(
                _("No hay nadie registrado con el documento %(doc)s: escriba nombres y apellidos.")
                % {"doc": documento}
            )
        persona = Persona(
            documento=documento, nombres=nombres, apellidos=apellidos, organizacion=organizacion
        )
        persona.full_clean()
        persona._change_reason = "Creada por la Secretaría al tomar asistencia"
        persona.save()
        return persona, False
    if persona.organizacion_id != organizacion.pk:
        persona.organizacion = organizacion
        persona._change_reason = "Vinculada a la Junta por la Secretaría al tomar asistencia"
        persona.save(update_fields=["organizacion"])
    return persona, True


class SesionSinEmpezar(ValidationError):
    """Attendance for a session that has not started: nobody can have come yet."""


class AsistenteNuevoError(InscripcionError):
    """A walk-in that cannot be recorded; `indice` is its place in `nuevos` and `campo` the field
    to correct, so the sheet can point the clerk at the right box."""

    def __init__(self, mensaje, *, indice, campo):
        super().__init__(mensaje)
        self.indice, self.campo = indice, campo


def motivo_sin_asistencia(sesion, ahora=None):
    """Why attendance cannot be taken for `sesion` yet, or None. One rule for the sheet, the CSV
    import and the page that warns before the clerk types 40 ticks."""
    ahora = ahora or timezone.now()
    if sesion.inicio > ahora:
        return _(
            "La sesión empieza el %(fecha)s a las %(hora)s: la asistencia se toma desde esa hora. "
            "Si la sesión ya se hizo, corrija su fecha de inicio en Sesiones."
        ) % {
            "fecha": date_format(timezone.localtime(sesion.inicio), "d/m/Y"),
            "hora": date_format(timezone.localtime(sesion.inicio), "H:i"),
        }
    return None


@transaction.atomic
def registrar_asistencia(sesion, *, presentes, nuevos, usuario):
    """Save a session's attendance in one go: who came among the registered (`presentes`, ids)
    and walk-ins (`nuevos`: dicts with documento, nombres, apellidos and organizacion).

    Refused before anything is written if the session has not started (SesionSinEmpezar) or a
    walk-in cannot be recorded (AsistenteNuevoError, which names the walk-in and the field).
    Returns the walk-ins who were already registered: their stored data were kept.
    """
    ahora = timezone.now()
    if motivo := motivo_sin_asistencia(sesion, ahora):
        raise SesionSinEmpezar(motivo)
    for inscripcion in sesion.inscripciones.select_for_update():
        asistio = inscripcion.pk in presentes
        if inscripcion.asistio != asistio:
            inscripcion.asistio = asistio
            inscripcion.asistencia_por, inscripcion.asistencia_en = usuario, ahora
            inscripcion.save()
    existentes = []
    for indice, datos in enumerate(nuevos):
        try:
            persona, existia = _asistente_nuevo(sesion, datos, usuario, ahora)
        except ValidationError as error:
            campo = next(
                (c for c in ("documento", "nombres", "apellidos") if c in error_dict(error)),
                next((c for c in ("nombres", "apellidos") if not datos.get(c)), "documento"),
            )
            raise AsistenteNuevoError(error.messages[0], indice=indice, campo=campo) from error
        if existia:
            existentes.append(persona)
    _realizada(sesion, ahora)
    _emitir_certificados(sesion)
    return existentes


def error_dict(error):
    """The fields a ValidationError names (empty for a message without fields)."""
    return getattr(error, "error_dict", {})


def _asistente_nuevo(sesion, datos, usuario, ahora):
    datos = dict(datos)
    organizacion = datos.pop("organizacion")
    persona, existia = persona_por_documento(organizacion=organizacion, **datos)
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
    return persona, existia


COLUMNAS_PORTAL = ("documento", "nombres", "apellidos", "codigo_registro")


def importar_asistencia(sesion, contenido, *, usuario, nombre=""):
    """Import an online session's participant list in the portal's own layout (documento,
    nombres, apellidos, codigo_registro), as uploaded: CSV as Excel es-CO saves it (`;`,
    Windows-1252 or UTF-8 with BOM), `,` UTF-8, UTF-16 or XLSX. All or nothing.

    Returns (count, errors, existing): errors are (line, reason) with the file's own line
    numbers (the header's included), and when there is any, nothing is written; existing are
    the people already registered, whose stored names were kept whatever the file says. A row
    that ends before the document or the Junta's code, or has more values than the header, is
    an error: its values would land in the wrong columns or be dropped. Raises ArchivoIlegible
    (a PDF, an unknown layout) and SesionSinEmpezar (a session that has not started).
    """
    if motivo := motivo_sin_asistencia(sesion):
        raise SesionSinEmpezar(motivo)
    disposicion, tabla = leer(contenido, nombre)
    if disposicion != "portal":
        raise ArchivoIlegible(
            _("Es un informe de %(h)s: súbalo en «Importar asistencia» para revisarlo.")
            % {"h": HERRAMIENTAS[disposicion]}
        )
    columnas = mapear_columnas(tabla.encabezados, PORTAL, requeridas=COLUMNAS_PORTAL)
    if columnas.faltan:
        return (
            0,
            [
                (
                    tabla.linea_encabezado,
                    _("Faltan columnas: %(c)s.") % {"c": ", ".join(sorted(columnas.faltan))},
                )
            ],
            [],
        )
    ancho = len(tabla.encabezados)
    leidas, errores = [], []
    for fila in tabla.filas:
        cortas = [c for c in COLUMNAS_PORTAL if columnas.indices[c] >= len(fila.celdas)]
        if {"documento", "codigo_registro"} & set(cortas):
            errores.append((fila.linea, _("faltan columnas: %(c)s.") % {"c": ", ".join(cortas)}))
        elif len(fila.celdas) > ancho:
            errores.append(
                (
                    fila.linea,
                    _(
                        "la fila tiene más valores que el encabezado: ponga entre comillas los "
                        "que llevan el separador."
                    ),
                )
            )
        else:
            leidas.append(
                (fila.linea, {c: texto_de(columnas.valor(fila, c)) for c in COLUMNAS_PORTAL})
            )
    filas = []
    juntas = {o.codigo_registro: o for o in Organizacion.objects.juntas()}
    conocidas = set(
        Persona.objects.filter(documento__in=[f["documento"] for _linea, f in leidas]).values_list(
            "documento", flat=True
        )
    )
    for linea, fila in leidas:
        documento = fila["documento"]
        junta = juntas.get(fila["codigo_registro"])
        if not re.fullmatch(r"[0-9]{5,12}", documento):
            errores.append(
                (linea, _("documento «%(d)s» no válido: solo dígitos.") % {"d": documento[:40]})
            )
        elif junta is None:
            errores.append(
                (
                    linea,
                    _("no hay una Junta con código «%(c)s».") % {"c": fila["codigo_registro"][:40]},
                )
            )
        elif documento not in conocidas and not (fila["nombres"] and fila["apellidos"]):
            errores.append((linea, _("persona nueva sin nombres o apellidos.")))
        elif documento not in conocidas and (
            len(fila["nombres"]) > 100 or len(fila["apellidos"]) > 100
        ):
            errores.append((linea, _("nombres o apellidos de más de 100 caracteres.")))
        else:
            filas.append({**fila, "organizacion": junta})
    if errores:
        return 0, sorted(errores, key=lambda error: error[0]), []
    with transaction.atomic():
        ahora = timezone.now()
        existentes = []
        for datos in filas:
            datos = {k: v for k, v in datos.items() if k != "codigo_registro"}
            persona, existia = _asistente_nuevo(sesion, datos, usuario, ahora)
            if existia:
                existentes.append(persona)
        _realizada(sesion, ahora)
        _emitir_certificados(sesion)
    return len(filas), [], existentes


@dataclass
class AsistenciaPorConexion:
    """What a confirmed meeting report did: who is now present, who already was, and who did
    not reach the threshold (with their seconds connected)."""

    presentes: list
    ya_presentes: list
    no_alcanzan: list  # (inscripcion, seconds)
    minimo: int  # seconds


@transaction.atomic
def confirmar_asistencia_reunion(sesion, *, participantes, elecciones, porcentaje, usuario):
    """Record the attendance of a meeting report after staff reviewed it, in one transaction.

    `participantes` are the report's (parsed server-side at upload), `elecciones` staff's
    choice for each (index → inscripcion id, or None to leave the line out). Connected time is
    added up per person (overlaps once) and counts as attendance from `porcentaje` % of the
    session's length. Only adds attendance: someone below the threshold keeps what the sheet
    says, and marking someone already present again changes nothing, so confirming the same
    report twice writes nothing the second time. Marks a started session held and issues the
    certificates now earned, as the sheet does.
    """
    ahora = timezone.now()
    if motivo := motivo_sin_asistencia(sesion, ahora):
        raise SesionSinEmpezar(motivo)
    if not 1 <= porcentaje <= 100:
        raise ValidationError(_("El porcentaje mínimo va de 1 a 100."))
    sesion = Sesion.objects.select_for_update().get(pk=sesion.pk)
    inscripciones = {
        i.pk: i
        for i in sesion.inscripciones.select_for_update(of=("self",)).select_related("persona")
    }
    if {pk for pk in elecciones.values() if pk is not None} - set(inscripciones):
        raise ValidationError(
            _("Alguien elegido ya no está inscrito en la sesión: vuelva a subir el archivo.")
        )
    minimo = minimo_segundos(sesion, porcentaje)
    resultado = AsistenciaPorConexion([], [], [], minimo)
    for pk, segundos in conectado_por_inscripcion(participantes, elecciones).items():
        inscripcion = inscripciones[pk]
        if segundos < minimo:
            resultado.no_alcanzan.append((inscripcion, segundos))
        elif inscripcion.asistio:
            resultado.ya_presentes.append(inscripcion)
        else:
            inscripcion.asistio, inscripcion.asistencia_por, inscripcion.asistencia_en = (
                True,
                usuario,
                ahora,
            )
            inscripcion._change_reason = "Asistencia por conexión a la reunión en línea"
            inscripcion.save()
            resultado.presentes.append(inscripcion)
    _realizada(sesion, ahora)
    _emitir_certificados(sesion)
    return resultado


def _realizada(sesion, ahora):
    """A started session with attendance is a held one (certificates count held sessions)."""
    if sesion.estado == Sesion.Estado.PROGRAMADA and sesion.inicio <= ahora:
        sesion.estado = Sesion.Estado.REALIZADA
        sesion.save(update_fields=["estado"])


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


def sesion_realizada(sesion, ahora=None):
    """A session that has been held (or is under way): evaluations count only then."""
    ahora = ahora or timezone.now()
    return sesion.estado != Sesion.Estado.CANCELADA and sesion.inicio <= ahora


def registrar_evaluacion(sesion, *, documento, momento, instrumento, preguntas, datos):
    """Store an attendee's evaluation when it counts, and say nothing either way.

    It counts once per person (per session for satisfaction, per module for a test) and only for
    someone whose attendance was recorded in a session already held. Anyone with the session's
    code may post, so the caller must answer the same whatever happened: this returns the stored
    evaluation or None, and the view shows one thank-you page for both.
    """
    if not sesion_realizada(sesion):
        return None
    inscripcion = (
        sesion.inscripciones.filter(persona__documento=documento, asistio=True)
        .select_related("persona")
        .first()
    )
    if inscripcion is None:
        return None
    repetida = Evaluacion.objects.filter(persona=inscripcion.persona, momento=momento)
    repetida = (
        repetida.filter(sesion=sesion)
        if momento == Evaluacion.Momento.SATISFACCION
        else repetida.filter(modulo_id=sesion.modulo_id)
    )
    if repetida.exists():
        return None
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
    try:
        with transaction.atomic():
            evaluacion.save()
    except IntegrityError:  # the same person sent it twice at once
        return None
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
