import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from capacitacion.models import Instrumento
from tests.conftest import recargar_datos_de_referencia

MOVIL = {"width": 360, "height": 740}


@pytest.fixture
def browser_context_args(browser_context_args):
    """Every browser test runs on a phone-sized screen, in Spanish, at Bogotá's time."""
    return {
        **browser_context_args,
        "viewport": MOVIL,
        "locale": "es-CO",
        "timezone_id": "America/Bogota",
    }


@pytest.fixture(autouse=True)
def datos_de_referencia(transactional_db):
    """Browser tests need real commits (the live server runs in another thread), so they run as
    transactional tests; the reference data migrations load is put back for each of them."""
    recargar_datos_de_referencia()


@pytest.fixture
def encuesta_abierta(datos_de_referencia):
    """The default survey instrument (reloaded after flushes), published and open today."""
    instrumento = Instrumento.objects.get(version=1, proposito=Instrumento.Proposito.DIAGNOSTICO)
    hoy = timezone.localdate()
    instrumento.estado = Instrumento.Estado.PUBLICADO
    instrumento.abre, instrumento.cierra = hoy - datetime.timedelta(1), hoy + datetime.timedelta(9)
    instrumento.save()
    return instrumento


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def sin_violaciones_graves(axe):
    """Run axe-core on the current page and fail on serious or critical violations."""

    def _revisar(page):
        resultado = axe.run(page)
        graves = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in resultado.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not graves, f"{page.url}:\n" + "\n".join(graves)

    return _revisar
