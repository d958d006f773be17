"""Two keys on progress reports: the Junta writes, the supervisor (staff) verifies or returns;
the author never reviews their own report, not even through the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from convenios import selectors, services
from convenios.models import InformeAvance
from tests.factories import crear_secretaria

pytestmark = pytest.mark.django_db


def _enviar(convenio, usuario, avance="40", dias=3):
    return services.registrar_informe(
        convenio,
        fecha=timezone.localdate() - datetime.timedelta(days=dias),
        avance=Decimal(avance),
        usuario=usuario,
    )


def test_staff_verifies_a_leaders_report_and_it_becomes_the_verified_progress(
    convenio, lider, secretaria
):
    informe = _enviar(convenio, lider, "40")
    assert selectors.convenio_con_cifras(type(convenio).objects, convenio.pk).avance_verificado == 0
    services.verificar_informe(informe, usuario=secretaria)
    informe.refresh_from_db()
    assert informe.estado == InformeAvance.Estado.VERIFICADO
    assert informe.revisado_por == secretaria
    cifras = selectors.convenio_con_cifras(type(convenio).objects, convenio.pk)
    assert cifras.avance_verificado == Decimal("40")
    assert informe.history.first().history_user == secretaria


def test_the_author_cannot_verify_or_return_their_own_report(convenio):
    supervisor = crear_secretaria("supervisora")
    informe = _enviar(convenio, supervisor, "30")  # staff wrote it on the Junta's behalf
    with pytest.raises(ValidationError, match="no puede verificarlo"):
        services.verificar_informe(informe, usuario=supervisor)
    with pytest.raises(ValidationError, match="no puede verificarlo"):
        services.devolver_informe(informe, usuario=supervisor, motivo="No")
    otra = crear_secretaria("otra-supervisora")
    services.verificar_informe(informe, usuario=otra)
    assert InformeAvance.objects.get(pk=informe.pk).estado == InformeAvance.Estado.VERIFICADO


def test_the_database_refuses_a_report_reviewed_by_its_author(convenio, secretaria):
    informe = _enviar(convenio, secretaria)
    with pytest.raises(IntegrityError), transaction.atomic():
        InformeAvance.objects.filter(pk=informe.pk).update(revisado_por=secretaria)


def test_leaders_and_monitors_cannot_hold_the_supervisors_key(convenio, lider, lider_otra, monitor):
    informe = _enviar(convenio, lider)
    for usuario in (lider_otra, monitor):
        with pytest.raises(ValidationError, match="Solo el supervisor"):
            services.verificar_informe(informe, usuario=usuario)


def test_a_returned_report_needs_a_reason_and_lets_the_junta_send_another(
    convenio, lider, secretaria
):
    informe = _enviar(convenio, lider, "45")
    with pytest.raises(ValidationError, match="por qué"):
        services.devolver_informe(informe, usuario=secretaria, motivo="  ")
    with pytest.raises(ValidationError, match="pendiente"):
        _enviar(convenio, lider, "46")  # one waiting at a time
    services.devolver_informe(informe, usuario=secretaria, motivo="Faltan fotos del tramo sur")
    informe.refresh_from_db()
    assert informe.estado == InformeAvance.Estado.DEVUELTO
    assert informe.motivo_devolucion == "Faltan fotos del tramo sur"
    with pytest.raises(ValidationError, match="ya fue revisado"):
        services.verificar_informe(informe, usuario=secretaria)
    _enviar(convenio, lider, "46")


def test_progress_never_goes_below_the_last_verified_and_dates_are_checked(
    convenio, lider, secretaria
):
    services.verificar_informe(_enviar(convenio, lider, "50"), usuario=secretaria)
    with pytest.raises(ValidationError) as error:
        _enviar(convenio, lider, "40")
    assert "avance" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _enviar(convenio, lider, "60", dias=-2)
    assert "fecha" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _enviar(convenio, lider, "60", dias=200)
    assert "fecha" in error.value.message_dict


def test_verify_and_return_through_the_supervisors_page(client, convenio, lider, secretaria):
    informe = _enviar(convenio, lider)
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("convenios_tablero:devolver", args=[convenio.pk, informe.pk]), {"motivo": ""}
    )
    assert respuesta.status_code == 400
    respuesta = client.post(reverse("convenios_tablero:verificar", args=[convenio.pk, informe.pk]))
    assert respuesta.status_code == 302
    assert InformeAvance.objects.get(pk=informe.pk).estado == InformeAvance.Estado.VERIFICADO


def test_a_leader_cannot_post_to_the_supervisors_actions(client, convenio, lider):
    informe = _enviar(convenio, lider)
    client.force_login(lider)
    respuesta = client.post(reverse("convenios_tablero:verificar", args=[convenio.pk, informe.pk]))
    assert respuesta.status_code == 403
    assert InformeAvance.objects.get(pk=informe.pk).estado == InformeAvance.Estado.PENDIENTE


def test_the_supervisors_page_refuses_staff_verifying_their_own(client, convenio, secretaria):
    informe = _enviar(convenio, secretaria)
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("convenios_tablero:verificar", args=[convenio.pk, informe.pk]), follow=True
    )
    assert "no puede verificarlo" in respuesta.content.decode()
    assert InformeAvance.objects.get(pk=informe.pk).estado == InformeAvance.Estado.PENDIENTE
