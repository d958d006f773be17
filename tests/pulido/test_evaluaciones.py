"""The entry and exit knowledge tests are told apart wherever both appear."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.capacitacion.test_evaluaciones import prueba, sesion  # noqa: F401


@pytest.mark.django_db
def test_entry_and_exit_tests_have_distinct_labels(client, secretaria, sesion, prueba):  # noqa: F811
    sesion.inicio = timezone.now() - datetime.timedelta(hours=1)
    sesion.save(update_fields=["inicio"])
    client.force_login(secretaria)
    html = client.get(reverse("estrategia:asistencia", args=[sesion.pk])).content.decode()
    assert f"Prueba de entrada, al empezar el módulo: {prueba.nombre}" in html
    assert f"Prueba de salida, al terminar el módulo: {prueba.nombre}" in html
    # The attendee's page: two choices, two titles.
    publica = reverse("publico:evaluacion", args=[sesion.codigo_evaluacion])
    html = client.get(publica).content.decode()
    assert "Prueba de entrada (al empezar el módulo)" in html
    assert "Prueba de salida (al terminar el módulo)" in html
    assert (
        '<h1 class="h3">Prueba de entrada</h1>'
        in client.get(publica, {"momento": "entrada"}).content.decode()
    )
    assert (
        '<h1 class="h3">Prueba de salida</h1>'
        in client.get(publica, {"momento": "salida"}).content.decode()
    )
