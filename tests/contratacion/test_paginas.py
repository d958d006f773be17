"""The contracting pages by role: the leader's /portal/contratacion/ (their own Junta only), the
monitors' and staff's /tablero/contratacion/ and its export (aggregates, no personal data), the
cache that drops when a sync runs, and a constant number of queries."""

import datetime
import io

import openpyxl
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contratacion import services
from contratacion.models import Contrato, Sincronizacion
from nucleo import cache, resumenes
from tests.factories import OrganizacionFactory

from . import datos_paginas as d

PORTAL = "/portal/contratacion/"
TABLERO = "/tablero/contratacion/"
EXPORTAR = "/tablero/contratacion/exportar/"
D = datetime.date


def test_urls_are_the_stable_ones():
    assert reverse("contratacion_portal:inicio") == PORTAL
    assert reverse("contratacion_tablero:tablero") == TABLERO
    assert reverse("contratacion_tablero:exportar") == EXPORTAR


@pytest.mark.django_db
@pytest.mark.parametrize("url", [PORTAL, TABLERO, EXPORTAR])
def test_anonymous_is_sent_to_log_in(client, url):
    respuesta = client.get(url)
    assert respuesta.status_code == 302
    assert respuesta.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("quien", "url", "estado"),
    [
        ("lider", PORTAL, 200),
        ("lider", TABLERO, 403),
        ("lider", EXPORTAR, 403),
        ("monitor", PORTAL, 403),
        ("monitor", TABLERO, 200),
        ("monitor", EXPORTAR, 200),
        ("secretaria", PORTAL, 403),
        ("secretaria", TABLERO, 200),
        ("secretaria", EXPORTAR, 200),
    ],
)
def test_each_role_reaches_only_its_pages(request, cliente_de, quien, url, estado):
    assert cliente_de(request.getfixturevalue(quien)).get(url).status_code == estado


@pytest.fixture
def con_datos(junta, otra_junta):
    d.contrato(
        junta,
        D(2023, 9, 1),
        1_234_567,
        objeto="Convenio solidario para el andén de la calle 30",
        justificacion_modalidad="Law2166of2021_Article95_SolidarityAgreements",
        fecha_inicio=D(2023, 9, 15),
        fecha_fin=D(2023, 12, 15),
    )
    d.contrato(otra_junta, D(2023, 10, 1), 9_000_000, objeto="Obra de la otra Junta")
    d.cuenta(otra_junta)
    d.familia(junta, "7011")
    d.proceso("7011", nombre="Poda de árboles del parque", precio_base=38_500_000)
    d.proceso("8010", nombre="Proceso de otra familia")
    return junta, otra_junta


def test_leader_sees_own_contracts_account_and_radar(cliente_de, lider, con_datos):
    html = cliente_de(lider).get(PORTAL).content.decode()
    assert "Convenio solidario para el andén de la calle 30" in html
    assert "$ 1.234.567" in html
    assert "01/09/2023" in html and "15/12/2023" in html
    assert "Convenio solidario (Ley 2166 art. 95)" in html
    assert "Ver en SECOP II" in html
    assert "No: no encontramos a su Junta entre los proveedores" in html
    assert "Poda de árboles del parque" in html and "$ 38.500.000" in html
    assert "Proceso de otra familia" not in html
    assert "Obra de la otra Junta" not in html


def test_other_leader_sees_only_their_own(cliente_de, lider_otra, con_datos):
    html = cliente_de(lider_otra).get(PORTAL).content.decode()
    assert "Obra de la otra Junta" in html
    assert "Convenio solidario para el andén" not in html
    assert "Sí: su Junta está registrada como proveedor" in html
    assert "Poda de árboles del parque" not in html
    assert "Pida a la Secretaría de Participación que registre" in html


def test_leader_page_empty_states_in_spanish(cliente_de, lider):
    html = cliente_de(lider).get(PORTAL).content.decode()
    assert "Aún no encontramos contratos ni convenios de su Junta" in html
    assert "Pida a la Secretaría de Participación que registre las líneas de trabajo" in html


def test_leader_home_links_to_the_page(cliente_de, lider):
    assert PORTAL in cliente_de(lider).get("/portal/").content.decode()


def test_dashboard_nav_links_to_the_page(cliente_de, monitor):
    assert TABLERO in cliente_de(monitor).get("/tablero/capacitacion/").content.decode()


def test_monitor_dashboard_has_no_personal_data(cliente_de, monitor, junta, con_datos):
    inscripcion = d.asistencia(junta, d.sesion(D(2023, 5, 5)))
    html = cliente_de(monitor).get(TABLERO).content.decode()
    assert "Resultados en contratación" in html
    assert "Lo que esta comparación no prueba." in html
    for personal in (
        junta.nombre,
        junta.nit,
        inscripcion.persona.apellidos,
        inscripcion.persona.documento,
    ):
        assert personal not in html
    assert "$ 10.234.567" in html  # value contracted: 1.234.567 + 9.000.000


def test_dashboard_drops_its_cache_when_a_sync_writes(cliente_de, monitor, junta):
    cliente = cliente_de(monitor)
    assert "$ 0" in cliente.get(TABLERO).content.decode()
    # A sync writes in bulk (no signals) and moves the stamp at the end of the run.
    Contrato.objects.bulk_create(
        [Contrato(id_contrato="X-1", organizacion=junta, coincidencia="nit", valor=2_500_000)]
    )
    assert "$ 2.500.000" not in cliente.get(TABLERO).content.decode()
    cache.marcar("seguimiento")
    assert "$ 2.500.000" in cliente.get(TABLERO).content.decode()


