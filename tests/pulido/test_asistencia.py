"""The walk-in's Junta on the attendance sheet: a text box with the Juntas as suggestions
(<datalist>), not a 429-item drop-down."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Inscripcion
from tests.capacitacion.test_sesiones import sesion  # noqa: F401
from tests.factories import OrganizacionFactory


def _empezo(sesion):  # noqa: F811
    sesion.inicio = timezone.now() - datetime.timedelta(hours=1)
    sesion.save(update_fields=["inicio"])


@pytest.mark.django_db
def test_walk_in_junta_is_a_searchable_text_box(client, secretaria, junta, sesion):  # noqa: F811
    _empezo(sesion)
    OrganizacionFactory(nombre="Junta de Acción Comunal Barrio El Paraíso", codigo_registro="JAC-9")
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[sesion.pk])
    html = client.get(url).content.decode()
    assert '<select name="nuevo-0-organizacion"' not in html
    assert 'name="nuevo-0-organizacion"' in html and 'list="juntas-de-la-lista"' in html
    assert '<datalist id="juntas-de-la-lista">' in html
    assert '<option value="Junta de Acción Comunal Barrio El Paraíso (JAC-9)">' in html
    assert html.count("<datalist") == 1  # one list for the three boxes


@pytest.mark.django_db
@pytest.mark.parametrize(
    "escrito",
    [
        "Junta de Acción Comunal Barrio El Paraíso (JAC-9)",  # picked from the list
        "junta de accion comunal barrio el paraiso",  # typed in full, without accents
    ],
)
def test_walk_in_junta_from_the_list_or_typed(client, secretaria, junta, sesion, escrito):  # noqa: F811
    _empezo(sesion)
    paraiso = OrganizacionFactory(
        nombre="Junta de Acción Comunal Barrio El Paraíso", codigo_registro="JAC-9"
    )
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[sesion.pk])
    datos = {
        "nuevo-TOTAL_FORMS": 3, "nuevo-INITIAL_FORMS": 0,
        "nuevo-0-documento": "55555", "nuevo-0-nombres": "Rosa", "nuevo-0-apellidos": "Julio",
        "nuevo-0-organizacion": escrito,
    }  # fmt: skip
    assert client.post(url, datos).status_code == 302
    assert Inscripcion.objects.get(persona__documento="55555").organizacion == paraiso


@pytest.mark.django_db
def test_a_junta_not_in_the_list_is_explained_and_kept(client, secretaria, junta, sesion):  # noqa: F811
    _empezo(sesion)
    client.force_login(secretaria)
    url = reverse("estrategia:asistencia", args=[sesion.pk])
    datos = {
        "nuevo-TOTAL_FORMS": 3, "nuevo-INITIAL_FORMS": 0,
        "nuevo-0-documento": "55555", "nuevo-0-nombres": "Rosa", "nuevo-0-apellidos": "Julio",
        "nuevo-0-organizacion": "Paraiso",
    }  # fmt: skip
    respuesta = client.post(url, datos)
    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "elíjala de la lista" in html
    assert 'value="Paraiso"' in html  # what the clerk typed stays in the box
    assert not Inscripcion.objects.filter(persona__documento="55555").exists()
