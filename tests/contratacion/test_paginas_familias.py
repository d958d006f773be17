"""What a Junta declared it can do (UNSPSC families): staff keep the list in the admin, with an
autocomplete to the Junta, four digits each, once per Junta, in the history; the radar reads it."""

import pytest
from django.urls import reverse

from contratacion.models import FamiliaUnspsc

pytestmark = pytest.mark.django_db

AGREGAR = reverse("admin:contratacion_familiaunspsc_add")


def test_staff_declare_a_family_for_a_junta_with_an_autocomplete(client, secretaria, junta):
    client.force_login(secretaria)
    pagina = client.get(AGREGAR).content.decode()
    assert "admin-autocomplete" in pagina
    respuesta = client.post(
        AGREGAR, {"organizacion": junta.pk, "codigo": "7011", "nombre": "Zonas verdes"}
    )
    assert respuesta.status_code == 302
    familia = FamiliaUnspsc.objects.get(organizacion=junta)
    assert (familia.codigo, familia.history.count()) == ("7011", 1)


@pytest.mark.parametrize("codigo", ["701", "70111", "70a1"])
def test_a_family_is_four_digits(client, secretaria, junta, codigo):
    client.force_login(secretaria)
    respuesta = client.post(AGREGAR, {"organizacion": junta.pk, "codigo": codigo, "nombre": "X"})
    assert respuesta.status_code == 200
    assert "errorlist" in respuesta.content.decode()
    assert not FamiliaUnspsc.objects.exists()


def test_a_family_says_how_to_write_it(client, secretaria, junta):
    client.force_login(secretaria)
    respuesta = client.post(AGREGAR, {"organizacion": junta.pk, "codigo": "70a1", "nombre": "X"})
    assert "Escriba los cuatro dígitos de la familia" in respuesta.content.decode()


def test_a_family_once_per_junta(client, secretaria, junta):
    FamiliaUnspsc.objects.create(organizacion=junta, codigo="7011", nombre="Zonas verdes")
    client.force_login(secretaria)
    respuesta = client.post(AGREGAR, {"organizacion": junta.pk, "codigo": "7011", "nombre": "Otra"})
    assert respuesta.status_code == 200
    assert FamiliaUnspsc.objects.count() == 1


@pytest.mark.parametrize("quien", ["monitor", "lider"])
def test_monitors_and_leaders_cannot_edit_the_list(client, request, quien):
    client.force_login(request.getfixturevalue(quien))
    assert client.get(AGREGAR).status_code in (302, 403)
