"""A returned proposal is told beside the milestone's level, and «Devolver» with an empty reason
shows its error with the form unfolded (nothing typed is lost, nothing is hidden)."""

import datetime
import re

import pytest
from django.urls import reverse

from hitos import services
from hitos.models import PropuestaNivel
from tests.hitos.conftest import crear_compromiso, crear_hito


@pytest.fixture
def hito(db):
    return crear_hito(crear_compromiso(), 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31))


def _url():
    return f"{reverse('tablero:hito', args=[1])}?compromiso=COCDI0001"


def _propuesta(hito, secretaria):
    return services.proponer_nivel(
        hito, nivel="completo", avance=100, justificacion="Hecho.", usuario=secretaria
    )


def _nivel(html):
    """The «Nivel de cumplimiento» card."""
    return html.split('id="titulo-nivel"', 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_returning_with_an_empty_reason_shows_the_error_in_an_open_form(
    client, hito, secretaria, monitor
):
    propuesta = _propuesta(hito, secretaria)
    client.force_login(monitor)
    respuesta = client.post(
        _url(), {"accion": "devolver", "propuesta": propuesta.pk, "observacion": ""}
    )
    html = respuesta.content.decode()
    plegable = re.search(r"<details([^>]*)><summary[^>]*>Devolver con una observación", html)
    assert plegable and "open" in plegable.group(1), "the form with the error stays folded"
    assert "invalid-feedback" in html or "is-invalid" in html
    propuesta.refresh_from_db()
    assert propuesta.estado == PropuestaNivel.Estado.PENDIENTE


@pytest.mark.django_db
def test_a_returned_proposal_is_shown_beside_the_level(client, hito, secretaria, monitor):
    propuesta = _propuesta(hito, secretaria)
    services.devolver(propuesta, usuario=monitor, observacion="Falta el acta firmada.")
    client.force_login(secretaria)
    nivel = _nivel(client.get(_url()).content.decode())
    assert "fue devuelta el" in nivel and "Falta el acta firmada." in nivel
    assert "vuelva a proponer" in nivel
    # Once proposed again, the pending proposal is what the card shows.
    _propuesta(hito, secretaria)
    nivel = _nivel(client.get(_url()).content.decode())
    assert "fue devuelta el" not in nivel and "Propuesta pendiente de verificación" in nivel
