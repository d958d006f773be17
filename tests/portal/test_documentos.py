"""Leaders upload requirement documents; files are validated and served only to who may see them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from juntas.models import RequisitoJunta

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _subir(client, codigo="rut", nombre="rut.pdf", contenido=PDF, **fechas):
    hoy = timezone.localdate()
    datos = {
        "archivo": SimpleUploadedFile(nombre, contenido),
        "fecha_expedicion": fechas.get("expedicion", hoy - datetime.timedelta(days=10)).isoformat(),
        "fecha_vencimiento": fechas.get("vencimiento", ""),
    }
    if datos["fecha_vencimiento"]:
        datos["fecha_vencimiento"] = datos["fecha_vencimiento"].isoformat()
    return client.post(reverse("portal:cargar_requisito", args=[codigo]), datos)


@pytest.mark.django_db
def test_leader_uploads_document_which_waits_for_verification(client, lider, junta):
    client.force_login(lider)
    respuesta = _subir(client)
    assert respuesta.status_code == 302
    fila = RequisitoJunta.objects.get(organizacion=junta, requisito__codigo="rut")
    assert fila.estado == RequisitoJunta.Estado.EN_TRAMITE
    assert fila.cargado_por == lider and fila.pendiente_verificacion
    assert fila.archivo.read() == PDF
    assert junta.indice_preparacion() == 0  # not met until staff verify it


@pytest.mark.django_db
def test_expiry_is_proposed_from_the_requirements_validity(client, lider, junta):
    client.force_login(lider)
    expedicion = timezone.localdate() - datetime.timedelta(days=5)
    _subir(client, codigo="cuenta-bancaria", expedicion=expedicion)
    fila = RequisitoJunta.objects.get(organizacion=junta, requisito__codigo="cuenta-bancaria")
    assert fila.fecha_vencimiento == expedicion + datetime.timedelta(days=90)


@pytest.mark.django_db
def test_png_is_accepted(client, lider, junta):
    client.force_login(lider)
    assert _subir(client, nombre="rut.png", contenido=PNG).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nombre", "contenido", "mensaje"),
    [
        ("rut.exe", b"MZ\x90\x00", "Tipo de archivo no permitido"),
        ("rut.pdf", b"MZ\x90\x00 not a pdf", "no corresponde a un PDF"),
        ("rut.docx", PDF, "Tipo de archivo no permitido"),
    ],
)
def test_rejects_files_of_wrong_type(client, lider, junta, nombre, contenido, mensaje):
    client.force_login(lider)
    respuesta = _subir(client, nombre=nombre, contenido=contenido)
    assert respuesta.status_code == 200
    assert mensaje in respuesta.content.decode()
    assert not RequisitoJunta.objects.filter(organizacion=junta).exists()


@pytest.mark.django_db
def test_rejects_files_over_the_size_limit(client, lider, junta, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(lider)
    respuesta = _subir(client, contenido=PDF + b"0" * 2048)
    assert respuesta.status_code == 200
    assert "el máximo es 1,0" in respuesta.content.decode()
    assert not RequisitoJunta.objects.filter(organizacion=junta).exists()


@pytest.mark.django_db
def test_rejects_dates_that_make_no_sense(client, lider, junta):
    client.force_login(lider)
    hoy = timezone.localdate()
    respuesta = _subir(
        client,
        expedicion=hoy + datetime.timedelta(days=3),
        vencimiento=hoy - datetime.timedelta(days=1),
    )
    contenido = respuesta.content.decode()
    assert "no puede estar en el futuro" in contenido
    assert "ya venció" in contenido
    assert not RequisitoJunta.objects.filter(organizacion=junta).exists()


@pytest.mark.django_db
def test_unknown_requirement_is_404(client, lider):
    client.force_login(lider)
    assert client.get(reverse("portal:cargar_requisito", args=["no-existe"])).status_code == 404


@pytest.fixture
def documento_subido(client, lider, junta):
    client.force_login(lider)
    _subir(client)
    client.logout()
    return RequisitoJunta.objects.get(organizacion=junta, requisito__codigo="rut")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 200), ("lider_otra", 404), ("monitor", 404), ("secretaria", 200)],
)
def test_uploaded_file_served_only_to_own_leaders_and_staff(
    client, documento_subido, lider, lider_otra, monitor, secretaria, rol, esperado
):
    usuario = {
        "lider": lider,
        "lider_otra": lider_otra,
        "monitor": monitor,
        "secretaria": secretaria,
    }
    if rol in usuario:
        client.force_login(usuario[rol])
    respuesta = client.get(documento_subido.archivo.url)
    assert respuesta.status_code == esperado
    if esperado == 200:
        assert b"".join(respuesta.streaming_content) == PDF
        assert respuesta["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_media_url_is_not_a_public_file_server(client, secretaria):
    client.force_login(secretaria)
    assert client.get("/media/requisitos/../../jac_portal/settings.py").status_code == 404
