"""The datasets carry legal representatives', supervisors' and spending officers' names and
documents, and bank accounts: none of it is stored anywhere — models, history, the runs'
reports, the command's output or the logs — even when the source ignores `$select`."""

import io
import logging

import pytest
from django.core.management import call_command
from django.db import connection

from contratacion import services
from contratacion.models import CandidatoPorNombre, Contrato, CuentaProveedor, Proceso

from . import filas
from .filas import CONTRATOS, PROCESOS, PROVEEDORES, contrato, nueve, proceso, proveedor
from .test_carga_csv import csv_de

pytestmark = pytest.mark.django_db

PERSONA = "JOSE PERSONA NATURAL"  # a supplier who is a person, with a NIT-type document
CEDULA = "1047999110"


def _todo_lo_guardado():
    """Every row of every table of the database, as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tablas = [fila[0] for fila in cursor.fetchall()]
        for tabla in tablas:
            cursor.execute(f'SELECT t::text FROM "{tabla}" t')  # noqa: S608 (catalogue names)
            for (texto,) in cursor.fetchall():
                yield tabla, texto


def test_no_personal_field_reaches_the_database_the_reports_or_the_logs(
    socrata, cabrero, olaya, secretaria, caplog
):
    socrata.honrar_select = False  # a source that sends every field anyway
    caplog.set_level(logging.DEBUG)
    socrata.cargar(
        CONTRATOS,
        [
            contrato("CO1.PCCNTR.1", documento=cabrero.nit),
            contrato(
                "CO1.PCCNTR.2",
                documento="901999888",
                nombre="JUNTA DE ACCION COMUNAL OLAYA HERRERA",
            ),
            contrato("CO1.PCCNTR.3", documento="79111222", nombre=PERSONA),
            contrato(
                "CO1.PCCNTR.4",
                documento=CEDULA,
                nombre=PERSONA,
                tipodocproveedor="Cédula de Ciudadanía",
            ),
        ],
        filas.COLUMNAS_CONTRATOS,
    )
    socrata.cargar(
        PROCESOS,
        [
            proceso("CO1.REQ.1"),
            proceso(
                "CO1.REQ.2",
                estado_del_procedimiento="Adjudicado",
                nombre_del_proveedor=PERSONA,
                nit_del_proveedor_adjudicado=CEDULA,
            ),
        ],
        filas.COLUMNAS_PROCESOS,
    )
    socrata.cargar(
        PROVEEDORES,
        [proveedor(cabrero.nit), proveedor(nueve(olaya.nit))],
        filas.COLUMNAS_PROVEEDORES,
    )
    salida, errores = io.StringIO(), io.StringIO()

    call_command("sincronizar_secop", stdout=salida, stderr=errores)
    services.confirmar_candidato(CandidatoPorNombre.objects.get(), usuario=secretaria)
    archivo = csv_de(
        [
            contrato("CO1.PCCNTR.5", documento=cabrero.nit),
            contrato("CO1.PCCNTR.6", documento="79111222", nombre=PERSONA),
        ]
    )
    corrida = services.cargar_csv_contratos(archivo, "contratos.csv", usuario=secretaria)

    # It did its work…
    assert Contrato.objects.count() == 3 and Proceso.objects.count() == 2
    assert CuentaProveedor.objects.count() == 2
    assert Proceso.objects.get(id_del_proceso="CO1.REQ.2").organizacion_adjudicada is None
    # …and kept nothing personal.
    centinelas = [*filas.CENTINELAS, PERSONA, CEDULA]
    guardado = list(_todo_lo_guardado())
    assert any("CO1.PCCNTR.1" in texto for tabla, texto in guardado if "contrato" in tabla)
    for valor in centinelas:
        encontrados = [tabla for tabla, texto in guardado if valor in texto]
        assert not encontrados, f"{valor!r} quedó guardado en {encontrados}"
    informes = salida.getvalue() + errores.getvalue() + corrida.resumen() + caplog.text
    for valor in centinelas:
        assert valor not in informes
