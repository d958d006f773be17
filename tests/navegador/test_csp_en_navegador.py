"""The Content-Security-Policy breaks nothing: Chromium opens the main pages of every role, the
admin and its export page, and reports no policy violation (an inline script or handler, a
<style> block or a resource from elsewhere would each be reported)."""

import datetime

import pytest

from hitos.models import Hito
from tests.factories import DignatarioFactory, RequisitoJuntaFactory, crear_lider, crear_monitor
from tests.factories import crear_secretaria as _crear_secretaria
from tests.hitos.conftest import crear_compromiso, crear_hito
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Runs before any page script (through the DevTools protocol, which the policy does not cover).
ESCUCHA = """
window.__violaciones = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const donde = `${e.sourceFile}:${e.lineNumber}`;
  window.__violaciones.push(`${e.violatedDirective} ${e.blockedURI} ${donde}`);
});
"""


@pytest.fixture
def violaciones(page):
    """Every CSP violation the pages report, from the DOM event and from the console."""
    encontradas = []
    page.add_init_script(ESCUCHA)
    page.on(
        "console",
        lambda mensaje: (
            encontradas.append(mensaje.text) if "Content Security Policy" in mensaje.text else None
        ),
    )

    def _revisar():
        encontradas.extend(page.evaluate("window.__violaciones || []"))
        return [f"{page.url}: {v}" for v in encontradas]

    return _revisar


@pytest.fixture
def datos(datos_de_referencia, encuesta_abierta, junta):
    compromiso = crear_compromiso()
    crear_hito(
        compromiso, 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31),
        tipo=Hito.Tipo.IDENTIFICACION, indicadores=[("juntas_participantes", 4)],
        inicio_real=datetime.date(2023, 1, 10), nivel="completo", avance=100,
    )  # fmt: skip
    DignatarioFactory(organizacion=junta, cargo="tesorero")
    RequisitoJuntaFactory(organizacion=junta)
    return junta


def _ingresar(page, base, usuario):
    ingresar(page, base, usuario)
    page.wait_for_load_state("networkidle")


def _recorrer(page, base, rutas, violaciones):
    for ruta in rutas:
        respuesta = page.goto(base + ruta)
        page.wait_for_load_state("networkidle")
        assert respuesta.status < 500, ruta
        assert "Content-Security-Policy" in {k.title(): v for k, v in respuesta.headers.items()}
    assert not violaciones(), "\n".join(violaciones())


def test_public_pages_report_no_csp_violation(live_server, page, datos, violaciones):
    _recorrer(page, live_server.url, ["/", "/transparencia/", "/no-existe/"], violaciones)


def test_leader_pages_report_no_csp_violation(live_server, page, datos, violaciones):
    crear_lider(datos, username="lider-csp")
    _ingresar(page, live_server.url, "lider-csp")
    rutas = ["/portal/", "/portal/junta/", "/portal/diagnostico/", "/portal/capacitacion/"]
    _recorrer(page, live_server.url, rutas, violaciones)


def test_monitor_pages_report_no_csp_violation(live_server, page, datos, violaciones):
    crear_monitor("monitor-csp")
    _ingresar(page, live_server.url, "monitor-csp")
    rutas = ["/tablero/", "/tablero/hitos/1/", "/tablero/diagnostico/", "/tablero/capacitacion/"]
    _recorrer(page, live_server.url, rutas, violaciones)


def test_admin_pages_report_no_csp_violation(live_server, page, datos, violaciones):
    _crear_secretaria("secretaria-csp")
    _ingresar(page, live_server.url, "secretaria-csp")
    rutas = [
        "/admin/",
        "/admin/juntas/organizacion/",
        f"/admin/juntas/organizacion/{datos.pk}/change/",
        "/admin/juntas/organizacion/export/",
        "/admin/juntas/requisito/",
    ]
    _recorrer(page, live_server.url, rutas, violaciones)
    # The export page's «select all» handler (allowed by its hash) still works.
    page.goto(live_server.url + "/admin/juntas/organizacion/export/")
    page.locator("input.select-toggle").uncheck()
    marcadas = page.locator(".selectable-field-export-row input[type=checkbox]:checked")
    assert marcadas.count() == 0
    assert not violaciones(), "\n".join(violaciones())
