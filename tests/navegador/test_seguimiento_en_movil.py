"""Milestone 5 end to end in Chromium at 360×740: a monitor opens the dashboard and a milestone,
leaves an observation and downloads the indicators as XLSX; a citizen reads the transparency page.
axe-core finds no serious or critical violation on the way."""

import datetime

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from hitos.models import Evidencia, Hito, Observacion
from tests.factories import crear_monitor
from tests.hitos.conftest import crear_compromiso, crear_hito

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def compromiso(datos_de_referencia):
    cache.clear()
    compromiso = crear_compromiso()
    crear_hito(
        compromiso, 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31),
        tipo=Hito.Tipo.IDENTIFICACION, indicadores=[("juntas_participantes", 4)],
        inicio_real=datetime.date(2023, 1, 10), fin_real=datetime.date(2023, 2, 3),
        nivel="completo", avance=100,
    )  # fmt: skip
    hito = crear_hito(
        compromiso, 2, datetime.date(2023, 4, 1), datetime.date(2023, 9, 30),
        tipo=Hito.Tipo.IMPLEMENTACION, indicadores=[("personas_formadas", 10)],
        inicio_real=datetime.date(2023, 5, 4),
    )  # fmt: skip
    Evidencia.objects.create(
        hito=hito, titulo="Informe del diplomado", fecha=datetime.date(2023, 9, 30),
        enlace="https://www.example.org/informe", publica=True,
    )  # fmt: skip
    return compromiso


def test_monitor_follows_a_milestone_and_downloads_the_indicators(
    live_server, page, compromiso, sin_violaciones_graves
):
    crear_monitor("monitor-e2e")
    page.goto(f"{live_server.url}/cuentas/ingresar/")
    page.get_by_label("Nombre de usuario").fill("monitor-e2e")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(f"{live_server.url}/tablero/")
    expect(page.get_by_role("heading", name="Hitos", exact=True)).to_be_visible()
    sin_violaciones_graves(page)

    page.get_by_role("link", name="2. Hito 2 de prueba").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Hito 2 de prueba")
    sin_violaciones_graves(page)
    page.get_by_label("Observación").fill("¿Cuántas de las personas formadas son mujeres?")
    page.get_by_role("button", name="Registrar observación").click()
    expect(page.get_by_text("Observación registrada.")).to_be_visible()
    assert Observacion.objects.get().texto.startswith("¿Cuántas")

    page.get_by_role("link", name="Tablero").first.click()
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Indicadores XLSX").click()
    archivo = descarga.value
    assert archivo.suggested_filename.endswith(".xlsx")
    with open(archivo.path(), "rb") as xlsx:
        assert xlsx.read(2) == b"PK"


def test_citizen_reads_the_transparency_page_on_a_phone(
    live_server, page, compromiso, sin_violaciones_graves
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Avance del compromiso").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Transparencia")
    expect(page.get_by_text("Informe del diplomado")).to_be_visible()
    expect(page.get_by_role("heading", name="Diccionario de datos")).to_be_visible()
    sin_violaciones_graves(page)
