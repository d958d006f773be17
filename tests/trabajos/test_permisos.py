"""Who may open a job's pages and files: only the staff member who started it, or a superuser.
Anonymous visitors are sent to log in; leaders and monitors are refused; other staff get the
same 404 as for a job that does not exist. The files are never under /media/."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, crear_lider, crear_monitor, crear_secretaria
from trabajos import services
from trabajos.models import Trabajo, almacen_privado

CONTENIDO = b"codigo_registro;nombre\r\nJAC-1;Junta con datos personales\r\n"


@pytest.fixture
def trabajo_con_archivos(db):
    dueno = crear_secretaria("dueno-del-trabajo")
    trabajo = services.crear(
        "juntas.importar_registro", usuario=dueno, archivo=(CONTENIDO, "registro.csv")
    )
    ruta = almacen_privado.save(f"resultado/{trabajo.pk}-export.xlsx", _contenido(b"XLSX"))
    Trabajo.objects.filter(pk=trabajo.pk).update(
        estado="terminado",
        archivo_resultado=ruta,
        nombre_resultado="organizaciones.xlsx",
        finalizado=timezone.now(),
    )
    trabajo.refresh_from_db()
    return trabajo


def _contenido(datos):
    return ContentFile(datos)


def _urls(trabajo):
    return {
        "lista": reverse("trabajos:lista"),
        "detalle": reverse("trabajos:detalle", args=[trabajo.pk]),
        "estado": reverse("trabajos:estado", args=[trabajo.pk]),
        "entrada": reverse("trabajos:archivo", args=[trabajo.pk, "entrada"]),
        "resultado": reverse("trabajos:archivo", args=[trabajo.pk, "resultado"]),
    }


def _usuario(rol, trabajo):
    if rol == "anonimo":
        return None
    if rol == "lider":
        return crear_lider()
    if rol == "monitor":
        return crear_monitor()
    if rol == "otra_secretaria":
        return crear_secretaria("otra-secretaria")
    if rol == "superusuario":
        return UserFactory(username="raiz", is_staff=True, is_superuser=True)
    return trabajo.creado_por


ESPERADO = {
    # rol: (list, each job URL)
    "anonimo": (302, 302),
    "lider": (403, 403),
    "monitor": (403, 403),
    "otra_secretaria": (200, 404),
    "dueno": (200, 200),
    "superusuario": (200, 200),
}


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ESPERADO))
def test_job_pages_and_files_answer_each_role(client, trabajo_con_archivos, rol):
    usuario = _usuario(rol, trabajo_con_archivos)
    if usuario is not None:
        client.force_login(usuario)
    lista, propias = ESPERADO[rol]
    urls = _urls(trabajo_con_archivos)
    respuesta = client.get(urls.pop("lista"))
    assert respuesta.status_code == lista
    if rol == "otra_secretaria":
        assert trabajo_con_archivos.titulo not in respuesta.content.decode()  # not in her list
    for nombre, url in urls.items():
        respuesta = client.get(url)
        assert respuesta.status_code == propias, (nombre, respuesta.status_code)
        if rol == "anonimo":
            assert respuesta.url.startswith(reverse("login"))
    cancelar = client.post(reverse("trabajos:cancelar", args=[trabajo_con_archivos.pk]))
    assert cancelar.status_code == (302 if propias == 200 else propias)


@pytest.mark.django_db
def test_the_starter_downloads_both_files_as_attachments(client, trabajo_con_archivos):
    client.force_login(trabajo_con_archivos.creado_por)
    urls = _urls(trabajo_con_archivos)
    entrada = client.get(urls["entrada"])
    assert b"".join(entrada.streaming_content) == CONTENIDO
    assert 'filename="registro.csv"' in entrada["Content-Disposition"]
    resultado = client.get(urls["resultado"])
    assert b"".join(resultado.streaming_content) == b"XLSX"
    assert "attachment" in resultado["Content-Disposition"]
    assert (
        client.get(reverse("trabajos:archivo", args=[trabajo_con_archivos.pk, "otro"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_job_files_live_outside_media_and_have_no_public_url(
    client, settings, trabajo_con_archivos
):
    ruta = almacen_privado.path(trabajo_con_archivos.archivo_entrada.name)
    assert not ruta.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        almacen_privado.url(trabajo_con_archivos.archivo_entrada.name)
    client.force_login(trabajo_con_archivos.creado_por)
    assert client.get(f"/media/{trabajo_con_archivos.archivo_entrada.name}").status_code == 404


@pytest.mark.django_db
def test_the_list_is_paginated_and_shows_only_the_users_jobs(client, secretaria):
    otra = crear_secretaria("otra")
    for n in range(25):
        Trabajo.objects.create(tipo="x", titulo=f"Mío {n:02d}", creado_por=secretaria)
    Trabajo.objects.create(tipo="x", titulo="Ajeno", creado_por=otra)
    client.force_login(secretaria)
    primera = client.get(reverse("trabajos:lista")).content.decode()
    assert "Mío 24" in primera and "Mío 04" not in primera and "Ajeno" not in primera
    assert "Página 1 de 2" in primera
    segunda = client.get(reverse("trabajos:lista"), {"pagina": 2}).content.decode()
    assert "Mío 04" in segunda


@pytest.mark.django_db
def test_an_empty_list_says_what_will_appear(client, secretaria):
    client.force_login(secretaria)
    assert (
        "Todavía no ha iniciado ningún trabajo"
        in client.get(reverse("trabajos:lista")).content.decode()
    )


@pytest.mark.django_db
def test_only_the_secretaria_launches_jobs(client):
    otro_staff = UserFactory(username="admin-roles", is_staff=True)
    client.force_login(otro_staff)
    assert client.get(reverse("trabajos:lanzar")).status_code == 403


# Expiry ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_files_are_deleted_after_the_configured_days(client, settings, trabajo_con_archivos):
    settings.TRABAJOS_CONSERVAR_DIAS = 7
    reciente = services.crear(
        "juntas.vista_previa_registro",
        usuario=trabajo_con_archivos.creado_por,
        archivo=(b"reciente", "reciente.csv"),
    )
    Trabajo.objects.filter(pk=reciente.pk).update(
        estado="terminado", finalizado=timezone.now() - datetime.timedelta(days=6)
    )
    Trabajo.objects.filter(pk=trabajo_con_archivos.pk).update(
        finalizado=timezone.now() - datetime.timedelta(days=8),
        resultado={"filas": [{"nombre": "Junta"}]},
    )
    entrada = trabajo_con_archivos.archivo_entrada.name
    resultado = trabajo_con_archivos.archivo_resultado.name
    call_command("limpiar_trabajos", stdout=io.StringIO())
    assert not almacen_privado.exists(entrada) and not almacen_privado.exists(resultado)
    trabajo_con_archivos.refresh_from_db()
    assert trabajo_con_archivos.resultado == {} and not trabajo_con_archivos.archivo_entrada
    reciente.refresh_from_db()
    assert almacen_privado.exists(reciente.archivo_entrada.name)  # 6 days: kept
    client.force_login(trabajo_con_archivos.creado_por)
    assert client.get(_urls(trabajo_con_archivos)["resultado"]).status_code == 404
    pagina = client.get(trabajo_con_archivos.get_absolute_url()).content.decode()
    assert "El archivo ya se borró" in pagina


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_with_3_and_20_jobs(client, secretaria):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretaria)

    def consultas():
        with CaptureQueriesContext(connection) as capturadas:
            assert client.get(reverse("trabajos:lista")).status_code == 200
        return len(capturadas)

    for n in range(3):
        Trabajo.objects.create(tipo="x", titulo=f"t{n}", creado_por=secretaria)
    pocas = consultas()
    for n in range(17):
        Trabajo.objects.create(tipo="x", titulo=f"u{n}", creado_por=secretaria)
    assert consultas() == pocas


@pytest.mark.django_db
def test_a_previews_rows_live_in_a_private_file_deleted_with_the_job(client, secretaria):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import archivos

    filas = [["Código de registro", "Nombre de la Junta", "Tipo", "Barrio"]]
    filas += [[f"JAC-7{n:02d}", f"Junta {n}", "JAC", "Manga"] for n in range(3)]
    client.force_login(secretaria)
    trabajo = client.post(
        reverse("admin:juntas_organizacion_import"),
        {"archivo": SimpleUploadedFile("j.csv", archivos.excel_csv(filas))},
        follow=True,
    ).context["trabajo"]
    nombre = trabajo.resultado["archivo_filas"]
    assert almacen_privado.exists(nombre) and "filas" not in trabajo.resultado
    Trabajo.objects.filter(pk=trabajo.pk).update(
        finalizado=timezone.now() - datetime.timedelta(days=30)
    )
    call_command("limpiar_trabajos", stdout=io.StringIO())
    assert not almacen_privado.exists(nombre)
    html = client.get(trabajo.get_absolute_url()).content.decode()
    assert "Esta vista previa venció" in html and "Confirmar la importación" not in html
