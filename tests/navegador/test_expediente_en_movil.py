"""On a phone: the leader sees readiness per route, declares the route, assembles the dossier,
and anyone opens its public check; no serious accessibility violation on the way."""

import pytest

from contratacion.models import Expediente
from juntas.models import Ruta
from tests.factories import OrganizacionFactory, crear_lider
from tests.navegador.pasos import ingresar
from tests.rutas.utiles import cumplir_ruta


@pytest.mark.django_db(transaction=True)
def test_leader_assembles_the_dossier_on_a_phone(live_server, page, sin_violaciones_graves):
    junta = OrganizacionFactory(nombre="Junta de Acción Comunal El Cabrero")
    crear_lider(junta, username="lider-movil")
    cumplir_ruta(junta, Ruta.MINIMA_CUANTIA)
    ingresar(page, live_server.url, "lider-movil")

    page.goto(f"{live_server.url}/portal/contratacion/")
    assert page.get_by_text("Lista para mínima cuantía: 100/100").is_visible()
    sin_violaciones_graves(page)
    page.get_by_label("Ruta de contratación que busca la Junta").select_option(Ruta.MINIMA_CUANTIA)
    page.get_by_role("button", name="Guardar la ruta").click()
    assert page.get_by_text("Listo: su Junta busca la ruta «Mínima cuantía».").is_visible()
    junta.refresh_from_db()
    assert junta.ruta == Ruta.MINIMA_CUANTIA

    page.get_by_role("link", name="Armar el expediente").click()
    page.get_by_role("button", name="Revisar los documentos").click()
    sin_violaciones_graves(page)
    page.get_by_role("button", name="Generar el expediente").click()
    expediente = Expediente.objects.get()
    assert page.get_by_text(f"Expediente {expediente.codigo} generado").is_visible()
    page.screenshot(path="/tmp/expediente-movil.png", full_page=True)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/expedientes/{expediente.codigo}/")
    assert page.get_by_text("todos sus documentos siguen vigentes hoy").is_visible()
    sin_violaciones_graves(page)
    page.screenshot(path="/tmp/expediente-publico-movil.png", full_page=True)
    # The table scrolls inside its box: the page itself does not overflow the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
