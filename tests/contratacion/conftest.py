import pytest

from tests.factories import OrganizacionFactory

from . import filas
from .socrata_falso import SocrataFalso


@pytest.fixture(autouse=True)
def _nunca_internet(settings):
    """Whatever a test forgets, no request leaves 127.0.0.1 (port 9 discards)."""
    settings.SECOP_API_URL = "http://127.0.0.1:9/resource/"
    settings.SECOP_REINTENTOS = 0


@pytest.fixture
def socrata(settings):
    """The fake datos.gov.co on 127.0.0.1, with the three datasets (empty) and fast retries."""
    with SocrataFalso() as falso:
        falso.cargar(filas.CONTRATOS, [], filas.COLUMNAS_CONTRATOS)
        falso.cargar(filas.PROCESOS, [], filas.COLUMNAS_PROCESOS)
        falso.cargar(filas.PROVEEDORES, [], filas.COLUMNAS_PROVEEDORES)
        settings.SECOP_API_URL = falso.url
        settings.SECOP_APP_TOKEN = ""
        settings.SECOP_REINTENTOS = 3
        settings.SECOP_ESPERA_INICIAL = 0.001
        settings.SECOP_ESPERA_MAXIMA = 0.004
        settings.SECOP_TIEMPO_LIMITE = 2
        settings.SECOP_PAGINA = 3  # small pages: every test pages
        settings.SECOP_DESDE_INICIAL = "2021-01-01"
        settings.SECOP_VENTANA_DIAS = 30
        settings.SECOP_CIUDAD = ["Cartagena"]
        settings.SECOP_MODALIDADES_PROCESOS = ["Mínima cuantía"]
        settings.SECOP_LOTE_NIT = 2
        yield falso


@pytest.fixture
def cabrero(db):
    return OrganizacionFactory(nombre="Junta de Acción Comunal El Cabrero")


@pytest.fixture
def olaya(db):
    return OrganizacionFactory(nombre="Junta de Acción Comunal Olaya Herrera")
