"""The demo convenios: a few at different stages, one with payments ahead of progress (the alert
shows), one liquidated with full support; reseeding replaces them."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from convenios import selectors
from convenios.models import Convenio, InformeAvance, Pago
from juntas.permisos import junta_del_lider


@pytest.mark.django_db
def test_seed_demo_builds_convenios_at_every_stage(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", "--juntas", "12")
    assert Convenio.objects.count() == 6
    assert set(Convenio.objects.values_list("estado", flat=True)) >= {
        "firmado",
        "en_ejecucion",
        "suspendido",
        "liquidado",
    }
    lider = User.objects.get(username="lider")
    junta = junta_del_lider(lider)
    cifras = {c.numero: c for c in selectors.con_cifras(Convenio.objects.all())}
    adelantado = cifras["CS-SI-014"]
    assert adelantado.organizacion == junta
    assert adelantado.alerta_pago_adelantado
    assert adelantado.informes.filter(estado=InformeAvance.Estado.PENDIENTE).exists()
    liquidado = cifras["CI-SP-087"]
    assert liquidado.estado == Convenio.Estado.LIQUIDADO
    assert liquidado.pagado_pct == 100 and liquidado.avance_verificado == 100
    assert not liquidado.pagos.filter(soporte="").exists()
    assert not liquidado.tramos.filter(pagado=False).exists()
    assert not selectors.alertas_de(liquidado)
    assert cifras["CS-SI-021"].alerta_trabajadores and cifras["CS-SI-021"].alerta_entregables
    client.force_login(User.objects.get(username="monitor"))
    pagina = client.get(reverse("convenios_tablero:convenio", args=[adelantado.pk]))
    assert "supera el avance físico verificado" in pagina.content.decode()

    call_command("seed_demo", "--juntas", "12", "--reset")
    assert Convenio.objects.count() == 6
    assert Pago.objects.filter(convenio__numero="CI-SP-087").count() == 2


def test_every_convenios_model_moves_the_stamp_of_cached_pages():
    from nucleo.cambios import MODELOS

    fuera = {
        m._meta.label
        for m in apps.get_app_config("convenios").get_models()
        if m not in MODELOS and not m._meta.object_name.startswith("Historical")
    }
    assert fuera == set()
