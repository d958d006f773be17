"""Invitations and reminders by e-mail with the session's .ics, and the .ics download."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from capacitacion import notificaciones
from capacitacion.models import Inscripcion, Modulo, Persona, Sesion
from demo.capacitacion import sembrar_estrategia
from tests.factories import OrganizacionFactory, crear_lider


@pytest.fixture
def sesion(db):
    sembrar_estrategia()
    inicio = timezone.now() + datetime.timedelta(hours=30)
    return Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4),
        lugar="Casa de la Cultura de Manga, salón 2; segundo piso",
        facilitador_organizacion="Universidad",
        cupo=40,
    )


def test_ics_is_a_valid_event_in_utc_with_escaped_text(sesion):
    texto = notificaciones.ics(sesion)
    assert texto.startswith("BEGIN:VCALENDAR\r\n") and texto.endswith("END:VCALENDAR\r\n")
    assert f"UID:sesion-{sesion.pk}@portal-jac" in texto
    assert f"DTSTART:{sesion.inicio.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in texto
    assert "salón 2\\; segundo piso" in texto.replace("\r\n ", "")
    assert "Manga\\," in texto.replace("\r\n ", "")
    assert all(len(linea.encode()) <= 75 for linea in texto.split("\r\n"))


@pytest.mark.django_db
def test_invitation_goes_to_the_leaders_of_the_called_juntas(sesion, junta, secretaria):
    lider = crear_lider(junta, username="lider-invitado")
    lider.email = "presidenta@example.org"
    lider.save()
    de_otra_localidad = OrganizacionFactory(
        barrio=__import__("juntas.models")
        .models.Barrio.objects.exclude(localidad=junta.localidad)
        .first()
    )
    ajeno = crear_lider(de_otra_localidad, username="lider-no-invitado")
    ajeno.email = "otro@example.org"
    ajeno.save()
    sesion.convocatoria = Sesion.Convocatoria.LOCALIDAD
    sesion.convocatoria_localidad = junta.localidad
    sesion.save()
    assert notificaciones.invitar(sesion) == 1
    (mensaje,) = mail.outbox
    assert mensaje.to == ["presidenta@example.org"]
    assert "SECOP II paso a paso" in mensaje.subject
    nombre, contenido, tipo = mensaje.attachments[0]
    assert nombre.endswith(".ics") and tipo == "text/calendar" and "BEGIN:VEVENT" in contenido
    sesion.refresh_from_db()
    assert sesion.invitacion_enviada_en is not None


@pytest.mark.django_db
def test_reminders_once_per_session_to_registered_people(sesion, junta):
    persona = Persona.objects.create(
        documento="5566778", nombres="Ana", apellidos="Ruiz", correo="ana@example.org",
        organizacion=junta,
    )  # fmt: skip
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta)
    lejana = Sesion.objects.create(
        modulo=sesion.modulo, inicio=sesion.inicio + datetime.timedelta(days=10),
        fin=sesion.fin + datetime.timedelta(days=10), lugar="Otro", facilitador_organizacion="U",
        cupo=10,
    )  # fmt: skip
    Inscripcion.objects.create(sesion=lejana, persona=persona, organizacion=junta)
    call_command("recordar_sesiones", "--horas", "48", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    call_command("recordar_sesiones", stdout=io.StringIO())
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_invite_view_is_staff_only_and_post_only(cliente_de, sesion, lider, monitor, secretaria):
    url = reverse("estrategia:invitar", args=[sesion.pk])
    assert cliente_de(None).post(url).status_code == 302
    assert cliente_de(lider).post(url).status_code == 403
    assert cliente_de(monitor).post(url).status_code == 403
    assert cliente_de(secretaria).get(url).status_code == 405
    respuesta = cliente_de(secretaria).post(url, follow=True)
    assert "Invitación enviada" in respuesta.content.decode()


@pytest.mark.django_db
def test_ics_download_needs_a_log_in(cliente_de, sesion, lider):
    url = reverse("capacitacion_portal:calendario", args=[sesion.pk])
    assert cliente_de(None).get(url).status_code == 302
    respuesta = cliente_de(lider).get(url)
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "text/calendar"
    assert b"BEGIN:VEVENT" in respuesta.content
