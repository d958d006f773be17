"""The survey results dashboard and exports: aggregates in SQL, permissions, no personal data."""

import csv
import io
import random
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capacitacion.models import (
    Dimension,
    Instrumento,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from capacitacion.selectors import encuesta as selectors
from capacitacion.services import encuesta as services
from juntas.models import Barrio, Organizacion
from nucleo import resumenes
from tests.factories import DignatarioFactory, OrganizacionFactory

URL = reverse("resultados:diagnostico")
EXPORTAR = reverse("resultados:exportar")


def _respuestas_enviadas(instrumento, juntas, semilla=1):
    """Submitted responses with answers, choices and dimension scores, in bulk."""
    rng = random.Random(semilla)
    preguntas = list(instrumento.preguntas.prefetch_related("opciones"))
    dimensiones = list(Dimension.objects.all())
    respuestas = Respuesta.objects.bulk_create(
        Respuesta(organizacion=j, instrumento=instrumento, estado="enviada", indice=50)
        for j in juntas
    )
    filas, puntajes = [], []
    for respuesta in respuestas:
        for pregunta in preguntas:
            if pregunta.tipo == "si_no":
                filas.append(
                    RespuestaPregunta(
                        respuesta=respuesta, pregunta=pregunta, valor=rng.choice(["si", "no"])
                    )
                )
            elif pregunta.tipo == "multiple":
                filas.append(
                    RespuestaPregunta(respuesta=respuesta, pregunta=pregunta, valores=["a"])
                )
        for dimension in dimensiones:
            puntajes.append(
                PuntajeDimension(
                    respuesta=respuesta, dimension=dimension, puntaje=Decimal(rng.randint(0, 100))
                )
            )
    RespuestaPregunta.objects.bulk_create(filas)
    Seleccion.objects.bulk_create(
        Seleccion(
            respuesta_pregunta=f,
            pregunta_id=f.pregunta_id,
            codigo=f.pregunta.opciones.all()[0].codigo,
        )
        for f in filas
        if f.valores
    )
    PuntajeDimension.objects.bulk_create(puntajes)
    # Bulk inserts skip the signals that keep the dashboard's summary rows current.
    resumenes.reconstruir(["bloques-diagnostico", "diagnostico"])
    return respuestas


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 403), ("lider_otra", 403), ("monitor", 200), ("secretaria", 200)],
)
def test_results_page_by_role(client, request, instrumento, rol, esperado):
    if rol != "anonimo":
        client.force_login(request.getfixturevalue(rol))
    assert client.get(URL).status_code == esperado
    assert client.get(EXPORTAR).status_code in (esperado, 200 if esperado == 200 else esperado)


@pytest.mark.django_db
def test_completion_counts_submitted_over_participating(client, monitor, instrumento):
    juntas = OrganizacionFactory.create_batch(4)
    OrganizacionFactory(participa=False)
    _respuestas_enviadas(instrumento, juntas[:3])
    services.respuesta_de_junta(juntas[3], instrumento)  # a draft does not count
    client.force_login(monitor)
    avance = client.get(URL).context["avance"]
    assert (avance["total"]["enviadas"], avance["total"]["participantes"]) == (3, 4)
    assert avance["total"]["porcentaje"] == 75


@pytest.mark.django_db
def test_dimension_average_spread_and_heat_map(client, monitor, instrumento):
    juntas = OrganizacionFactory.create_batch(2)
    for junta, valor in zip(juntas, (40, 80), strict=True):
        respuesta = Respuesta.objects.create(
            organizacion=junta, instrumento=instrumento, estado="enviada"
        )
        PuntajeDimension.objects.create(
            respuesta=respuesta, dimension=Dimension.objects.get(codigo="secop"), puntaje=valor
        )
    client.force_login(monitor)
    contexto = client.get(URL).context
    secop = next(d for d in contexto["dimensiones"] if d["dimension"].startswith("Plataformas"))
    assert (secop["promedio"], secop["desviacion"], secop["necesidad"]) == (60.0, 20.0, 40.0)
    assert contexto["mapa"]["columnas"] == ["Histórica y del Caribe Norte"]
    assert contexto["mapa"]["filas"][0]["valores"] == [60]


