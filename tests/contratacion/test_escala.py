"""The sync's cost grows with pages, not rows: a page of 1,000 rows, a third of them Juntas',
costs a handful of queries (the registry is read once per run). `scripts/bench_secop.py`
measures 200,000 rows against 64,000 Juntas."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contratacion import services
from contratacion.models import Contrato
from juntas.models import Barrio, Organizacion
from juntas.validators import digito_verificacion

from . import filas
from .filas import CONTRATOS, contrato

pytestmark = pytest.mark.django_db


def _registro(cuantas):
    barrio = Barrio.objects.order_by("pk").first()
    nits = [f"{800000000 + n:09d}" for n in range(cuantas)]
    Organizacion.objects.bulk_create(
        Organizacion(
            nombre=f"Junta de Acción Comunal Sector {n}",
            codigo_registro=f"ESCALA-{n}",
            nit=f"{nit}-{digito_verificacion(nit)}",
            barrio=barrio,
        )
        for n, nit in enumerate(nits)
    )
    return nits


def _filas(nits, cuantas):
    return [
        contrato(
            f"CO1.PCCNTR.{n:06d}",
            documento=nits[n % len(nits)] if n % 3 == 0 else f"9{n:08d}",
            nombre="PROVEEDOR SAS" if n % 3 else "JUNTA DE ACCION COMUNAL",
        )
        for n in range(cuantas)
    ]


@pytest.mark.parametrize("paginas", [2, 4])
def test_queries_per_page_stay_constant_whatever_the_rows(socrata, settings, paginas):
    settings.SECOP_PAGINA = 1000
    nits = _registro(2000)
    socrata.cargar(CONTRATOS, _filas(nits, paginas * 1000 - 1), filas.COLUMNAS_CONTRATOS)

    with CaptureQueriesContext(connection) as primera:
        corrida = services.sincronizar_contratos()
    with CaptureQueriesContext(connection) as segunda:
        services.sincronizar_contratos()

    cuantas = paginas * 1000 - 1
    assert corrida.paginas == paginas and Contrato.objects.count() == (cuantas + 2) // 3
    # Per page: its contracts, their candidates, one upsert, one stamp, the run's counters
    # (and savepoints); per run: the lock, the window, the registry, the re-link by NIT.
    assert len(primera) <= 6 * paginas + 14, [q["sql"][:80] for q in primera]
    assert len(segunda) <= 6 * paginas + 14
