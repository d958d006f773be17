"""Open processes (the opportunity radar's rows) and supplier accounts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contratacion import services
from contratacion.models import CuentaProveedor, Proceso

from . import filas
from .filas import PROCESOS, PROVEEDORES, nueve, proceso, proveedor

pytestmark = pytest.mark.django_db


def test_minima_cuantia_processes_of_the_citys_entities_are_kept(socrata, cabrero):
    socrata.cargar(
        PROCESOS,
        [
            proceso("CO1.REQ.1"),
            proceso("CO1.REQ.2", ciudad_entidad="Barranquilla"),
            proceso("CO1.REQ.3", modalidad_de_contratacion="Licitación pública"),
            proceso("CO1.REQ.4", fecha_de_recepcion_de=None, precio_base="12.500.000"),
        ],
        filas.COLUMNAS_PROCESOS,
    )

    corrida = services.sincronizar_procesos()

    assert corrida.estado == "exitosa", corrida.error
    assert socrata.parametros()["$where"] == (
        "fecha_de_publicacion_del >= '2021-01-01T00:00:00' AND modalidad_de_contratacion in "
        "('Mínima cuantía') AND ciudad_entidad in ('Cartagena')"
    )
    assert socrata.parametros()["$order"] == "id_del_proceso,:id"
    assert sorted(Proceso.objects.values_list("id_del_proceso", flat=True)) == [
        "CO1.REQ.1",
        "CO1.REQ.4",
    ]
    abierto = Proceso.objects.get(id_del_proceso="CO1.REQ.1")
    assert abierto.id_del_portafolio == "CO1.BDOS.1"  # = contracts' proceso_de_compra
    assert abierto.precio_base == Decimal("38500000")
    assert (abierto.codigo_unspsc, abierto.familia_unspsc) == ("70111700", "7011")
    assert abierto.url.startswith("https://community.secop.gov.co/")
    assert abierto.fecha_publicacion == filas.FIRMA
    limite = timezone.localtime(abierto.fecha_limite)
    assert (limite.date(), limite.hour) == (filas.FIRMA + datetime.timedelta(days=2), 17)
    assert abierto.organizacion_adjudicada is None  # «No Definido»
    sin_plazo = Proceso.objects.get(id_del_proceso="CO1.REQ.4")
    assert sin_plazo.fecha_limite is None and sin_plazo.precio_base == Decimal("12500000")


def test_the_cities_and_modalities_are_configurable(socrata, settings):
    settings.SECOP_CIUDAD = ["Cartagena", "Cartagena de Indias"]
    settings.SECOP_MODALIDADES_PROCESOS = ["Mínima cuantía", "Contratación régimen especial"]
    socrata.cargar(
        PROCESOS,
        [proceso("CO1.REQ.10", ciudad_entidad="Cartagena de Indias")],
        filas.COLUMNAS_PROCESOS,
    )
    services.sincronizar_procesos()
    assert (
        "ciudad_entidad in ('Cartagena', 'Cartagena de Indias')" in (socrata.parametros()["$where"])
    )
    assert Proceso.objects.count() == 1


def test_a_process_awarded_to_a_junta_points_to_it_and_a_rerun_changes_nothing(socrata, cabrero):
    socrata.cargar(
        PROCESOS,
        [
            proceso(
                "CO1.REQ.20",
                estado_del_procedimiento="Adjudicado",
                nit_del_proveedor_adjudicado=cabrero.nit.replace("-", ""),
            ),
            proceso("CO1.REQ.21", fecha_de_recepcion_de="5025-03-12T17:00:00.000"),
        ],
        filas.COLUMNAS_PROCESOS,
    )

    primera = services.sincronizar_procesos()
    segunda = services.sincronizar_procesos()

    assert Proceso.objects.get(id_del_proceso="CO1.REQ.20").organizacion_adjudicada == cabrero
    marcado = Proceso.objects.get(id_del_proceso="CO1.REQ.21")
    assert marcado.fechas_anomalas and marcado.fecha_limite is None
    assert (primera.creadas, primera.con_fechas_anomalas) == (2, 1)
    assert (segunda.creadas, segunda.actualizadas, segunda.sin_cambios) == (0, 0, 2)


def test_a_process_that_closes_is_updated(socrata):
    socrata.cargar(PROCESOS, [proceso("CO1.REQ.30")], filas.COLUMNAS_PROCESOS)
    services.sincronizar_procesos()
    socrata.cargar(
        PROCESOS,
        [proceso("CO1.REQ.30", estado_del_procedimiento="Seleccionado")],
        filas.COLUMNAS_PROCESOS,
    )
    corrida = services.sincronizar_procesos()
    assert corrida.actualizadas == 1
    assert Proceso.objects.get().estado == "Seleccionado"


# Supplier accounts ------------------------------------------------------------------------------


def test_supplier_accounts_are_asked_for_by_nit_in_batches_and_recorded(
    socrata, cabrero, olaya, junta
):
    socrata.cargar(
        PROVEEDORES,
        [
            proveedor(cabrero.nit.replace("-", "")),  # «9000000013»: with its check digit
            proveedor(nueve(olaya.nit), esta_activa="No", fecha_creacion="2019-02-01T00:00:00"),
            proveedor("800999111"),  # someone else
        ],
        filas.COLUMNAS_PROVEEDORES,
    )

    corrida = services.sincronizar_proveedores()

    assert corrida.estado == "exitosa", corrida.error
    # Three Juntas (junta, cabrero, olaya), two per request (SECOP_LOTE_NIT).
    consultas = [p["parametros"]["$where"] for p in socrata.peticiones]
    assert len(consultas) == 2 and all(c.startswith("nit in (") for c in consultas)
    nit = nueve(cabrero.nit)
    assert f"'{nit}', '{cabrero.nit.replace('-', '')}', '{cabrero.nit}'" in " ".join(consultas)
    cuentas = {c.organizacion: c for c in CuentaProveedor.objects.all()}
    assert set(cuentas) == {cabrero, olaya}
    assert cuentas[cabrero].nit == nit and cuentas[cabrero].activa is True
    assert cuentas[cabrero].fecha_creacion == datetime.date(2023, 6, 15)
    assert cuentas[olaya].activa is False
    assert (corrida.creadas, corrida.filas_leidas) == (2, 2)


def test_a_daily_run_only_asks_for_juntas_without_an_account(socrata, cabrero, olaya):
    socrata.cargar(PROVEEDORES, [proveedor(cabrero.nit)], filas.COLUMNAS_PROVEEDORES)
    services.sincronizar_proveedores()
    socrata.peticiones.clear()

    segunda = services.sincronizar_proveedores()

    assert len(socrata.peticiones) == 1
    assert nueve(cabrero.nit) not in socrata.parametros()["$where"]
    assert (segunda.creadas, segunda.actualizadas) == (0, 0)

    todas = services.sincronizar_proveedores(solo_sin_cuenta=False)
    assert (todas.creadas, todas.actualizadas, todas.sin_cambios) == (0, 0, 1)


def test_a_failed_supplier_run_continues_after_the_last_batch_saved(socrata, cabrero, olaya, junta):
    socrata.cargar(
        PROVEEDORES,
        [proveedor(o.nit) for o in (cabrero, olaya, junta)],
        filas.COLUMNAS_PROVEEDORES,
    )
    socrata.fallar_en(2, 400)

    fallida = services.sincronizar_proveedores()

    assert fallida.estado == "fallida" and fallida.creadas == 2
    ultimo = fallida.punto_reanudacion["clave"]
    reanudada = services.sincronizar_proveedores()
    assert reanudada.reanuda == fallida and reanudada.creadas == 1
    assert all(ultimo not in p["parametros"]["$where"] for p in socrata.peticiones[-1:])
    assert CuentaProveedor.objects.count() == 3


def test_rows_in_hand_like_the_demos_go_through_the_same_rules(cabrero, settings):
    from contratacion.models import Contrato, Fuente

    demo = Fuente.DEMO
    contratos = services.cargar_filas(
        "contratos",
        [
            filas.contrato("DEMO.PCCNTR.1", documento=cabrero.nit),
            filas.contrato("DEMO.PCCNTR.2", documento="800111222", nombre="OTRA SAS"),
        ],
        fuente=demo,
    )
    procesos = services.cargar_filas("procesos", [proceso("DEMO.REQ.1")], fuente=demo)
    cuentas = services.cargar_filas("proveedores", [proveedor(cabrero.nit)], fuente=demo)

    assert (contratos.creadas, contratos.ajenas, procesos.creadas, cuentas.creadas) == (1, 1, 1, 1)
    assert Contrato.objects.get().fuente == "demo" and Proceso.objects.get().fuente == "demo"
    assert "Datos sintéticos de demostración" in contratos.resumen()
    # Demo runs are not syncs: the next API run's window is still the first one's.
    inicial = datetime.date.fromisoformat(settings.SECOP_DESDE_INICIAL)
    assert services.inicio_de_ventana("contratos") == inicial
