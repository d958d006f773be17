"""Writes for habeas data: filing a request, its extension, its answer and the suppression of
data it may order. Each runs in one transaction with the request row locked, so two clerks cannot
answer or extend the same request twice."""

import logging
import secrets
import smtplib

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from capacitacion.models import Certificado, Evaluacion, Persona, Sesion
from juntas.models import AutorizacionDatos, Dignatario
from nucleo.sitio import url_del_sitio

from . import plazos
from .models import SolicitudHabeas

logger = logging.getLogger(__name__)

ALFABETO = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SUPRIMIDO = "(suprimido)"


def _radicado(fecha):
    """A code people can read over the phone: year and six characters without look-alikes."""
    return f"HD{fecha:%Y}-" + "".join(secrets.choice(ALFABETO) for _ in range(6))


@transaction.atomic
def radicar(*, organizacion, usuario, tipo, titular, dato, texto, ahora=None):
    """File a consulta or reclamo; its due date counts business days from the filing date.

    `titular` is (name, document type, document) of a person of the leader's own Junta, picked
    from `selectors.titulares_de_junta` (never typed)."""
    ahora = ahora or timezone.now()
    nombre, tipo_documento, documento = titular
    solicitud = SolicitudHabeas(
        radicado=_radicado(timezone.localdate(ahora)),
        organizacion=organizacion,
        solicitante=usuario,
        tipo=tipo,
        titular_nombre=nombre,
        titular_tipo_documento=tipo_documento,
        titular_documento=documento,
        dato=dato.strip(),
        texto=texto.strip(),
        radicada_en=ahora,
    )
    solicitud.vence_el = plazos.sumar_habiles(
        timezone.localdate(ahora), SolicitudHabeas.PLAZO[solicitud.clase]
    )
    solicitud.full_clean()
    solicitud._change_reason = "Radicada por la Junta en el portal"
    solicitud.save()
    logger.info(
        "Habeas data request %s filed by user %s for organization %s",
        solicitud.radicado,
        usuario.pk,
        organizacion.pk,
    )
    return solicitud


def _bloquear(solicitud):
    solicitud = SolicitudHabeas.objects.select_for_update().get(pk=solicitud.pk)
    if solicitud.respondida:
        raise ValidationError(_("La solicitud ya fue respondida; su respuesta no se modifica."))
    return solicitud


@transaction.atomic
def tramitar(*, solicitud, usuario, borrador=""):
    """Staff take the request up and keep a draft answer (the leader sees it only once sent)."""
    solicitud = _bloquear(solicitud)
    solicitud.respuesta = borrador.strip()
    if solicitud.estado == SolicitudHabeas.Estado.RADICADA:
        solicitud.estado = SolicitudHabeas.Estado.EN_TRAMITE
    solicitud._change_reason = f"En trámite ({usuario})"
    solicitud.save()
    return solicitud


@transaction.atomic
def prorrogar(*, solicitud, usuario, motivo, hoy=None):
    """Extend the term once (5 business days for a consulta, 8 for a reclamo, after the first
    term), only before it expires and telling the person why (Ley 1581, arts. 14 y 15)."""
    hoy = hoy or timezone.localdate()
    solicitud = _bloquear(solicitud)
    if solicitud.prorrogada_en is not None:
        raise ValidationError(_("La solicitud ya fue prorrogada una vez; la ley no permite otra."))
    if hoy > solicitud.vence_el:
        raise ValidationError(
            _("El término ya venció: la prórroga se informa antes del vencimiento. Responda ya.")
        )
    if not motivo.strip():
        raise ValidationError(_("Escriba el motivo de la prórroga: se le informa al solicitante."))
    solicitud.vence_el = plazos.sumar_habiles(
        solicitud.vence_el, SolicitudHabeas.PRORROGA[solicitud.clase]
    )
    solicitud.motivo_prorroga = motivo.strip()
    solicitud.prorrogada_en = timezone.now()
    solicitud.prorrogada_por = usuario
    solicitud.estado = SolicitudHabeas.Estado.PRORROGADA
    solicitud._change_reason = f"Prorrogada hasta el {solicitud.vence_el:%d/%m/%Y}"
    solicitud.save()
    transaction.on_commit(lambda: _avisar(solicitud, _("Su solicitud %(radicado)s fue prorrogada")))
    return solicitud


