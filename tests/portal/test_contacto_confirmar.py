"""Contact data: a way to reach the Junta always stays, and clearing a field is asked twice."""

import pytest
from django.urls import reverse

from juntas.models import Organizacion

URL = reverse("portal:contacto")
ANTES = {"direccion": "Calle 30 # 17-42", "telefono": "3105551234", "correo": "jac@example.org"}


@pytest.fixture
def con_contacto(junta):
    Organizacion.objects.filter(pk=junta.pk).update(**ANTES)
    junta.refresh_from_db()
    return junta


def _guardado(junta):
    fila = Organizacion.objects.get(pk=junta.pk)
    return {campo: getattr(fila, campo) for campo in ANTES}


@pytest.mark.django_db
def test_clearing_phone_and_email_is_refused_and_nothing_changes(client, lider, con_contacto):
    client.force_login(lider)
    historia = con_contacto.history.count()
    respuesta = client.post(
        URL, {"direccion": "Calle nueva", "telefono": "", "correo": "", "confirmar_borrado": "on"}
    )
    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert "Deje al menos un teléfono o un correo" in contenido
    assert "quedaron guardados" not in contenido
    assert _guardado(con_contacto) == ANTES
    assert con_contacto.history.count() == historia


@pytest.mark.django_db
def test_clearing_everything_is_refused(client, lider, con_contacto):
    client.force_login(lider)
    respuesta = client.post(URL, {"direccion": "", "telefono": "", "correo": ""}, follow=True)
    assert "Deje al menos un teléfono o un correo" in respuesta.content.decode()
    assert _guardado(con_contacto) == ANTES


@pytest.mark.django_db
def test_a_junta_without_any_contact_must_add_one(client, lider, junta):
    client.force_login(lider)
    respuesta = client.post(URL, {"direccion": "Calle 1", "telefono": "", "correo": ""})
    assert "Deje al menos un teléfono o un correo" in respuesta.content.decode()
    assert Organizacion.objects.get(pk=junta.pk).direccion == ""


@pytest.mark.django_db
def test_clearing_one_field_asks_for_confirmation_before_saving(client, lider, con_contacto):
    client.force_login(lider)
    datos = {"direccion": "Calle 30 # 17-42", "telefono": "3105551234", "correo": ""}
    respuesta = client.post(URL, datos)
    assert respuesta.status_code == 200
    contenido = respuesta.content.decode()
    assert "Sí, quiero borrar correo de contacto" in contenido
    assert 'name="confirmar_borrado"' in contenido and 'type="checkbox"' in contenido
    assert _guardado(con_contacto) == ANTES  # not yet

    respuesta = client.post(URL, {**datos, "confirmar_borrado": "on"}, follow=True)
    assert "quedaron guardados" in respuesta.content.decode()
    assert _guardado(con_contacto) == {**ANTES, "correo": ""}


@pytest.mark.django_db
def test_confirmation_names_every_field_being_cleared(client, lider, con_contacto):
    client.force_login(lider)
    contenido = client.post(
        URL, {"direccion": "", "telefono": "3105551234", "correo": ""}
    ).content.decode()
    assert "Sí, quiero borrar dirección, correo de contacto" in contenido
    assert _guardado(con_contacto) == ANTES


@pytest.mark.django_db
def test_changes_that_clear_nothing_need_no_confirmation(client, lider, con_contacto):
    client.force_login(lider)
    respuesta = client.get(URL)
    assert 'name="confirmar_borrado"' not in respuesta.content.decode()
    respuesta = client.post(URL, {**ANTES, "telefono": "3009998877"})
    assert respuesta.status_code == 302
    assert _guardado(con_contacto) == {**ANTES, "telefono": "3009998877"}


@pytest.mark.django_db
def test_a_field_left_out_of_the_post_also_asks_before_clearing(client, lider, con_contacto):
    client.force_login(lider)
    respuesta = client.post(URL, {"telefono": "3105551234", "correo": "jac@example.org"})
    assert respuesta.status_code == 200
    assert "Sí, quiero borrar dirección" in respuesta.content.decode()
    assert _guardado(con_contacto) == ANTES


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["anonimo", "lider_otra", "monitor", "secretaria"])
def test_nobody_else_can_clear_this_juntas_contact(
    client, con_contacto, lider_otra, monitor, secretaria, rol
):
    usuarios = {"lider_otra": lider_otra, "monitor": monitor, "secretaria": secretaria}
    if rol in usuarios:
        client.force_login(usuarios[rol])
    datos = {"direccion": "", "telefono": "", "correo": "x@example.org", "confirmar_borrado": "on"}
    client.post(URL, datos)
    assert _guardado(con_contacto) == ANTES
