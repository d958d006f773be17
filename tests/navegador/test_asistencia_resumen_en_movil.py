"""The attendance sheet's error summary in Chromium at 360×740: after a bad walk-in the summary
has the focus (read first by a screen reader), its link puts the cursor in the box to correct,
the ticks are still ticked, the page passes axe-core, and the script runs under the CSP."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from capacitacion.forms.formacion import nombre_en_lista
from capacitacion.models import Inscripcion, Modulo, Persona, Sesion
from demo.capacitacion import sembrar_estrategia
from tests.factories import crear_secretaria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_error_summary_takes_focus_and_links_to_the_field(
    live_server, page, junta, sin_violaciones_graves
):
    sembrar_estrategia()
    inicio = timezone.now() - datetime.timedelta(hours=1)
    sesion = Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"), inicio=inicio,
        fin=inicio + datetime.timedelta(hours=4), lugar="Casa de la Cultura de Manga",
        facilitador_organizacion="Universidad", cupo=30,
    )  # fmt: skip
    persona = Persona.objects.create(
        documento="1047000001", nombres="Rosa", apellidos="Julio", organizacion=junta
    )
    Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta)
    errores = []
    page.on("console", lambda m: errores.append(m.text) if m.type == "error" else None)
    crear_secretaria("secretaria-e2e")
    page.goto(f"{live_server.url}/cuentas/ingresar/")
    page.get_by_label("Nombre de usuario").fill("secretaria-e2e")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    page.goto(f"{live_server.url}/tablero/capacitacion/sesiones/{sesion.pk}/asistencia/")
    page.get_by_label("Rosa Julio", exact=False).check()
    page.locator("#id_nuevo-0-documento").fill("12ab")
    page.locator("#id_nuevo-0-organizacion").fill(nombre_en_lista(junta))  # from the list
    page.get_by_role("button", name="Guardar asistencia").click()
    resumen = page.get_by_role("alert").filter(has_text="Hay un problema")
    expect(resumen).to_be_focused()
    expect(page.get_by_label("Rosa Julio", exact=False)).to_be_checked()
    sin_violaciones_graves(page)
    resumen.get_by_role("link").first.click()
    expect(page.locator("#id_nuevo-0-documento")).to_be_focused()
    assert not [e for e in errores if "Content Security Policy" in e]
    assert not Inscripcion.objects.filter(asistio=True).exists()
