"""Milestone 5's «Juntas que contrataron con el Estado tras la estrategia», computed live: the
Juntas with a SECOP II contract signed on or after their training day (first held session
attended, in Bogotá's local day, else first valid certificate), on a fixture whose every Junta
sits on one side of a boundary; its dictionary entry and its row in the open data."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Sesion
from contratacion import selectors as contratacion
from hitos import catalogo, indicadores
from hitos.models import Hito
from juntas.models import Organizacion
from tests.contratacion import datos_paginas as d
from tests.factories import OrganizacionFactory

from .conftest import crear_hito

CODIGO = "juntas_contrataron_tras_formacion"
D = datetime.date
DIA = D(2023, 5, 5)


def _sesion_a_las(dia, hora, estado=Sesion.Estado.REALIZADA):
    """A session starting at `hora` Bogotá time on `dia`."""
    sesion = d.sesion(dia, estado=estado)
    inicio = timezone.make_aware(datetime.datetime.combine(dia, hora))
    Sesion.objects.filter(pk=sesion.pk).update(inicio=inicio, fin=inicio)
    sesion.refresh_from_db()
    return sesion


@pytest.fixture
def frontera(db):
    """Each Junta on one side of the boundary; the ones marked ✓ count."""
    sesion = d.sesion(DIA)
    juntas = {}

    def junta(clave, **campos):
        juntas[clave] = OrganizacionFactory(**campos)
        return juntas[clave]

    # ✓ signed on the very day of its training
    d.asistencia(junta("mismo_dia"), sesion)
    d.contrato(juntas["mismo_dia"], DIA)
    # ✗ signed the day before its training
    d.asistencia(junta("dia_antes"), sesion)
    d.contrato(juntas["dia_antes"], DIA - datetime.timedelta(days=1))
    # ✓ two contracts after: counted once
    d.asistencia(junta("dos_despues"), sesion)
    d.contrato(juntas["dos_despues"], D(2023, 9, 1))
    d.contrato(juntas["dos_despues"], D(2024, 2, 1))
    # ✗ contracts but never trained
    d.contrato(junta("sin_formacion"), D(2024, 1, 10))
    # ✗ registered but absent, and a session attended that was not held
    d.asistencia(junta("ausente"), sesion, asistio=False)
    d.asistencia(juntas["ausente"], _sesion_a_las(D(2023, 4, 1), datetime.time(9), "cancelada"))
    d.contrato(juntas["ausente"], D(2023, 8, 1))
    # ✓ no attendance: its certificate dates the training
    d.certificado(junta("certificado"), D(2023, 10, 1))
    d.contrato(juntas["certificado"], D(2023, 10, 20))
    # ✗ attendance wins over an earlier certificate: signed between the two
    d.asistencia(junta("asistencia_manda"), sesion)
    d.certificado(juntas["asistencia_manda"], D(2023, 3, 1))
    d.contrato(juntas["asistencia_manda"], D(2023, 4, 1))
    # ✓ a session at 23:30 in Bogotá (04:30 UTC the next day): its local day counts
    noche = D(2023, 6, 10)
    d.asistencia(junta("de_noche"), _sesion_a_las(noche, datetime.time(23, 30)))
    d.contrato(juntas["de_noche"], noche)
    # ✗ an Asociación de Juntas is not a Junta
    d.asistencia(junta("asojac", tipo=Organizacion.Tipo.ASOJAC), sesion)
    d.contrato(juntas["asojac"], D(2023, 9, 1))
    # ✗ a name candidate not confirmed yet (no Junta linked)
    d.contrato(None, D(2023, 9, 1), coincidencia="pendiente")
    return juntas


def test_counts_only_juntas_that_signed_on_or_after_their_training(frontera):
    assert contratacion.resumen_para_indicadores() == {CODIGO: 4}
    assert indicadores.medir()[CODIGO] == Decimal(4)


def test_a_contract_signed_after_the_day_measured_does_not_count_yet(frontera):
    # On 30/09/2023 the certificate's Junta (trained 01/10) had not contracted after it, nor
    # had the second contract of `dos_despues` been signed; its first one had.
    assert contratacion.resumen_para_indicadores(D(2023, 9, 30))[CODIGO] == 3
    assert contratacion.resumen_para_indicadores(D(2023, 5, 4))[CODIGO] == 0


def test_without_contracts_it_is_zero(db):
    OrganizacionFactory()
    assert indicadores.medir()[CODIGO] == 0


def test_the_catalogue_defines_it_for_follow_up_milestones():
    definicion = catalogo.DEFINICIONES[CODIGO]
    assert definicion.tipo == catalogo.TipoHito.SEGUIMIENTO
    assert str(definicion.nombre) == "Juntas que contrataron con el Estado tras la estrategia"
    assert "firmado el día de su formación o después" in str(definicion.calculo)
    assert definicion.meta_sugerida > 0


def test_on_the_public_page_its_dictionary_and_the_open_data(client, compromiso, frontera):
    cache.clear()
    crear_hito(
        compromiso, 5, D(2023, 4, 1), D(2023, 9, 30), tipo=Hito.Tipo.SEGUIMIENTO,
        indicadores=[(CODIGO, 20)],
    )  # fmt: skip
    html = client.get(reverse("transparencia:inicio")).content.decode()
    assert "Juntas que contrataron con el Estado tras la estrategia" in html
    assert f"<code>{CODIGO}</code>" in html  # the data dictionary
    datos = json.loads(client.get(reverse("transparencia:json")).content)
    fila = next(f for f in datos["indicadores"] if f["codigo"] == CODIGO)
    assert (fila["hito"], float(fila["valor"]), float(fila["meta"]), fila["progreso"]) == (
        5, 4, 20, 20,
    )  # fmt: skip
    entrada = next(e for e in datos["diccionario"] if e["codigo"] == CODIGO)
    assert entrada["unidad"] == "Juntas" and "certificado" in entrada["calculo"]
    lineas = client.get(reverse("transparencia:csv")).content.decode().splitlines()
    assert any(
        linea.startswith("5,") and f",{CODIGO}," in linea and ",4," in linea for linea in lineas
    )
    cache.clear()
