"""Readiness per contracting route: weights per route, expired documents, the route a Junta
pursues, the leader's page and the staff's and monitors' aggregate, with constant queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contratacion.selectors import Ruta as RutaContrato
from juntas import selectors
from juntas.models import Organizacion, PesoRequisitoRuta, Requisito, Ruta
from tests.factories import OrganizacionFactory
from tests.rutas.utiles import cumplir, cumplir_ruta

pytestmark = pytest.mark.django_db

AYER = timezone.localdate() - datetime.timedelta(days=1)


def test_each_route_adds_up_to_100_and_reuses_the_contract_routes():
    for ruta in Ruta:
        total = sum(
            PesoRequisitoRuta.objects.filter(ruta=ruta, requisito__activo=True).values_list(
                "peso", flat=True
            )
        )
        assert total == 100, ruta
    assert [*Ruta.values, RutaContrato.OTRA] == RutaContrato.ORDEN
    assert RutaContrato.NOMBRES[RutaContrato.CONVENIO_SOLIDARIO] == Ruta.CONVENIO_SOLIDARIO.label


def test_community_labour_counts_for_art_95_only(junta):
    cumplir(junta, "compromiso-mano-obra")
    indices = selectors.indices_por_ruta([junta])[junta.pk]
    assert indices[Ruta.CONVENIO_SOLIDARIO] == Decimal("10.00")
    assert indices[Ruta.DESARROLLO] == indices[Ruta.MINIMA_CUANTIA] == Decimal(0)


def test_supplier_account_weighs_most_in_minima_cuantia(junta):
    cumplir(junta, "secop-ii")
    indices = selectors.indices_por_ruta(Organizacion.objects.filter(pk=junta.pk))[junta.pk]
    assert indices[Ruta.MINIMA_CUANTIA] == Decimal("15.00")
    assert indices[Ruta.CONVENIO_SOLIDARIO] == Decimal("5.00")


def test_new_route_requirements_leave_the_general_index_alone(junta):
    for requisito in Requisito.objects.filter(peso__gt=0):
        cumplir(junta, requisito.codigo)
    junta.refresh_from_db()
    assert junta.indice_preparacion() == Decimal("100.00")
    assert junta.puntaje == Requisito.peso_total()
    # The route-only requirements are still missing for the routes.
    indices = selectors.indices_por_ruta([junta])[junta.pk]
    assert indices[Ruta.CONVENIO_SOLIDARIO] < 100


def test_expired_document_does_not_count(junta):
    cumplir(junta, "secop-ii", vence=AYER)
    assert selectors.indices_por_ruta([junta])[junta.pk][Ruta.MINIMA_CUANTIA] == 0
    preparacion = {p.ruta: p for p in selectors.preparacion_por_ruta(junta)}
    fila = next(
        f for f in preparacion[Ruta.MINIMA_CUANTIA].faltantes if f.requisito.codigo == "secop-ii"
    )
    assert fila.situacion == "vencido"


def test_a_route_fully_met_is_100_and_lists_nothing_missing(junta):
    cumplir_ruta(junta, Ruta.MINIMA_CUANTIA)
    preparacion = {p.ruta: p for p in selectors.preparacion_por_ruta(junta)}
    assert preparacion[Ruta.MINIMA_CUANTIA].indice == 100
    assert preparacion[Ruta.MINIMA_CUANTIA].lista
    assert not preparacion[Ruta.CONVENIO_SOLIDARIO].lista


def test_route_not_pursued_keeps_the_general_index(junta):
    cumplir(junta, "compromiso-mano-obra")
    assert junta.ruta == ""
    assert selectors.indice_principal(junta) == junta.indice_preparacion() == 0
    junta.ruta = Ruta.CONVENIO_SOLIDARIO
    junta.save()
    assert selectors.indice_principal(junta) == Decimal("10.00")
    assert selectors.preparacion_por_ruta(junta)[0].ruta == Ruta.CONVENIO_SOLIDARIO


def test_weight_edited_in_the_admin_moves_the_index(junta):
    cumplir(junta, "compromiso-mano-obra")
    PesoRequisitoRuta.objects.filter(requisito__codigo="compromiso-mano-obra").update(peso=30)
    # 30 of 120
    assert selectors.indices_por_ruta([junta])[junta.pk][Ruta.CONVENIO_SOLIDARIO] == Decimal(
        "25.00"
    )


def test_bulk_indices_take_constant_queries(django_assert_max_num_queries):
    juntas = OrganizacionFactory.create_batch(12)
    for junta in juntas[:6]:
        cumplir(junta, "secop-ii")
    with django_assert_max_num_queries(2):
        indices = selectors.indices_por_ruta(
            Organizacion.objects.filter(pk__in=[j.pk for j in juntas])
        )
        assert [indices[j.pk][Ruta.MINIMA_CUANTIA] for j in juntas] == [15] * 6 + [0] * 6


def test_aggregate_counts_ready_juntas_per_route_and_localidad(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # Committed, as real writes are: read from the stored summary rows.
    with django_capture_on_commit_callbacks(execute=True):
        lista = OrganizacionFactory(ruta=Ruta.MINIMA_CUANTIA)
        cumplir_ruta(lista, Ruta.MINIMA_CUANTIA)
        OrganizacionFactory(ruta=Ruta.MINIMA_CUANTIA)
        OrganizacionFactory()
    with django_assert_max_num_queries(4):
        datos = selectors.preparacion_agregada()
    assert datos == selectors.preparacion_agregada_directo()
    minima = next(r for r in datos["rutas"] if r["ruta"] == Ruta.MINIMA_CUANTIA)
    assert minima["juntas"] == 3
    assert minima["listas"] == 1
    assert minima["persiguen"] == 2
    assert minima["persiguen_listas"] == 1
    assert minima["indice_promedio"] == pytest.approx(33.3, abs=0.1)
    assert len(datos["por_localidad"]) == 1
    assert datos["por_localidad"][0]["localidad"] == lista.localidad.nombre


# --- Pages -----------------------------------------------------------------------------------


def test_leader_sees_readiness_per_route_with_what_is_missing(client, lider, junta):
    cumplir(junta, "compromiso-mano-obra")
    cumplir(junta, "secop-ii", vence=AYER)
    client.force_login(lider)
    contenido = client.get(reverse("contratacion_portal:inicio")).content.decode()
    assert "Lista para convenio solidario: 10/100" in contenido
    assert "le falta" in contenido
    assert "el documento venció el" in contenido
    assert reverse("portal:cargar_requisito", args=["secop-ii"]) in contenido
    inicio = client.get(reverse("portal:inicio")).content.decode()
    assert "Lista para mínima cuantía: 0/100" in inicio


def test_leader_declares_the_route_and_the_main_index_follows(client, lider, junta):
    cumplir(junta, "compromiso-mano-obra")
    client.force_login(lider)
    respuesta = client.post(
        reverse("portal:ruta"), {"ruta": Ruta.CONVENIO_SOLIDARIO, "next": "/portal/contratacion/"}
    )
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/portal/contratacion/"
    junta.refresh_from_db()
    assert junta.ruta == Ruta.CONVENIO_SOLIDARIO
    assert junta.history.first().history_user == lider
    contenido = client.get(reverse("portal:inicio")).content.decode()
    assert "Por la ruta que busca su Junta" in contenido
    assert 'aria-valuenow="10"' in contenido


def test_unknown_route_is_refused(client, lider, junta):
    client.force_login(lider)
    client.post(reverse("portal:ruta"), {"ruta": "licitacion"})
    junta.refresh_from_db()
    assert junta.ruta == ""


@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider_otra", 302), ("monitor", 403), ("secretaria", 403)],
)
def test_only_the_own_leader_changes_the_route(
    client, junta, lider_otra, monitor, secretaria, rol, esperado
):
    usuarios = {
        "anonimo": None,
        "lider_otra": lider_otra,
        "monitor": monitor,
        "secretaria": secretaria,
    }
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.post(reverse("portal:ruta"), {"ruta": Ruta.DECRETO_092})
    assert respuesta.status_code == esperado
    junta.refresh_from_db()
    assert junta.ruta == ""  # another leader's POST changes their own Junta, never this one


@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 403), ("lider_otra", 403), ("monitor", 200), ("secretaria", 200)],
)
def test_dashboard_aggregate_by_role(client, lider, lider_otra, monitor, secretaria, rol, esperado):
    usuarios = {
        "anonimo": None,
        "lider": lider,
        "lider_otra": lider_otra,
        "monitor": monitor,
        "secretaria": secretaria,
    }
    if usuarios[rol]:
        client.force_login(usuarios[rol])
    respuesta = client.get(reverse("contratacion_tablero:tablero"))
    assert respuesta.status_code == esperado
    if esperado == 200:
        assert "Preparación por ruta" in respuesta.content.decode()


def _consultas_del_tablero(client, django_assert_num_queries, monitor):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client.force_login(monitor)
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(reverse("contratacion_tablero:tablero")).status_code == 200
    return len(consultas)


def test_dashboard_queries_do_not_grow_with_juntas(client, monitor, django_assert_num_queries):
    OrganizacionFactory.create_batch(2)
    pocas = _consultas_del_tablero(client, django_assert_num_queries, monitor)
    for junta in OrganizacionFactory.create_batch(10):
        cumplir(junta, "secop-ii")
    assert _consultas_del_tablero(client, django_assert_num_queries, monitor) == pocas


def test_export_of_readiness_has_no_personal_data(client, monitor, junta, lider):
    cumplir_ruta(junta, Ruta.MINIMA_CUANTIA)
    client.force_login(monitor)
    respuesta = client.get(
        reverse("contratacion_tablero:exportar"), {"tabla": "preparacion", "formato": "csv"}
    )
    assert respuesta.status_code == 200
    texto = respuesta.content.decode("utf-8-sig", errors="replace")
    assert "Mínima cuantía" in texto
    dignatario = junta.dignatarios.first()
    assert dignatario.documento not in texto and dignatario.apellidos not in texto


def test_admin_edits_route_weights_inline(client, secretaria):
    client.force_login(secretaria)
    requisito = Requisito.objects.get(codigo="secop-ii")
    contenido = client.get(
        reverse("admin:juntas_requisito_change", args=[requisito.pk])
    ).content.decode()
    assert "pesos_ruta-TOTAL_FORMS" in contenido
