"""Log-in and password reset behind the TLS proxy: lock-outs key on the real client.

Every request of these tests comes from the proxy's address (REMOTE_ADDR); the client is told
apart only by the X-Forwarded-For the proxy writes, and only as far as PROXIES_DE_CONFIANZA says.
"""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from nucleo.red import ip_del_cliente
from tests.factories import UserFactory

CLAVE = "clave-de-prueba-123"
PROXY = "10.0.0.2"
CLIENTE_A = "181.48.10.1"
CLIENTE_B = "190.25.7.9"


def _peticion(cadena=None, remota=PROXY):
    meta = {"REMOTE_ADDR": remota}
    if cadena is not None:
        meta["HTTP_X_FORWARDED_FOR"] = cadena
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "cadena", "esperada"),
    [
        (0, None, PROXY),
        (0, CLIENTE_A, PROXY),  # no proxy configured: the header is anyone's to write
        (1, CLIENTE_A, CLIENTE_A),  # nginx wrote the client it saw
        (1, f"1.2.3.4, {CLIENTE_A}", CLIENTE_A),  # the client's own prefix is ignored
        (1, f"basura, 1.2.3.4 , {CLIENTE_A}", CLIENTE_A),
        (1, None, PROXY),  # not through the proxy: the peer is all we know
        (2, f"{CLIENTE_A}, 172.16.0.5", CLIENTE_A),  # load balancer, then nginx
        (2, f"6.6.6.6, {CLIENTE_A}, 172.16.0.5", CLIENTE_A),
        (2, CLIENTE_A, PROXY),  # fewer entries than proxies: not trusted
        (1, "2001:db8::1, 2800:484:1::7", "2800:484:1::7"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(settings, proxies, cadena, esperada):
    settings.PROXIES_DE_CONFIANZA = proxies
    assert ip_del_cliente(_peticion(cadena)) == esperada


def _ingresar(client, usuario, clave, cliente):
    return client.post(
        reverse("login"),
        {"username": usuario, "password": clave},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=cliente,
    )


@pytest.fixture
def detras_del_proxy(settings):
    settings.PROXIES_DE_CONFIANZA = 1


@pytest.mark.django_db
def test_failures_from_one_client_do_not_lock_the_user_out_elsewhere(
    client, detras_del_proxy, lider
):
    for _intento in range(5):
        _ingresar(client, lider.username, "equivocada", CLIENTE_A)
    bloqueado = _ingresar(client, lider.username, CLAVE, CLIENTE_A)
    assert bloqueado.status_code == 429
    assert "Demasiados intentos fallidos" in bloqueado.content.decode()
    assert AccessAttempt.objects.get().ip_address == CLIENTE_A  # not the proxy's

    desde_otro = _ingresar(client, lider.username, CLAVE, CLIENTE_B)
    assert desde_otro.status_code == 302
    assert desde_otro["Location"] == "/portal/"


@pytest.mark.django_db
def test_a_spoofed_forwarded_prefix_does_not_evade_the_lock(client, detras_del_proxy, lider):
    for numero in range(5):
        # Each attempt claims another origin; nginx appends the address it really saw.
        _ingresar(client, lider.username, "equivocada", f"7.7.7.{numero}, {CLIENTE_A}")
    respuesta = _ingresar(client, lider.username, CLAVE, f"8.8.8.8, {CLIENTE_A}")
    assert respuesta.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_without_proxy_setting_the_forwarded_header_is_ignored(client, settings, lider):
    settings.PROXIES_DE_CONFIANZA = 0
    for numero in range(5):
        client.post(
            reverse("login"),
            {"username": lider.username, "password": "equivocada"},
            REMOTE_ADDR=CLIENTE_A,
            HTTP_X_FORWARDED_FOR=f"9.9.9.{numero}",
        )
    respuesta = client.post(
        reverse("login"), {"username": lider.username, "password": CLAVE}, REMOTE_ADDR=CLIENTE_A
    )
    assert respuesta.status_code == 429


@pytest.mark.django_db
def test_spraying_many_user_names_from_one_address_is_blocked(
    client, detras_del_proxy, settings, lider
):
    settings.LIMITE_INGRESOS_POR_DIRECCION = "6/15m"
    for numero in range(6):  # one attempt per name: axes' per-user limit never trips
        respuesta = _ingresar(client, f"usuario-{numero}", "Verano2023", CLIENTE_A)
        assert respuesta.status_code == 200
    # Now even a right password from that address is refused, with the lock-out page ...
    bloqueado = _ingresar(client, lider.username, CLAVE, CLIENTE_A)
    assert bloqueado.status_code == 429
    assert "desde esta conexión" in bloqueado.content.decode()
    assert "_auth_user_id" not in client.session
    # ... and on the admin's own log-in form too.
    admin = client.post(
        reverse("admin:login"),
        {"username": UserFactory(username="staff-x", is_staff=True).username, "password": CLAVE},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=CLIENTE_A,
    )
    assert admin.status_code == 200 and "_auth_user_id" not in client.session
    # Another client behind the same proxy signs in as usual.
    assert _ingresar(client, lider.username, CLAVE, CLIENTE_B).status_code == 302


@pytest.mark.django_db
def test_spraying_limit_counts_failures_from_the_admin_form(
    client, detras_del_proxy, settings, lider
):
    settings.LIMITE_INGRESOS_POR_DIRECCION = "3/15m"
    for numero in range(3):
        client.post(
            reverse("admin:login"),
            {"username": f"admin-{numero}", "password": "x"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=CLIENTE_A,
        )
    assert _ingresar(client, lider.username, CLAVE, CLIENTE_A).status_code == 429


def _recuperar(client, correo, cliente):
    return client.post(
        reverse("password_reset"),
        {"email": correo},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=cliente,
    )


@pytest.mark.django_db
def test_password_reset_is_limited_per_email_with_the_same_answer(client, detras_del_proxy, lider):
    respuestas = [_recuperar(client, lider.email, f"181.48.10.{numero}") for numero in range(1, 6)]
    assert len(mail.outbox) == 3  # 3 per hour per e-mail, from any address
    assert {r.status_code for r in respuestas} == {302}
    assert {r["Location"] for r in respuestas} == {reverse("password_reset_done")}
    # The upper case spelling is the same e-mail.
    _recuperar(client, lider.email.upper(), "181.48.10.99")
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_reset_is_limited_per_address_with_the_same_answer(
    client, detras_del_proxy, lider
):
    otros = [UserFactory(username=f"persona{n}") for n in range(6)]
    respuestas = [_recuperar(client, u.email, CLIENTE_A) for u in otros]
    assert len(mail.outbox) == 5  # 5 per hour from one address
    assert [r["Location"] for r in respuestas] == [reverse("password_reset_done")] * 6
    # An unknown e-mail and a throttled one look the same: the «enviado» page, no mail.
    desconocido = _recuperar(client, "nadie@example.org", CLIENTE_B)
    assert desconocido["Location"] == reverse("password_reset_done")
    # Another client behind the same proxy still gets their e-mail.
    _recuperar(client, lider.email, CLIENTE_B)
    assert len(mail.outbox) == 6
    assert mail.outbox[-1].to == [lider.email]


@pytest.mark.django_db
def test_an_overlong_user_name_is_a_wrong_log_in_not_a_server_error(client, lider):
    respuesta = client.post(reverse("login"), {"username": "x" * 5000, "password": "y" * 5000})
    assert respuesta.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 255
    assert _ingresar(client, lider.username, CLAVE, CLIENTE_A).status_code == 302
