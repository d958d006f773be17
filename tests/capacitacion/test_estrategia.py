"""Milestone 3: prioritisation from the baseline, each Junta's recommended modules, hand
adjustments by staff, and who may see the matrix."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capacitacion.models import (
    AjustePlan,
    Dimension,
    Estrategia,
    Modulo,
    PuntajeDimension,
    Respuesta,
)
from capacitacion.selectors import encuesta as selectors_encuesta
from capacitacion.selectors import formacion as selectors_formacion
from capacitacion.services import formacion as services
from demo.capacitacion import sembrar_estrategia
from tests.factories import OrganizacionFactory

URL = reverse("estrategia:plan")


def _linea_base(junta, instrumento, puntajes, estado="enviada"):
    respuesta = Respuesta.objects.create(organizacion=junta, instrumento=instrumento, estado=estado)
    for codigo, valor in puntajes.items():
        PuntajeDimension.objects.create(
            respuesta=respuesta, dimension=Dimension.objects.get(codigo=codigo), puntaje=valor
        )
    return respuesta


@pytest.fixture
def estrategia(db):
    return sembrar_estrategia()


def _modulos(plan):
    return {item["modulo"].nombre for item in plan}


@pytest.mark.django_db
def test_weak_dimensions_recommend_the_modules_that_address_them(junta, instrumento, estrategia):
    _linea_base(junta, instrumento, {"secop": 30, "transparencia": 90})
    plan = _modulos(selectors_formacion.plan_de_junta(junta))
    assert plan == {"SECOP II paso a paso"}


@pytest.mark.django_db
def test_threshold_is_configurable(junta, instrumento, estrategia):
    _linea_base(junta, instrumento, {"secop": 65})
    assert selectors_formacion.plan_de_junta(junta) == []
    estrategia.umbral = 70
    estrategia.save()
    assert _modulos(selectors_formacion.plan_de_junta(junta)) == {"SECOP II paso a paso"}


@pytest.mark.django_db
def test_drafts_do_not_drive_the_plan(junta, instrumento, estrategia):
    _linea_base(junta, instrumento, {"secop": 10}, estado="borrador")
    assert selectors_formacion.plan_de_junta(junta) == []


@pytest.mark.django_db
def test_no_plan_without_an_approved_strategy(junta, instrumento):
    sembrar_estrategia()
    Estrategia.objects.update(aprobada_en=None)
    _linea_base(junta, instrumento, {"secop": 10})
    assert selectors_formacion.plan_de_junta(junta) == []


@pytest.mark.django_db
def test_staff_adjust_a_plan_by_hand(junta, instrumento, estrategia, secretaria):
    _linea_base(junta, instrumento, {"secop": 10})
    secop = Modulo.objects.get(nombre="SECOP II paso a paso")
    proyectos = Modulo.objects.get(nombre="Formulación de proyectos comunitarios")
    services.ajustar_plan(junta, secop, incluido=False, usuario=secretaria)
    services.ajustar_plan(junta, proyectos, incluido=True, usuario=secretaria, motivo="Lo pidió")
    assert _modulos(selectors_formacion.plan_de_junta(junta)) == {
        "Formulación de proyectos comunitarios"
    }
    services.ajustar_plan(junta, secop, incluido=None, usuario=secretaria)
    assert "SECOP II paso a paso" in _modulos(selectors_formacion.plan_de_junta(junta))


@pytest.mark.django_db
def test_priorities_rank_dimensions_by_need(instrumento, estrategia):
    _linea_base(OrganizacionFactory(), instrumento, {"secop": 20, "organizacion": 70})
    _linea_base(OrganizacionFactory(), instrumento, {"secop": 40, "organizacion": 90})
    instrumento.estado = "cerrado"
    instrumento.save()
    ranking = selectors_formacion.prioridades(selectors_encuesta.juntas_filtradas({}))["ranking"]
    assert [d["necesidad"] for d in ranking] == [70.0, 20.0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 403), ("lider_otra", 403), ("monitor", 403), ("secretaria", 200)],
)
def test_matrix_is_staff_only(client, request, estrategia, rol, esperado):
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    assert client.get(URL).status_code == esperado
    modulo = Modulo.objects.first()
    junta = request.getfixturevalue("junta")
    client.post(URL, {"organizacion": junta.pk, "modulo": modulo.pk, "accion": "incluir"})
    assert AjustePlan.objects.exists() is (esperado == 200)


@pytest.mark.django_db
def test_matrix_toggle_and_marks(client, secretaria, junta, instrumento, estrategia):
    _linea_base(junta, instrumento, {"secop": 10})
    client.force_login(secretaria)
    secop = Modulo.objects.get(nombre="SECOP II paso a paso")
    fila = client.get(URL).context["filas"][0]
    celdas = {m.nombre: c for m, c in fila["celdas"]}
    assert celdas["SECOP II paso a paso"]["recomendado"] is True
    assert celdas["Formulación de proyectos comunitarios"] is None
    client.post(URL, {"organizacion": junta.pk, "modulo": secop.pk, "accion": "excluir"})
    assert AjustePlan.objects.get(organizacion=junta, modulo=secop).incluido is False
    client.post(URL, {"organizacion": junta.pk, "modulo": secop.pk, "accion": "automatico"})
    assert not AjustePlan.objects.exists()


@pytest.mark.django_db
def test_matrix_query_count_is_constant(client, secretaria, instrumento, estrategia):
    client.force_login(secretaria)

    def contar():
        with CaptureQueriesContext(connection) as consultas:
            assert client.get(URL).status_code == 200
        return len(consultas)

    for junta in OrganizacionFactory.create_batch(5):
        _linea_base(junta, instrumento, {"secop": 10, "recursos": 20})
    con_5 = contar()
    for junta in OrganizacionFactory.create_batch(40):
        _linea_base(junta, instrumento, {"secop": 10, "organizacion": 20})
    assert contar() == con_5


@pytest.mark.django_db
def test_leader_sees_recommended_modules_after_submitting(
    client, lider, junta, instrumento, estrategia
):
    respuesta = _linea_base(junta, instrumento, {"secop": 10})
    respuesta.enviada_en = datetime.datetime.now(datetime.UTC)
    respuesta.save()
    client.force_login(lider)
    contenido = client.get(reverse("diagnostico:resultado", args=[instrumento.pk])).content.decode()
    assert "Módulos recomendados para su Junta" in contenido
    assert "SECOP II paso a paso" in contenido