@pytest.mark.django_db
def test_filters_narrow_the_juntas(client, monitor, instrumento):
    urbana = OrganizacionFactory()
    rural = OrganizacionFactory(
        barrio=Barrio.objects.get(nombre="Pasacaballos", tipo="cabecera"), tipo="JVC"
    )
    _respuestas_enviadas(instrumento, [urbana, rural])
    client.force_login(monitor)
    avance = client.get(URL, {"localidad": rural.localidad_id}).context["avance"]
    assert avance["total"]["enviadas"] == 1
    avance = client.get(URL, {"tipo": "JAC"}).context["avance"]
    assert avance["total"]["enviadas"] == 1


@pytest.mark.django_db
def test_question_distribution_counts_choices(client, monitor, instrumento):
    juntas = OrganizacionFactory.create_batch(3)
    _respuestas_enviadas(instrumento, juntas)
    client.force_login(monitor)
    distribucion = client.get(URL).context["distribucion"]
    rut = next(d for d in distribucion if d["pregunta"].codigo == "rut-vigente")
    assert rut["etiquetas"] == ["Sí", "No"] and sum(rut["valores"]) == 3
    equipos = next(d for d in distribucion if d["pregunta"].codigo == "equipos")
    assert equipos["valores"][0] == 3


@pytest.mark.django_db
def test_baseline_vs_follow_up_for_juntas_with_both(client, monitor, instrumento):
    seguimiento = services.duplicar_como_nueva_version(instrumento)
    seguimiento.ronda = Instrumento.Ronda.SEGUIMIENTO
    seguimiento.estado = Instrumento.Estado.PUBLICADO
    seguimiento.save()
    ambas, solo_base = OrganizacionFactory(), OrganizacionFactory()
    dimension = Dimension.objects.get(codigo="secop")
    for junta, inst, valor in [
        (ambas, instrumento, 30),
        (ambas, seguimiento, 70),
        (solo_base, instrumento, 90),
    ]:
        respuesta = Respuesta.objects.create(
            organizacion=junta, instrumento=inst, estado="aprobada"
        )
        PuntajeDimension.objects.create(respuesta=respuesta, dimension=dimension, puntaje=valor)
    client.force_login(monitor)
    comparacion = client.get(URL, {"instrumento": instrumento.pk}).context["comparacion"]
    assert comparacion == [
        {
            "dimension": dimension.nombre,
            "base": 30.0,
            "seguimiento": 70.0,
            "cambio": 40.0,
            "juntas": 1,
        }
    ]


@pytest.mark.django_db
def test_pending_list_with_leaders_to_call_is_staff_only(client, monitor, secretaria, instrumento):
    pendiente = OrganizacionFactory(nombre="JAC Pendiente")
    DignatarioFactory(organizacion=pendiente, telefono="3124445566")
    client.force_login(monitor)
    pagina = client.get(URL)
    assert pagina.context["pendientes"] is None
    assert "3124445566" not in pagina.content.decode()
    client.force_login(secretaria)
    pagina = client.get(URL)
    assert [j.nombre for j in pagina.context["pendientes"]] == ["JAC Pendiente"]
    assert "3124445566" in pagina.content.decode()


def _exportar(client, **params):
    respuesta = client.get(EXPORTAR, params)
    assert respuesta.status_code == 200
    if params.get("formato") == "csv":
        assert respuesta.content.startswith(b"\xef\xbb\xbf")  # Excel es-CO reads UTF-8 by its BOM
        texto = respuesta.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(texto, newline=""), delimiter=";"))
    return [list(f) for f in openpyxl.load_workbook(io.BytesIO(respuesta.content)).active.values]


@pytest.mark.django_db
def test_wide_export_has_a_column_per_question_and_no_personal_data_for_monitors(
    client, monitor, secretaria, instrumento
):
    junta = OrganizacionFactory()
    DignatarioFactory(organizacion=junta, documento="73111222", telefono="3124445566")
    _respuestas_enviadas(instrumento, [junta])
    client.force_login(monitor)
    filas = _exportar(client, formato="xlsx", forma="ancha")
    encabezado = filas[0]
    assert encabezado[:5] == ["codigo_registro", "organizacion", "tipo", "localidad", "ucg"]
    assert "rut-vigente" in encabezado and "dim_secop" in encabezado
    assert "presidente" not in encabezado and "telefono_presidente" not in encabezado
    assert len(filas) == 2
    texto = str(filas)
    assert "73111222" not in texto and "3124445566" not in texto
    client.force_login(secretaria)
    filas = _exportar(client, formato="csv", forma="ancha")
    assert "telefono_presidente" in filas[0] and "3124445566" in filas[1]


