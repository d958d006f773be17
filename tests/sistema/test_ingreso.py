"""Log-in lands each role on its home; log-out by POST; lock-out after repeated failures."""

import pytest
from django.core import mail
from django.urls import reverse

from juntas.models import AutorizacionDatos
from tests.factories import crear_lider

CLAVE = "clave-de-prueba-123"


def _ingresar(client, usuario, clave=CLAVE, **extra):
    return client.post(reverse("login"), {"username": usuario, "password": clave, **extra})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "destino"),
    [("secretaria", "/admin/"), ("lider", "/portal/"), ("monitor", "/tablero/")],
)
def test_each_role_lands_on_its_home(client, request, fixture, destino):
    usuario = request.getfixturevalue(fixture)
    respuesta = _ingresar(client, usuario.username)
    assert respuesta.status_code == 302
    assert respuesta["Location"] == destino


@pytest.mark.django_db
def test_login_honours_safe_next_only(client, lider):
    assert _ingresar(client, lider.username, next="/portal/junta/")["Location"] == "/portal/junta/"
    client.logout()
    assert _ingresar(client, lider.username, next="https://evil.example/")["Location"] == "/portal/"


@pytest.mark.django_db
def test_login_page_is_spanish(client):
    contenido = client.get(reverse("login")).content.decode()
    assert "Ingresar al portal" in contenido
    assert "Contraseña" in contenido


@pytest.mark.django_db
def test_wrong_password_shows_spanish_error(client, lider):
    respuesta = _ingresar(client, lider.username, clave="equivocada")
    assert respuesta.status_code == 200
    assert (
        "Por favor, introduzca un nombre de usuario y clave correctos" in respuesta.content.decode()
    )


@pytest.mark.django_db
def test_logout_requires_post(client, lider):
    client.force_login(lider)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("portal:inicio")).status_code == 302  # back to log-in


@pytest.mark.django_db
def test_lockout_after_five_failures_with_clear_message(client, lider):
    for _intento in range(5):
        _ingresar(client, lider.username, clave="equivocada")
    respuesta = _ingresar(client, lider.username)  # even the right password is refused now
    assert respuesta.status_code == 429
    assert "Demasiados intentos fallidos" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_spanish_email(client, lider):
    respuesta = client.post(reverse("password_reset"), {"email": lider.email})
    assert respuesta.status_code == 302
    assert len(mail.outbox) == 1
    assert "recuperar la contraseña" in mail.outbox[0].subject
    assert "/cuentas/recuperar/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_change(client, lider):
    client.force_login(lider)
    respuesta = client.post(
        reverse("password_change"),
        {
            "old_password": CLAVE,
            "new_password1": "Otra-clave-segura-2026",
            "new_password2": "Otra-clave-segura-2026",
        },
    )
    assert respuesta.status_code == 302
    lider.refresh_from_db()
    assert lider.check_password("Otra-clave-segura-2026")


@pytest.mark.django_db
def test_leader_must_accept_data_policy_first(client, junta):
    nuevo = crear_lider(junta, username="lider-nuevo", autorizado=False)
    client.force_login(nuevo)
    respuesta = client.get(reverse("portal:junta"))
    assert respuesta.status_code == 302
    assert respuesta["Location"].startswith(reverse("portal:autorizacion"))

    sin_marcar = client.post(reverse("portal:autorizacion"), {"next": "/portal/junta/"})
    assert "Debe aceptar la autorización" in sin_marcar.content.decode()
    assert not AutorizacionDatos.objects.filter(usuario=nuevo).exists()

    aceptada = client.post(
        reverse("portal:autorizacion"), {"acepto": "on", "next": "/portal/junta/"}
    )
    assert aceptada["Location"] == "/portal/junta/"
    assert AutorizacionDatos.objects.filter(
        usuario=nuevo, version=AutorizacionDatos.VERSION_VIGENTE
    ).exists()
    assert client.get(reverse("portal:junta")).status_code == 200


@pytest.mark.django_db
def test_user_in_leader_group_without_dignatario_is_not_a_leader(client):
    from nucleo.roles import LIDER
    from tests.factories import UserFactory

    huerfano = UserFactory(username="sin-junta", grupo=LIDER)
    client.force_login(huerfano)
    assert client.get(reverse("portal:inicio")).status_code == 403
