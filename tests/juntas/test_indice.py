"""The readiness index: weighted, 0-100, expired documents count as not met."""

import datetime
import io
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


# The kept summary (Organizacion.puntaje) that national dashboards add up -----------------


def _puntaje(junta):
    junta.refresh_from_db(fields=["puntaje", "puntaje_hasta"])
    return junta.puntaje, junta.puntaje_hasta


@pytest.mark.django_db
def test_summary_follows_requirement_rows(junta):
    assert _puntaje(junta) == (0, None)
    vence = HOY + datetime.timedelta(days=30)
    fila = _estado(junta, "cuenta-bancaria", vence=vence)  # 7
    _estado(junta, "rut")  # 9
    assert _puntaje(junta) == (16, vence)
    fila.estado = RequisitoJunta.Estado.NO_CUMPLE
    fila.save()
    assert _puntaje(junta) == (9, None)
    RequisitoJunta.objects.get(organizacion=junta, requisito__codigo="rut").delete()
    assert _puntaje(junta) == (0, None)


@pytest.mark.django_db
def test_summary_follows_requirement_weight_and_active_flag(junta, otra_junta):
    _estado(junta, "rut")
    _estado(otra_junta, "rut")
    rut = Requisito.objects.get(codigo="rut")
    rut.peso = 12
    rut.save()
    assert _puntaje(junta)[0] == _puntaje(otra_junta)[0] == 12
    rut.activo = False
    rut.save()
    assert _puntaje(junta)[0] == _puntaje(otra_junta)[0] == 0


@pytest.mark.django_db
def test_full_recompute_matches_each_junta_index(junta, otra_junta):
    _estado(junta, "rut")
    _estado(junta, "secop-ii")
    _estado(junta, "cuenta-bancaria", vence=HOY - datetime.timedelta(days=1))  # expired
    _estado(otra_junta, "cuenta-bancaria", vence=HOY + datetime.timedelta(days=3))
    Organizacion.objects.update(puntaje=99, puntaje_hasta=HOY)  # as if it had drifted
    assert Organizacion.objects.actualizar_puntajes() == 2
    total = Requisito.peso_total()
    for organizacion in (junta, otra_junta):
        puntaje, _hasta = _puntaje(organizacion)
        assert Decimal(puntaje * 100) / total == organizacion.indice_preparacion()
    assert _puntaje(otra_junta)[1] == HOY + datetime.timedelta(days=3)
    assert Organizacion.objects.actualizar_puntajes() == 0  # nothing changed, nothing written


@pytest.mark.django_db
def test_aggregate_index_counts_juntas_whose_documents_expired_without_writing(
    junta, otra_junta, monkeypatch
):
    from django.core.management import call_command

    from juntas.selectors import indice_agregado

    _estado(junta, "rut")  # 9, never expires
    _estado(otra_junta, "cuenta-bancaria", vence=HOY + datetime.timedelta(days=3))  # 7
    assert indice_agregado(2) == {"indice_promedio": 8.0, "listas_para_contratar": 0}
    despues = HOY + datetime.timedelta(days=5)
    monkeypatch.setattr(timezone, "localdate", lambda *args: despues)
    assert indice_agregado(2) == {"indice_promedio": 4.5, "listas_para_contratar": 0}
    # A read never writes: the kept summary is refreshed by the daily command.
    assert _puntaje(otra_junta) == (7, HOY + datetime.timedelta(days=3))
    call_command("actualizar_puntajes", stdout=io.StringIO())
    assert _puntaje(otra_junta) == (0, None)
    assert indice_agregado(2) == {"indice_promedio": 4.5, "listas_para_contratar": 0}
    # Another day than today is computed from the rows themselves: the same answer.
    monkeypatch.undo()
    assert indice_agregado(2, hoy=despues)["indice_promedio"] == 4.5


@pytest.mark.django_db
def test_saving_a_profile_loaded_earlier_keeps_the_summary(junta):
    """A leader edits the contact data of a Junta loaded before staff verified a requirement:
    the save must not put back the score the profile was loaded with."""
    perfil = Organizacion.objects.get(pk=junta.pk)
    _estado(junta, "rut")  # 9 points, written by the receiver
    perfil.telefono = "3001234567"
    perfil.save()
    assert _puntaje(junta)[0] == 9
    junta.refresh_from_db()
    assert junta.telefono == "3001234567"
