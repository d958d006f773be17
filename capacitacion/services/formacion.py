"""The training programme's writes: each Junta's plan, registrations for sessions (leaders'
delegates, and what staff must resolve), the attendees' evaluations (answers to the survey
engine's instruments, scored by its rules) and the plan actions that close themselves.

Attendance has its own module (`services.asistencia`).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from juntas.models import Organizacion, RequisitoJunta

from ..models.encuesta import Instrumento, Pregunta, RespuestaPregunta
from ..models.formacion import (
    AccionPlan,
    AjustePlan,
    Evaluacion,
    Inscripcion,
    Modulo,
    Persona,
    Sesion,
    SolicitudPersona,
)
from ..reglas import faltantes, puntaje, respondida, visibles
from ..selectors.formacion import convoca
from .encuesta import DOS, asignar_valor


def ajustar_plan(
    organizacion: Organizacion,
    modulo: Modulo,
    *,
    incluido: bool | None,
    usuario,
    motivo: str = "",
) -> AjustePlan | None:
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
            ngettext(
                "Su Junta ya usó su cupo en esta sesión.",
                "Su Junta ya usó sus %(n)d cupos en esta sesión.",
                sesion.cupo_por_junta,
            )
            % {"n": sesion.cupo_por_junta}
        )


@transaction.atomic
def inscribir(
    sesion: Sesion, persona: Persona, organizacion: Organizacion, *, usuario
) -> Inscripcion:
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
def inscribir_delegado(
    *,
    sesion: Sesion,
    organizacion: Organizacion,
    usuario,
    documento: str,
    dignatario=None,
    **escritos: str,
) -> str:
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


def cancelar_inscripcion(inscripcion: Inscripcion) -> None:
    """Withdraw a registration before its session starts."""
    if inscripcion.sesion.inicio <= timezone.now():
        raise InscripcionError(_("La sesión ya empezó: no se puede cancelar la inscripción."))
    inscripcion.delete()


@transaction.atomic
def cancelar_delegado(*, sesion: Sesion, organizacion: Organizacion, documento: str) -> bool:
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
def resolver_solicitud(solicitud: SolicitudPersona, *, accion: str, usuario, nota: str = "") -> str:
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


# Evaluations: the same questions and scoring as the needs survey, answered by each attendee -----


def evaluaciones_de(sesion: Sesion) -> list[tuple[str, Instrumento]]:
    """What the session's attendees may answer: [(momento, instrumento)], in the order shown."""
    opciones = []
    prueba = sesion.modulo.prueba
    if prueba is not None and prueba.estado == Instrumento.Estado.PUBLICADO:
        opciones += [(Evaluacion.Momento.ENTRADA, prueba), (Evaluacion.Momento.SALIDA, prueba)]
    satisfaccion = Instrumento.satisfaccion_vigente()
    if satisfaccion is not None:
        opciones.append((Evaluacion.Momento.SATISFACCION, satisfaccion))
    return opciones


def _como_respuesta(pregunta: Pregunta, valor: Any) -> RespuestaPregunta:
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


def faltantes_de_evaluacion(preguntas: list[Pregunta], datos: dict[int, Any]) -> list[Pregunta]:
    """Visible required questions left blank (`datos`: question id → cleaned value), by the
    survey's own rule."""
    return faltantes(preguntas, {p.pk: _como_respuesta(p, datos.get(p.pk)) for p in preguntas})


def sesion_realizada(sesion: Sesion, ahora=None) -> bool:
    """A session that has been held (or is under way): evaluations count only then."""
    ahora = ahora or timezone.now()
    return sesion.estado != Sesion.Estado.CANCELADA and sesion.inicio <= ahora


def registrar_evaluacion(
    sesion: Sesion,
    *,
    documento: str,
    momento: str,
    instrumento: Instrumento,
    preguntas: list[Pregunta],
    datos: dict[int, Any],
) -> Evaluacion | None:
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


@transaction.atomic
def marcar_acciones_hechas(acciones: QuerySet[AccionPlan]) -> int:
    """Staff mark the open actions among `acciones` as done, all or none. Returns how many."""
    hechas = 0
    for accion in acciones.filter(estado__in=AccionPlan.ABIERTAS):
        accion.estado = AccionPlan.Estado.HECHA
        accion.save()
        hechas += 1
    return hechas


def cerrar_acciones_cumplidas(pares, hoy=None) -> int:
    """Close the open plan actions linked to requirements now verified as met.

    `pares` are (organization id, requirement id) of requirement rows that changed. Only those
    that count as met today (verified «cumple», not expired) close their actions. Returns how many.
    """
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
