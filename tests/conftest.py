import pytest

from tests.factories import OrganizacionFactory, crear_lider, crear_monitor, crear_secretaria


@pytest.fixture(autouse=True)
def _ajustes_de_prueba(settings, tmp_path):
    """Uploaded files go to a throwaway folder; passwords hash fast (PBKDF2 is slow on purpose)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