def test_sync_run_moves_the_stamp(db, django_capture_on_commit_callbacks):
    antes = cache.marca("seguimiento")
    corrida = Sincronizacion.objects.create(conjunto="contratos", fuente="csv")
    with django_capture_on_commit_callbacks(execute=True):
        services._cerrar(corrida, Sincronizacion.Estado.EXITOSA)
    assert cache.marca("seguimiento") != antes


@pytest.mark.parametrize("tabla", ["embudo", "rutas", "comparacion"])
def test_export_xlsx_opens_without_personal_data(cliente_de, monitor, junta, con_datos, tabla):
    d.asistencia(junta, d.sesion(D(2023, 5, 5)))
    respuesta = cliente_de(monitor).get(EXPORTAR, {"tabla": tabla, "formato": "xlsx"})
    assert respuesta.status_code == 200
    assert f"contratacion-{tabla}.xlsx" in respuesta["Content-Disposition"]
    libro = openpyxl.load_workbook(io.BytesIO(respuesta.content))
    celdas = [
        str(c.value) for fila in libro.active.iter_rows() for c in fila if c.value is not None
    ]
    assert celdas
    assert not any(junta.nombre in c or junta.nit in c for c in celdas)


def test_export_csv_is_for_excel_es_co(cliente_de, secretaria, con_datos):
    respuesta = cliente_de(secretaria).get(EXPORTAR, {"tabla": "embudo", "formato": "csv"})
    contenido = respuesta.content
    assert contenido.startswith("\ufeff".encode())
    lineas = contenido.decode("utf-8-sig").split("\r\n")
    assert lineas[0].startswith("Agrupación;Nombre;Juntas;Formadas;")
    assert "Total;Todas las Juntas;2;0;1;2;2;10234567" in lineas


def test_export_csv_for_programs(cliente_de, secretaria, con_datos):
    respuesta = cliente_de(secretaria).get(
        EXPORTAR, {"tabla": "rutas", "formato": "csv", "separador": "coma"}
    )
    lineas = respuesta.content.decode().split("\r\n")
    assert "Convenio solidario (Ley 2166 art. 95),1,1,1234567" in lineas


def test_export_comparison_uses_decimal_comma(cliente_de, monitor, db):
    juntas = [OrganizacionFactory() for _ in range(3)]
    d.asistencia(juntas[0], d.sesion(D(2023, 5, 5)))
    d.asistencia(juntas[1], d.sesion(D(2023, 5, 5)))
    d.asistencia(juntas[2], d.sesion(D(2023, 5, 5)))
    d.contrato(juntas[0], D(2023, 8, 1))
    respuesta = cliente_de(monitor).get(EXPORTAR, {"tabla": "comparacion", "formato": "csv"})
    lineas = respuesta.content.decode("utf-8-sig").split("\r\n")
    assert "Formadas;3;0;0;1;33,3;33,3" in lineas


@pytest.mark.django_db
def test_export_refuses_unknown_format(cliente_de, monitor):
    assert cliente_de(monitor).get(EXPORTAR, {"formato": "pdf"}).status_code == 404
    assert cliente_de(monitor).get(EXPORTAR, {"tabla": "personas"}).status_code == 404


def _poblar(n):
    for _ in range(n):
        junta = OrganizacionFactory()
        d.cuenta(junta)
        d.contrato(junta, D(2023, 8, 1))
        d.asistencia(junta, d.sesion(D(2023, 5, 5)))
        d.familia(junta, "7011")


def _consultas(cliente, url):
    """Queries of a page computed afresh (the first visit also sets the CSRF cookie, which
    the page cache needs: a warm-up visit first)."""
    cliente.get(url)
    for alias in caches:
        caches[alias].clear()
    with CaptureQueriesContext(connection) as consultas:
        assert cliente.get(url).status_code == 200
    return len(consultas)


@pytest.mark.parametrize("url", [TABLERO, EXPORTAR + "?tabla=embudo&formato=csv"])
def test_dashboard_queries_do_not_grow_with_juntas(cliente_de, monitor, url):
    cliente = cliente_de(monitor)
    _poblar(3)
    pocas = _consultas(cliente, url)
    _poblar(27)
    assert _consultas(cliente, url) == pocas


def test_dashboard_query_bound(
    cliente_de, monitor, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # Committed, as real writes are: the summary buckets are stored, none pending.
    with django_capture_on_commit_callbacks(execute=True):
        _poblar(3)
    resumenes.reconstruir()
    cliente = cliente_de(monitor)
    with django_assert_max_num_queries(12):
        cliente.get(TABLERO)


def test_leader_page_queries_do_not_grow_with_contracts(
    cliente_de, lider, junta, django_assert_max_num_queries
):
    cliente = cliente_de(lider)
    d.familia(junta, "7011")
    for _ in range(3):
        d.contrato(junta, D(2023, 8, 1))
        d.proceso("7011")
    pocas = _consultas(cliente, PORTAL)
    for _ in range(27):
        d.contrato(junta, D(2023, 8, 1))
        d.proceso("7011")
    assert _consultas(cliente, PORTAL) == pocas
    with django_assert_max_num_queries(pocas):
        cliente.get(PORTAL)
