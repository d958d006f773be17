"""The source's traps, row by row: NIT variants, «No Definido», dates, amounts, links."""

import datetime
from decimal import Decimal

import pytest

from contratacion import normalizacion as n

from . import filas


@pytest.mark.parametrize(
    "escrito",
    [
        "900123456",
        "9001234568",  # with its check digit glued on
        "900123456-8",
        "900.123.456-8",
        "900.123.456",
        "900 123 456",
        " 900123456 - 8 ",
        "NIT 900.123.456-8",
        900123456,
        9001234568,
    ],
)
def test_nit_written_any_way_gives_its_nine_digits(escrito):
    assert n.nit9(escrito) == "900123456"


@pytest.mark.parametrize(
    "escrito", [None, "", "No Definido", "NO DEFINIDO", "No Defenido", "n/a", "abc", "12345"]
)
def test_no_nit_is_null(escrito):
    assert n.nit9(escrito) is None


def test_ten_digits_whose_last_is_not_the_check_digit_is_a_cedula_not_a_nit():
    assert n.digito_verificacion("104799911") != 0
    assert n.nit9("1047999110") is None


def test_no_definido_is_null_or_empty_text():
    assert n.es_nulo("No Definido") and n.es_nulo("  no  definido ") and n.es_nulo("")
    assert n.texto("No Definido") == ""
    assert not n.es_nulo("Cartagena")


@pytest.mark.parametrize(
    ("escrito", "esperado"),
    [
        ("2024-03-01T10:15:00.000", datetime.datetime(2024, 3, 1, 10, 15)),
        ("2024-03-01", datetime.datetime(2024, 3, 1)),
        ("03/01/2024 10:15:00 AM", datetime.datetime(2024, 3, 1, 10, 15)),  # datos.gov.co CSV
        ("12/27/2022 05:12:41 PM", datetime.datetime(2022, 12, 27, 17, 12, 41)),
        ("12/31/2023 12:00:00 AM", datetime.datetime(2023, 12, 31, 0, 0)),
        ("27/12/2022", datetime.datetime(2022, 12, 27)),  # Excel in Colombia, day first
        ("05/06/2023", datetime.datetime(2023, 6, 5)),
        (datetime.date(2023, 6, 5), datetime.datetime(2023, 6, 5)),
    ],
)
def test_dates_in_every_shape_the_source_and_excel_write(escrito, esperado):
    assert n.fecha_hora(escrito) == esperado


@pytest.mark.parametrize("escrito", ["5025-01-31T00:00:00.000", "1900-01-01", "50250-01-01"])
def test_dates_out_of_range_are_refused_as_out_of_range(escrito):
    with pytest.raises(n.FechaFueraDeRango):
        n.fecha_hora(escrito)


@pytest.mark.parametrize("escrito", ["mañana", "2023-02-31", "31/31/2023"])
def test_what_is_not_a_date_is_unreadable(escrito):
    with pytest.raises(n.ValorIlegible):
        n.fecha_hora(escrito)


@pytest.mark.parametrize(
    ("escrito", "esperado"),
    [
        ("45000000", Decimal("45000000")),
        ("45000000.5", Decimal("45000000.50")),
        ("1.234", Decimal("1.23")),  # Socrata never groups: a lone dot is decimal
        ("45,000,000.00", Decimal("45000000")),
        ("45.000.000", Decimal("45000000")),
        ("45.000.000,75", Decimal("45000000.75")),
        ("$ 1.500.000", Decimal("1500000")),
        (38500000, Decimal("38500000")),
        ("No Definido", None),
        (None, None),
    ],
)
def test_amounts_become_decimals_in_pesos(escrito, esperado):
    assert n.decimal(escrito) == esperado


def test_from_a_spreadsheet_a_dot_before_three_digits_is_colombian_thousands():
    assert n.decimal("45.000", de_hoja=True) == Decimal("45000")
    assert n.decimal("45000000.5", de_hoja=True) == Decimal("45000000.50")


