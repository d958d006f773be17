"""Training on a phone, end to end in Chromium at 360×740: staff take a session's attendance
with a walk-in; a leader registers a delegate and downloads a certificate; an attendee answers
the satisfaction survey without logging in; anyone checks a certificate. axe-core on each page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from capacitacion import certificados
from capacitacion.forms.formacion import nombre_en_lista
from capacitacion.models import Certificado, Inscripcion, Modulo, Persona, Sesion
from demo.capacitacion import sembrar_estrategia
from tests.factories import DignatarioFactory, crear_lider, crear_secretaria
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def estrategia(encuesta_abierta):
    """The strategy's modules (the dimensions they address come with the reference data)."""
    sembrar_estrategia()
    return Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021")


def _sesion(modulo, inicio, horas=8, **campos):
    return Sesion.objects.create(
        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=horas),
        lugar="Casa de la Cultura de Manga", facilitador_organizacion="Universidad", cupo=30,
        **campos,
    )  # fmt: skip


def test_staff_take_attendance_with_a_walk_in(
    live_server, page, estrategia, junta, sin_violaciones_graves
):
    crear_secretaria("secretaria-e2e")
    sesion = _sesion(estrategia, timezone.now() - datetime.timedelta(hours=2), horas=4)
    inscritas = []
    for documento, nombre in (("1047000001", "Rosa"), ("1047000002", "Pedro")):
        persona = Persona.objects.create(
            documento=documento, nombres=nombre, apellidos="Julio", organizacion=junta
        )
        inscritas.append(
            Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta)
        )
    ingresar(page, live_server.url, "secretaria-e2e")
    page.goto(f"{live_server.url}/tablero/capacitacion/sesiones/")
    sin_violaciones_graves(page)
    page.get_by_role("link", name="Asistencia", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(estrategia.nombre)
    sin_violaciones_graves(page)
    page.get_by_label(re.compile("^Rosa Julio")).check()
    page.locator("#id_nuevo-0-documento").fill("1047999000")
    page.locator("#id_nuevo-0-nombres").fill("Carmen")
    page.locator("#id_nuevo-0-apellidos").fill("Marrugo")
    page.locator("#id_nuevo-0-organizacion").fill(nombre_en_lista(junta))  # from the list
    page.get_by_role("button", name="Guardar asistencia").click()
    expect(page.get_by_text("Asistencia guardada.")).to_be_visible()
    asistieron = set(
        sesion.inscripciones.filter(asistio=True).values_list("persona__documento", flat=True)
    )
    assert asistieron == {"1047000001", "1047999000"}
    sesion.refresh_from_db()
    assert sesion.estado == Sesion.Estado.REALIZADA


def test_leader_registers_a_delegate_and_downloads_a_certificate(
    live_server, page, estrategia, junta, sin_violaciones_graves
):
    crear_lider(junta, username="lider-e2e")
    DignatarioFactory(organizacion=junta, nombres="Marta", apellidos="Cassiani", cargo="fiscal")
    proxima = _sesion(estrategia, timezone.now() + datetime.timedelta(days=7), horas=4)
    # Someone of the Junta already completed the module: 24 of 24 hours.
    graduada = Persona.objects.create(
        documento="1047000111", nombres="Luz", apellidos="Herrera", organizacion=junta
    )
    for dias in (40, 30, 20):
        pasada = _sesion(
            estrategia, timezone.now() - datetime.timedelta(days=dias), estado="realizada"
        )
        Inscripcion.objects.create(
            sesion=pasada, persona=graduada, organizacion=junta, asistio=True
        )
    assert certificados.emitir()[0] == 1
    certificado = Certificado.objects.get()

    ingresar(page, live_server.url, "lider-e2e")
    expect(page).to_have_url(f"{live_server.url}/portal/")
    page.get_by_role("button", name="Abrir el menú").click()
    menu = page.get_by_role("navigation", name="Navegación principal")
    menu.get_by_role("link", name="Capacitación", exact=True).click()
    sin_violaciones_graves(page)
    page.get_by_text("Inscribir un delegado").click()
    page.get_by_label("Dignatario de la Junta").select_option(label="Marta Cassiani (Fiscal)")
    page.get_by_role("button", name="Inscribir", exact=True).click()
    expect(page.get_by_text(re.compile("Marta Cassiani quedó inscrito"))).to_be_visible()
    assert proxima.inscripciones.filter(persona__nombres="Marta").exists()

    page.get_by_role("link", name=re.compile("Ruta, certificados")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruta de fortalecimiento")
    sin_violaciones_graves(page)
    with page.expect_download() as descarga:
        page.get_by_role("link", name=re.compile("Descargar PDF")).click()
    archivo = descarga.value
    assert certificado.codigo in archivo.suggested_filename
    with open(archivo.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_attendee_answers_the_satisfaction_survey_and_anyone_checks_a_certificate(
    live_server, page, estrategia, junta, sin_violaciones_graves
):
    sesion = _sesion(estrategia, timezone.now() - datetime.timedelta(hours=5), estado="realizada")
    persona = Persona.objects.create(
        documento="1047000333", nombres="Inés", apellidos="Barrios", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta, asistio=True)
    page.goto(f"{live_server.url}/evaluacion/{sesion.codigo_evaluacion}/")
    sin_violaciones_graves(page)
    page.get_by_role("link", name=re.compile("Cómo le pareció")).click()
    page.get_by_label("Su número de documento").fill(persona.documento)
    for bloque in page.locator(".pregunta").all():
        radios = bloque.locator("input[type=radio]")
        if radios.count():
            radios.nth(4).check()
    sin_violaciones_graves(page)
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_text("su evaluación quedó registrada")).to_be_visible()
    assert persona.evaluaciones.get().puntaje == 100

    certificado = Certificado.objects.create(
        tipo="modulo", persona=persona, modulo=estrategia, organizacion=junta, horas=24,
        emitido=datetime.date(2023, 9, 15),
    )  # fmt: skip
    page.goto(f"{live_server.url}/certificados/")
    sin_violaciones_graves(page)
    page.get_by_label("Código del certificado").fill(certificado.codigo.lower())
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_text(re.compile("es válido"))).to_be_visible()
    expect(page.get_by_text("*******333")).to_be_visible()
    sin_violaciones_graves(page)
