"""The Secretaría's queue in the admin, its alerts and the daily e-mail (alertar_habeas)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nucleo.roles import MONITOR, SECRETARIA
from privacidad import plazos
from privacidad.models import SolicitudHabeas

from .conftest import radicar

LISTA = reverse("admin:privacidad_solicitudhabeas_changelist")


def _cambio(solicitud):
    return reverse("admin:privacidad_solicitudhabeas_change", args=[solicitud.pk])


@pytest.fixture
def vencida(junta, lider):
    return radicar(junta, lider, ahora=timezone.now() - datetime.timedelta(days=40))


@pytest.fixture
def pronto(junta, lider):
    """A consulta filed eight business days ago: two business days left."""
    hoy = timezone.localdate()
    fecha = hoy
    while plazos.sumar_habiles(fecha, 10) > plazos.sumar_habiles(hoy, 2):
        fecha -= datetime.timedelta(days=1)
    ahora = timezone.make_aware(datetime.datetime.combine(fecha, datetime.time(10)))
    return radicar(junta, lider, ahora=ahora)


@pytest.fixture
def lejana(junta, lider):
    return radicar(junta, lider, tipo="supresion", dato="todo")


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["anonimo", "lider", "monitor"])
def test_only_staff_reach_the_queue(client, rol, lider, monitor, lejana):
    usuario = {"anonimo": None, "lider": lider, "monitor": monitor}[rol]
    if usuario:
        client.force_login(usuario)
    for url in (LISTA, _cambio(lejana)):
        respuesta = client.get(url)
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_monitor_group_has_no_permission_on_habeas_data_and_secretaria_has():
    assert (
        not Group.objects.get(name=MONITOR)
        .permissions.filter(content_type__app_label="privacidad")
        .exists()
    )
    assert (
        Group.objects.get(name=SECRETARIA)
        .permissions.filter(content_type__app_label="privacidad", codename="change_solicitudhabeas")
        .exists()
    )


@pytest.mark.django_db
def test_queue_warns_of_overdue_and_due_soon_and_filters_them(
    client, secretaria, vencida, pronto, lejana
):
    client.force_login(secretaria)
    respuesta = client.get(LISTA)
    assert respuesta.status_code == 200
    avisos = [str(m) for m in respuesta.context["messages"]]
    assert any("1 solicitudes de habeas data están vencidas" in a for a in avisos)
    assert any("1 solicitudes de habeas data vencen en 3 días" in a for a in avisos)
    contenido = respuesta.content.decode()
    assert f"{vencida.vence_el:%d/%m/%Y}" in contenido and "Vencida hace" in contenido
    # Ordered by due date: the overdue one first.
    assert contenido.index(vencida.radicado) < contenido.index(pronto.radicado)
    assert contenido.index(pronto.radicado) < contenido.index(lejana.radicado)
    solo_vencidas = client.get(LISTA, {"plazo": "vencida"}).content.decode()
    assert vencida.radicado in solo_vencidas and pronto.radicado not in solo_vencidas
    pronto_lista = client.get(LISTA, {"plazo": "pronto"}).content.decode()
    assert pronto.radicado in pronto_lista
    assert vencida.radicado not in pronto_lista and lejana.radicado not in pronto_lista


@pytest.mark.django_db
def test_staff_answer_records_who_and_when_and_then_it_is_read_only(
    client, secretaria, lejana, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(secretaria)
    formulario = client.get(_cambio(lejana)).content.decode()
    assert 'name="_suprimir"' in formulario and 'name="_prorrogar"' in formulario
    with django_capture_on_commit_callbacks(execute=True):
        respuesta = client.post(
            _cambio(lejana), {"respuesta": "Sus datos fueron revisados.", "_responder": "1"}
        )
    assert respuesta.status_code == 302
    lejana.refresh_from_db()
    assert lejana.estado == SolicitudHabeas.Estado.RESPONDIDA
    assert lejana.respondida_por == secretaria and lejana.respondida_en is not None
    assert [m.to for m in mailoutbox] == [[lejana.solicitante.email]]
    assert lejana.radicado in mailoutbox[0].body and "revisados" not in mailoutbox[0].body
    solo_lectura = client.get(_cambio(lejana)).content.decode()
    assert 'name="_responder"' not in solo_lectura
    assert client.post(_cambio(lejana), {"respuesta": "Otra", "_responder": "1"}).status_code == 403
    lejana.refresh_from_db()
    assert lejana.respuesta == "Sus datos fueron revisados."


@pytest.mark.django_db
def test_staff_cannot_send_an_empty_answer_or_press_no_button(client, secretaria, lejana):
    client.force_login(secretaria)
    vacia = client.post(_cambio(lejana), {"respuesta": "  ", "_responder": "1"})
    assert vacia.status_code == 200 and "Escriba la respuesta" in vacia.content.decode()
    sin_boton = client.post(_cambio(lejana), {"respuesta": "Hola"})
    assert sin_boton.status_code == 200 and "Elija una acción" in sin_boton.content.decode()
    lejana.refresh_from_db()
    assert lejana.estado == SolicitudHabeas.Estado.RADICADA


@pytest.mark.django_db
def test_staff_extend_once_with_a_reason(client, secretaria, lejana):
    client.force_login(secretaria)
    vence = lejana.vence_el
    sin_motivo = client.post(_cambio(lejana), {"motivo_prorroga": "", "_prorrogar": "1"})
    assert "Escriba el motivo" in sin_motivo.content.decode()
    client.post(_cambio(lejana), {"motivo_prorroga": "Consultamos el archivo", "_prorrogar": "1"})
    lejana.refresh_from_db()
    assert lejana.estado == SolicitudHabeas.Estado.PRORROGADA
    assert lejana.vence_el == plazos.sumar_habiles(vence, 8)
    assert 'name="_prorrogar"' not in client.get(_cambio(lejana)).content.decode()


@pytest.mark.django_db
def test_suppress_button_only_for_a_suppression_reclamo(client, secretaria, pronto):
    client.force_login(secretaria)
    assert 'name="_suprimir"' not in client.get(_cambio(pronto)).content.decode()
    respuesta = client.post(_cambio(pronto), {"respuesta": "R", "_suprimir": "1"})
    assert "Solo un reclamo de supresión" in respuesta.content.decode()


@pytest.mark.django_db
def test_alert_command_mails_active_staff_about_due_and_overdue_requests(
    secretaria, vencida, pronto, lejana, mailoutbox
):
    from tests.factories import UserFactory

    UserFactory(username="sin-correo", email="", is_staff=True)
    UserFactory(username="inactivo", is_staff=True, is_active=False)
    UserFactory(username="no-staff")
    respondida = radicar(
        lejana.organizacion, lejana.solicitante, ahora=timezone.now() - datetime.timedelta(days=60)
    )
    respondida.estado = SolicitudHabeas.Estado.RESPONDIDA
    respondida.respondida_en = timezone.now()
    respondida.save()

    call_command("alertar_habeas")
    assert [m.to for m in mailoutbox] == [[secretaria.email]]
    cuerpo = mailoutbox[0].body
    assert vencida.radicado in cuerpo and "VENCIDA" in cuerpo and pronto.radicado in cuerpo
    assert lejana.radicado not in cuerpo and respondida.radicado not in cuerpo
    assert reverse("admin:privacidad_solicitudhabeas_changelist") in cuerpo


@pytest.mark.django_db
def test_alert_command_sends_nothing_when_nothing_is_due(secretaria, lejana, mailoutbox):
    call_command("alertar_habeas")
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("basura", ["abc", "99999999999999999999", "1e5"])
def test_junk_ids_in_the_history_pages_are_404(client, secretaria, lejana, basura):
    client.force_login(secretaria)
    base = reverse("admin:privacidad_solicitudhabeas_changelist")
    for url in (f"{base}{basura}/history/", f"{base}{lejana.pk}/history/{basura}/"):
        assert client.get(url).status_code == 404
    assert client.get(f"{base}{lejana.pk}/history/").status_code == 200
