"""Registering a delegate: one clear message per mistake, the document and phone rules as they
are, and counts that agree in number («1 inscrito»)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from capacitacion.models import Inscripcion
from capacitacion.services import formacion as services
from juntas.validators import validar_telefono
from tests.capacitacion.test_sesiones import PORTAL, _persona, sesion  # noqa: F401


def _enviar(client, sesion, **campos):  # noqa: F811
    datos = {"sesion": sesion.pk, **{f"s{sesion.pk}-{k}": v for k, v in campos.items()}}
    return client.post(PORTAL, datos).content.decode()


@pytest.mark.django_db
def test_a_malformed_document_has_one_message_with_the_real_rule(client, lider, sesion):  # noqa: F811
    client.force_login(lider)
    html = _enviar(client, sesion, documento="999", nombres="Luis", apellidos="Marrugo")
    assert "lleva de 5 a 12 dígitos" in html
    assert "Elija un dignatario o escriba el documento" not in html
    assert "solo dígitos" not in html and "solo los dígitos" not in html
    # Nothing typed at all: then it is the choice that is missing.
    assert "Elija un dignatario o escriba el documento" in _enviar(client, sesion, nombres="Luis")
    assert not Inscripcion.objects.exists()


@pytest.mark.django_db
def test_a_16_digit_phone_is_refused_a_colombian_one_is_not(client, lider, sesion):  # noqa: F811
    client.force_login(lider)
    datos = {"documento": "1047999888", "nombres": "Luis", "apellidos": "Marrugo"}
    html = _enviar(client, sesion, telefono="3001234567890123", **datos)
    assert "Escriba un teléfono colombiano" in html
    assert not Inscripcion.objects.exists()
    _enviar(client, sesion, telefono="+57 300 123 4567", **datos)
    assert Inscripcion.objects.get().persona.telefono == "+57 300 123 4567"


@pytest.mark.parametrize(
    ("telefono", "valido"),
    [
        ("3001234567", True),
        ("300 123 4567", True),
        ("(605) 664-1234", True),
        ("+57 300 123 4567", True),
        ("6641234", True),
        ("", True),
        ("3001234567890123", False),
        ("300123", False),
        ("30012345678", False),
        ("300-ABC-4567", False),
    ],
)
def test_colombian_phone_rule(telefono, valido):
    if valido:
        validar_telefono(telefono)
    else:
        with pytest.raises(ValidationError):
            validar_telefono(telefono)


@pytest.mark.django_db
def test_counts_agree_in_number(client, secretaria, junta, sesion):  # noqa: F811
    services.inscribir(sesion, _persona("11111", junta), junta, usuario=secretaria)
    client.force_login(secretaria)
    html = client.get(reverse("estrategia:sesiones")).content.decode()
    assert "1 inscrito de 10" in html and "1 inscritos" not in html
    assert "0 asistieron" in html
    services.inscribir(sesion, _persona("22222", junta), junta, usuario=secretaria)
    assert "2 inscritos de 10" in client.get(reverse("estrategia:sesiones")).content.decode()
