"""Aggregates behind the landing pages and the expiry alerts."""

import datetime

import pytest
from django.utils import timezone

from juntas import selectors
from juntas.models import Barrio, Organizacion, Requisito, RequisitoJunta
from tests.factories import DignatarioFactory, OrganizacionFactory, RequisitoJuntaFactory

HOY = timezone.localdate()


def _dias(n):
    return HOY + datetime.timedelta(days=n)


@pytest.mark.django_db
def test_registry_summary_counts_by_type_state_and_localidad():
    rural = Barrio.objects.get(nombre="Bayunca", tipo=Barrio.Tipo.CABECERA)
    OrganizacionFactory.create_batch(3)  # L1, active, participating
    OrganizacionFactory(tipo=Organizacion.Tipo.JVC, barrio=rural, participa=False)
    OrganizacionFactory(estado=Organizacion.Estado.INACTIVA, participa=False)
    OrganizacionFactory(
        tipo=Organizacion.Tipo.ASOJAC, barrio=None, localidad=rural.localidad, nit=None
    )
    resumen = selectors.resumen_registro()
    assert (resumen["registradas"], resumen["jac"], resumen["jvc"]) == (5, 4, 1)
    assert (resumen["activas"], resumen["participantes"], resumen["asociaciones"]) == (4, 3, 1)
    por_localidad = {loc.codigo: loc for loc in resumen["por_localidad"]}
    assert por_localidad["L1"].registradas == 4
    assert por_localidad["L2"].registradas == 1  # the ASOJAC is not counted as a Junta
    assert resumen["por_localidad_grafico"]["registradas"] == [4, 1, 0]


@pytest.mark.django_db
def test_summary_average_index(junta, otra_junta):
    RequisitoJuntaFactory(organizacion=junta)  # 9
    RequisitoJuntaFactory(
        organizacion=otra_junta, requisito=Requisito.objects.get(codigo="secop-ii")
    )
    RequisitoJuntaFactory(organizacion=otra_junta, requisito=Requisito.objects.get(codigo="ruc"))
    assert selectors.resumen_registro()["indice_promedio"] == 11  # (9 + 13) / 2


@pytest.mark.django_db
def test_expiry_windows_count_documents_and_board_periods(junta, otra_junta):
    cuenta = Requisito.objects.get(codigo="cuenta-bancaria")
    acta = Requisito.objects.get(codigo="acta-autoriza-contratar")
    antecedentes = Requisito.objects.get(codigo="antecedentes-representante")
    RequisitoJuntaFactory(organizacion=junta, requisito=cuenta, fecha_vencimiento=_dias(10))
    RequisitoJuntaFactory(organizacion=junta, requisito=acta, fecha_vencimiento=_dias(45))
    RequisitoJuntaFactory(organizacion=otra_junta, requisito=cuenta, fecha_vencimiento=_dias(80))
    RequisitoJuntaFactory(organizacion=otra_junta, requisito=acta, fecha_vencimiento=_dias(-2))
    RequisitoJuntaFactory(
        organizacion=otra_junta,
        requisito=antecedentes,
        estado=RequisitoJunta.Estado.EN_TRAMITE,
        fecha_vencimiento=_dias(5),
    )  # not met: no alert
    junta.periodo_fin = _dias(50)
    junta.save()
    conteo = selectors.conteo_vencimientos()
    assert [(v["dias"], v["documentos"], v["periodos"]) for v in conteo["ventanas"]] == [
        (30, 1, 0),
        (60, 2, 1),
        (90, 3, 1),
    ]
    assert conteo["documentos_vencidos"] == 1
    assert [f.fecha_vencimiento for f in selectors.documentos_por_vencer(dias=60)] == [
        _dias(10),
        _dias(45),
    ]
    assert list(selectors.periodos_por_terminar(dias=60)) == [junta]


@pytest.mark.django_db
def test_checklist_situations(junta):
    RequisitoJuntaFactory(organizacion=junta)
    RequisitoJuntaFactory(
        organizacion=junta,
        requisito=Requisito.objects.get(codigo="cuenta-bancaria"),
        fecha_vencimiento=_dias(15),
    )
    RequisitoJuntaFactory(
        organizacion=junta,
        requisito=Requisito.objects.get(codigo="acta-autoriza-contratar"),
        fecha_vencimiento=_dias(-1),
    )
    RequisitoJuntaFactory(
        organizacion=junta,
        requisito=Requisito.objects.get(codigo="secop-ii"),
        estado=RequisitoJunta.Estado.EN_TRAMITE,
    )
    situaciones = {f.requisito.codigo: f.situacion for f in selectors.checklist(junta)}
    assert situaciones["rut"] == "cumple"
    assert situaciones["cuenta-bancaria"] == "por_vencer"
    assert situaciones["acta-autoriza-contratar"] == "vencido"
    assert situaciones["secop-ii"] == "en_tramite"
    assert situaciones["ruc"] == "no_cumple"
    assert len(situaciones) == Requisito.objects.count()


@pytest.mark.django_db
def test_requirement_compliance_share(junta, otra_junta):
    RequisitoJuntaFactory(organizacion=junta)
    RequisitoJuntaFactory(organizacion=otra_junta, estado=RequisitoJunta.Estado.NO_CUMPLE)
    filas = {f["requisito"].codigo: f for f in selectors.cumplimiento_por_requisito()}
    assert (filas["rut"]["cumplen"], filas["rut"]["porcentaje"]) == (1, 50.0)
    assert filas["secop-ii"]["cumplen"] == 0


@pytest.mark.django_db
def test_board_is_listed_president_first(junta):
    DignatarioFactory(organizacion=junta, cargo="fiscal")
    DignatarioFactory(organizacion=junta, cargo="tesorero")
    DignatarioFactory(organizacion=junta, cargo="presidente")
    DignatarioFactory(organizacion=junta, cargo="secretario", activo=False)
    cargos = [d.cargo for d in selectors.junta_directiva(junta)]
    assert cargos == ["presidente", "tesorero", "fiscal"]


@pytest.mark.django_db
def test_summary_by_ucg_groups_rural_juntas_apart():
    OrganizacionFactory.create_batch(2)
    OrganizacionFactory(barrio=Barrio.objects.get(nombre="Pasacaballos", tipo=Barrio.Tipo.CABECERA))
    filas = selectors.resumen_por_ucg()
    assert [(f["ucg"], f["registradas"]) for f in filas] == [(1, 2), (None, 1)]
    assert filas[1]["localidad"] == "Industrial y de la Bahía"
