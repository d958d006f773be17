"""Every convenios view for each role: anonymous, this Junta's leader, another Junta's leader,
monitor, staff. The convenio belongs to the `lider` fixture's Junta."""

import pytest
from django.urls import reverse
from django.utils import timezone

from convenios.models import FotoAvance, InformeAvance, TrabajadorComunitario

from .conftest import jpeg_de_telefono, pago, pdf, tramo

ROLES = ["anonimo", "lider", "lider_otra", "monitor", "secretaria"]


@pytest.fixture
def usuarios(lider, lider_otra, monitor, secretaria):
    return {
        "anonimo": None,
        "lider": lider,
        "lider_otra": lider_otra,
        "monitor": monitor,
        "secretaria": secretaria,
    }


@pytest.fixture
def filas(convenio, lider, secretaria):
    from convenios import services

    informe = services.registrar_informe(
        convenio,
        fecha=timezone.localdate(),
        avance=30,
        acta_parcial=pdf(),
        fotos=[jpeg_de_telefono(tamano=(400, 300))],
        usuario=lider,
    )
    primero = tramo(convenio)
    return {
        "informe": informe,
        "foto": informe.fotos.get(),
        "pago": pago(convenio, "1000", tramo=primero),
        "tramo": primero,
        "trabajador": TrabajadorComunitario.objects.create(convenio=convenio, nombre="Ana Díaz"),
    }


def _llamar(client, usuario, metodo, url, datos=None):
    if usuario:
        client.force_login(usuario)
    return getattr(client, metodo)(url, datos or {})


TABLERO = {"anonimo": 302, "lider": 403, "lider_otra": 403, "monitor": 200, "secretaria": 200}
SOLO_STAFF = {"anonimo": 302, "lider": 403, "lider_otra": 403, "monitor": 403, "secretaria": 200}
PORTAL_LISTA = {"anonimo": 302, "lider": 200, "lider_otra": 200, "monitor": 403, "secretaria": 403}
PORTAL_PROPIO = {"anonimo": 302, "lider": 200, "lider_otra": 404, "monitor": 403, "secretaria": 403}
PUBLICO = dict.fromkeys(ROLES, 200)
ARCHIVO_PRIVADO = {
    "anonimo": 302,
    "lider": 200,
    "lider_otra": 404,
    "monitor": 404,
    "secretaria": 200,
}
FOTO = {**ARCHIVO_PRIVADO, "monitor": 200}


def _gets(convenio, filas):
    pk = convenio.pk
    return [
        (reverse("convenios_tablero:lista"), TABLERO),
        (reverse("convenios_tablero:convenio", args=[pk]), TABLERO),
        (reverse("convenios_tablero:exportar") + "?formato=csv", TABLERO),
        (reverse("convenios_tablero:moderacion"), SOLO_STAFF),
        (reverse("convenios_portal:lista"), PORTAL_LISTA),
        (reverse("convenios_portal:convenio", args=[pk]), PORTAL_PROPIO),
        (reverse("convenios_portal:informe", args=[pk]), PORTAL_PROPIO),
        (reverse("convenios_portal:archivo", args=["acta", filas["informe"].pk]), ARCHIVO_PRIVADO),
        (reverse("convenios_portal:archivo", args=["soporte", filas["pago"].pk]), ARCHIVO_PRIVADO),
        (reverse("convenios_portal:archivo", args=["foto", filas["foto"].pk]), FOTO),
        (reverse("convenios_publico:lista"), PUBLICO),
        (reverse("convenios_publico:convenio", args=[pk]), PUBLICO),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ROLES)
def test_every_page_by_role(client, usuarios, convenio, filas, rol):
    for url, esperado in _gets(convenio, filas):
        client.logout()
        respuesta = _llamar(client, usuarios[rol], "get", url)
        assert respuesta.status_code == esperado[rol], (url, rol)
        if respuesta.status_code == 302:
            assert respuesta["Location"].startswith(reverse("login"))


ACCION_STAFF = {"anonimo": 302, "lider": 403, "lider_otra": 403, "monitor": 403}
ACCION_LIDER = {"anonimo": 302, "lider_otra": 404, "monitor": 403, "secretaria": 403}


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["anonimo", "lider", "lider_otra", "monitor"])
def test_supervisor_actions_refuse_everyone_but_staff(client, usuarios, convenio, filas, rol):
    pk = convenio.pk
    acciones = [
        reverse("convenios_tablero:verificar", args=[pk, filas["informe"].pk]),
        reverse("convenios_tablero:devolver", args=[pk, filas["informe"].pk]),
        reverse("convenios_tablero:pago", args=[pk]),
        reverse("convenios_tablero:soporte", args=[pk, filas["pago"].pk]),
        reverse("convenios_tablero:tramo_pagado", args=[pk, filas["tramo"].pk]),
        reverse("convenios_tablero:moderacion"),
    ]
    for url in acciones:
        client.logout()
        respuesta = _llamar(client, usuarios[rol], "post", url, {"motivo": "x", "valor": "1"})
        assert respuesta.status_code == ACCION_STAFF[rol], (url, rol)
    assert InformeAvance.objects.get().estado == InformeAvance.Estado.PENDIENTE
    assert not type(filas["tramo"]).objects.get().pagado


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["anonimo", "lider_otra", "monitor", "secretaria"])
def test_leader_actions_refuse_everyone_but_the_own_leader(client, usuarios, convenio, filas, rol):
    pk = convenio.pk
    acciones = [
        (reverse("convenios_portal:trabajador", args=[pk]), {"nombre": "Otra Persona Más"}),
        (reverse("convenios_portal:quitar_trabajador", args=[pk, filas["trabajador"].pk]), {}),
        (
            reverse("convenios_portal:informe", args=[pk]),
            {"fecha": timezone.localdate().isoformat(), "avance": "35"},
        ),
    ]
    for url, datos in acciones:
        client.logout()
        respuesta = _llamar(client, usuarios[rol], "post", url, datos)
        assert respuesta.status_code == ACCION_LIDER[rol], (url, rol)
    assert list(TrabajadorComunitario.objects.values_list("nombre", flat=True)) == ["Ana Díaz"]
    assert InformeAvance.objects.count() == 1


