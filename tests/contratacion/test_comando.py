"""`manage.py sincronizar_secop`: what it runs and the Spanish report it prints."""

import io

import pytest
from django.core.management import CommandError, call_command

from contratacion.models import Sincronizacion

from . import filas
from .filas import CONTRATOS, PROCESOS, PROVEEDORES, contrato, proceso, proveedor

pytestmark = pytest.mark.django_db


def _correr(*argumentos):
    salida, errores = io.StringIO(), io.StringIO()
    call_command("sincronizar_secop", *argumentos, stdout=salida, stderr=errores)
    return salida.getvalue(), errores.getvalue()


def test_without_options_it_syncs_the_three_datasets_and_reports_each(socrata, cabrero):
    socrata.cargar(CONTRATOS, [contrato("CO1.PCCNTR.1", documento=cabrero.nit)])
    socrata.cargar(PROCESOS, [proceso("CO1.REQ.1")], filas.COLUMNAS_PROCESOS)
    socrata.cargar(PROVEEDORES, [proveedor(cabrero.nit)], filas.COLUMNAS_PROVEEDORES)

    salida, errores = _correr()

    lineas = salida.strip().splitlines()
    assert len(lineas) == 3 and not errores
    assert lineas[0].startswith("Contratos (API de datos.gov.co), desde 2021-01-01: 1 filas leídas")
    assert "1 nuevas, 0 actualizadas, 0 sin cambios" in lineas[0]
    assert lineas[1].startswith("Procesos (API de datos.gov.co)")
    assert lineas[2].startswith("Cuentas de proveedor (API de datos.gov.co)")
    assert all(linea.rstrip().endswith("s.") and "Exitosa en" in linea for linea in lineas)


def test_options_choose_the_datasets_and_desde_the_window(socrata):
    salida, _errores = _correr("--procesos", "--desde", "2024-02-01")
    assert salida.startswith("Procesos") and salida.count("\n") == 1
    assert socrata.parametros()["$where"].startswith("fecha_de_publicacion_del >= '2024-02-01")
    assert Sincronizacion.objects.get().desde.isoformat() == "2024-02-01"


def test_a_bad_date_is_refused_in_spanish(socrata):
    with pytest.raises(CommandError, match="no es una fecha AAAA-MM-DD"):
        _correr("--desde", "01/02/2024")


def test_a_failed_sync_prints_its_reason_and_the_command_fails(socrata):
    socrata.fallar(403, cuerpo={"message": "Invalid app_token specified"})
    errores = io.StringIO()
    with pytest.raises(CommandError, match="La próxima ejecución continúa"):
        call_command("sincronizar_secop", "--contratos", stdout=io.StringIO(), stderr=errores)
    assert "HTTP 403" in errores.getvalue() and "SECOP_APP_TOKEN" in errores.getvalue()


def test_in_the_background_it_runs_as_a_job_and_the_job_page_reports_each_dataset(
    socrata, cabrero, client, secretaria
):
    from trabajos.models import Trabajo

    socrata.cargar(CONTRATOS, [contrato("CO1.PCCNTR.1", documento=cabrero.nit)])
    salida, _errores = _correr("--contratos", "--en-segundo-plano")
    trabajo = Trabajo.objects.get(tipo="contratacion.sincronizar_secop")
    assert f"Trabajo #{trabajo.pk} en la cola" in salida
    assert trabajo.estado == "terminado" and trabajo.parametros["conjuntos"] == ["contratos"]
    assert len(trabajo.resultado["lineas"]) == 1
    assert trabajo.resultado["lineas"][0].startswith("Contratos (API de datos.gov.co)")
    assert Sincronizacion.objects.filter(conjunto="contratos", estado="exitosa").count() == 1


def test_the_secretaria_launches_the_sync_from_the_jobs_page(socrata, client, secretaria):
    from django.urls import reverse

    client.force_login(secretaria)
    assert "Sincronizar con SECOP II" in client.get(reverse("trabajos:lanzar")).content.decode()
    pagina = client.post(
        reverse("trabajos:lanzar"), {"tipo": "contratacion.sincronizar_secop"}, follow=True
    )
    trabajo = pagina.context["trabajo"]
    assert trabajo.estado == "terminado", trabajo.error
    assert "Sincronización con SECOP II terminada." in pagina.content.decode()
    assert "3 de 3 conjuntos de datos" in pagina.content.decode()
