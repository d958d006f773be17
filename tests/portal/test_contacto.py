import pytest
from django.urls import reverse

from juntas.models import Organizacion


@pytest.mark.django_db
def test_leader_updates_contact_data(client, lider, junta):
    client.force_login(lider)
    respuesta = client.post(
        reverse("portal:contacto"),
        {"direccion": "Calle 30 # 17-42", "telefono": "3105551234", "correo": "jac@example.org"},
    )
    assert respuesta.status_code == 302
    junta.refresh_from_db()
    assert junta.telefono == "3105551234"
    assert junta.direccion == "Calle 30 # 17-42"
    cambio = junta.history.first()
    assert cambio.history_user == lider
    assert cambio.history_change_reason == "Contacto actualizado por la Junta en el portal"


@pytest.mark.django_db
def test_bad_contact_data_rerenders_with_spanish_errors_and_saves_nothing(client, lider, junta):
    telefono_antes = junta.telefono
    client.force_login(lider)
    respuesta = client.post(
        reverse("portal:contacto"),
        {"direccion": "Calle 1", "telefono": "llámenos", "correo": "no-es-correo"},
    )
    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert "Escriba un teléfono colombiano" in contenido
    assert "Ingrese una dirección de correo electrónico válida" in contenido
    assert 'value="Calle 1"' in contenido  # what was typed is kept
    junta.refresh_from_db()
    assert junta.telefono == telefono_antes


@pytest.mark.django_db
def test_leader_cannot_change_fields_outside_contact(client, lider, junta):
    client.force_login(lider)
    client.post(
        reverse("portal:contacto"),
        {
            "direccion": "x",
            "telefono": "3105551234",
            "correo": "",
            "nombre": "Otra",
            "participa": "",
        },
    )
    junta.refresh_from_db()
    assert junta.nombre != "Otra"
    assert Organizacion.objects.get(pk=junta.pk).participa is True