@pytest.mark.django_db
def test_long_export_has_a_row_per_answer(client, monitor, instrumento):
    juntas = OrganizacionFactory.create_batch(2)
    _respuestas_enviadas(instrumento, juntas)
    client.force_login(monitor)
    filas = _exportar(client, formato="csv", forma="larga")
    assert filas[0] == [
        "codigo_registro", "organizacion", "tipo", "localidad", "ucg",
        "dimension", "pregunta", "texto_pregunta", "respuesta", "puntaje",
    ]  # fmt: skip
    assert len(filas) - 1 == RespuestaPregunta.objects.count()


@pytest.mark.django_db
def test_unknown_export_format_is_404(client, monitor, instrumento):
    client.force_login(monitor)
    assert client.get(EXPORTAR, {"formato": "pdf"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["monitor", "secretaria"])
def test_results_query_count_is_constant_with_20_and_400_juntas(
    client, request, instrumento, rol, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(rol))

    def contar():
        cache.clear()  # the cold page: every aggregate computed
        with CaptureQueriesContext(connection) as consultas:
            assert client.get(URL).status_code == 200
        return len(consultas)

    juntas = OrganizacionFactory.create_batch(20)
    _respuestas_enviadas(instrumento, juntas[:15])  # five pending, so staff see that list too
    con_20 = contar()
    barrio = Barrio.objects.filter(tipo="barrio").last()
    nuevas = Organizacion.objects.bulk_create(
        Organizacion(
            nombre=f"JAC {i}", codigo_registro=f"B-{i}", barrio=barrio, participa=True,
            localidad_id=barrio.localidad_id, unidad_comunera_id=barrio.unidad_comunera_id,
        )
        for i in range(380)
    )  # fmt: skip
    _respuestas_enviadas(instrumento, nuevas[:300], semilla=2)
    con_400 = contar()
    assert con_20 == con_400, (con_20, con_400)
    with django_assert_max_num_queries(con_400 - 10):  # warm: the aggregates come from the cache
        client.get(URL)
    print(f"\n{rol}: {con_400} queries with 20 and 400 Juntas")


@pytest.mark.django_db
@pytest.mark.parametrize("desde", ["resumenes", "filas"])
def test_a_multiple_choice_question_says_how_many_juntas_answered_and_how_many_choices(
    client, monitor, instrumento, desde
):
    """Three Juntas choosing two options each: 6 choices, 3 Juntas — not «6 respuestas». The
    same from the summary rows and from the raw rows."""
    juntas = OrganizacionFactory.create_batch(3)
    _respuestas_enviadas(instrumento, juntas)
    equipos = instrumento.preguntas.get(codigo="equipos")
    segunda = equipos.opciones.all()[1].codigo
    Seleccion.objects.bulk_create(
        Seleccion(respuesta_pregunta=f, pregunta_id=equipos.pk, codigo=segunda)
        for f in RespuestaPregunta.objects.filter(pregunta=equipos)
    )
    resumenes.reconstruir(["bloques-diagnostico", "diagnostico"])
    if desde == "filas":
        fila = next(
            d
            for d in selectors.distribucion(instrumento, Organizacion.objects.all())
            if d["pregunta"] == equipos
        )
    else:
        client.force_login(monitor)
        respuesta = client.get(URL)
        fila = next(d for d in respuesta.context["distribucion"] if d["pregunta"] == equipos)
        assert "respondieron 3 Juntas · 6 opciones elegidas" in respuesta.content.decode()
        rut = next(
            d for d in respuesta.context["distribucion"] if d["pregunta"].codigo == "rut-vigente"
        )
        assert rut["juntas"] == rut["total"] == 3  # one choice each: the same figure
    assert (fila["juntas"], fila["total"]) == (3, 6)
