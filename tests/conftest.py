from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import caches
from huey.contrib.djhuey import HUEY

from tests.factories import OrganizacionFactory, crear_lider, crear_monitor, crear_secretaria


@pytest.fixture(autouse=True)
def _ajustes_de_prueba(settings, tmp_path):
    """Uploaded files go to a throwaway folder; passwords hash fast (PBKDF2 is slow on purpose);
    each test starts with an empty cache (in tests, writes roll back instead of committing, so
    the change stamp that invalidates cached dashboards does not move)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A change shows at once on the next page, as it does for a person who takes a few seconds
    # between a save and a look (tests/sistema/test_revalidacion.py sets it back).
    settings.CACHE_RECALCULO_MINIMO = 0
    # Summary rows are recomputed by the committing thread itself, so a test sees them stored
    # as soon as its commit returns (tests/sistema/test_resumenes.py tests the worker thread).
    settings.RESUMENES_EN_SEGUNDO_PLANO = False
    for alias in caches:
        caches[alias].clear()
    # Background jobs run inside the request that queues them (Huey's immediate mode), and
    # their private files go to the throwaway folder; tests/trabajos/test_trabajador.py runs a
    # real worker process instead.
    settings.TRABAJOS_ARCHIVOS_ROOT = tmp_path / "trabajos"
    HUEY.immediate = True


def recargar_datos_de_referencia():
    """Put back the rows migrations load (territory, requirement catalogue, dimensions and the
    default instrument, the satisfaction survey). Transactional tests flush every table at
    teardown, migration-loaded rows included, so a later test on the same worker would miss them.
    """
    from capacitacion.models import Instrumento
    from juntas.models import Requisito

    if not Requisito.objects.exists():
        for migracion in ("0002_territorio", "0003_requisitos", "0010_requisitos_por_ruta"):
            import_module(f"juntas.migrations.{migracion}").cargar(apps, None)
    if not Instrumento.objects.filter(proposito=Instrumento.Proposito.DIAGNOSTICO).exists():
        import_module("capacitacion.migrations.0002_instrumento_por_defecto").cargar(apps, None)
    if Instrumento.satisfaccion_vigente() is None:
        migracion = import_module("capacitacion.migrations.0007_codigo_evaluacion_unico")
        migracion.encuesta_de_satisfaccion(apps, None)


@pytest.fixture(autouse=True)
def _datos_de_referencia_en_pruebas_transaccionales(request):
    marca = request.node.get_closest_marker("django_db")
    if marca is not None and marca.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        recargar_datos_de_referencia()


@pytest.fixture
def junta(db):
    return OrganizacionFactory(nombre="Junta de Acción Comunal El Cabrero")


@pytest.fixture
def otra_junta(db):
    return OrganizacionFactory(nombre="Junta de Acción Comunal Olaya Herrera")


@pytest.fixture
def lider(junta):
    return crear_lider(junta, username="lider-prueba")


@pytest.fixture
def lider_otra(otra_junta):
    return crear_lider(otra_junta, username="lider-otra")


@pytest.fixture
def monitor(db):
    return crear_monitor()


@pytest.fixture
def secretaria(db):
    return crear_secretaria()


@pytest.fixture
def cliente_de(client):
    """Log a user in (force_login: axes guards the real form, tested on its own)."""

    def _cliente(usuario):
        if usuario is not None:
            client.force_login(usuario)
        return client

    return _cliente
