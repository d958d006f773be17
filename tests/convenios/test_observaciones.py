"""Residents' observations: no account needed, rate-limited by address, moderated by staff
before they show, published without the author's name (and with e-mails and phone numbers
taken out); monitors write with their account."""

import re

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from convenios import selectors, services
from convenios.models import ObservacionCiudadana

pytestmark = pytest.mark.django_db

TEXTO = "La obra lleva dos semanas parada y el material está en la vía."


def _url(convenio):
    return reverse("convenios_publico:convenio", args=[convenio.pk])


def test_a_resident_without_account_leaves_an_observation_that_waits(client, convenio):
    respuesta = client.post(_url(convenio), {"texto": TEXTO})
    assert respuesta.status_code == 302
    observacion = ObservacionCiudadana.objects.get()
    assert observacion.estado == ObservacionCiudadana.Estado.PENDIENTE
    assert observacion.autor is None
    pagina = client.get(_url(convenio)).content.decode()
    assert TEXTO not in pagina
    assert "Aún no hay observaciones publicadas" in pagina


def test_an_approved_observation_shows_a_rejected_one_never(client, convenio, secretaria):
    aprobada = services.enviar_observacion(convenio, texto=TEXTO)
    rechazada = services.enviar_observacion(convenio, texto="Texto ofensivo que no va")
    services.moderar_observacion(aprobada, usuario=secretaria, aprobar=True)
    services.moderar_observacion(rechazada, usuario=secretaria, aprobar=False)
    pagina = client.get(_url(convenio)).content.decode()
    assert TEXTO in pagina and "Residente" in pagina
    assert "Texto ofensivo" not in pagina
    with pytest.raises(Exception, match="ya fue moderada"):
        services.moderar_observacion(aprobada, usuario=secretaria, aprobar=False)


def test_only_staff_moderate(convenio, monitor, lider):
    observacion = services.enviar_observacion(convenio, texto=TEXTO)
    for usuario in (monitor, lider):
        with pytest.raises(Exception, match="Solo la Secretaría"):
            services.moderar_observacion(observacion, usuario=usuario, aprobar=True)


def test_staff_moderate_on_their_page(client, convenio, secretaria):
    observacion = services.enviar_observacion(convenio, texto=TEXTO)
    client.force_login(secretaria)
    pagina = client.get(reverse("convenios_tablero:moderacion")).content.decode()
    assert TEXTO in pagina
    client.post(
        reverse("convenios_tablero:moderacion"),
        {"observacion": observacion.pk, "decision": "aprobar"},
    )
    observacion.refresh_from_db()
    assert observacion.estado == ObservacionCiudadana.Estado.APROBADA
    assert observacion.moderada_por == secretaria
    assert observacion.history.first().history_user == secretaria


def test_staff_moderate_in_the_admin_with_an_action(convenio, secretaria):
    observacion = services.enviar_observacion(convenio, texto=TEXTO)
    admin = site._registry[ObservacionCiudadana]
    peticion = RequestFactory().post("/admin/")
    peticion.user = secretaria
    peticion._messages = type("M", (), {"add": lambda *a, **k: None})()
    admin.publicar(peticion, ObservacionCiudadana.objects.all())
    observacion.refresh_from_db()
    assert observacion.estado == ObservacionCiudadana.Estado.APROBADA


def test_a_monitor_writes_with_their_account_and_is_shown_as_monitor(
    client, convenio, monitor, secretaria, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    assert "como monitor" in client.get(_url(convenio)).content.decode()
    client.post(_url(convenio), {"texto": "Visita de seguimiento: avance acorde a lo pagado."})
    observacion = ObservacionCiudadana.objects.get()
    assert observacion.autor == monitor
    # Committed, as in real use: the change stamp moves and the page's cached figures go.
    with django_capture_on_commit_callbacks(execute=True):
        services.moderar_observacion(observacion, usuario=secretaria, aprobar=True)
    client.logout()
    pagina = client.get(_url(convenio)).content.decode()
    assert "Monitor (Funcicar)" in pagina
    assert monitor.username not in pagina and monitor.email not in pagina


def test_other_accounts_write_as_anonymous_residents(convenio, lider):
    observacion = services.enviar_observacion(convenio, texto=TEXTO, usuario=lider)
    assert observacion.autor is None


def test_published_text_hides_emails_and_phone_numbers(client, convenio, secretaria):
    observacion = services.enviar_observacion(
        convenio,
        texto="Llamen a Rosa al 300 123 4567 o escriban a rosa.p@example.org, cédula 1047123456.",
    )
    services.moderar_observacion(observacion, usuario=secretaria, aprobar=True)
    pagina = client.get(_url(convenio)).content.decode()
    for dato in ("300 123 4567", "rosa.p@example.org", "1047123456"):
        assert dato not in pagina
    assert "[número retirado]" in pagina and "[correo retirado]" in pagina
    assert selectors.enmascarar("Avance del 45 % el 12/11/2026") == "Avance del 45 % el 12/11/2026"


def test_an_empty_or_short_observation_comes_back_with_the_text(client, convenio):
    respuesta = client.post(_url(convenio), {"texto": "mal"})
    assert respuesta.status_code == 400
    assert "al menos 10 caracteres" in respuesta.content.decode()
    assert re.search(r">\s*mal</textarea>", respuesta.content.decode())
    assert not ObservacionCiudadana.objects.exists()


def test_observations_are_rate_limited_by_address(client, settings, convenio):
    settings.CONVENIOS_OBSERVACIONES_POR_DIRECCION = "3/h"
    for n in range(3):
        respuesta = client.post(_url(convenio), {"texto": f"{TEXTO} ({n})"})
        assert respuesta.status_code == 302
    respuesta = client.post(_url(convenio), {"texto": f"{TEXTO} (otra)"})
    assert respuesta.status_code == 429
    assert "Espere una hora" in respuesta.content.decode()
    assert ObservacionCiudadana.objects.count() == 3
    # Another address still may write.
    otra = client.post(_url(convenio), {"texto": TEXTO}, REMOTE_ADDR="10.0.0.9")
    assert otra.status_code == 302
    assert client.get(_url(convenio)).status_code == 200  # reading is never limited
