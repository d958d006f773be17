"""Technical accompaniment: visits and plan actions; actions close when their requirement is
verified as met; leaders see their own Junta's plan only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import AccionPlan, Acompanamiento, Dimension
from juntas import services as servicios_juntas
from juntas.models import Requisito, RequisitoJunta
from tests.factories import RequisitoJuntaFactory


def _accion(junta, requisito=None, dimension=None, **campos):
    datos = {
        "descripcion": "Obtener el RUT",
        "responsable": "Tesorero(a)",
        "vence": timezone.localdate() + datetime.timedelta(days=30),
        **campos,
    }
    return AccionPlan.objects.create(
        organizacion=junta, requisito=requisito, dimension=dimension, **datos
    )


@pytest.fixture
def rut(db):
    return Requisito.objects.get(codigo="rut")


@pytest.mark.django_db(transaction=True)
def test_verifying_the_requirement_closes_the_action(junta, otra_junta, rut, secretaria):
    accion = _accion(junta, rut)
    ajena = _accion(otra_junta, rut)
    otro_requisito = _accion(junta, Requisito.objects.exclude(pk=rut.pk).first())
    fila = RequisitoJuntaFactory(organizacion=junta, requisito=rut, estado="en_tramite")
    accion.refresh_from_db()
    assert accion.estado == AccionPlan.Estado.PENDIENTE  # in process is not met
    servicios_juntas.verificar(RequisitoJunta.objects.filter(pk=fila.pk), usuario=secretaria)
    accion.refresh_from_db()
    assert accion.estado == AccionPlan.Estado.HECHA
    assert accion.cierre_automatico is True
    assert accion.cerrada_en == timezone.localdate()
    ajena.refresh_from_db()
    otro_requisito.refresh_from_db()
    assert ajena.estado == otro_requisito.estado == AccionPlan.Estado.PENDIENTE


@pytest.mark.django_db
def test_an_expired_document_does_not_close_the_action(
    junta, rut, django_capture_on_commit_callbacks
):
    accion = _accion(junta, rut)
    with django_capture_on_commit_callbacks(execute=True) as llamadas:
        RequisitoJuntaFactory(
            organizacion=junta,
            requisito=rut,
            estado="cumple",
            fecha_vencimiento=timezone.localdate() - datetime.timedelta(days=1),
        )
    # The receiver that closes actions ran (after the commit) and left this one open.
    assert [c for c in llamadas if "cerrar_acciones" in getattr(c, "__qualname__", "")]
    accion.refresh_from_db()
    assert accion.estado == AccionPlan.Estado.PENDIENTE


@pytest.mark.django_db
def test_an_action_needs_a_requirement_or_a_dimension(junta):
    accion = AccionPlan(
        organizacion=junta, descripcion="x", responsable="y", vence=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="requisito de habilitación o con una dimensión"):
        accion.full_clean()
    accion.dimension = Dimension.objects.first()
    accion.full_clean()


@pytest.mark.django_db
def test_overdue_and_closing_dates(junta, rut):
    vencida = _accion(junta, rut, vence=timezone.localdate() - datetime.timedelta(days=1))
    assert vencida.vencida
    vencida.estado = AccionPlan.Estado.HECHA
    vencida.save()
    assert not vencida.vencida and vencida.cerrada_en == timezone.localdate()
    vencida.estado = AccionPlan.Estado.EN_CURSO
    vencida.save()
    assert vencida.cerrada_en is None


@pytest.mark.django_db
def test_a_visit_cannot_be_in_the_future(junta):
    visita = Acompanamiento(
        organizacion=junta,
        fecha=timezone.localdate() + datetime.timedelta(days=2),
        tema="Revisión",
        asesor="Equipo",
        descripcion="Revisamos documentos.",
    )
    with pytest.raises(ValidationError, match="ya realizados"):
        visita.full_clean()


@pytest.mark.django_db
def test_leader_sees_own_plan_and_visits_only(cliente_de, lider, junta, otra_junta, rut):
    _accion(junta, rut, descripcion="Acción propia")
    _accion(otra_junta, rut, descripcion="Acción ajena")
    Acompanamiento.objects.create(
        organizacion=junta, fecha=timezone.localdate(), tema="Visita propia", asesor="Equipo",
        descripcion="Hecho",
    )  # fmt: skip
    Acompanamiento.objects.create(
        organizacion=otra_junta, fecha=timezone.localdate(), tema="Visita ajena", asesor="Equipo",
        descripcion="Hecho",
    )  # fmt: skip
    html = cliente_de(lider).get(reverse("capacitacion_portal:ruta")).content.decode()
    assert "Acción propia" in html and "Visita propia" in html
    assert "Acción ajena" not in html and "Visita ajena" not in html
