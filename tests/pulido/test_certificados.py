"""The public certificate check: codes typed by hand, unknown codes, the allowed characters."""

import datetime

import pytest
from django.urls import reverse

from capacitacion.models import Certificado, Persona
from capacitacion.models.formacion import ALFABETO_CERTIFICADO, codigo_certificado


@pytest.fixture
def certificado(junta, modulo):
    persona = Persona.objects.create(
        documento="1047123456", nombres="Ana", apellidos="Pérez", organizacion=junta
    )
    return Certificado.objects.create(
        persona=persona,
        modulo=modulo,
        organizacion=junta,
        codigo="7KQ2-M9XA-4HTB",
        horas=24,
        tipo=Certificado.Tipo.MODULO,
        emitido=datetime.date(2026, 3, 1),
    )


def test_generated_codes_use_only_the_alphabet_the_form_accepts():
    for _ in range(200):
        codigo = codigo_certificado()
        assert all(c in ALFABETO_CERTIFICADO for c in codigo.replace("-", ""))
    assert not set("01IO") & set(ALFABETO_CERTIFICADO)


@pytest.mark.django_db
@pytest.mark.parametrize("escrito", ["7kq2-m9xa-4htb", "7KQ2M9XA4HTB", "7kq2 m9xa 4htb"])
def test_codes_typed_without_dashes_or_in_lower_case_are_found(client, certificado, escrito):
    respuesta = client.get(reverse("publico:verificar"), {"codigo": escrito}, follow=True)
    assert respuesta.status_code == 200
    assert "es válido" in respuesta.content.decode()
    # Typed straight into the address, too.
    respuesta = client.get(f"/certificados/{escrito.replace(' ', '')}/")
    assert respuesta.status_code == 302
    assert respuesta["Location"] == reverse("publico:certificado", args=[certificado.codigo])


@pytest.mark.django_db
def test_a_well_formed_code_that_does_not_exist_says_so_with_the_form(client, certificado):
    respuesta = client.get(reverse("publico:certificado", args=["AAAA-BBBB-CCCC"]))
    assert respuesta.status_code == 404
    html = respuesta.content.decode()
    assert "No existe un certificado con ese código" in html
    assert 'name="codigo"' in html and 'value="AAAA-BBBB-CCCC"' in html
    assert f'action="{reverse("publico:verificar")}"' in html
    # Through the form, the same answer.
    respuesta = client.get(reverse("publico:verificar"), {"codigo": "aaaabbbbcccc"}, follow=True)
    assert respuesta.status_code == 404
    assert "No existe un certificado con ese código" in respuesta.content.decode()


@pytest.mark.django_db
def test_a_code_with_a_one_is_told_which_characters_are_allowed(client, db):
    respuesta = client.get(reverse("publico:verificar"), {"codigo": "7KQ1-M9XA-4HTB"})
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "El código no usa «1»" in html
    assert "cifras del 2 al 9" in html
    assert "tres grupos de cuatro caracteres" not in html
    respuesta = client.get(reverse("publico:certificado", args=["7KQ1-M9XA-4HTB"]))
    assert respuesta.status_code == 404 and "El código no usa «1»" in respuesta.content.decode()
