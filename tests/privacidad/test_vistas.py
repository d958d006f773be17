"""The leader's personal-data pages per role, their content, downloads and the filing form."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from privacidad.models import SolicitudHabeas
from tests.factories import DignatarioFactory

from .conftest import asistir, certificar, evaluar, radicar, sesion_realizada

PAGINAS = [
    reverse("privacidad:inicio"),
    reverse("privacidad:descargar_json"),
    reverse("privacidad:descargar_xlsx"),
    reverse("privacidad:radicar"),
]
ESPERADO = {"anonimo": 302, "lider": 200, "lider_otra": 200, "monitor": 403, "secretaria": 403}


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
def datos_de_junta(junta, lider, persona_de_junta, modulo):
    """A board member, a participant with attendance, and the leader's own training record."""
    DignatarioFactory(
        organizacion=junta, cargo="tesorero", documento="73111222", telefono="3019998877"
    )
    yo = lider.dignatarios.get()
    from capacitacion.models import Persona

    propia = Persona.objects.create(
        documento=yo.documento,
        nombres=yo.nombres,
        apellidos=yo.apellidos,
        organizacion=junta,
        telefono="3004440000",
    )
    sesion = sesion_realizada(modulo)
    asistir(sesion, persona_de_junta)
    asistir(sesion, propia)
    evaluar(sesion, propia)
    certificar(propia, modulo)
    return radicar(junta, lider)


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ESPERADO))
@pytest.mark.parametrize("url", PAGINAS)
def test_pages_by_role(client, usuarios, rol, url):
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.get(url)
    assert respuesta.status_code == ESPERADO[rol]
    if rol == "anonimo":
        assert respuesta["Location"].startswith(reverse("login"))
    if respuesta.status_code == 200:
        assert "no-store" in respuesta["Cache-Control"]
        assert "private" in respuesta["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ESPERADO))
def test_a_request_is_seen_only_by_its_juntas_leaders(client, usuarios, junta, lider, rol):
    solicitud = radicar(junta, lider, texto="Mi teléfono cambió")
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.get(reverse("privacidad:solicitud", args=[solicitud.pk]))
    esperado = 404 if rol == "lider_otra" else ESPERADO[rol]
    assert respuesta.status_code == esperado
    if esperado == 200:
        assert "Mi teléfono cambió" in respuesta.content.decode()
        assert "no-store" in respuesta["Cache-Control"]


@pytest.mark.django_db
def test_leader_sees_own_and_board_data_and_never_another_juntas(
    client, lider, lider_otra, datos_de_junta, persona_de_junta
):
    client.force_login(lider)
    pagina = client.get(reverse("privacidad:inicio")).content.decode()
    for dato in (
        "73111222",
        "3019998877",
        "1047555111",
        "3015550001",
        "3004440000",
        datos_de_junta.radicado,
        "Contratación pública",
        lider.username,
    ):
        assert dato in pagina
    assert "{%" not in pagina and "{#" not in pagina

    client.force_login(lider_otra)
    for url in PAGINAS + [reverse("privacidad:inicio")]:
        contenido = client.get(url).content
        for dato in ("73111222", "1047555111", "3004440000", datos_de_junta.radicado):
            assert dato.encode() not in contenido


@pytest.mark.django_db
def test_json_download_holds_every_section(client, lider, datos_de_junta):
    client.force_login(lider)
    respuesta = client.get(reverse("privacidad:descargar_json"))
    assert respuesta["Content-Disposition"].startswith("attachment;")
    datos = json.loads(respuesta.content)
    secciones = datos["secciones"]
    assert set(secciones) == {
        "cuenta",
        "cargos",
        "participante",
        "inscripciones",
        "evaluaciones",
        "certificados",
        "autorizaciones",
        "directiva",
        "participantes",
        "solicitudes",
    }
    assert secciones["cuenta"]["filas"][0]["Usuario"] == lider.username
    assert len(secciones["evaluaciones"]["filas"]) == 1
    assert len(secciones["certificados"]["filas"]) == 1
    assert len(secciones["autorizaciones"]["filas"]) == 1
    assert {f["Documento"] for f in secciones["directiva"]["filas"]} >= {"73111222"}
    assert secciones["solicitudes"]["filas"][0]["Radicado"] == datos_de_junta.radicado


@pytest.mark.django_db
def test_xlsx_download_escapes_formulas(client, junta, lider, persona_de_junta):
    persona_de_junta.nombres = '=HYPERLINK("http://malo.example","x")'
    persona_de_junta.apellidos = "+57 Caraballo"
    persona_de_junta.save()
    DignatarioFactory(organizacion=junta, cargo="fiscal", nombres="@SUM(A1)", apellidos="-1")
    client.force_login(lider)
    respuesta = client.get(reverse("privacidad:descargar_xlsx"))
    libro = openpyxl.load_workbook(io.BytesIO(respuesta.content))
    celdas = [
        c
        for hoja in libro.worksheets
        for fila in hoja.iter_rows(values_only=True)
        for c in fila
        if isinstance(c, str)
    ]
    assert '\'=HYPERLINK("http://malo.example","x")' in celdas
    assert "'+57 Caraballo" in celdas and "'@SUM(A1)" in celdas and "'-1" in celdas
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in celdas)
    assert len(libro.worksheets) == 10


