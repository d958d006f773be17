"""Every page each role reaches by clicking, on a phone: a crawler in Chromium at 360×740
follows the links of each role's pages (citizen, leader, monitor, Secretaría on the dashboards
and in the admin, the roles' administrator) over the demo data and fails on

- a page wider than the screen (wide tables scroll inside their own box),
- an axe-core violation of impact serious or critical,
- an answer 500 or above.

A crawler, not a list: a new page reachable from a link is checked without touching this file.
Pages are visited once per route of the URL conf (`/tablero/hitos/<int:numero>/` once, not
once per milestone), so every kind of page is reached within the budget.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from juntas.services import registrar_autorizacion
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAVE = "demo-cartagena"
# Downloads, log-out, files and what deletes or changes data on a GET are not pages to lay out;
# a language switch or a password change would end the crawl's session.
FUERA = (
    "/cuentas/salir", "/media/", "/static/", "exportar", "descargar", "/datos", "/export/",
    "/delete/", "/password/", "/logout/", "/history/",
)  # fmt: skip
EXTENSIONES = (".csv", ".xlsx", ".pdf", ".ics", ".json", ".png", ".jpg", ".zip", ".txt")
POR_ROL = 70
POR_RUTA = 1


def _se_visita(url, base, admin):
    partes = urlsplit(url)
    if partes.scheme not in ("http", "https") or f"{partes.scheme}://{partes.netloc}" != base:
        return False
    if partes.path.startswith("/admin/") and not admin:
        return False
    return not (any(f in partes.path for f in FUERA) or partes.path.endswith(EXTENSIONES))


def _ruta(url):
    """The URL conf's route of a page (its kind), or its path if none resolves it."""
    ruta = urlsplit(url).path
    try:
        coincidencia = resolve(ruta)
    except Resolver404:
        return ruta
    # The admin's change lists and forms: one per model and kind.
    return f"{coincidencia.route}|{coincidencia.view_name}|{coincidencia.kwargs.get('url', '')}"


def _recorrer(page, base, inicio, revisar, admin=False):
    """Breadth first from `inicio`: each route once, at most POR_ROL pages. Returns the pages
    seen and the problems found {path: [problem]}."""
    vistas, por_ruta, problemas = set(), {}, {}
    cola = deque([urljoin(base, inicio)])
    while cola and len(vistas) < POR_ROL:
        url = cola.popleft().split("#")[0]
        ruta = _ruta(url)
        if url in vistas or por_ruta.get(ruta, 0) >= POR_RUTA:
            continue
        vistas.add(url)
        por_ruta[ruta] = por_ruta.get(ruta, 0) + 1
        try:
            respuesta = page.goto(url)
        except PlaywrightError as error:  # a link that downloads a file is not a page
            if "Download is starting" in str(error):
                continue
            raise
        camino = urlsplit(url).path
        if respuesta is None:
            continue
        if respuesta.status >= 500:
            problemas.setdefault(camino, []).append(f"HTTP {respuesta.status}")
            continue
        if respuesta.status >= 400 or "text/html" not in respuesta.headers.get("content-type", ""):
            continue
        ancho = page.evaluate("document.documentElement.scrollWidth")
        if ancho > page.viewport_size["width"]:
            problemas.setdefault(camino, []).append(f"{ancho} px de ancho: {_culpable(page)}")
        problemas_axe = revisar(page)
        if problemas_axe:
            problemas.setdefault(camino, []).extend(problemas_axe)
        for enlace in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            if _se_visita(enlace, base, admin) and enlace.split("#")[0] not in vistas:
                cola.append(enlace)
    return vistas, problemas


def _culpable(page):
    """The widest element outside a scrolling box, for the failure message."""
    return page.evaluate(
        """() => {
        const fuera = [...document.querySelectorAll("body *")].filter(e =>
          !e.closest(".table-responsive") && e.getBoundingClientRect().right > innerWidth + 1);
        const e = fuera.pop();
        return e ? `${e.tagName}.${e.className} «${(e.textContent || "").trim().slice(0, 40)}»`
                 : "(dentro de una caja con desplazamiento)";
      }"""
    )


@pytest.fixture
def graves(axe):
    """axe-core's serious and critical violations of the current page, as text."""

    def _revisar(page):
        resultado = axe.run(page)
        return [
            f"axe {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:2]}"
            for v in resultado.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return _revisar


@pytest.fixture
def demo(settings):
    from django.contrib.auth.models import User

    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "3", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    for usuario in User.objects.filter(
        username__in=["lider", "monitor", "secretaria", "administrador"]
    ):
        registrar_autorizacion(usuario)


@pytest.mark.parametrize(
    ("usuario", "inicio", "admin", "minimo"),
    [
        (None, "/", False, 5),
        ("lider", "/portal/", False, 8),
        ("monitor", "/tablero/", False, 8),
        ("secretaria", "/tablero/", False, 12),
        ("secretaria", "/admin/", True, 25),
        ("administrador", "/admin/", True, 3),
    ],
    ids=["ciudadano", "lider", "monitor", "secretaria", "secretaria-admin", "administrador"],
)
def test_every_page_a_role_reaches_fits_a_phone_passes_axe_and_answers(
    live_server, page, demo, graves, usuario, inicio, admin, minimo
):
    base = live_server.url
    if usuario:
        ingresar(page, base, usuario, clave=CLAVE)
    vistas, problemas = _recorrer(page, base, inicio, graves, admin=admin)
    assert len(vistas) >= minimo, sorted(vistas)  # the crawl reached the role's pages
    assert problemas == {}, "\n".join(
        f"{camino}: {p}" for camino, lista in sorted(problemas.items()) for p in lista
    )
