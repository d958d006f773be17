"""The dossier (expediente de contratación): blocked by missing or expired documents, one PDF
with the code and a QR on every page, a ZIP of the originals, the public check (state at
generation and today, JSON variant, no personal data) and access for every role."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contratacion import selectors
from contratacion.models import Expediente
from juntas.models import RequisitoJunta, Ruta
from tests.factories import DignatarioFactory
from tests.rutas.utiles import cumplir, cumplir_ruta, pdf, png

pytestmark = pytest.mark.django_db

RUTA = Ruta.MINIMA_CUANTIA
URL = reverse("contratacion_portal:expediente")
AYER = timezone.localdate() - datetime.timedelta(days=1)


def _generar(client, usuario, url=URL):
    client.force_login(usuario)
    return client.post(url, {"ruta": RUTA})


@pytest.fixture
def lista(junta):
    """The Junta meets every requirement of mínima cuantía; one document is an image and one
    a two-page PDF."""
    codigos = cumplir_ruta(junta, RUTA)
    cumplir(junta, codigos[1], nombre="foto-juan-perez.png", contenido=png())
    cumplir(junta, codigos[2], contenido=pdf(paginas=2))
    return codigos


def test_missing_requirements_block_the_dossier_and_say_what_to_do(client, lider, junta):
    cumplir(junta, "secop-ii")
    respuesta = _generar(client, lider)
    assert respuesta.status_code == 200
    assert not Expediente.objects.exists()
    contenido = respuesta.content.decode()
    assert "Todavía no se puede armar el expediente" in contenido
    assert "Formato de experiencia del proveedor" in contenido
    assert "Qué hacer:" in contenido
    assert reverse("portal:cargar_requisito", args=["rut"]) in contenido


def test_an_expired_document_blocks_the_dossier(client, lider, junta, lista):
    cumplir(junta, "secop-ii", vence=AYER)
    respuesta = _generar(client, lider)
    assert not Expediente.objects.exists()
    assert "Venció el" in respuesta.content.decode()


def test_a_met_requirement_without_file_blocks_the_dossier(junta, lista):
    cumplir(junta, "rut", archivo=False)
    RequisitoJunta.objects.filter(organizacion=junta, requisito__codigo="rut").update(archivo="")
    datos = selectors.preparar_expediente(junta, RUTA)
    assert [f.requisito.codigo for f, _motivo in datos["bloqueos"]] == ["rut"]


def test_leader_generates_the_dossier_pdf_and_zip(client, lider, junta, lista):
    DignatarioFactory(organizacion=junta, nombres="Ana", apellidos="Zúñiga Mercado")
    respuesta = _generar(client, lider)
    assert respuesta.status_code == 302
    expediente = Expediente.objects.get()
    assert expediente.organizacion == junta and expediente.ruta == RUTA
    assert expediente.generado_por == lider and not expediente.por_la_secretaria
    items = list(expediente.items.all())
    assert [i.requisito_codigo for i in items] == lista
    filas = {f.requisito.codigo: f for f in RequisitoJunta.objects.filter(organizacion=junta)}
    for item in items:
        with filas[item.requisito_codigo].archivo.open("rb") as archivo:
            assert item.sha256 == hashlib.sha256(archivo.read()).hexdigest()

    descarga = client.get(
        reverse("contratacion_portal:expediente_archivo", args=[expediente.codigo, "pdf"])
    )
    contenido_pdf = b"".join(descarga.streaming_content)
    assert hashlib.sha256(contenido_pdf).hexdigest() == expediente.sha256_pdf
    lector = PdfReader(io.BytesIO(contenido_pdf))
    # Cover letter and index, then one page per document, two for the two-page PDF.
    assert len(lector.pages) == 2 + len(items) + 1
    total = len(lector.pages)
    for numero, pagina in enumerate(lector.pages, start=1):
        texto = pagina.extract_text()
        assert expediente.codigo in texto
        # Numbered in the whole dossier: drawn pages «n / total», stamped ones «Página n de total».
        assert f"{numero} / {total}" in texto or f"Página {numero} de {total}" in texto
    portada = lector.pages[0].extract_text()
    assert junta.nombre in portada and junta.nit in portada
    assert "Formato de experiencia del proveedor" in lector.pages[1].extract_text()

    descarga = client.get(
        reverse("contratacion_portal:expediente_archivo", args=[expediente.codigo, "zip"])
    )
    archivo_zip = zipfile.ZipFile(io.BytesIO(b"".join(descarga.streaming_content)))
    nombres = archivo_zip.namelist()
    assert f"02-{lista[1]}.png" in nombres
    assert not any("juan" in n for n in nombres)  # never the uploaded file's name
    assert "indice.csv" in nombres and f"expediente-{expediente.codigo}.pdf" in nombres
    primero = archivo_zip.read(f"01-{lista[0]}.pdf")
    assert hashlib.sha256(primero).hexdigest() == items[0].sha256


def test_public_page_shows_state_at_generation_and_today(client, lider, junta, lista):
    _generar(client, lider)
    expediente = Expediente.objects.get()
    client.logout()
    url = reverse("expedientes:publico", args=[expediente.codigo])
    contenido = client.get(url).content.decode()
    assert "todos sus documentos siguen vigentes hoy" in contenido
    # Later one document expires and another is replaced by a newer one.
    RequisitoJunta.objects.filter(organizacion=junta, requisito__codigo=lista[0]).update(
        fecha_vencimiento=AYER
    )
    fila = RequisitoJunta.objects.get(organizacion=junta, requisito__codigo=lista[3])
    fila.archivo = SimpleUploadedFile("nuevo.pdf", pdf())
    fila.save()
    datos = selectors.verificacion_expediente(expediente.codigo)
    estados = {d["requisito"]: d for d in datos["documentos"]}
    assert estados[lista[0]]["vigente_al_generar"] is True
    assert estados[lista[0]]["estado_hoy"] == "vencido"
    assert estados[lista[3]]["estado_hoy"] == "reemplazado"
    assert estados[lista[4]]["estado_hoy"] == "vigente"
    contenido = client.get(url).content.decode()
    assert "solo" in contenido and "siguen vigentes" in contenido
    assert "Reemplazado por un documento más reciente" in contenido


def test_documents_expire_or_are_withdrawn_after_generation(client, lider, junta, lista):
    en_cinco_dias = timezone.localdate() + datetime.timedelta(days=5)
    cumplir(junta, lista[5], vence=en_cinco_dias)
    _generar(client, lider)
    expediente = Expediente.objects.get()
    RequisitoJunta.objects.filter(organizacion=junta, requisito__codigo=lista[4]).update(
        estado=RequisitoJunta.Estado.NO_CUMPLE
    )
    dentro_de_diez = timezone.localdate() + datetime.timedelta(days=10)
    datos = selectors.verificacion_expediente(expediente.codigo, hoy=dentro_de_diez)
    estados = {d["requisito"]: d for d in datos["documentos"]}
    assert estados[lista[5]]["vigente_al_generar"] is True
    assert estados[lista[5]]["estado_hoy"] == "vencido"
    assert estados[lista[4]]["estado_hoy"] == "retirado"
    assert datos["vigentes_hoy"] == len(lista) - 2
    assert not datos["todos_vigentes_hoy"]


def test_json_variant_in_both_forms(client, lider, junta, lista):
    _generar(client, lider)
    expediente = Expediente.objects.get()
    client.logout()
    por_extension = client.get(f"/expedientes/{expediente.codigo}.json")
    por_parametro = client.get(f"/expedientes/{expediente.codigo}/", {"formato": "json"})
    assert por_extension.status_code == por_parametro.status_code == 200
    assert por_extension["Content-Type"] == "application/json"
    datos = json.loads(por_extension.content)
    assert datos == json.loads(por_parametro.content)
    assert datos["codigo"] == expediente.codigo
    assert datos["ruta"] == RUTA and datos["todos_vigentes_hoy"] is True
    assert [d["requisito"] for d in datos["documentos"]] == lista
    assert all(len(d["sha256"]) == 64 for d in datos["documentos"])


def test_public_check_carries_no_personal_data(client, lider, junta, lista):
    presidente = junta.dignatarios.get()
    DignatarioFactory(organizacion=junta, nombres="Ana", apellidos="Zúñiga Mercado")
    _generar(client, lider)
    expediente = Expediente.objects.get()
    client.logout()
    pagina = client.get(reverse("expedientes:publico", args=[expediente.codigo])).content.decode()
    en_json = client.get(f"/expedientes/{expediente.codigo}.json").content.decode()
    for texto in (pagina, en_json):
        for dato in (
            presidente.documento,
            presidente.apellidos,
            "Zúñiga",
            lider.username,
            "juan",
            presidente.telefono,
        ):
            assert dato not in texto
        assert "la Junta" in texto


def test_unknown_code_is_a_404_in_spanish(client):
    respuesta = client.get("/expedientes/EXP-NOPE-NOPE-NOPE/")
    assert respuesta.status_code == 404
    assert "No existe un expediente con el código" in respuesta.content.decode()
    respuesta = client.get("/expedientes/EXP-NOPE-NOPE-NOPE.json")
    assert respuesta.status_code == 404
    assert "No existe un expediente" in json.loads(respuesta.content)["error"]


def test_an_unreadable_pdf_is_reported_and_nothing_is_stored(client, lider, junta, lista):
    cumplir(junta, lista[0], contenido=b"%PDF-1.4 esto no es un PDF")
    respuesta = _generar(client, lider)
    assert not Expediente.objects.exists()
    assert "No pudimos leer el documento" in respuesta.content.decode()


# --- Every role --------------------------------------------------------------------------------


@pytest.fixture
def usuarios(lider, lider_otra, monitor, secretaria):
    return {
        "anonimo": None,
        "lider": lider,
        "lider_otra": lider_otra,
        "monitor": monitor,
        "secretaria": secretaria,
    }


@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 200), ("lider_otra", 200), ("monitor", 403), ("secretaria", 403)],
)
def test_dossier_page_of_the_own_junta_by_role(client, usuarios, junta, rol, esperado):
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.get(URL, {"ruta": RUTA})
    assert respuesta.status_code == esperado
    if rol == "lider_otra":  # their own Junta, never this one
        assert junta.nombre not in respuesta.content.decode()


@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 403), ("lider_otra", 403), ("monitor", 403), ("secretaria", 200)],
)
def test_staff_dossier_page_for_any_junta_by_role(client, usuarios, junta, rol, esperado):
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    url = reverse("contratacion_portal:expediente_junta", args=[junta.pk])
    assert client.get(url, {"ruta": RUTA}).status_code == esperado


def test_staff_generate_for_a_junta(client, secretaria, junta, lista):
    url = reverse("contratacion_portal:expediente_junta", args=[junta.pk])
    assert _generar(client, secretaria, url).status_code == 302
    expediente = Expediente.objects.get()
    assert expediente.por_la_secretaria and expediente.generado_por == secretaria
    assert "la Secretaría" in client.get(f"/expedientes/{expediente.codigo}.json").content.decode()


@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 200), ("lider_otra", 404), ("monitor", 404), ("secretaria", 200)],
)
def test_dossier_files_by_role(client, usuarios, lider, junta, lista, rol, esperado):
    _generar(client, lider)
    expediente = Expediente.objects.get()
    client.logout()
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    for formato in ("pdf", "zip"):
        url = reverse("contratacion_portal:expediente_archivo", args=[expediente.codigo, formato])
        assert client.get(url).status_code == esperado


@pytest.mark.parametrize("rol", ["anonimo", "lider", "lider_otra", "monitor", "secretaria"])
def test_public_check_open_to_every_role(client, usuarios, lider, junta, lista, rol):
    _generar(client, lider)
    expediente = Expediente.objects.get()
    client.logout()
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    assert client.get(reverse("expedientes:publico", args=[expediente.codigo])).status_code == 200


def test_admin_lists_dossiers(client, secretaria, lider, junta, lista):
    _generar(client, lider)
    client.force_login(secretaria)
    contenido = client.get(reverse("admin:contratacion_expediente_changelist")).content.decode()
    assert Expediente.objects.get().codigo in contenido


def test_typing_a_code_leads_to_its_check(client):
    respuesta = client.get(reverse("expedientes:verificar"), {"codigo": " exp-7kq2-m9xa-4htb "})
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/expedientes/EXP-7KQ2-M9XA-4HTB/"
    respuesta = client.get(reverse("expedientes:verificar"), {"codigo": "hola"})
    assert respuesta.status_code == 200
    assert "tres grupos de cuatro caracteres" in respuesta.content.decode()
