"""Seen everywhere: the favicon, the log-out message, one log line per 403."""

import io
import logging

import pytest
from django.conf import settings as ajustes
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.log import configure_logging


@pytest.mark.django_db
def test_favicon_is_a_real_icon(client):
    respuesta = client.get("/favicon.ico")
    assert respuesta.status_code == 301
    assert respuesta["Location"].endswith("img/favicon.ico")
    ruta = finders.find("img/favicon.ico")
    with open(ruta, "rb") as archivo:
        assert archivo.read(4) == b"\x00\x00\x01\x00"  # the ICO signature
    html = client.get(reverse("inicio")).content.decode()
    assert 'rel="icon"' in html


@pytest.mark.django_db
def test_logging_out_says_so(client, lider):
    client.force_login(lider)
    respuesta = client.post(reverse("logout"), follow=True)
    assert "Cerró su sesión" in respuesta.content.decode()
    # Nobody to log out: no message.
    respuesta = client.post(reverse("logout"), follow=True)
    assert "Cerró su sesión" not in respuesta.content.decode()


@pytest.fixture
def bitacora(settings):
    """The project's logging configuration, written to a string; put back afterwards."""
    settings.DEBUG = True  # Django's own console handler writes only with DEBUG
    configure_logging(ajustes.LOGGING_CONFIG, ajustes.LOGGING)  # as at start-up
    salida = io.StringIO()
    consola = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    anterior = consola.setStream(salida)
    yield salida
    consola.setStream(anterior)


@pytest.mark.django_db
def test_a_403_is_one_line_without_traceback(client, monitor, bitacora):
    # A record of django.request reaches one handler (Django's default configuration added
    # its own console handler to "django", and the record went on to the root's as well).
    manejadores, registrador = [], logging.getLogger("django.request")
    while registrador:
        manejadores += [
            h
            for h in registrador.handlers
            if h.level <= logging.WARNING and type(h).__name__ != "LogCaptureHandler"  # pytest's
        ]
        registrador = registrador.parent if registrador.propagate else None
    assert len(manejadores) == 1, manejadores
    client.force_login(monitor)
    # A page a monitor may not open answers 403.
    url = reverse("estrategia:plan")
    respuesta = client.get(url)
    assert respuesta.status_code == 403
    texto = bitacora.getvalue()
    assert texto.count(f"Forbidden (Permission denied): {url}") == 1, texto
    assert "Traceback" not in texto