@transaction.atomic
def responder(*, solicitud, usuario, respuesta, suprimir=False):
    """Record the answer (who and when); with `suprimir`, first suppress what may be suppressed
    and append to the answer exactly what was deleted and what was kept, and why."""
    solicitud = _bloquear(solicitud)
    texto = respuesta.strip()
    if not texto:
        raise ValidationError(_("Escriba la respuesta antes de enviarla."))
    if suprimir:
        if solicitud.tipo != SolicitudHabeas.Tipo.SUPRESION:
            raise ValidationError(_("Solo un reclamo de supresión puede suprimir datos."))
        texto = f"{texto}\n\n{suprimir_datos(solicitud=solicitud, usuario=usuario)}"
    solicitud.respuesta = texto
    solicitud.estado = SolicitudHabeas.Estado.RESPONDIDA
    solicitud.respondida_en = timezone.now()
    solicitud.respondida_por = usuario
    solicitud._change_reason = "Respondida con supresión de datos" if suprimir else "Respondida"
    solicitud.save()
    logger.info("Habeas data request %s answered by user %s", solicitud.radicado, usuario.pk)
    transaction.on_commit(lambda: _avisar(solicitud, _("Su solicitud %(radicado)s fue respondida")))
    return solicitud


def _anonimizar_historia(modelo, pk, **valores):
    """The audit history keeps who changed what and when, not the suppressed values."""
    modelo.history.model.objects.filter(id=pk).update(**valores)


