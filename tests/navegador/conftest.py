import pytest
from axe_playwright_python.sync_playwright import Axe

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
