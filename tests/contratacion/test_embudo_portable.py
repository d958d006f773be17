"""The funnel's twin query for databases without GROUPING SETS (SQLite, which `make run` uses)
gives the same figures, in the same order, as the PostgreSQL one: run here on PostgreSQL, where
both are valid SQL."""

import datetime

import pytest

from contratacion import selectors
from juntas.models import Barrio
from tests.factories import OrganizacionFactory

from . import datos_paginas as d


@pytest.mark.django_db
def test_portable_funnel_matches_the_grouping_sets_one(monkeypatch):
    sesion = d.sesion(datetime.date(2023, 5, 5))
    barrios = list(Barrio.objects.order_by("pk"))  # urban and rural: several localidades and UCGs
    for i in range(12):
        junta = OrganizacionFactory(barrio=barrios[(i * 37) % len(barrios)])
        if i % 2 == 0:
            d.asistencia(junta, sesion)
        if i % 3 == 0:
            d.contrato(junta, datetime.date(2023, 9, 1), 1_000_000 * (i + 1))
        if i % 5 == 0:
            d.cuenta(junta)
    d.proceso("7011", organizacion_adjudicada=junta, estado="Adjudicado")
    esperado = selectors.embudo_directo()
    assert selectors.embudo() == esperado  # the summary rows say the same
    assert esperado["total"]["juntas"] == 12
    assert len(esperado["por_localidad"]) >= 2 and len(esperado["por_ucg"]) >= 3
    monkeypatch.setattr(selectors, "SQL_EMBUDO", selectors.SQL_EMBUDO_PORTABLE)
    assert selectors.embudo_directo() == esperado