def suprimir_datos(*, solicitud, usuario):
    """Delete or blank the titular's data that no legal duty keeps; return the report that goes
    into the answer. Runs inside `responder`'s transaction.

    - A training participant without certificates is deleted with their registrations and
      evaluations. With certificates (annulled ones too: the public verification still answers
      for them), name, document and the attendance behind those certificates stay, because each
      issued certificate must remain verifiable; phone, e-mail, evaluations and every other
      registration go.
    - A dignatario record is registry data the IVC office keeps: while the person holds the post
      nothing is suppressed (rectification is possible); of past posts, phone and e-mail go.
    - The portal account goes (deactivated, name and e-mail blanked) once no post is held; the
      proof of the data-policy acceptance stays (Decreto 1377 de 2013, art. 8).
    """
    motivo = f"Supresión por la solicitud {solicitud.radicado}"
    tipo, documento = solicitud.titular_tipo_documento, solicitud.titular_documento
    suprimido, conservado = [], []

    persona = (
        Persona.objects.select_for_update().filter(tipo_documento=tipo, documento=documento).first()
    )
    if persona is None:
        conservado.append(_("No hay datos de participante de la capacitación con ese documento."))
    else:
        evaluaciones = Evaluacion.objects.filter(persona=persona).delete()[0]
        certificados = list(Certificado.objects.filter(persona=persona).select_related("modulo"))
        if not certificados:
            _total, borradas = persona.inscripciones.all().delete()
            inscripciones = borradas.get("capacitacion.Inscripcion", 0)
            pk = persona.pk
            persona._change_reason = motivo
            persona.delete()
            _anonimizar_historia(
                Persona, pk, nombres=SUPRIMIDO, apellidos="", documento="", telefono="", correo=""
            )
            suprimido.append(
                _(
                    "Sus datos de participante de la capacitación (nombre, documento, teléfono y "
                    "correo), %(inscripciones)s inscripciones y %(evaluaciones)s evaluaciones."
                )
                % {"inscripciones": inscripciones, "evaluaciones": evaluaciones}
            )
        else:
            respaldo = persona.inscripciones.filter(
                asistio=True,
                sesion__estado=Sesion.Estado.REALIZADA,
                sesion__modulo__in={c.modulo_id for c in certificados},
            )
            _total, borradas = persona.inscripciones.exclude(pk__in=respaldo).delete()
            otras = borradas.get("capacitacion.Inscripcion", 0)
            persona.telefono = persona.correo = ""
            persona._change_reason = motivo
            persona.save()
            _anonimizar_historia(Persona, persona.pk, telefono="", correo="")
            suprimido.append(
                _(
                    "Su teléfono y correo de participante, %(otras)s inscripciones que no "
                    "respaldan certificados y %(evaluaciones)s evaluaciones."
                )
                % {"otras": otras, "evaluaciones": evaluaciones}
            )
            conservado.append(
                _(
                    "Su nombre, su documento y las %(asistencias)s asistencias que respaldan los "
                    "certificados %(codigos)s: la Secretaría debe conservarlos porque los "
                    "certificados expedidos deben poder verificarse."
                )
                % {
                    "asistencias": respaldo.count(),
                    "codigos": ", ".join(c.codigo for c in certificados),
                }
            )

    cargos = list(
        Dignatario.objects.select_for_update().filter(
            organizacion=solicitud.organizacion, tipo_documento=tipo, documento=documento
        )
    )
    vigentes = [d for d in cargos if d.activo]
    for d in vigentes:
        conservado.append(
            _(
                "Sus datos como %(cargo)s de la Junta: son datos del registro de dignatarios que "
                "la oficina de inspección, vigilancia y control debe conservar y no se pueden "
                "suprimir mientras ejerza el cargo. Puede pedir su rectificación."
            )
            % {"cargo": d.get_cargo_display().lower()}
        )
    anteriores = [d for d in cargos if not d.activo and (d.telefono or d.correo)]
    for d in anteriores:
        d.telefono = d.correo = ""
        d._change_reason = motivo
        d.save()
        _anonimizar_historia(Dignatario, d.pk, telefono="", correo="")
    if anteriores:
        suprimido.append(
            _("El teléfono y el correo de %(n)s cargos anteriores en el registro.")
            % {"n": len(anteriores)}
        )
    if any(not d.activo for d in cargos):
        conservado.append(
            _(
                "Nombre, documento, cargo y periodo de sus cargos anteriores: son la historia del "
                "registro de dignatarios que la oficina de inspección, vigilancia y control "
                "conserva."
            )
        )

    cuentas = get_user_model().objects.filter(pk__in=[d.usuario_id for d in cargos if d.usuario_id])
    if vigentes:
        if cuentas:
            conservado.append(_("Su cuenta del portal, que usa para ejercer el cargo en la Junta."))
    else:
        desactivadas = cuentas.filter(is_active=True).update(
            is_active=False, first_name="", last_name="", email=""
        )
        if desactivadas:
            suprimido.append(_("Su cuenta del portal (desactivada, sin nombre ni correo)."))
    if AutorizacionDatos.objects.filter(usuario__in=cuentas).exists():
        conservado.append(
            _(
                "La constancia de su autorización de tratamiento de datos: el responsable debe "
                "conservar prueba de la autorización (Decreto 1377 de 2013, art. 8)."
            )
        )
    conservado.append(
        _("Esta solicitud y su respuesta, como constancia de que se atendió su derecho.")
    )
    logger.info(
        "Habeas data suppression for request %s: %s deleted, %s kept",
        solicitud.radicado,
        len(suprimido),
        len(conservado),
    )
    lineas = [_("Datos suprimidos:")]
    lineas += [f"- {linea}" for linea in suprimido] or [f"- {_('Ninguno.')}"]
    lineas += [_("Datos conservados y por qué:")]
    lineas += [f"- {linea}" for linea in conservado]
    return "\n".join(lineas)


def _avisar(solicitud, asunto):
    """Tell the person who filed it to look at the portal (the e-mail carries no personal data)."""
    solicitante = solicitud.solicitante
    if not (solicitante and solicitante.email):
        return
    enlace = url_del_sitio() + reverse("privacidad:solicitud", args=[solicitud.pk])
    cuerpo = _(
        "Hola:\n\nHay novedades en la solicitud %(radicado)s sobre datos personales que su Junta "
        "radicó en el Portal JAC. Consúltela aquí: %(enlace)s\n\n"
        "Secretaría de Participación y Desarrollo Social"
    ) % {"radicado": solicitud.radicado, "enlace": enlace}
    try:
        mail.send_mail(asunto % {"radicado": solicitud.radicado}, cuerpo, None, [solicitante.email])
    except (OSError, smtplib.SMTPException):
        # The answer is recorded and shown in the portal; the e-mail is only a courtesy.
        logger.warning("Could not e-mail user %s about request %s", solicitante.pk, solicitud.pk)
