"""The demo: `lider`'s Junta ready for mínima cuantía, with one dossier (idempotent)."""

import pytest

from contratacion import selectors
from contratacion.models import Expediente
from demo import expedientes as demo_expedientes
from juntas.models import PesoRequisitoRuta, Ruta
from tests.factories import crear_lider


@pytest.mark.django_db
def test_demo_generates_one_dossier_for_lider_junta(junta, secretaria):
    crear_lider(junta, username="lider")
    demo_expedientes.sembrar(secretaria)
    demo_expedientes.sembrar(secretaria)
    expediente = Expediente.objects.get()
    assert expediente.organizacion == junta and expediente.ruta == Ruta.MINIMA_CUANTIA
    junta.refresh_from_db()
    assert junta.ruta == Ruta.MINIMA_CUANTIA
    assert (
        expediente.items.count()
        == PesoRequisitoRuta.objects.filter(ruta=Ruta.MINIMA_CUANTIA).count()
    )
    assert selectors.verificacion_expediente(expediente.codigo)["todos_vigentes_hoy"]
