"""SECOP II on the public page and in its open data: the funnel and the value contracted in
aggregate (total, by localidad, by route), the «datos de demostración» mark when synthetic rows
are shown, no personal data and no Junta named anywhere, constant queries whatever the size of
the registry, and the cache dropping when a contract arrives."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from contratacion.models import Contrato, Fuente
from tests.contratacion import datos_paginas as d
from tests.factories import DignatarioFactory, OrganizacionFactory

PAGINA = reverse("transparencia:inicio")
JSON = reverse("transparencia:json")
CSV = reverse("transparencia:csv")
CSV_EXCEL = reverse("transparencia:csv_excel")
EMBUDO_CSV = reverse("transparencia:contratacion_csv")
EMBUDO_EXCEL = reverse("transparencia:contratacion_csv_excel")
PUBLICAS = (PAGINA, JSON, CSV, CSV_EXCEL, EMBUDO_CSV, EMBUDO_EXCEL)
D = datetime.date


@pytest.fixture(autouse=True)
def _cache_limpia():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resultados(compromiso, junta, otra_junta):
    """`junta` trained in May 2023 with a convenio solidario after it; `otra_junta` not
    trained, with a supplier account and a mínima-cuantía contract."""
    inscripcion = d.asistencia(junta, d.sesion(D(2023, 5, 5)))
    d.contrato(
        junta,
        D(2023, 9, 1),
        1_234_567,
        objeto="Convenio solidario para el andén de la calle 30",
        justificacion_modalidad="Law2166of2021_Article95_SolidarityAgreements",
    )
    d.contrato(
        otra_junta, D(2023, 10, 1), 9_000_000, modalidad="Mínima cuantía", objeto="Poda del parque"
    )
    d.cuenta(otra_junta)
    return inscripcion


def test_public_page_shows_the_funnel_and_value_contracted(client, resultados):
    html = client.get(PAGINA).content.decode()
    assert "De la formación al contrato" in html
    assert "$ 10.234.567" in html  # 1.234.567 + 9.000.000
    assert "en 2 contratos y convenios" in html
    for etapa in ("Formadas", "Con cuenta de proveedor", "Se presentaron", "Contrataron"):
        assert etapa in html
    assert "Convenio solidario (Ley 2166 art. 95)" in html and "$ 1.234.567" in html
    assert "Mínima cuantía" in html and "$ 9.000.000" in html
    assert "Por localidad" in html
    assert "Datos de demostración." not in html  # real rows only
    assert EMBUDO_CSV in html and EMBUDO_EXCEL in html


def test_open_data_carries_the_funnel_by_localidad_and_route(client, resultados, junta):
    datos = json.loads(client.get(JSON).content)["contratacion"]
    assert datos["datos_de_demostracion"] is False
    assert datos["juntas"] == 2 and datos["contratos"] == 2
    assert float(datos["valor_contratado"]) == 10_234_567
    assert {e["etapa"]: e["juntas"] for e in datos["embudo"]} == {
        "formada": 1, "con_cuenta": 1, "oferto": 2, "contrato": 2,
    }  # fmt: skip
    assert all(e["definicion"] for e in datos["embudo"])
    filas = list(csv.DictReader(io.StringIO(client.get(EMBUDO_CSV).content.decode())))
    total = next(f for f in filas if f["agrupacion"] == "total")
    assert total["juntas"] == "2" and total["contrataron"] == "2"
    assert float(total["valor_contratado"]) == 10_234_567
    localidad = next(f for f in filas if f["agrupacion"] == "localidad")
    assert localidad["nombre"] == junta.localidad.nombre
    ruta = next(f for f in filas if f["nombre"] == "Convenio solidario (Ley 2166 art. 95)")
    assert (ruta["agrupacion"], ruta["contratos"], ruta["contrataron"]) == ("ruta", "1", "1")
    assert float(ruta["valor_contratado"]) == 1_234_567
    excel = client.get(EMBUDO_EXCEL).content
    assert excel.startswith("\ufeff".encode())
    assert excel.decode("utf-8-sig").splitlines()[0].startswith("agrupacion;nombre;juntas;")


def test_public_pages_and_open_data_name_no_person_and_no_junta(
    client, resultados, junta, otra_junta, lider
):
    dignatario = DignatarioFactory(
        organizacion=junta, nombres="Eustaquia", apellidos="Barrios Pautt", documento="73555111",
        telefono="3169990011", correo="eustaquia@example.org",
    )  # fmt: skip
    persona = resultados.persona
    prohibidos = [
        dignatario.nombres, dignatario.apellidos, dignatario.documento, dignatario.telefono,
        dignatario.correo, persona.apellidos, persona.documento, lider.username, lider.email,
        junta.nombre, otra_junta.nombre, junta.nit, otra_junta.nit[:9],
        "Convenio solidario para el andén", "Poda del parque", "CO1.PCCNTR",
    ]  # fmt: skip
    for url in PUBLICAS:
        contenido = client.get(url).content.decode("utf-8-sig")
        for dato in prohibidos:
            if dato:
                assert dato not in contenido, (url, dato)


def test_demo_rows_carry_the_demo_mark(client, compromiso, junta):
    d.contrato(junta, D(2024, 2, 1), 5_000_000, fuente=Fuente.DEMO)
    assert "Datos de demostración." in client.get(PAGINA).content.decode()
    assert json.loads(client.get(JSON).content)["contratacion"]["datos_de_demostracion"] is True


def test_demo_processes_alone_carry_the_mark_too(client, compromiso):
    d.proceso("7011", fuente=Fuente.DEMO)
    assert "Datos de demostración." in client.get(PAGINA).content.decode()


def test_empty_state_in_spanish(client, compromiso):
    html = client.get(PAGINA).content.decode()
    assert "Aún no encontramos contratos ni convenios de Juntas del registro en SECOP II." in html
    assert "$ 0" in html


def _registro(n):
    """n Juntas, a third trained, a fifth with a contract, a tenth with an account."""
    sesion = d.sesion(D(2023, 5, 5))
    for i in range(n):
        junta = OrganizacionFactory()
        if i % 3 == 0:
            d.asistencia(junta, sesion)
        if i % 5 == 0:
            d.contrato(junta, D(2023, 8, 1) + datetime.timedelta(days=i), 1_000_000 + i)
        if i % 10 == 0:
            d.cuenta(junta)


def _consultas_en_frio(client, url, django_assert_max_num_queries, maximo=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    if maximo is None:
        with CaptureQueriesContext(connection) as consultas:
            assert client.get(url).status_code == 200
        return len(consultas)
    with django_assert_max_num_queries(maximo):
        assert client.get(url).status_code == 200
    return maximo


@pytest.mark.parametrize("url", [PAGINA, JSON, EMBUDO_CSV])
def test_constant_queries_at_two_registry_sizes(
    client, compromiso, url, django_assert_max_num_queries
):
    _registro(15)
    pequeno = _consultas_en_frio(client, url, django_assert_max_num_queries)
    _registro(150)
    assert Contrato.objects.count() == 3 + 30
    _consultas_en_frio(client, url, django_assert_max_num_queries, maximo=pequeno)


@pytest.mark.django_db(transaction=True)
def test_a_new_contract_drops_the_cached_public_page(client, compromiso, junta):
    # transaction=True: the change stamp moves on commit, as in production.
    assert "$ 7.777.000" not in client.get(PAGINA).content.decode()
    d.contrato(junta, D(2024, 3, 1), 7_777_000)
    assert "$ 7.777.000" in client.get(PAGINA).content.decode()


@pytest.mark.parametrize("rol", ["anonimo", "lider", "lider_otra", "monitor", "secretaria"])
def test_every_role_gets_the_same_aggregates_and_no_junta_named(
    request, cliente_de, resultados, junta, otra_junta, rol
):
    cliente = cliente_de(None if rol == "anonimo" else request.getfixturevalue(rol))
    for url in PUBLICAS:
        respuesta = cliente.get(url)
        assert respuesta.status_code == 200, (rol, url)
        contenido = respuesta.content.decode("utf-8-sig")
        assert junta.nombre not in contenido and otra_junta.nombre not in contenido, (rol, url)
    html = cliente.get(PAGINA).content.decode()
    assert "$ 10.234.567" in html and "De la formación al contrato" in html
