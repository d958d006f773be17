"""End to end in Chromium on a 360×740 screen: each role logs in and lands on its home; a leader
edits their Junta's contact data; axe-core finds no serious or critical violation on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DignatarioFactory, RequisitoJuntaFactory, crear_lider, crear_monitor
from tests.factories import crear_secretaria as _crear_secretaria
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def junta_con_datos(junta):
    DignatarioFactory(organizacion=junta, cargo="tesorero")
    RequisitoJuntaFactory(organizacion=junta)
    return junta


def test_public_home_on_phone(live_server, page, sin_violaciones_graves):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Juntas de Acción Comunal")
    sin_violaciones_graves(page)


def test_leader_logs_in_accepts_policy_and_lands_on_portal(
    live_server, page, junta_con_datos, sin_violaciones_graves
):
    crear_lider(junta_con_datos, username="lider-e2e", autorizado=False)
    ingresar(page, live_server.url, "lider-e2e")
    expect(page).to_have_url(re.compile(r"/portal/autorizacion/"))
    sin_violaciones_graves(page)
    page.get_by_label(re.compile("Autorizo a la Alcaldía")).check()
    page.get_by_role("button", name="Acepto y continúo").click()
    expect(page).to_have_url(f"{live_server.url}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text(junta_con_datos.nombre)
    expect(page.get_by_text("9 / 100")).to_be_visible()
    sin_violaciones_graves(page)


def test_leader_edits_contact_data_from_the_menu(
    live_server, page, junta_con_datos, sin_violaciones_graves
):
    crear_lider(junta_con_datos, username="lider-e2e")
    ingresar(page, live_server.url, "lider-e2e")
    expect(page).to_have_url(f"{live_server.url}/portal/")

    page.get_by_role("button", name="Abrir el menú").click()
    page.get_by_role("link", name="Mi Junta", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(junta_con_datos.nombre)
    sin_violaciones_graves(page)

    page.get_by_role("link", name="Editar el contacto").click()
    sin_violaciones_graves(page)
    page.get_by_label("Teléfono de contacto").fill("no es un número")
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.get_by_text("Escriba un teléfono colombiano")).to_be_visible()

    page.get_by_label("Teléfono de contacto").fill("3157654321")
    page.get_by_label("Dirección").fill("Carrera 17 # 25-10")
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page).to_have_url(f"{live_server.url}/portal/junta/")
    expect(page.get_by_role("alert")).to_contain_text("quedaron guardados")
    expect(page.get_by_text("3157654321")).to_be_visible()
    junta_con_datos.refresh_from_db()
    assert junta_con_datos.telefono == "3157654321"


def test_monitor_logs_in_and_lands_on_dashboard(live_server, page, sin_violaciones_graves):
    crear_monitor("monitor-e2e")
    ingresar(page, live_server.url, "monitor-e2e")
    expect(page).to_have_url(f"{live_server.url}/tablero/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero de seguimiento")
    sin_violaciones_graves(page)


def test_monitor_reads_survey_results_on_phone(
    live_server, page, junta, encuesta_abierta, sin_violaciones_graves
):
    from capacitacion.models import Dimension, PuntajeDimension, Respuesta, RespuestaPregunta

    respuesta = Respuesta.objects.create(
        organizacion=junta, instrumento=encuesta_abierta, estado="enviada", indice=55
    )
    pregunta = encuesta_abierta.preguntas.get(codigo="rut-vigente")
    RespuestaPregunta.objects.create(
        respuesta=respuesta, pregunta=pregunta, valor="si", puntaje=100
    )
    for dimension in Dimension.objects.all():
        PuntajeDimension.objects.create(respuesta=respuesta, dimension=dimension, puntaje=55)
    crear_monitor("monitor-e2e")
    ingresar(page, live_server.url, "monitor-e2e")
    page.goto(f"{live_server.url}/tablero/diagnostico/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultados del diagnóstico")
    expect(page.get_by_text("1 / 1")).to_be_visible()
    expect(page.locator("#grafico-dimensiones")).to_be_visible()
    sin_violaciones_graves(page)


def test_staff_logs_in_and_lands_on_admin(live_server, page, sin_violaciones_graves):
    _crear_secretaria("secretaria-e2e")
    ingresar(page, live_server.url, "secretaria-e2e")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Administración del portal")).to_be_visible()
    sin_violaciones_graves(page)


def test_wrong_password_shows_error_on_phone(live_server, page, sin_violaciones_graves):
    crear_monitor("monitor-e2e")
    page.goto(f"{live_server.url}/cuentas/ingresar/")
    page.get_by_label("Nombre de usuario").fill("monitor-e2e")
    page.get_by_label("Contraseña").fill("equivocada")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_text("introduzca un nombre de usuario y clave correctos")).to_be_visible()
    sin_violaciones_graves(page)
