"""Legal terms in Colombian business days (Ley 1581, arts. 14 y 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacidad import plazos, services
from privacidad.models import SolicitudHabeas

from .conftest import radicar

# Friday 9 January 2026; Monday 12 January is a public holiday (Reyes Magos, moved to Monday).
VIERNES = datetime.date(2026, 1, 9)


def _a_mediodia(fecha):
    return timezone.make_aware(datetime.datetime.combine(fecha, datetime.time(12)))


def test_holiday_monday_and_weekends_do_not_count():
    assert not plazos.es_habil(datetime.date(2026, 1, 12))
    assert plazos.sumar_habiles(VIERNES, 1) == datetime.date(2026, 1, 13)
    assert plazos.sumar_habiles(VIERNES, 10) == datetime.date(2026, 1, 26)
    assert plazos.sumar_habiles(VIERNES, 15) == datetime.date(2026, 2, 2)


def test_filed_on_a_saturday_counts_from_the_next_business_day():
    assert plazos.sumar_habiles(datetime.date(2026, 1, 10), 1) == datetime.date(2026, 1, 13)


def test_business_days_left_are_zero_on_the_due_date_and_negative_after():
    vence = datetime.date(2026, 1, 26)
    assert plazos.habiles_restantes(VIERNES, vence) == 10
    assert plazos.habiles_restantes(vence, vence) == 0
    assert plazos.habiles_restantes(datetime.date(2026, 1, 27), vence) == -1
    # Saturday and Sunday after a Friday due date add no delay; Monday does.
    viernes = datetime.date(2026, 1, 30)
    assert plazos.habiles_restantes(datetime.date(2026, 2, 1), viernes) == 0
    assert plazos.habiles_restantes(datetime.date(2026, 2, 2), viernes) == -1


@pytest.mark.django_db
def test_consulta_due_in_10_and_reclamo_in_15_business_days(junta, lider):
    consulta = radicar(junta, lider, ahora=_a_mediodia(VIERNES))
    reclamo = radicar(
        junta, lider, tipo=SolicitudHabeas.Tipo.RECTIFICACION, ahora=_a_mediodia(VIERNES)
    )
    assert consulta.vence_el == datetime.date(2026, 1, 26)
    assert reclamo.vence_el == datetime.date(2026, 2, 2)
    assert consulta.radicado.startswith("HD2026-") and consulta.radicado != reclamo.radicado
    assert consulta.estado == SolicitudHabeas.Estado.RADICADA


@pytest.mark.django_db
def test_extension_once_by_5_or_8_business_days_after_the_first_term(junta, lider, secretaria):
    consulta = radicar(junta, lider, ahora=_a_mediodia(VIERNES))
    reclamo = radicar(junta, lider, tipo="supresion", ahora=_a_mediodia(VIERNES))
    services.prorrogar(
        solicitud=consulta, usuario=secretaria, motivo="Falta un soporte", hoy=VIERNES
    )
    services.prorrogar(solicitud=reclamo, usuario=secretaria, motivo="Varias bases", hoy=VIERNES)
    consulta.refresh_from_db()
    reclamo.refresh_from_db()
    assert consulta.vence_el == datetime.date(2026, 2, 2)  # 26/01 + 5 business days
    assert reclamo.vence_el == datetime.date(2026, 2, 12)  # 02/02 + 8 business days
    assert consulta.estado == SolicitudHabeas.Estado.PRORROGADA
    assert consulta.prorrogada_por == secretaria and consulta.motivo_prorroga == "Falta un soporte"
    with pytest.raises(ValidationError, match="una vez"):
        services.prorrogar(solicitud=consulta, usuario=secretaria, motivo="otra", hoy=VIERNES)


@pytest.mark.django_db
def test_no_extension_after_the_term_expired_nor_without_a_reason(junta, lider, secretaria):
    consulta = radicar(junta, lider, ahora=_a_mediodia(VIERNES))
    with pytest.raises(ValidationError, match="venció"):
        services.prorrogar(
            solicitud=consulta, usuario=secretaria, motivo="tarde", hoy=datetime.date(2026, 1, 27)
        )
    with pytest.raises(ValidationError, match="motivo"):
        services.prorrogar(solicitud=consulta, usuario=secretaria, motivo="  ", hoy=VIERNES)
    consulta.refresh_from_db()
    assert consulta.prorrogada_en is None and consulta.vence_el == datetime.date(2026, 1, 26)
