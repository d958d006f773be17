"""No page scrolls sideways on a phone: a crawler in Chromium at 360×740 follows the links of each
role's pages (citizen, leader, monitor, Secretaría on the dashboards) over the demo data and
checks that no page is wider than the screen. Wide tables scroll inside their own box.

A crawler, not a list: a new page reachable from a link is checked without touching this file.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from juntas.services import registrar_autorizacion
from tests.navegador.pasos import ingresar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAVE = "demo-cartagena"
# Downloads, log-out, the admin (Django's own pages) and files are not pages to lay out.
FUERA = ("/cuentas/salir", "/admin/", "/media/", "/static/", "exportar", "descargar", "/datos")
EXTENSIONES = (".csv", ".xlsx", ".pdf", ".ics", ".json", ".png", ".jpg")
POR_ROL = 45


def _se_visita(url, base):
    partes = urlsplit(url)
    if partes.scheme not in ("http", "https") or f"{partes.scheme}://{partes.netloc}" != base:
        return False
    return not (any(f in partes.path for f in FUERA) or partes.path.endswith(EXTENSIONES))


def _recorrer(page, base, inicio):
    """Breadth first from `inicio`: each page once (query string included), at most POR_ROL."""
    vistas, anchas, cola = set(), {}, deque([urljoin(base, inicio)])
    while cola and len(vistas) < POR_ROL:
        url = cola.popleft().split("#")[0]
        if url in vistas:
            continue
        vistas.add(url)
        try:
            respuesta = page.goto(url)
        except PlaywrightError as error:  # a link that downloads a file is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if (
            respuesta is None
            or respuesta.status >= 400
            or "text/html" not in (respuesta.headers.get("content-type", ""))
        ):
            continue
        ancho = page.evaluate("document.documentElement.scrollWidth")
        if ancho > page.viewport_size["width"]:
            anchas[urlsplit(url).path] = (ancho, _culpable(page))
        for enlace in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            if _se_visita(enlace, base) and enlace.split("#")[0] not in vistas:
                cola.append(enlace)
    return vistas, anchas


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
def demo(settings):
    from django.contrib.auth.models import User

    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "3", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    registrar_autorizacion(User.objects.get(username="lider"))


@pytest.mark.parametrize(
    ("usuario", "inicio"),
    [(None, "/"), ("lider", "/portal/"), ("monitor", "/tablero/"), ("secretaria", "/tablero/")],
    ids=["ciudadano", "lider", "monitor", "secretaria"],
)
def test_no_page_is_wider_than_a_phone(live_server, page, demo, usuario, inicio):
    base = live_server.url
    if usuario:
        ingresar(page, base, usuario, clave=CLAVE)
    vistas, anchas = _recorrer(page, base, inicio)
    assert len(vistas) >= 5, vistas  # the crawl reached the role's pages
    assert anchas == {}, "\n".join(f"{u}: {a} px, {c}" for u, (a, c) in sorted(anchas.items()))
