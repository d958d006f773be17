"""The public page and its open data: verified levels only, public evidence only, no personal
data anywhere, cached with a few queries when warm, invalidated when the data behind it changes,
and constant queries on /tablero/ and /transparencia/ whatever the number of Juntas."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hitos import services
from hitos.models import Evidencia
from tests.factories import DignatarioFactory, OrganizacionFactory

PAGINA = reverse("transparencia:inicio")
JSON = reverse("transparencia:json")
CSV = reverse("transparencia:csv")


@pytest.fixture(autouse=True)
def _cache_limpia():
    cache.clear()
    yield
    cache.clear()


def _consultas(client, url, frio=True):
    if frio:
        cache.clear()  # the cold page: everything computed
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(url).status_code == 200
    return len(consultas)


@pytest.mark.django_db
def test_public_pages_show_no_personal_data(client, compromiso, junta, secretaria):
    dignatario = DignatarioFactory(
        organizacion=junta, nombres="Rosalba", apellidos="Zúñiga Herazo", documento="73123987",
        telefono="3157654321", correo="rosalba@example.org",
    )  # fmt: skip
    hito = compromiso.hitos.get(numero=1)
    Evidencia.objects.create(
        hito=hito, titulo="Lista privada de asistentes", fecha=datetime.date(2023, 5, 1),
        enlace="https://interno.example.org/lista", publica=False,
    )  # fmt: skip
    Evidencia.objects.create(
        hito=hito, titulo="Informe público", fecha=datetime.date(2023, 5, 1),
        enlace="https://www.example.org/informe", publica=True,
    )  # fmt: skip
    for url in (PAGINA, JSON, CSV):
        contenido = client.get(url).content.decode()
        for dato in (dignatario.nombres, dignatario.apellidos, dignatario.documento,
                     dignatario.telefono, dignatario.correo, secretaria.username):  # fmt: skip
            assert dato not in contenido, (url, dato)
        assert "Lista privada" not in contenido
    assert "Informe público" in client.get(PAGINA).content.decode()


@pytest.mark.django_db(transaction=True)
def test_only_verified_levels_are_public(client, compromiso, secretaria, monitor):
    """Real commits: the invalidation runs on commit, as in production."""
    hito = compromiso.hitos.get(numero=1)
    propuesta = services.proponer_nivel(
        hito, nivel="completo", avance=100, justificacion="Listo.", usuario=secretaria
    )
    datos = json.loads(client.get(JSON).content)
    primero = datos["hitos"][0]
    assert primero["nivel_verificado"] == "No iniciado"
    assert primero["pendiente_de_verificacion"] is True
    html = client.get(PAGINA).content.decode()
    assert "Completo: pendiente de verificación" in html
    services.verificar(propuesta, usuario=monitor)  # the cached page is invalidated
    primero = json.loads(client.get(JSON).content)["hitos"][0]
    assert primero["nivel_verificado"] == "Completo"
    assert primero["pendiente_de_verificacion"] is False


@pytest.mark.django_db
def test_open_data_carries_every_indicator_and_its_dictionary(client, compromiso):
    datos = json.loads(client.get(JSON).content)
    codigos = {fila["codigo"] for fila in datos["indicadores"]}
    assert codigos == {"juntas_participantes", "sesiones_realizadas", "personas_formadas"}
    assert {d["codigo"] for d in datos["diccionario"]} >= codigos
    assert all(d["calculo"] for d in datos["diccionario"])
    csv = client.get(CSV)
    assert csv["Content-Type"].startswith("text/csv")
    assert not csv.content.startswith(b"\xef\xbb\xbf")  # open data for programs: no BOM
    assert csv.content.decode("utf-8").splitlines()[0].split(",")[:3] == [
        "hito", "hito_titulo", "codigo",
    ]  # fmt: skip
    excel = client.get(reverse("transparencia:csv_excel"))
    assert excel.content.decode("utf-8-sig").splitlines()[0].split(";")[:3] == [
        "hito", "hito_titulo", "codigo",
    ]  # fmt: skip
    assert "Diccionario de datos" in client.get(PAGINA).content.decode()


@pytest.mark.django_db(transaction=True)
def test_warm_cache_costs_a_few_queries_and_changes_invalidate_it(client, compromiso):
    # transaction=True: the invalidation runs on commit, as in production.
    OrganizacionFactory()
    client.get(PAGINA)
    assert _consultas(client, PAGINA, frio=False) <= 3
    assert _consultas(client, JSON, frio=False) <= 3
    antes = json.loads(client.get(JSON).content)["indicadores"][0]["valor"]
    OrganizacionFactory()  # a new participating Junta
    despues = json.loads(client.get(JSON).content)["indicadores"][0]["valor"]
    assert float(despues) == float(antes) + 1


@pytest.mark.django_db
def test_public_evidence_file_is_served_and_private_is_not(client, compromiso):
    hito = compromiso.hitos.get(numero=1)
    archivo = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 prueba")
    publica = Evidencia.objects.create(
        hito=hito, titulo="A", fecha=datetime.date(2023, 1, 1), archivo=archivo, publica=True
    )
    assert client.get(reverse("transparencia:evidencia", args=[publica.pk])).status_code == 200


def _juntas(n):
    for _ in range(n):
        OrganizacionFactory()


@pytest.mark.django_db
def test_constant_queries_on_dashboard_and_public_page_20_vs_400_juntas(
    client, compromiso, monitor
):
    _juntas(20)
    client.force_login(monitor)
    tablero = _consultas(client, reverse("tablero:inicio"))
    hito = _consultas(client, reverse("tablero:hito", args=[1]))
    client.logout()
    cache.clear()
    publica = _consultas(client, PAGINA)
    _juntas(380)
    client.force_login(monitor)
    assert _consultas(client, reverse("tablero:inicio")) == tablero
    assert _consultas(client, reverse("tablero:hito", args=[1])) == hito
    client.logout()
    assert _consultas(client, PAGINA) == publica
    client.force_login(monitor)
    client.get(reverse("tablero:inicio"))
    assert _consultas(client, reverse("tablero:inicio"), frio=False) <= 6  # warm