def test_an_amount_that_is_not_a_number_is_unreadable():
    with pytest.raises(n.ValorIlegible):
        n.decimal("cuarenta millones")


def test_the_link_comes_as_an_object_from_the_api_and_as_text_from_a_csv():
    url = "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=X"
    assert n.enlace({"url": url}) == url
    assert n.enlace(url) == url
    assert n.enlace("No Definido") == ""
    assert n.enlace("javascript:alert(1)") == ""


def test_unspsc_code_and_family():
    assert n.unspsc("V1.72101500") == "72101500"
    assert n.unspsc(None) == ""


def test_a_contract_with_omitted_fields_reads_them_as_null():
    fila = filas.contrato("CO1.PCCNTR.1", documento="900123456")
    for campo in ("valor_pagado", "fecha_de_inicio_del_contrato", "urlproceso", "estado_contrato"):
        del fila[campo]
    resultado = n.normalizar_contrato(fila)
    assert resultado.datos["valor_pagado"] is None
    assert resultado.datos["fecha_inicio"] is None
    assert resultado.datos["url"] == ""
    assert resultado.datos["estado"] == ""
    assert not resultado.datos["fechas_anomalas"]


def test_a_contract_ending_before_it_starts_is_flagged_and_keeps_both_dates():
    fila = filas.contrato(
        "CO1.PCCNTR.2",
        documento="900123456",
        fecha_de_inicio_del_contrato="2024-05-01T00:00:00.000",
        fecha_de_fin_del_contrato="2024-04-01T00:00:00.000",
    )
    datos = n.normalizar_contrato(fila).datos
    assert datos["fechas_anomalas"]
    assert "anterior a la de inicio" in datos["motivo_fechas"]
    assert datos["fecha_inicio"] == datetime.date(2024, 5, 1)
    assert datos["fecha_fin"] == datetime.date(2024, 4, 1)


def test_a_contract_ending_in_5025_is_flagged_with_a_null_end():
    fila = filas.contrato(
        "CO1.PCCNTR.3", documento="900123456", fecha_de_fin_del_contrato="5025-01-31T00:00:00.000"
    )
    datos = n.normalizar_contrato(fila).datos
    assert datos["fechas_anomalas"] and datos["fecha_fin"] is None
    assert "5025-01-31" in datos["motivo_fechas"]


def test_only_a_nit_type_supplier_is_matched_or_named():
    fila = filas.contrato(
        "CO1.PCCNTR.4",
        documento="1047999110",
        tipodocproveedor="Cédula de Ciudadanía",
        nombre="MARIELA SECRETA DEL PRUEBA",
    )
    resultado = n.normalizar_contrato(fila)
    assert resultado.nit_proveedor is None and resultado.datos["nit_proveedor"] is None
    assert resultado.nombre_proveedor == ""


def test_a_process_without_awarded_supplier_says_no_definido():
    resultado = n.normalizar_proceso(filas.proceso("CO1.REQ.1"))
    assert resultado.nit_proveedor is None
    assert resultado.datos["familia_unspsc"] == "7011"


@pytest.mark.parametrize(
    ("nombre", "clave"),
    [
        ("JUNTA DE ACCION COMUNAL DEL BARRIO EL CABRERO", "cabrero"),
        ("Junta de Acción Comunal El Cabrero", "cabrero"),
        ("J.A.C. BARRIO OLAYA HERRERA", "olaya herrera"),
        ("JAC OLAYA HERRERA", "olaya herrera"),
        ("JUNTA DE VIVIENDA COMUNITARIA LOS ALPES", "alpes"),
        ("CONSTRUCTORA EL CABRERO SAS", None),
        ("JUNTA DE ACCION COMUNAL", None),
    ],
)
def test_the_distinctive_part_of_a_juntas_name(nombre, clave):
    assert n.clave_de_junta(nombre) == clave
