"""The four alerts: paid share ahead of verified progress by more than the margin (below, at and
above it, and with the margin changed in settings), overdue deliverables, payments without
support, art. 95 convenios under way without community workers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contratacion.selectors import Ruta
from convenios import selectors
from convenios.models import Convenio, Entregable, TrabajadorComunitario

from .conftest import crear_convenio, informe_verificado, pago

pytestmark = pytest.mark.django_db


def _cifras(convenio):
    return selectors.convenio_con_cifras(Convenio.objects.all(), convenio.pk)


@pytest.mark.parametrize(
    ("pagado", "alerta"),
    [
        ("54999999", False),  # 54,999999 % paid, 40 % verified: 14,99 points
        ("55000000", False),  # exactly 15 points: not *more* than the margin
        ("55000001", True),  # 15,000001 points
        ("80000000", True),  # Santa Marta: 80 % paid
    ],
)
def test_payment_ahead_of_progress_at_the_margin(convenio, lider, secretaria, pagado, alerta):
    TrabajadorComunitario.objects.create(convenio=convenio, nombre="Yeimis Cassiani Julio")
    informe_verificado(convenio, "40", lider, secretaria)
    pago(convenio, pagado)
    cifras = _cifras(convenio)
    assert cifras.alerta_pago_adelantado is alerta
    assert bool(selectors.alertas_de(cifras)) is alerta


def test_only_verified_progress_counts(convenio, lider, secretaria):
    informe_verificado(convenio, "10", lider, secretaria, dias=30)
    informe_verificado(convenio, "60", lider, secretaria, dias=10)
    pending = informe_verificado(convenio, "90", lider, secretaria, dias=1)
    pending.estado = pending.Estado.PENDIENTE
    pending.save()
    pago(convenio, "70000000")
    cifras = _cifras(convenio)
    assert cifras.avance_verificado == Decimal("60")  # the latest verified, not the pending 90
    assert cifras.pagado_pct == Decimal("70")
    assert cifras.alerta_pago_adelantado is False  # 10 points


def test_the_margin_is_a_setting(settings, convenio, lider, secretaria):
    informe_verificado(convenio, "40", lider, secretaria)
    pago(convenio, "50000000")  # 10 points ahead
    assert _cifras(convenio).alerta_pago_adelantado is False
    settings.CONVENIOS_MARGEN_ALERTA = 5
    assert _cifras(convenio).alerta_pago_adelantado is True


def test_overdue_deliverables_alert_until_delivered(convenio):
    hoy = timezone.localdate()
    entregable = Entregable.objects.create(
        convenio=convenio, descripcion="Placa", fecha_prevista=hoy - datetime.timedelta(days=1)
    )
    Entregable.objects.create(convenio=convenio, descripcion="Rampas", fecha_prevista=hoy)
    assert _cifras(convenio).entregables_vencidos == 1
    assert _cifras(convenio).alerta_entregables is True
    entregable.fecha_entrega = hoy
    entregable.save()
    assert _cifras(convenio).alerta_entregables is False


def test_payments_without_support_alert(convenio):
    pago(convenio, "1000000", soporte=True)
    assert _cifras(convenio).alerta_soporte is False
    pago(convenio, "1000000", soporte=False)
    cifras = _cifras(convenio)
    assert cifras.alerta_soporte is True
    assert cifras.pagos_sin_soporte == 1


def test_art_95_under_way_without_community_workers(junta):
    art95 = crear_convenio(junta)
    firmado = crear_convenio(junta, estado=Convenio.Estado.FIRMADO)
    minima = crear_convenio(junta, ruta=Ruta.MINIMA_CUANTIA)
    assert _cifras(art95).alerta_trabajadores is True
    assert _cifras(firmado).alerta_trabajadores is False  # not hired yet
    assert _cifras(minima).alerta_trabajadores is False  # art. 95 only
    TrabajadorComunitario.objects.create(convenio=art95, nombre="Robinson Pérez Marrugo")
    assert _cifras(art95).alerta_trabajadores is False


def test_summary_counts_each_alert_once_per_convenio(junta, otra_junta, lider, secretaria):
    adelantado = crear_convenio(junta)
    informe_verificado(adelantado, "10", lider, secretaria)
    pago(adelantado, "50000000", soporte=False)
    crear_convenio(otra_junta, ruta=Ruta.MINIMA_CUANTIA)  # no alert
    resumen = selectors.resumen_alertas()
    assert resumen["total"] == 2
    assert resumen["con_alerta"] == 1
    assert resumen["pago"] == 1
    assert resumen["soporte"] == 1
    assert resumen["trabajadores"] == 1
    assert selectors.contar_con_alerta() == 1


def test_alerts_show_on_the_dashboard_the_convenio_page_and_the_main_dashboard(
    client, convenio, lider, secretaria, monitor
):
    from hitos.models import Compromiso

    Compromiso.objects.create(
        codigo="COCDI0001",
        titulo="Fortalecimiento",
        plan="Plan local",
        inicio=datetime.date(2023, 1, 1),
        fin=datetime.date(2023, 11, 30),
        entidad_lider="Alcaldía",
        problema="-",
        status_quo="-",
        accion="-",
        contribucion="-",
        objetivo_largo_plazo="-",
        areas_politica="contratación",
    )
    informe_verificado(convenio, "40", lider, secretaria)
    pago(convenio, "80000000")
    client.force_login(monitor)
    lista = client.get(reverse("convenios_tablero:lista"), {"alerta": "pago"}).content.decode()
    assert "Pago adelantado" in lista and convenio.objeto in lista
    pagina = client.get(reverse("convenios_tablero:convenio", args=[convenio.pk])).content.decode()
    assert "supera el avance físico verificado" in pagina
    principal = client.get(reverse("tablero:inicio")).content.decode()
    assert "1 convenio en ejecución con alertas" in principal
    client.force_login(lider)
    propia = client.get(reverse("convenios_portal:convenio", args=[convenio.pk])).content.decode()
    assert "supera el avance físico verificado" in propia


def test_the_dashboard_filters_by_alert(client, junta, otra_junta, monitor):
    con = crear_convenio(junta, objeto="Obra con pago sin soporte")
    pago(con, "1000", soporte=False)
    crear_convenio(otra_junta, ruta=Ruta.MINIMA_CUANTIA, objeto="Obra tranquila")
    client.force_login(monitor)
    pagina = client.get(reverse("convenios_tablero:lista"), {"alerta": "soporte"}).content.decode()
    assert "Obra con pago sin soporte" in pagina and "Obra tranquila" not in pagina
    pagina = client.get(reverse("convenios_tablero:lista"), {"estado": "zzz"}).content.decode()
    assert "Obra tranquila" in pagina  # junk filters are ignored, not a 500
