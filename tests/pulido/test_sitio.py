"""Links in e-mails: SITIO_URL when set, else the address the sending page was opened at."""

import pytest
from django.core import mail
from django.urls import reverse

from capacitacion.models import Sesion
from nucleo.sitio import url_del_sitio
from tests.factories import crear_lider


@pytest.fixture
def invitado(junta):
    lider = crear_lider(junta, username="lider-invitado")
    lider.email = "presidenta@example.org"
    lider.save()
    return lider


@pytest.mark.django_db
def test_invitation_link_follows_the_request_without_sitio_url(
    client,
    settings,
    sesion,
    invitado,
    secretaria,
):
    settings.SITIO_URL = ""
    settings.ALLOWED_HOSTS = ["portal.local"]
    sesion.convocatoria = Sesion.Convocatoria.TODAS
    sesion.save()
    client.force_login(secretaria)
    client.post(reverse("estrategia:invitar", args=[sesion.pk]), HTTP_HOST="portal.local:8123")
    (mensaje,) = mail.outbox
    assert f"http://portal.local:8123{reverse('capacitacion_portal:inicio')}" in mensaje.body


@pytest.mark.django_db
def test_sitio_url_when_set_wins_and_commands_fall_back(settings, rf):
    peticion = rf.get("/", HTTP_HOST="127.0.0.1:9000")
    settings.SITIO_URL = "https://jac.cartagena.gov.co"
    assert url_del_sitio(peticion) == "https://jac.cartagena.gov.co"
    settings.SITIO_URL = ""
    assert url_del_sitio(peticion) == "http://127.0.0.1:9000"
    assert url_del_sitio() == "http://127.0.0.1:8000"
