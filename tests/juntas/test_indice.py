"""The readiness index: weighted, 0-100, expired documents count as not met."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from juntas.models import Organizacion, Requisito, RequisitoJunta
from tests.factories import OrganizacionFactory, RequisitoJuntaFactory

HOY = timezone.localdate()


def _estado(junta, codigo, estado=RequisitoJunta.Estado.CUMPLE, vence=None):
    return RequisitoJuntaFactory(
        organizacion=junta,
        requisito=Requisito.objects.get(codigo=codigo),
        estado=estado,
        fecha_vencimiento=vence,
    )


@pytest.mark.django_db
def test_catalogue_weights_add_up_to_100():
    assert Requisito.peso_total() == 100


@pytest.mark.django_db
def test_index_is_zero_without_requirements(junta):
    assert junta.indice_preparacion() == 0


@pytest.mark.django_db
def test_index_weights_met_requirements(junta):
    _estado(junta, "rut")  # 9
    _estado(junta, "secop-ii")  # 9
    _estado(junta, "cuenta-bancaria", vence=HOY + datetime.timedelta(days=30))  # 7
    _estado(junta, "experiencia", estado=RequisitoJunta.Estado.EN_TRAMITE)  # not met
    _estado(junta, "ruc", estado=RequisitoJunta.Estado.NO_CUMPLE)  # not met
    assert junta.indice_preparacion() == Decimal("25.00")


@pytest.mark.django_db
def test_expired_documents_count_as_not_met(junta):
    _estado(junta, "rut")
    _estado(junta, "cuenta-bancaria", vence=HOY - datetime.timedelta(days=1))
    assert junta.indice_preparacion() == Decimal("9.00")
    # The day it expires it still counts; the day after, not.
    assert junta.indice_preparacion(hoy=HOY - datetime.timedelta(days=1)) == Decimal("16.00")


@pytest.mark.django_db
def test_inactive_requirements_do_not_count(junta):
    _estado(junta, "rut")
    Requisito.objects.filter(codigo="rut").update(activo=False)
    assert junta.indice_preparacion() == 0


@pytest.mark.django_db
def test_index_all_met_is_100(junta):
    for requisito in Requisito.objects.all():
        RequisitoJuntaFactory(organizacion=junta, requisito=requisito)
    assert junta.indice_preparacion() == 100


@pytest.mark.django_db
def test_sql_index_matches_python_index(junta, otra_junta):
    _estado(junta, "rut")
    _estado(junta, "cuenta-bancaria", vence=HOY - datetime.timedelta(days=3))
    _estado(otra_junta, "secop-ii")
    _estado(otra_junta, "acta-autoriza-contratar", vence=HOY + datetime.timedelta(days=3))
    tercera = OrganizacionFactory()
    anotadas = {o.pk: o.indice for o in Organizacion.objects.con_indice()}
    for org in (junta, otra_junta, tercera):
        assert anotadas[org.pk] == org.indice_preparacion()
