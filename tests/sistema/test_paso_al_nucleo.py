"""What the move of the core from `jac_portal` to `nucleo` must not break at deploy time: a
session opened before it stays signed in, and old admin links to the role audit still work."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, authenticate

from tests.factories import crear_secretaria


@pytest.mark.django_db
def test_a_session_stored_with_the_old_backend_path_stays_signed_in(client):
    usuario = crear_secretaria("antes-del-cambio")
    sesion = client.session
    sesion[SESSION_KEY] = str(usuario.pk)
    sesion[BACKEND_SESSION_KEY] = "jac_portal.backends.ModelBackendEnCache"
    sesion[HASH_SESSION_KEY] = usuario.get_session_auth_hash()
    sesion.save()
    respuesta = client.get("/cuentas/inicio/")
    assert respuesta.status_code == 302 and respuesta.url == "/admin/"


@pytest.mark.django_db
def test_the_old_path_never_logs_anyone_in_new_sessions_store_the_new_one(rf):
    crear_secretaria("nueva")
    usuario = authenticate(rf.post("/"), username="nueva", password="clave-de-prueba-123")
    assert usuario.backend == "nucleo.backends.ModelBackendEnCache"
    from jac_portal.backends import ModelBackendEnCache

    assert ModelBackendEnCache().authenticate(None, username="nueva", password="x") is None


@pytest.mark.django_db
def test_old_admin_links_to_the_role_audit_redirect(client):
    client.force_login(crear_secretaria("s"))
    respuesta = client.get("/admin/jac_portal/cambioderol/?q=ana")
    assert respuesta.status_code == 302
    assert respuesta.url == "/admin/nucleo/cambioderol/?q=ana"
