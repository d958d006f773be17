"""The admin is a page like any other: at 1366 px no page scrolls sideways (the Junta's change
page with its board), and axe-core finds no serious or critical violation on the pages a clerk
uses every day (index, the Junta list with its search, a Junta's page, the add forms)."""

import pytest
from django.urls import reverse

from juntas.models import Dignatario
from tests.factories import DignatarioFactory, OrganizacionFactory, crear_secretaria
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ESCRITORIO = {"width": 1366, "height": 768}


@pytest.fixture
def junta_con_directiva(datos_de_referencia):
    junta = OrganizacionFactory(nombre="JAC El Paraíso")
    for cargo in list(Dignatario.Cargo.values)[:8]:
        DignatarioFactory(
            organizacion=junta,
            cargo=cargo,
            nombres="María Fernanda",
            apellidos="De la Hoz Ballestas",
        )
    return junta


def _mas_ancho(page):
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .map(e => `${e.tagName}#${e.id}.${e.className}`).slice(-3).join(" < ")"""
    )


def test_admin_pages_fit_1366_and_pass_axe(live_server, page, junta_con_directiva, axe):
    crear_secretaria()
    page.set_viewport_size(ESCRITORIO)
    ingresar(page, live_server.url, "secretaria-prueba")
    paginas = [
        reverse("admin:index"),
        reverse("admin:juntas_organizacion_changelist") + "?q=paraiso",
        reverse("admin:juntas_organizacion_change", args=[junta_con_directiva.pk]),
        reverse("admin:juntas_dignatario_add"),
        reverse("admin:juntas_organizacion_add"),
        reverse("admin:juntas_requisito_changelist"),  # a list with editable cells
    ]
    fallas = []
    for ruta in paginas:
        respuesta = page.goto(live_server.url + ruta)
        assert respuesta.status == 200, ruta
        ancho = page.evaluate("document.documentElement.scrollWidth")
        if ancho > ESCRITORIO["width"]:
            fallas.append(f"{ruta}: {ancho} px de ancho, por {_mas_ancho(page)}")
        fallas += [
            f"{ruta}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert not fallas, "\n".join(fallas)


MOVIL = {"width": 360, "height": 740}


def test_change_list_targets_are_big_enough_on_a_phone_and_its_scripts_run(
    live_server, page, junta_con_directiva
):
    """Lighthouse's target-size (WCAG 2.5.8): the list's filter links and row checkboxes are at
    least 24×24 px on a phone; and the admin's scripts still run (select all, the
    counter of selected rows)."""
    OrganizacionFactory.create_batch(3)
    crear_secretaria()
    page.set_viewport_size(MOVIL)
    ingresar(page, live_server.url, "secretaria-prueba")
    page.goto(live_server.url + reverse("admin:juntas_organizacion_changelist"))
    pequenos = page.evaluate(
        """() => [...document.querySelectorAll(
                "#changelist-filter li a, #result_list input[type=checkbox]")]
            .map(e => [e.getBoundingClientRect(), e.textContent.trim() || e.name])
            .filter(([r]) => r.width > 0 && (r.width < 24 || r.height < 24))
            .map(([r, t]) => `${t}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert page.locator("#changelist-filter li a").count() > 5
    assert not pequenos, pequenos
    page.locator("#action-toggle").check()
    filas = page.locator("#result_list input.action-select")
    assert filas.count() == 4
    assert all(filas.nth(i).is_checked() for i in range(4))
    assert "4" in page.locator(".action-counter").inner_text()
