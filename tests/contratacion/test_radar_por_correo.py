"""The opportunity radar by e-mail: the leader opts in and out on their own page (others cannot),
`manage.py enviar_radar` sends each subscribed leader one e-mail with the open processes of
their Junta's families, never the same process twice (not after opting out and in again
either), nothing to those who did not ask, and nothing without news."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from contratacion import avisos
from contratacion.models import AvisoRadar, Fuente, SuscripcionRadar

from . import datos_paginas as d

PORTAL = reverse("contratacion_portal:inicio")
CAMBIAR = reverse("contratacion_portal:radar_por_correo")


@pytest.fixture(autouse=True)
def _correo_en_memoria(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITIO_URL = "https://jac.example.org"


@pytest.fixture
def con_correo(lider, lider_otra):
    lider.email = "presidencia.cabrero@example.org"
    lider.save()
    lider_otra.email = "presidencia.olaya@example.org"
    lider_otra.save()
    return lider, lider_otra


@pytest.fixture
def oportunidades(junta, otra_junta):
    d.familia(junta, "7011")
    d.familia(otra_junta, "7011")
    return [
        d.proceso("7011", nombre="Poda de árboles del parque", precio_base=38_500_000),
        d.proceso("7011", nombre="Siembra de árboles en la ronda del caño"),
        d.proceso("7011", nombre="Proceso ya cerrado", estado="Cerrado"),
        d.proceso("8010", nombre="Proceso de otra familia"),
    ]


def _enviar():
    salida = io.StringIO()
    call_command("enviar_radar", stdout=salida)
    return salida.getvalue()


@pytest.mark.django_db(transaction=True)
def test_leader_opts_in_and_out_on_their_page(cliente_de, con_correo, junta):
    # transaction=True: the cached page drops on commit, as in production.
    lider, _otro = con_correo
    cliente = cliente_de(lider)
    html = cliente.get(PORTAL).content.decode()
    assert "Recibir los avisos por correo" in html and lider.email in html
    respuesta = cliente.post(CAMBIAR, {"activa": "1"}, follow=True)
    assert "Listo: le enviaremos a presidencia.cabrero@example.org" in respuesta.content.decode()
    assert SuscripcionRadar.objects.get(usuario=lider).activa
    assert "Dejar de recibir los avisos" in cliente.get(PORTAL).content.decode()
    respuesta = cliente.post(CAMBIAR, {"activa": "0"}, follow=True)
    assert "ya no le enviaremos las oportunidades por correo" in respuesta.content.decode()
    assert not SuscripcionRadar.objects.get(usuario=lider).activa
    assert "Recibir los avisos por correo" in cliente.get(PORTAL).content.decode()


def test_without_an_email_address_the_leader_is_told_what_to_do(cliente_de, lider):
    lider.email = ""
    lider.save()
    cliente = cliente_de(lider)
    assert "Su cuenta no tiene correo electrónico" in cliente.get(PORTAL).content.decode()
    respuesta = cliente.post(CAMBIAR, {"activa": "1"}, follow=True)
    assert "Su cuenta no tiene correo electrónico" in respuesta.content.decode()
    assert not SuscripcionRadar.objects.exists()


@pytest.mark.django_db
def test_only_a_leader_can_opt_in_and_only_by_post(client, cliente_de, monitor, secretaria, lider):
    respuesta = client.post(CAMBIAR, {"activa": "1"})
    assert respuesta.status_code == 302 and respuesta.url.startswith(reverse("login"))
    assert cliente_de(monitor).post(CAMBIAR, {"activa": "1"}).status_code == 403
    assert cliente_de(secretaria).post(CAMBIAR, {"activa": "1"}).status_code == 403
    assert cliente_de(lider).get(CAMBIAR).status_code == 405
    assert not SuscripcionRadar.objects.exists()


def test_digest_sends_the_radar_once_and_only_to_who_asked(con_correo, oportunidades, junta):
    lider, _otro = con_correo  # the other leader's Junta has the same family but did not ask
    avisos.suscribir(lider, activa=True)
    assert "1 correos enviados con 2 oportunidades" in _enviar()
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["presidencia.cabrero@example.org"]
    assert correo.subject == f"2 oportunidades nuevas en SECOP II para {junta.nombre}"
    assert "Poda de árboles del parque" in correo.body
    assert "precio base $ 38.500.000" in correo.body
    limite = timezone.localtime(oportunidades[0].fecha_limite)
    assert f"Recibe ofertas hasta: {limite:%d/%m/%Y %H:%M}" in correo.body
    assert "Siembra de árboles en la ronda del caño" in correo.body
    assert "Proceso ya cerrado" not in correo.body
    assert "Proceso de otra familia" not in correo.body
    assert "https://jac.example.org/portal/contratacion/" in correo.body
    assert "&amp;" not in correo.body and "&#x27;" not in correo.body  # plain text
    # Again: nothing new, nothing sent.
    assert "0 correos enviados" in _enviar() and len(mail.outbox) == 1
    # A new process: only that one.
    d.proceso("7011", nombre="Mantenimiento de la cancha", fuente=Fuente.DEMO)
    _enviar()
    assert len(mail.outbox) == 2
    segundo = mail.outbox[1].body
    assert "Mantenimiento de la cancha" in segundo
    assert "Poda de árboles del parque" not in segundo
    assert "Proceso de demostración: no existe en SECOP II." in segundo
    assert mail.outbox[1].subject.startswith("Una oportunidad nueva en SECOP II para ")
    assert AvisoRadar.objects.count() == 3


def test_opting_out_stops_it_and_opting_in_again_never_repeats(con_correo, oportunidades):
    lider, _otro = con_correo
    avisos.suscribir(lider, activa=True)
    _enviar()
    avisos.suscribir(lider, activa=False)
    d.proceso("7011", nombre="Proceso mientras no quería avisos")
    _enviar()
    assert len(mail.outbox) == 1
    avisos.suscribir(lider, activa=True)
    _enviar()
    assert len(mail.outbox) == 2
    assert "Proceso mientras no quería avisos" in mail.outbox[1].body
    assert "Poda de árboles del parque" not in mail.outbox[1].body


def test_a_closed_deadline_is_not_sent_and_an_ex_leader_is_skipped(con_correo, oportunidades):
    lider, otro = con_correo
    avisos.suscribir(lider, activa=True)
    avisos.suscribir(otro, activa=True)
    for proceso in oportunidades:
        proceso.fecha_limite = timezone.now() - datetime.timedelta(hours=1)
        proceso.save()
    otro.dignatarios.update(activo=False)  # no longer a leader of the Junta
    salida = _enviar()
    assert mail.outbox == []
    assert "1 líderes sin oportunidades nuevas" in salida
    assert "1 suscripciones omitidas" in salida


def test_a_failed_send_records_nothing_so_the_next_run_retries(
    con_correo, oportunidades, monkeypatch
):
    lider, _otro = con_correo
    avisos.suscribir(lider, activa=True)

    def falla(self, mensajes):
        raise ConnectionRefusedError("SMTP caído")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", falla)
    with pytest.raises(CommandError, match="1 correos no se pudieron enviar"):
        _enviar()
    assert not AvisoRadar.objects.exists()
    monkeypatch.undo()
    _enviar()
    assert len(mail.outbox) == 1 and AvisoRadar.objects.count() == 2


def test_an_address_the_server_refuses_does_not_stop_the_others(
    con_correo, oportunidades, monkeypatch
):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    lider, otro = con_correo
    avisos.suscribir(lider, activa=True)
    avisos.suscribir(otro, activa=True)
    original = EmailBackend.send_messages

    def rechaza_uno(self, mensajes):
        if mensajes[0].to == [lider.email]:
            raise smtplib.SMTPRecipientsRefused({lider.email: (550, b"no existe")})
        return original(self, mensajes)

    monkeypatch.setattr(EmailBackend, "send_messages", rechaza_uno)
    with pytest.raises(CommandError):
        _enviar()
    assert [m.to for m in mail.outbox] == [[otro.email]]
    assert not AvisoRadar.objects.filter(suscripcion__usuario=lider).exists()
    assert AvisoRadar.objects.filter(suscripcion__usuario=otro).count() == 2
