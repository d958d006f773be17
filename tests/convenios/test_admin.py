"""The Secretaría's admin for convenios: every page opens, a tranche ticked paid without a
supported payment is refused, and who ticked it is recorded."""

import pytest
from django.urls import reverse

from convenios.models import (
    Convenio,
    Entregable,
    FotoAvance,
    InformeAvance,
    ObservacionCiudadana,
    Pago,
    TrabajadorComunitario,
    Tramo,
)

from .conftest import informe_verificado, pago, tramo

pytestmark = pytest.mark.django_db

MODELOS = [
    Convenio,
    Entregable,
    Tramo,
    InformeAvance,
    Pago,
    TrabajadorComunitario,
    ObservacionCiudadana,
]


def test_every_admin_page_opens_for_staff(client, convenio, lider, secretaria):
    informe_verificado(convenio, "20", lider, secretaria)
    pago(convenio, "1000", tramo=tramo(convenio))
    Entregable.objects.create(convenio=convenio, descripcion="Placa", fecha_prevista="2026-01-01")
    TrabajadorComunitario.objects.create(convenio=convenio, nombre="Ana Díaz Pérez")
    ObservacionCiudadana.objects.create(convenio=convenio, texto="Observación de prueba")
    client.force_login(secretaria)
    for modelo in MODELOS:
        opciones = modelo._meta
        lista = reverse(f"admin:{opciones.app_label}_{opciones.model_name}_changelist")
        assert client.get(lista).status_code == 200, lista
        fila = modelo.objects.first()
        cambio = reverse(f"admin:{opciones.app_label}_{opciones.model_name}_change", args=[fila.pk])
        assert client.get(cambio).status_code == 200, cambio
        historia = reverse(
            f"admin:{opciones.app_label}_{opciones.model_name}_history", args=[fila.pk]
        )
        assert client.get(historia).status_code == 200, historia
    assert client.get(reverse("admin:convenios_convenio_add")).status_code == 200
    assert FotoAvance._meta.app_label == "convenios"


def test_the_admin_refuses_a_tranche_paid_without_support_and_records_who(
    client, convenio, secretaria
):
    primero = tramo(convenio)
    client.force_login(secretaria)
    url = reverse("admin:convenios_tramo_change", args=[primero.pk])
    datos = {
        "convenio": convenio.pk,
        "numero": 1,
        "porcentaje": "30",
        "condicion": "Anticipo",
        "pagado": "on",
    }
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 200
    assert "solo con su pago registrado" in respuesta.content.decode()
    assert not Tramo.objects.get(pk=primero.pk).pagado
    pago(convenio, "30000000", soporte=True, tramo=primero)
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 302
    primero.refresh_from_db()
    assert primero.pagado and primero.pagado_por == secretaria
    assert primero.history.first().history_user == secretaria


def test_monitors_hold_no_permission_on_the_community_workers_names(monitor):
    assert monitor.has_perm("convenios.view_convenio")
    assert not monitor.has_perm("convenios.view_trabajadorcomunitario")
    assert not monitor.has_perm("convenios.view_historicaltrabajadorcomunitario")