@pytest.mark.django_db
def test_data_page_runs_a_constant_number_of_queries(
    client, junta, lider, modulo, datos_de_junta, django_assert_max_num_queries
):
    """One row of each kind first (an empty list costs no query), then fifteen more of each."""
    from capacitacion.models import Persona

    client.force_login(lider)
    client.get(reverse("privacidad:inicio"))  # session, user and groups warm up
    with django_assert_max_num_queries(20) as pocas:
        assert client.get(reverse("privacidad:inicio")).status_code == 200
    propia = Persona.objects.get(documento=lider.dignatarios.get().documento)
    for n in range(15):
        sesion = sesion_realizada(modulo, dias_atras=30 + n)
        DignatarioFactory(organizacion=junta, cargo="conciliador")
        persona = Persona.objects.create(
            documento=f"5550{n:04d}", nombres=f"P{n}", apellidos="X", organizacion=junta
        )
        asistir(sesion, persona)
        asistir(sesion, propia)
        evaluar(sesion, propia)
        radicar(junta, lider)
    with django_assert_max_num_queries(len(pocas.captured_queries)):
        pagina = client.get(reverse("privacidad:inicio"))
    assert pagina.content.decode().count("Contratación pública") >= 45


@pytest.mark.django_db
def test_leader_files_a_reclamo_about_a_member_of_their_junta(
    client, junta, lider, persona_de_junta, mailoutbox
):
    client.force_login(lider)
    formulario = client.get(reverse("privacidad:radicar")).content.decode()
    assert "Rosa Caraballo" in formulario
    respuesta = client.post(
        reverse("privacidad:radicar"),
        {
            "tipo": "rectificacion",
            "titular": "CC:1047555111",
            "dato": "teléfono",
            "texto": "El teléfono correcto es 3015550002.",
        },
    )
    solicitud = SolicitudHabeas.objects.get()
    assert respuesta["Location"] == reverse("privacidad:solicitud", args=[solicitud.pk])
    assert solicitud.organizacion == junta and solicitud.solicitante == lider
    assert solicitud.titular_nombre == "Rosa Caraballo"
    assert solicitud.titular_documento == "1047555111"
    assert solicitud.history.count() == 1
    pagina = client.get(respuesta["Location"]).content.decode()
    assert solicitud.radicado in pagina and f"{solicitud.vence_el:%d/%m/%Y}" in pagina


@pytest.mark.django_db
def test_leader_cannot_name_a_person_of_another_junta(client, lider, otra_junta):
    otro = DignatarioFactory(organizacion=otra_junta, documento="80999888")
    client.force_login(lider)
    respuesta = client.post(
        reverse("privacidad:radicar"),
        {"tipo": "supresion", "titular": f"CC:{otro.documento}", "dato": "todo", "texto": "x"},
    )
    assert respuesta.status_code == 200
    assert not SolicitudHabeas.objects.exists()
    assert otro.nombres not in respuesta.content.decode()


@pytest.mark.django_db
def test_text_longer_than_2000_characters_is_refused_in_spanish(client, lider):
    yo = lider.dignatarios.get()
    client.force_login(lider)
    respuesta = client.post(
        reverse("privacidad:radicar"),
        {"tipo": "consulta", "titular": f"CC:{yo.documento}", "texto": "a" * 2001},
    )
    assert respuesta.status_code == 200
    assert "como máximo 2000 caracteres" in respuesta.content.decode()
    assert not SolicitudHabeas.objects.exists()


@pytest.mark.django_db
def test_a_reclamo_must_name_the_datum(client, lider):
    yo = lider.dignatarios.get()
    client.force_login(lider)
    respuesta = client.post(
        reverse("privacidad:radicar"),
        {"tipo": "supresion", "titular": f"CC:{yo.documento}", "texto": "Bórrenme"},
    )
    assert "Indique el dato" in respuesta.content.decode()
    assert not SolicitudHabeas.objects.exists()


@pytest.mark.django_db
def test_answer_is_shown_only_once_sent(client, junta, lider, secretaria):
    from privacidad import services

    solicitud = radicar(junta, lider)
    services.tramitar(solicitud=solicitud, usuario=secretaria, borrador="Borrador interno")
    client.force_login(lider)
    url = reverse("privacidad:solicitud", args=[solicitud.pk])
    assert "Borrador interno" not in client.get(url).content.decode()
    assert "Borrador interno" not in client.get(reverse("privacidad:inicio")).content.decode()
    services.responder(solicitud=solicitud, usuario=secretaria, respuesta="Tenemos su teléfono.")
    assert "Tenemos su teléfono." in client.get(url).content.decode()


@pytest.mark.django_db
def test_portal_navigation_links_to_the_data_page(client, lider):
    client.force_login(lider)
    pagina = client.get(reverse("portal:junta")).content.decode()
    assert f'href="{reverse("privacidad:inicio")}"' in pagina
