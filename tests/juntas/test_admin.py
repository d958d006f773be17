"""The Secretaría's admin: list with filters and search, change page, actions, role access."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from juntas.models import Barrio, Dignatario, Organizacion, Requisito, RequisitoJunta
from juntas.permisos import junta_del_lider
from tests.factories import DignatarioFactory, OrganizacionFactory, RequisitoJuntaFactory

LISTA = reverse("admin:juntas_organizacion_changelist")


def _poblar(n):
    requisitos = list(Requisito.objects.all()[:3])
    for org in OrganizacionFactory.create_batch(n):
        DignatarioFactory(organizacion=org)
        for requisito in requisitos:
            RequisitoJuntaFactory(organizacion=org, requisito=requisito)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 302), ("lider_otra", 302), ("monitor", 302), ("secretaria", 200)],
)
def test_only_staff_reach_the_admin(client, request, rol, esperado, junta, otra_junta):
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    respuesta = client.get(LISTA)
    assert respuesta.status_code == esperado
    if esperado == 302:
        assert "/admin/login/" in respuesta["Location"]


@pytest.mark.django_db
def test_changelist_filters_and_search(client, secretaria):
    rural = Barrio.objects.get(nombre="Pasacaballos", tipo=Barrio.Tipo.CABECERA)
    urbana = OrganizacionFactory(
        nombre="JAC Bocagrande", barrio=Barrio.objects.get(nombre="Bocagrande")
    )
    campesina = OrganizacionFactory(
        nombre="JAC Pasacaballos", barrio=rural, tipo="JVC", estado="inactiva", participa=False
    )
    client.force_login(secretaria)

    def nombres(**params):
        respuesta = client.get(LISTA, params)
        assert respuesta.status_code == 200
        return {o.nombre for o in respuesta.context["cl"].result_list}

    assert nombres(tipo__exact="JVC") == {campesina.nombre}
    assert nombres(localidad__id__exact=rural.localidad_id) == {campesina.nombre}
    assert nombres(unidad_comunera__id__exact=urbana.unidad_comunera_id) == {urbana.nombre}
    assert nombres(estado__exact="inactiva") == {campesina.nombre}
    assert nombres(participa__exact="1") == {urbana.nombre}
    assert nombres(q="bocagrande") == {urbana.nombre}
    assert nombres(q=campesina.nit) == {campesina.nombre}
    assert nombres(q=urbana.codigo_registro) == {urbana.nombre}


@pytest.mark.django_db
def test_board_period_filter(client, secretaria):
    hoy = timezone.localdate()
    pronto = OrganizacionFactory(periodo_fin=hoy + datetime.timedelta(days=20))
    OrganizacionFactory(periodo_fin=hoy + datetime.timedelta(days=200))
    vencida = OrganizacionFactory(periodo_fin=hoy - datetime.timedelta(days=1))
    client.force_login(secretaria)
    lista = client.get(LISTA, {"periodo": "30"}).context["cl"].result_list
    assert [o.pk for o in lista] == [pronto.pk]
    lista = client.get(LISTA, {"periodo": "pasado"}).context["cl"].result_list
    assert [o.pk for o in lista] == [vencida.pk]


@pytest.mark.django_db
def test_changelist_shows_index_and_sorts_by_it(client, secretaria, junta, otra_junta):
    RequisitoJuntaFactory(organizacion=junta)  # 9 points
    client.force_login(secretaria)
    respuesta = client.get(LISTA, {"o": "-9"})  # 9th column: the index, descending
    assert respuesta.context["cl"].result_list[0] == junta
    assert "9 %" in respuesta.content.decode()


@pytest.mark.django_db
def test_changelist_query_count_is_constant(client, secretaria, django_assert_max_num_queries):
    client.force_login(secretaria)

    def contar():
        cache.clear()  # the list as rendered, not as served again from the cache
        with CaptureQueriesContext(connection) as consultas:
            assert client.get(LISTA, {"q": "Junta", "estado__exact": "activa"}).status_code == 200
        return len(consultas)

    client.get(LISTA)  # the browser's first visit gives it its CSRF cookie
    _poblar(10)
    con_10 = contar()
    _poblar(190)
    con_200 = contar()
    assert con_10 == con_200
    with django_assert_max_num_queries(con_200):
        client.get(LISTA)


@pytest.mark.django_db
def test_change_page_with_inlines(client, secretaria, junta):
    DignatarioFactory(organizacion=junta, nombres="Rosa", apellidos="Caraballo")
    RequisitoJuntaFactory(organizacion=junta)
    client.force_login(secretaria)
    respuesta = client.get(reverse("admin:juntas_organizacion_change", args=[junta.pk]))
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "Caraballo" in contenido and "RUT con NIT" in contenido
    assert "9 / 100" in contenido


@pytest.mark.django_db
def test_staff_edit_is_recorded_in_history(client, secretaria, junta):
    client.force_login(secretaria)
    url = reverse("admin:juntas_organizacion_change", args=[junta.pk])
    formulario = client.get(url).context["adminform"].form
    datos = {k: v for k, v in formulario.initial.items() if v is not None}
    datos.update(
        {
            "nombre": "JAC El Cabrero Renovada",
            "barrio": junta.barrio_id,
            "dignatarios-TOTAL_FORMS": 0,
            "dignatarios-INITIAL_FORMS": 0,
            "requisitos-TOTAL_FORMS": 0,
            "requisitos-INITIAL_FORMS": 0,
        }
    )
    datos.pop("asociacion", None)
    for campo in (
        "personeria_fecha",
        "fecha_eleccion",
        "periodo_inicio",
        "periodo_fin",
        "participa_desde",
    ):
        if campo in datos:
            datos[campo] = datos[campo].strftime("%d/%m/%Y")
    respuesta = client.post(url, datos)
    assert respuesta.status_code == 302, respuesta.context["adminform"].form.errors
    junta.refresh_from_db()
    assert junta.nombre == "JAC El Cabrero Renovada"
    assert junta.history.first().history_user == secretaria
    historial = client.get(reverse("admin:juntas_organizacion_history", args=[junta.pk]))
    assert "JAC El Cabrero Renovada" in historial.content.decode()


@pytest.mark.django_db
def test_verify_action_sets_state_and_verifier(client, secretaria, junta):
    fila = RequisitoJuntaFactory(organizacion=junta, estado=RequisitoJunta.Estado.EN_TRAMITE)
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("admin:juntas_requisitojunta_changelist"),
        {"action": "verificar_cumple", "_selected_action": [fila.pk]},
        follow=True,
    )
    assert "1 requisito verificado como «Cumple»" in respuesta.content.decode()
    fila.refresh_from_db()
    assert fila.estado == RequisitoJunta.Estado.CUMPLE
    assert fila.verificado_por == secretaria and fila.verificado_en is not None
    assert junta.indice_preparacion() == 9


@pytest.mark.django_db
def test_expiry_filter_lists_documents_expiring_soon(client, secretaria, junta):
    hoy = timezone.localdate()
    cuenta = Requisito.objects.get(codigo="cuenta-bancaria")
    acta = Requisito.objects.get(codigo="acta-autoriza-contratar")
    pronto = RequisitoJuntaFactory(
        organizacion=junta, requisito=cuenta, fecha_vencimiento=hoy + datetime.timedelta(days=25)
    )
    RequisitoJuntaFactory(
        organizacion=junta, requisito=acta, fecha_vencimiento=hoy + datetime.timedelta(days=75)
    )
    client.force_login(secretaria)
    url = reverse("admin:juntas_requisitojunta_changelist")
    assert list(client.get(url, {"vence": "30"}).context["cl"].result_list) == [pronto]
    assert len(client.get(url, {"vence": "90"}).context["cl"].result_list) == 2


@pytest.mark.django_db
def test_create_leader_account_action(client, secretaria, junta):
    dignatario = DignatarioFactory(
        organizacion=junta, documento="45123987", correo="rosa@example.org"
    )
    client.force_login(secretaria)
    client.post(
        reverse("admin:juntas_dignatario_changelist"),
        {"action": "crear_cuenta_de_lider", "_selected_action": [dignatario.pk]},
    )
    dignatario.refresh_from_db()
    assert dignatario.usuario.username == "45123987"
    assert dignatario.usuario.email == "rosa@example.org"
    assert junta_del_lider(dignatario.usuario) == junta


@pytest.mark.django_db
def test_requirement_catalogue_shows_total_weight(client, secretaria):
    client.force_login(secretaria)
    contenido = client.get(reverse("admin:juntas_requisito_changelist")).content.decode()
    assert "Peso total de los requisitos activos: <strong>100</strong>" in contenido


@pytest.mark.django_db
def test_staff_add_a_vereda(client, secretaria):
    from juntas.models import Corregimiento

    client.force_login(secretaria)
    corregimiento = Corregimiento.objects.get(nombre="Bayunca")
    respuesta = client.post(
        reverse("admin:juntas_barrio_add"),
        {"nombre": "Vereda Zapatero", "tipo": "vereda", "corregimiento": corregimiento.pk},
    )
    assert respuesta.status_code == 302
    assert Barrio.objects.get(nombre="Vereda Zapatero").localidad == corregimiento.localidad


@pytest.mark.django_db
def test_dignatario_export_is_staff_only(client, secretaria, monitor, junta):
    DignatarioFactory(organizacion=junta, documento="45123987")
    url = reverse("admin:juntas_dignatario_export")
    client.force_login(monitor)
    assert client.get(url).status_code == 302
    client.force_login(secretaria)
    assert client.get(url).status_code == 200
    assert Dignatario.objects.count() == 1
    assert Organizacion.objects.count() == 1


@pytest.mark.django_db
def test_every_registry_model_keeps_history(client, secretaria, junta):
    from simple_history.models import HistoricalChanges

    from juntas import models

    DignatarioFactory(organizacion=junta)
    RequisitoJuntaFactory(organizacion=junta)
    client.force_login(secretaria)
    registro = [
        models.Localidad,
        models.UnidadComunera,
        models.Corregimiento,
        models.Barrio,
        models.Organizacion,
        models.Dignatario,
        models.Requisito,
        models.RequisitoJunta,
    ]
    for modelo in registro:
        assert issubclass(modelo.history.model, HistoricalChanges), modelo
        objeto = modelo.objects.first()
        url = reverse(f"admin:juntas_{modelo._meta.model_name}_history", args=[objeto.pk])
        assert client.get(url).status_code == 200, modelo
