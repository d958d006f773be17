"""A leader answers the needs survey on a phone: two pages, leaves, comes back to the draft,
finishes, submits and sees the profile chart. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from capacitacion.models import Pregunta
from tests.factories import crear_lider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ingresar(page, base):
    page.goto(f"{base}/cuentas/ingresar/")
    page.get_by_label("Nombre de usuario").fill("lider-encuesta")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(f"{base}/portal/")


def _responder_pagina(page):
    """Answer every visible question on the page: «Sí», the first option, 4, 3 or a sentence."""
    for bloque in page.locator(".pregunta:visible").all():
        radios = bloque.locator("input[type=radio]")
        if radios.count():
            si = bloque.get_by_label("Sí", exact=True)
            if si.count():
                si.check()
            else:  # a Likert scale gets 4, other choices their first option
                radios.nth(3 if radios.count() == 5 else 0).check()
            continue
        casillas = bloque.locator("input[type=checkbox]")
        if casillas.count():
            casillas.first.check()
            continue
        # A number question is a decimal text box: a phone types «12,5» the Colombian way.
        numero = bloque.locator("input[inputmode=decimal]")
        if numero.count():
            numero.fill("12,5")
            continue
        texto = bloque.locator("textarea, input[type=text]")
        if texto.count():
            texto.first.fill("Nos falta experiencia en SECOP II.")


def test_leader_answers_leaves_resumes_submits_and_sees_profile(
    live_server, page, junta, encuesta_abierta, sin_violaciones_graves
):
    crear_lider(junta, username="lider-encuesta")
    base = live_server.url
    _ingresar(page, base)
    page.get_by_role("link", name="Diagnóstico de necesidades").click()
    sin_violaciones_graves(page)
    page.get_by_role("link", name="Empezar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paso 1 de 7")
    sin_violaciones_graves(page)

    # The conditional question appears only after answering «Sí» to the one it depends on.
    _responder_pagina(page)
    page.get_by_role("button", name="Guardar y seguir", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paso 2 de 7")
    _responder_pagina(page)
    page.get_by_role("button", name="Guardar y seguir después").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisar y enviar")
    sin_violaciones_graves(page)

    # Leave and come back: the draft is there.
    page.context.clear_cookies()
    _ingresar(page, base)
    page.goto(f"{base}/portal/diagnostico/")
    page.get_by_role("link", name="Continuar").click()
    # «Continuar» opens the first step with a required question unanswered; the review says
    # how many are left.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paso 3 de 7")
    page.goto(re.sub(r"/paso/\d+/$", "/revision/", page.url))
    expect(page.get_by_text(re.compile("Faltan \\d+ preguntas obligatorias"))).to_be_visible()
    page.get_by_role("link", name="Revisar mis respuestas").click()
    expect(page.get_by_label("Sí").first).to_be_checked()

    for numero in range(1, 8):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Paso {numero} de 7")
        if numero == 3:
            page.locator("#bloque-p_derecho-peticion").get_by_label("Sí", exact=True).check()
            expect(page.locator("#bloque-p_respuesta-peticion")).to_be_visible()
        _responder_pagina(page)
        _responder_pagina(page)  # questions revealed by the first pass's answers
        boton = "Guardar y revisar" if numero == 7 else "Guardar y seguir"
        page.get_by_role("button", name=boton, exact=True).click()

    expect(page.get_by_text("Todas las preguntas obligatorias están respondidas")).to_be_visible()
    page.get_by_role("button", name="Enviar la encuesta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Perfil de {junta.nombre}")
    expect(page.locator("#grafico-perfil")).to_be_visible()
    expect(page.locator("ol.list-group > li")).to_have_count(
        Pregunta.objects.filter(dimension__isnull=False).values("dimension").distinct().count()
    )
    sin_violaciones_graves(page)
