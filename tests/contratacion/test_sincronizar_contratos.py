"""The contracts sync against the fake datos.gov.co: one test per trap of the source."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone

from contratacion import services
from contratacion.models import CandidatoPorNombre, Contrato, Sincronizacion
from contratacion.socrata import ClienteSocrata
from tests.factories import OrganizacionFactory

from . import filas
from .filas import CONTRATOS, contrato, nueve

pytestmark = pytest.mark.django_db

CAMPOS_DE_DATOS = ["id_contrato", *services.CAMPOS_DE_CONTRATO, "fuente", "actualizado"]


def guardados():
    return {c["id_contrato"]: c for c in Contrato.objects.values(*CAMPOS_DE_DATOS).order_by("pk")}


def test_contracts_of_the_registry_are_kept_by_nit_and_other_suppliers_are_not(
    socrata, cabrero, olaya
):
    socrata.cargar(
        CONTRATOS,
        [
            contrato("CO1.PCCNTR.101", documento=nueve(cabrero.nit)),
            contrato("CO1.PCCNTR.102", documento=cabrero.nit.replace("-", "")),  # with its DV
            contrato("CO1.PCCNTR.103", documento=olaya.nit),  # «900000002-1»
            contrato("CO1.PCCNTR.104", documento="800111222", nombre="CONSTRUCTORA SAS"),
            contrato(
                "CO1.PCCNTR.105",
                documento=nueve(cabrero.nit),
                tipodocproveedor="Cédula de Ciudadanía",  # a person's number that looks alike
            ),
        ],
        filas.COLUMNAS_CONTRATOS,
    )

    corrida = services.sincronizar_contratos()

    assert corrida.estado == Sincronizacion.Estado.EXITOSA, corrida.error
    # The source is asked for NIT-type suppliers only: the cédula row never arrives.
    assert (corrida.filas_leidas, corrida.creadas, corrida.ajenas) == (4, 3, 1)
    contratos = {c.id_contrato: c for c in Contrato.objects.all()}
    assert set(contratos) == {"CO1.PCCNTR.101", "CO1.PCCNTR.102", "CO1.PCCNTR.103"}
    primero = contratos["CO1.PCCNTR.101"]
    assert primero.organizacion == cabrero
    assert primero.coincidencia == Contrato.Coincidencia.NIT
    assert primero.nit_proveedor == nueve(cabrero.nit)
    assert primero.valor == Decimal("45000000") and primero.valor_pagado == Decimal("15000000")
    assert primero.fecha_firma == filas.FIRMA
    assert primero.fecha_fin == filas.FIN
    assert primero.nit_entidad == filas.NIT_ALCALDIA
    assert primero.url.startswith("https://community.secop.gov.co/")
    assert primero.justificacion_modalidad == "Law2166of2021_Article95_SolidarityAgreements"
    assert primero.sincronizacion == corrida
    assert contratos["CO1.PCCNTR.103"].organizacion == olaya


def test_every_page_asks_for_a_total_order_a_limit_an_offset_and_only_the_kept_fields(
    socrata, cabrero
):
    socrata.cargar(
        CONTRATOS,
        [contrato(f"CO1.PCCNTR.{n}", documento=cabrero.nit) for n in range(200, 208)],
        filas.COLUMNAS_CONTRATOS,
    )

    services.sincronizar_contratos()

    paginas = [p["parametros"] for p in socrata.peticiones]
    assert [p["$offset"] for p in paginas] == ["0", "3", "6"]  # 8 rows, pages of 3
    assert all(p["$order"] == "id_contrato,:id" and p["$limit"] == "3" for p in paginas)
    assert paginas[0]["$where"] == (
        "fecha_de_firma >= '2021-01-01T00:00:00' AND tipodocproveedor = 'NIT'"
    )
    assert paginas[0]["$select"].split(",") == list(services.CAMPOS_CONTRATOS)
    assert Contrato.objects.count() == 8


def test_paging_without_order_skips_rows_so_the_client_refuses_it(socrata):
    socrata.cargar(CONTRATOS, [contrato(f"C-{n}", documento="1") for n in range(30)])
    cliente = ClienteSocrata()
    vistas = set()
    for desplazamiento in range(0, 30, 10):
        pagina = cliente.consultar(CONTRATOS, {"$limit": 10, "$offset": desplazamiento})
        vistas |= {f["id_contrato"] for f in pagina}
    assert len(vistas) < 30  # the trap, as the fake (like Socrata) gives no order
    with pytest.raises(ValueError):
        next(cliente.paginas(CONTRATOS, order="", tamano=10))


def test_a_second_run_changes_nothing_and_says_so(socrata, cabrero):
    socrata.cargar(
        CONTRATOS,
        [contrato(f"CO1.PCCNTR.{n}", documento=cabrero.nit) for n in range(300, 307)],
        filas.COLUMNAS_CONTRATOS,
    )
    services.sincronizar_contratos()
    antes = guardados()

    segunda = services.sincronizar_contratos()

    assert (segunda.creadas, segunda.actualizadas, segunda.sin_cambios) == (0, 0, 7)
    assert guardados() == antes
    assert set(Contrato.objects.values_list("sincronizacion", flat=True)) == {segunda.pk}
    assert "0 nuevas, 0 actualizadas, 7 sin cambios" in segunda.resumen()


def test_each_run_rereads_thirty_days_before_the_last_successful_one(socrata, cabrero):
    primera = services.sincronizar_contratos()
    Sincronizacion.objects.filter(pk=primera.pk).update(
        iniciada=timezone.make_aware(datetime.datetime(2024, 5, 20, 3, 0))
    )
    fallida = Sincronizacion.objects.create(
        conjunto="contratos", fuente="api", estado="fallida", error="x"
    )  # failed before saving anything: nothing to resume, the window still counts from success

    segunda = services.sincronizar_contratos()

    assert segunda.desde == datetime.date(2024, 4, 20) and segunda.reanuda is None
    assert socrata.parametros()["$where"].startswith("fecha_de_firma >= '2024-04-20T00:00:00'")
    assert fallida.pk


def test_desde_overrides_the_window(socrata):
    corrida = services.sincronizar_contratos(desde=datetime.date(2023, 1, 15))
    assert corrida.desde == datetime.date(2023, 1, 15)
    assert socrata.parametros()["$where"].startswith("fecha_de_firma >= '2023-01-15T00:00:00'")


def test_duplicates_within_and_across_pages_keep_the_last_row_and_are_counted(socrata, cabrero):
    # Pages of 3 in (id_contrato, :id) order: A, B, C(1) | C(2), D — the two C straddle pages.
    socrata.cargar(
        CONTRATOS,
        [
            contrato("CO1.PCCNTR.A", documento=cabrero.nit),
            contrato("CO1.PCCNTR.C", documento=cabrero.nit, estado_contrato="En ejecución"),
            contrato("CO1.PCCNTR.B", documento=cabrero.nit),
            contrato("CO1.PCCNTR.D", documento=cabrero.nit, estado_contrato="Borrador"),
            contrato("CO1.PCCNTR.C", documento=cabrero.nit, estado_contrato="terminado"),
            contrato("CO1.PCCNTR.D", documento=cabrero.nit, estado_contrato="Cerrado"),
        ],
        filas.COLUMNAS_CONTRATOS,
    )

    primera = services.sincronizar_contratos()
    segunda = services.sincronizar_contratos()

    assert Contrato.objects.get(id_contrato="CO1.PCCNTR.C").estado == "terminado"
    assert Contrato.objects.get(id_contrato="CO1.PCCNTR.D").estado == "Cerrado"
    assert (primera.filas_leidas, primera.creadas, primera.duplicadas) == (6, 4, 2)
    assert (segunda.creadas, segunda.actualizadas, segunda.sin_cambios) == (0, 0, 4)
    assert segunda.duplicadas == 2


def test_a_change_is_found_although_ultima_actualizacion_is_empty(socrata, cabrero):
    fila = contrato("CO1.PCCNTR.400", documento=cabrero.nit)
    assert "ultima_actualizacion" not in fila
    socrata.cargar(CONTRATOS, [fila], filas.COLUMNAS_CONTRATOS)
    services.sincronizar_contratos()

    socrata.cargar(
        CONTRATOS,
        [{**fila, "estado_contrato": "terminado", "valor_pagado": "45000000"}],
        filas.COLUMNAS_CONTRATOS,
    )
    segunda = services.sincronizar_contratos()

    assert (segunda.actualizadas, segunda.sin_cambios) == (1, 0)
    guardado = Contrato.objects.get()
    assert guardado.estado == "terminado" and guardado.valor_pagado == Decimal("45000000")


def test_omitted_fields_and_no_definido_are_null(socrata, cabrero):
    fila = contrato(
        "CO1.PCCNTR.500",
        documento=cabrero.nit,
        nit_entidad="No Definido",
        estado_contrato="No Definido",
        valor_pagado=None,  # omitted, as Socrata does with nulls
        urlproceso=None,
        fecha_de_inicio_del_contrato=None,
    )
    socrata.cargar(CONTRATOS, [fila], filas.COLUMNAS_CONTRATOS)

    services.sincronizar_contratos()

    guardado = Contrato.objects.get()
    assert guardado.nit_entidad is None and guardado.estado == ""
    assert guardado.valor_pagado is None and guardado.url == "" and guardado.fecha_inicio is None
    assert not guardado.fechas_anomalas


def test_dates_out_of_range_are_flagged_not_crashed_on(socrata, cabrero):
    socrata.cargar(
        CONTRATOS,
        [
            contrato(
                "CO1.PCCNTR.601",
                documento=cabrero.nit,
                fecha_de_fin_del_contrato="5025-01-31T00:00:00.000",
            ),
            contrato(
                "CO1.PCCNTR.602",
                documento=cabrero.nit,
                fecha_de_inicio_del_contrato=filas.marca(filas.FIN),
                fecha_de_fin_del_contrato=filas.marca(filas.INICIO),
            ),
            contrato("CO1.PCCNTR.603", documento=cabrero.nit, fecha_de_inicio_del_contrato="x"),
        ],
        filas.COLUMNAS_CONTRATOS,
    )

    corrida = services.sincronizar_contratos()

    assert corrida.estado == "exitosa" and corrida.con_fechas_anomalas == 3
    anio_5025, al_reves, ilegible = Contrato.objects.order_by("id_contrato")
    assert anio_5025.fecha_fin is None and "5025-01-31" in anio_5025.motivo_fechas
    assert al_reves.fechas_anomalas and al_reves.fecha_fin == filas.INICIO
    assert ilegible.fecha_inicio is None and "no es una fecha" in ilegible.motivo_fechas


def test_a_503_is_retried_with_growing_waits_and_the_run_succeeds(socrata, cabrero):
    socrata.cargar(CONTRATOS, [contrato("CO1.PCCNTR.700", documento=cabrero.nit)])
    socrata.fallar(503, veces=3)
    esperas = []

    corrida = services.sincronizar_contratos(cliente=ClienteSocrata(dormir=esperas.append))

    assert corrida.estado == "exitosa" and Contrato.objects.count() == 1
    assert esperas == [0.001, 0.002, 0.004]  # doubling, within SECOP_ESPERA_MAXIMA
    assert len(socrata.peticiones) == 4


def test_retries_are_bounded_and_the_run_fails_with_a_spanish_reason(socrata, settings):
    settings.SECOP_ESPERA_MAXIMA = 0.002
    socrata.fallar(502, veces=10)
    esperas = []

    corrida = services.sincronizar_contratos(cliente=ClienteSocrata(dormir=esperas.append))

    assert corrida.estado == "fallida"
    assert esperas == [0.001, 0.002, 0.002]
    assert len(socrata.peticiones) == 4  # the first try and SECOP_REINTENTOS=3 retries
    assert "no respondió bien después de 4 intentos (HTTP 502)" in corrida.error


def test_a_rate_limit_429_waits_as_told_within_the_bound(socrata):
    socrata.fallar(429, cabeceras={"Retry-After": "0.003"})
    esperas = []
    services.sincronizar_contratos(cliente=ClienteSocrata(dormir=esperas.append))
    assert esperas == [0.003]


def test_a_timeout_and_a_dropped_connection_are_retried(socrata, settings, cabrero):
    settings.SECOP_TIEMPO_LIMITE = 0.3
    socrata.cargar(CONTRATOS, [contrato("CO1.PCCNTR.710", documento=cabrero.nit)])
    socrata.fallar(("demora", 1.0))
    socrata.fallar("cortar")

    corrida = services.sincronizar_contratos()

    assert corrida.estado == "exitosa", corrida.error
    assert Contrato.objects.count() == 1 and len(socrata.peticiones) == 3


def test_a_400_is_not_retried_and_the_report_says_why_in_spanish(socrata):
    socrata.fallar(
        400, cuerpo={"code": "query.soql.no-such-column", "message": "No such column: fecha"}
    )

    corrida = services.sincronizar_contratos()

    assert corrida.estado == "fallida" and len(socrata.peticiones) == 1
    assert "rechazó la consulta (HTTP 400): No such column: fecha" in corrida.error
    assert "no se reintenta" in corrida.error
    assert "Error:" in corrida.resumen()


def test_the_app_token_is_sent_when_configured(socrata, settings):
    services.sincronizar_contratos()
    assert "X-App-Token" not in socrata.peticiones[-1]["cabeceras"]

    settings.SECOP_APP_TOKEN = "token-de-prueba"
    services.sincronizar_contratos()
    assert socrata.peticiones[-1]["cabeceras"]["X-App-Token"] == "token-de-prueba"


def test_a_failed_run_records_where_it_stopped_and_the_next_continues_there(socrata, cabrero):
    socrata.cargar(
        CONTRATOS,
        [contrato(f"CO1.PCCNTR.{n}", documento=cabrero.nit) for n in range(800, 810)],
        filas.COLUMNAS_CONTRATOS,
    )
    socrata.fallar_en(3, 400)  # the third page

    fallida = services.sincronizar_contratos()

    # Pages were full, so page 2's last key (805) waited for page 3: saved up to 804.
    assert fallida.estado == "fallida" and fallida.creadas == 5
    assert fallida.punto_reanudacion == {"clave": "CO1.PCCNTR.804"}
    assert "continúa desde donde quedó" in fallida.resumen()

    reanudada = services.sincronizar_contratos()

    assert reanudada.estado == "exitosa" and reanudada.reanuda == fallida
    assert reanudada.desde == fallida.desde
    assert "id_contrato > 'CO1.PCCNTR.804'" in socrata.parametros()["$where"]
    assert (reanudada.filas_leidas, reanudada.creadas) == (5, 5)
    assert Contrato.objects.count() == 10

    siguiente = services.sincronizar_contratos()
    assert siguiente.reanuda is None and siguiente.sin_cambios == 10
    assert "id_contrato >" not in socrata.parametros()["$where"]


def test_a_run_killed_without_closing_is_closed_and_resumed(socrata, cabrero):
    socrata.cargar(
        CONTRATOS,
        [contrato(f"CO1.PCCNTR.{n}", documento=cabrero.nit) for n in range(900, 905)],
        filas.COLUMNAS_CONTRATOS,
    )
    muerta = Sincronizacion.objects.create(
        conjunto="contratos",
        fuente="api",
        desde=datetime.date(2022, 1, 1),
        punto_reanudacion={"clave": "CO1.PCCNTR.902"},
    )

    corrida = services.sincronizar_contratos()

    muerta.refresh_from_db()
    assert muerta.estado == "fallida" and "Interrumpida" in muerta.error
    assert corrida.reanuda == muerta and corrida.desde == datetime.date(2022, 1, 1)
    assert sorted(Contrato.objects.values_list("id_contrato", flat=True)) == [
        "CO1.PCCNTR.903",
        "CO1.PCCNTR.904",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_one_dataset_never_overlap(socrata):
    tomado, soltar = threading.Event(), threading.Event()

    def otro_proceso():
        with services._candado("contratos"):
            tomado.set()
            soltar.wait(5)
        connections.close_all()

    hilo = threading.Thread(target=otro_proceso)
    hilo.start()
    try:
        assert tomado.wait(5)
        with pytest.raises(services.SincronizacionEnCurso) as error:
            services.sincronizar_contratos()
        assert "en curso" in error.value.mensaje
    finally:
        soltar.set()
        hilo.join()
    assert services.sincronizar_contratos().estado == "exitosa"


# Name candidates ---------------------------------------------------------------------------------


def _contrato_por_nombre(socrata, id_contrato="CO1.PCCNTR.1000", **campos):
    fila = contrato(
        id_contrato,
        documento="901999888",  # a NIT the registry does not have
        nombre="JUNTA DE ACCION COMUNAL DEL BARRIO EL CABRERO",
        **campos,
    )
    socrata.cargar(CONTRATOS, [fila], filas.COLUMNAS_CONTRATOS)
    return fila


def test_a_juntas_name_without_its_nit_is_only_a_candidate_for_staff(socrata, cabrero, olaya):
    _contrato_por_nombre(socrata)

    corrida = services.sincronizar_contratos()

    guardado = Contrato.objects.get()
    assert guardado.organizacion is None
    assert guardado.coincidencia == Contrato.Coincidencia.PENDIENTE
    candidato = CandidatoPorNombre.objects.get()
    assert candidato.organizacion == cabrero and candidato.estado == "pendiente"
    assert candidato.nombre_proveedor == "JUNTA DE ACCION COMUNAL DEL BARRIO EL CABRERO"
    assert candidato.nit_proveedor == "901999888"
    assert corrida.candidatos == 1
    assert candidato.history.get().history_change_reason.startswith("Propuesto")

    segunda = services.sincronizar_contratos()
    assert (segunda.candidatos, segunda.sin_cambios) == (0, 1)
    assert CandidatoPorNombre.objects.count() == 1


def test_confirming_links_the_contract_and_the_sync_keeps_the_decision(
    socrata, cabrero, secretaria
):
    _contrato_por_nombre(socrata)
    services.sincronizar_contratos()
    candidato = CandidatoPorNombre.objects.get()

    services.confirmar_candidato(candidato, usuario=secretaria, nota="Verificado con la Junta")

    candidato.refresh_from_db()
    guardado = Contrato.objects.get()
    assert (guardado.organizacion, guardado.coincidencia) == (cabrero, "nombre")
    assert candidato.estado == "confirmado" and candidato.decidido_por == secretaria
    assert candidato.decidido_en is not None
    ultimo = candidato.history.first()
    assert ultimo.history_user == secretaria and ultimo.estado == "confirmado"

    segunda = services.sincronizar_contratos()
    guardado.refresh_from_db()
    assert guardado.coincidencia == "nombre" and guardado.organizacion == cabrero
    assert (segunda.actualizadas, segunda.candidatos) == (0, 0)
    with pytest.raises(services.DecisionInvalida):
        services.confirmar_candidato(candidato, usuario=secretaria)


def test_a_rejected_candidate_is_not_proposed_again(socrata, cabrero, secretaria):
    _contrato_por_nombre(socrata)
    services.sincronizar_contratos()

    services.rechazar_candidato(CandidatoPorNombre.objects.get(), usuario=secretaria)

    assert Contrato.objects.get().coincidencia == "ninguna"
    segunda = services.sincronizar_contratos()
    assert (segunda.candidatos, segunda.actualizadas) == (0, 0)
    assert CandidatoPorNombre.objects.get().estado == "rechazado"


def test_a_nit_corrected_in_the_registry_links_the_stored_contract(socrata, cabrero):
    _contrato_por_nombre(socrata)
    services.sincronizar_contratos()
    cabrero.nit = filas.nit_con_dv("901999888")
    cabrero.save()
    socrata.cargar(CONTRATOS, [], filas.COLUMNAS_CONTRATOS)  # nothing new in the window

    corrida = services.sincronizar_contratos()

    guardado = Contrato.objects.get()
    assert (guardado.organizacion, guardado.coincidencia) == (cabrero, "nit")
    assert CandidatoPorNombre.objects.get().estado == "descartado"
    assert corrida.actualizadas == 1


def test_a_name_many_juntas_share_proposes_no_candidate(socrata):
    for _vez in range(6):
        OrganizacionFactory(nombre="Junta de Acción Comunal Centro")
    socrata.cargar(
        CONTRATOS,
        [contrato("CO1.PCCNTR.1100", documento="901999888", nombre="JAC BARRIO CENTRO")],
        filas.COLUMNAS_CONTRATOS,
    )

    corrida = services.sincronizar_contratos()

    assert corrida.ajenas == 1 and not Contrato.objects.exists()
