"""A job's page in a phone's browser: the bar moves as the worker reports progress, without
reloading, and the outcome shows when the job ends (static/js/trabajos.js)."""

import pytest
from django.utils import timezone

from tests.factories import crear_secretaria
from trabajos.models import Trabajo

from .pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_moves_without_reloading_and_the_outcome_appears(
    live_server, page, sin_violaciones_graves
):
    secretaria = crear_secretaria()
    trabajo = Trabajo.objects.create(
        tipo="juntas.importar_registro", titulo="Importación de «grande.xlsx»",
        creado_por=secretaria, estado="en_curso", iniciado=timezone.now(),
        latido=timezone.now(), total=64_000, hechos=0,
    )  # fmt: skip
    ingresar(page, live_server.url, secretaria.username)
    page.goto(f"{live_server.url}/tablero/trabajos/{trabajo.pk}/")
    page.evaluate("window.sinRecargar = true")  # gone if the page reloads
    sin_violaciones_graves(page)

    Trabajo.objects.filter(pk=trabajo.pk).update(hechos=16_000, latido=timezone.now())
    aviso = page.locator("[data-campo=avance_texto]")
    aviso.filter(has_text="16.000 de 64.000 filas (25,0 %)").wait_for(timeout=3_000)
    assert page.evaluate("window.sinRecargar") is True
    assert page.locator(".progress-bar").get_attribute("style") == "width: 25%;"
    assert page.locator("[data-campo=restante]").inner_text() != "—"

    Trabajo.objects.filter(pk=trabajo.pk).update(
        estado="terminado", hechos=64_000, finalizado=timezone.now(),
        resultado={"mensaje": "Importación terminada: 64000 nuevas, 0 actualizadas."},
    )  # fmt: skip
    page.get_by_text("Importación terminada: 64000 nuevas").wait_for(timeout=5_000)
    assert page.get_by_role("button", name="Cancelar el trabajo").count() == 0
    sin_violaciones_graves(page)
