"""Invitations and reminders by e-mail, and the `.ics` calendar file of a session.

Mail goes through Django's backend (the console by default, SMTP with EMAIL_URL). Each message
carries the session's `.ics`, so "agregar al calendario" works from the mail too.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from nucleo.roles import LIDER
from nucleo.sitio import enlace

from .models.formacion import Sesion
from .selectors import formacion as selectors

FORMATO_ICS = "%Y%m%dT%H%M%SZ"


def _escapar(texto):
    return (
        str(texto)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _plegar(linea):
    """RFC 5545 folds lines longer than 75 octets with CRLF and a space."""
    datos = linea.encode()
    if len(datos) <= 75:
        return linea
    partes, inicio = [], 0
    while inicio < len(datos):
        fin = min(len(datos), inicio + (75 if not partes else 74))
        while fin < len(datos) and (datos[fin] & 0xC0) == 0x80:  # never split a UTF-8 character
            fin -= 1
        partes.append(datos[inicio:fin].decode())
        inicio = fin
    return "\r\n ".join(partes)


def ics(sesion, ahora=None):
    """The session as an iCalendar event (text)."""
    ahora = ahora or timezone.now()

    def en_utc(momento):
        return momento.astimezone(datetime.UTC).strftime(FORMATO_ICS)

    lugar = sesion.lugar or sesion.enlace or "En línea"
    if sesion.barrio_id and sesion.lugar:
        lugar = f"{sesion.lugar} ({sesion.barrio.nombre})"
    descripcion = [f"Módulo: {sesion.modulo.nombre}"]
    if sesion.facilitador_organizacion:
        descripcion.append(f"Facilita: {sesion.facilitador_organizacion}")
    if sesion.enlace:
        descripcion.append(f"Enlace: {sesion.enlace}")
    estado = "CANCELLED" if sesion.estado == Sesion.Estado.CANCELADA else "CONFIRMED"
    lineas = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Alcaldia de Cartagena//Portal JAC//ES",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:sesion-{sesion.pk}@portal-jac",
        f"DTSTAMP:{en_utc(ahora)}",
        f"DTSTART:{en_utc(sesion.inicio)}",
        f"DTEND:{en_utc(sesion.fin)}",
        f"SUMMARY:{_escapar('Capacitación JAC: ' + sesion.modulo.nombre)}",
        f"LOCATION:{_escapar(lugar)}",
        f"DESCRIPTION:{_escapar(chr(10).join(descripcion))}",
        f"STATUS:{estado}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_plegar(linea) for linea in lineas) + "\r\n"


def nombre_ics(sesion):
    return f"sesion-{sesion.pk}.ics"


def _correos_de_lideres(organizaciones):
    """E-mail addresses of the leaders (accounts) of these organizations."""
    return sorted(
        set(
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name=LIDER,
                dignatarios__activo=True,
                dignatarios__organizacion__in=organizaciones,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def _enviar(sesion, destinatarios, asunto, plantilla, contexto, request=None):
    contexto = {
        "sesion": sesion,
        "portal": enlace(reverse("capacitacion_portal:inicio"), request),
        **contexto,
    }
    cuerpo = render_to_string(plantilla, contexto)
    adjunto = ics(sesion)
    mensajes = []
    for correo in destinatarios:
        mensaje = mail.EmailMessage(asunto, cuerpo, to=[correo])
        mensaje.attach(nombre_ics(sesion), adjunto, "text/calendar")
        mensajes.append(mensaje)
    if mensajes:
        with mail.get_connection() as conexion:
            conexion.send_messages(mensajes)
    return len(mensajes)


def invitar(sesion, request=None):
    """Invite the leaders of every Junta the session calls. Returns how many e-mails were sent.
    `request`, when a page sends it: the link goes to the address that page was opened at."""
    destinatarios = _correos_de_lideres(selectors.juntas_convocadas(sesion))
    enviados = _enviar(
        sesion,
        destinatarios,
        f"Invitación: {sesion.modulo.nombre} — {timezone.localtime(sesion.inicio):%d/%m/%Y}",
        "capacitacion/correo_invitacion.txt",
        {},
        request,
    )
    sesion.invitacion_enviada_en = timezone.now()
    sesion.save(update_fields=["invitacion_enviada_en"])
    return enviados


def recordar(horas=48, ahora=None):
    """Remind the registered people (and their Juntas' leaders) of sessions starting within
    `horas`. Each session is reminded once. Returns (sessions, e-mails)."""
    ahora = ahora or timezone.now()
    sesiones = Sesion.objects.filter(
        estado=Sesion.Estado.PROGRAMADA,
        inicio__gt=ahora,
        inicio__lte=ahora + datetime.timedelta(hours=horas),
        recordatorio_enviado_en__isnull=True,
    ).select_related("modulo", "barrio")
    total_sesiones = total_correos = 0
    for sesion in sesiones:
        inscripciones = list(sesion.inscripciones.select_related("persona"))
        destinatarios = {i.persona.correo for i in inscripciones if i.persona.correo}
        destinatarios.update(_correos_de_lideres({i.organizacion_id for i in inscripciones}))
        total_correos += _enviar(
            sesion,
            sorted(destinatarios),
            f"Recordatorio: {sesion.modulo.nombre} — "
            f"{timezone.localtime(sesion.inicio):%d/%m/%Y %H:%M}",
            "capacitacion/correo_recordatorio.txt",
            {"inscritas": len(inscripciones)},
        )
        sesion.recordatorio_enviado_en = ahora
        sesion.save(update_fields=["recordatorio_enviado_en"])
        total_sesiones += 1
    return total_sesiones, total_correos