@pytest.mark.django_db
def test_the_own_leader_registers_and_removes_community_workers(client, lider, convenio):
    client.force_login(lider)
    url = reverse("convenios_portal:trabajador", args=[convenio.pk])
    assert client.post(url, {"nombre": "Ana"}).status_code == 400  # too short
    assert client.post(url, {"nombre": "Ledys  Herrera Caraballo"}).status_code == 302
    trabajador = TrabajadorComunitario.objects.get()
    assert trabajador.nombre == "Ledys Herrera Caraballo"
    assert client.post(url, {"nombre": "ledys herrera caraballo"}).status_code == 400  # twice
    client.post(reverse("convenios_portal:quitar_trabajador", args=[convenio.pk, trabajador.pk]))
    assert not TrabajadorComunitario.objects.exists()
    assert trabajador.history.filter(history_type="-").get().history_user == lider


@pytest.mark.django_db
def test_a_leaders_report_form_keeps_what_was_typed_on_error(client, lider, convenio):
    client.force_login(lider)
    url = reverse("convenios_portal:informe", args=[convenio.pk])
    respuesta = client.post(
        url,
        {
            "fecha": timezone.localdate().isoformat(),
            "avance": "120",
            "descripcion": "Placa fundida en la primera cuadra",
        },
    )
    assert respuesta.status_code == 400
    contenido = respuesta.content.decode()
    assert "Placa fundida en la primera cuadra" in contenido
    assert 'value="120"' in contenido
    assert "menor o igual a 100" in contenido
    respuesta = client.post(
        url,
        {
            "fecha": timezone.localdate().isoformat(),
            "avance": "35,5",
            "descripcion": "Placa fundida",
            "fotos": [jpeg_de_telefono(tamano=(800, 600)), jpeg_de_telefono(tamano=(600, 800))],
            "acta_parcial": pdf(),
        },
    )
    assert respuesta.status_code == 302
    informe = InformeAvance.objects.get()
    assert str(informe.avance) == "35.50" and informe.autor == lider
    assert FotoAvance.objects.filter(informe=informe).count() == 2
    assert informe.acta_parcial


@pytest.mark.django_db
def test_a_liquidated_convenio_takes_no_more_reports(client, lider, convenio):
    convenio.estado = convenio.Estado.LIQUIDADO
    convenio.save()
    client.force_login(lider)
    respuesta = client.get(reverse("convenios_portal:informe", args=[convenio.pk]))
    assert respuesta.status_code == 302


@pytest.mark.django_db
def test_the_public_list_filters_by_barrio_and_ignores_junk(
    client, convenio, convenio_otra, django_capture_on_commit_callbacks
):
    url = reverse("convenios_publico:lista")
    assert convenio.objeto in client.get(url).content.decode()
    if convenio.barrio_id != convenio_otra.barrio_id:
        solo = client.get(url, {"barrio": convenio_otra.barrio_id}).content.decode()
        assert convenio_otra.objeto in solo and convenio.objeto not in solo
    for basura in ("²", "-1", "abc", "9" * 30):
        assert client.get(url, {"barrio": basura}).status_code == 200
    convenio.estado = convenio.Estado.LIQUIDADO
    with django_capture_on_commit_callbacks(execute=True):  # committed: the cached page goes
        convenio.save()
    assert convenio.objeto not in client.get(url).content.decode()  # works under way only


def test_the_public_list_is_served_from_the_cache_until_the_data_changes(
    client, convenio, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """As fast as the other public pages: a visitor's second request costs one query (the
    change stamp); a committed change shows at once."""
    url = reverse("convenios_publico:lista")
    assert convenio.objeto in client.get(url).content.decode()
    with django_assert_max_num_queries(1):
        assert convenio.objeto in client.get(url).content.decode()
    convenio.objeto = "Cancha múltiple del barrio"
    with django_capture_on_commit_callbacks(execute=True):
        convenio.save()
    assert "Cancha múltiple del barrio" in client.get(url).content.decode()
