"""/tablero/capacitacion/: the figures against hand-computed values, permissions for every new
view, no personal data for monitors, and a constant number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacitacion import certificados
from capacitacion.models import (
    AccionPlan,
    Acompanamiento,
    Certificado,
    Evaluacion,
    Inscripcion,
    Instrumento,
    Modulo,
    Persona,
    Sesion,
)
from capacitacion.selectors import formacion as selectors
from demo.capacitacion import sembrar_estrategia
from juntas.models import Requisito
from tests.factories import OrganizacionFactory

TABLERO = reverse("estrategia:tablero")


def _sesion(modulo, dias, horas=8, estado=Sesion.Estado.REALIZADA):
    inicio = timezone.now() + datetime.timedelta(days=dias)
    return Sesion.objects.create(
        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=horas),
        lugar="Sede", facilitador_organizacion="U", cupo=40, estado=estado,
    )  # fmt: skip


def _datos(juntas, prefijo):
    """Per Junta: one person who attends both sessions, one who misses one, a visit, actions."""
    sembrar_estrategia()
    modulo = Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021")  # 24 h
    sesiones = [_sesion(modulo, -40), _sesion(modulo, -30), _sesion(modulo, -20, horas=4)]
    _sesion(modulo, 10, estado=Sesion.Estado.PROGRAMADA)
    _sesion(modulo, 12, estado=Sesion.Estado.CANCELADA)
    satisfaccion = Instrumento.satisfaccion_vigente()
    rut = Requisito.objects.get(codigo="rut")
    hoy = timezone.localdate()
    for n, junta in enumerate(juntas):
        constante = Persona.objects.create(
            documento=f"{prefijo}{n:05d}1", nombres="Ana", apellidos="Pérez", organizacion=junta
        )
        ausente = Persona.objects.create(
            documento=f"{prefijo}{n:05d}2", nombres="Luis", apellidos="Díaz", organizacion=junta
        )
        for sesion in sesiones:
            Inscripcion.objects.create(
                sesion=sesion, persona=constante, organizacion=junta, asistio=True
            )
            Inscripcion.objects.create(
                sesion=sesion, persona=ausente, organizacion=junta,
                asistio=sesion is sesiones[0],
            )  # fmt: skip
        Evaluacion.objects.create(
            instrumento=satisfaccion, sesion=sesiones[0], persona=constante, modulo=modulo,
            momento="satisfaccion", puntaje=80,
        )  # fmt: skip
        Acompanamiento.objects.create(
            organizacion=junta, fecha=hoy, tema="Visita", asesor="Equipo", descripcion="Hecho"
        )
        for estado, dias in (("hecha", -5), ("pendiente", -5), ("en_curso", 5)):
            AccionPlan.objects.create(
                organizacion=junta, descripcion="Acción", responsable="Presidente", estado=estado,
                vence=hoy + datetime.timedelta(days=dias), requisito=rut,
            )  # fmt: skip
    certificados.emitir()
    return modulo


@pytest.mark.django_db
def test_figures_match_hand_computed_values():
    juntas = [OrganizacionFactory() for _ in range(3)]
    modulo = _datos(juntas, "10")
    cifras = selectors.cifras_capacitacion()
    assert cifras["sesiones"] == {
        "planeadas": 4, "realizadas": 3, "programadas": 1, "canceladas": 1, "horas": 20.0,
    }  # fmt: skip
    asistencia = cifras["asistencia"]
    assert asistencia["inscritas"] == 18 and asistencia["asistencias"] == 12
    assert asistencia["tasa"] == round(100 * 12 / 18, 1)
    assert asistencia["personas"] == 6 and asistencia["juntas"] == 3
    # 20 h of 24 h: the constant attendee completes (≥ 19.2 h); the other (8 h) does not.
    assert cifras["certificados"]["modulos"] == 3
    assert cifras["certificados"]["personas"] == 3
    assert cifras["certificados"]["tasa_personas"] == 50.0
    assert cifras["satisfaccion"] == {"promedio": 80.0, "respuestas": 3}
    assert cifras["acompanamiento"] == {"visitas": 3, "juntas": 3}
    acciones = cifras["acciones"]
    assert (acciones["total"], acciones["hechas"], acciones["vencidas"], acciones["en_plazo"]) == (
        9, 3, 3, 3,
    )  # fmt: skip
    fila = next(f for f in cifras["modulos"] if f["modulo"] == modulo)
    assert (fila["sesiones"], fila["horas"], fila["asistentes"], fila["certificados"]) == (
        3, 20.0, 6, 3,
    )  # fmt: skip
    assert sum(f["personas"] for f in cifras["por_localidad"]) == 6
    assert Certificado.objects.count() == 3


@pytest.mark.django_db
def test_reach_per_territory_counts_each_person_once_per_territory():
    """People and Juntas per localidad and UCG: a person at two held sessions counts once; one
    who attends for Juntas in two localidades counts in each; absences and sessions not held do
    not count."""
    from juntas.models import Barrio

    sembrar_estrategia()
    modulo = Modulo.objects.get(nombre="Organización comunal y la Ley 2166 de 2021")
    barrios = Barrio.objects.filter(tipo="barrio").select_related("unidad_comunera")
    uno = barrios.order_by("pk").first()
    otro = barrios.exclude(localidad=uno.localidad).order_by("pk").first()
    junta_a, junta_b = OrganizacionFactory(barrio=uno), OrganizacionFactory(barrio=otro)
    realizadas = [_sesion(modulo, -30), _sesion(modulo, -20)]
    programada = _sesion(modulo, 10, estado=Sesion.Estado.PROGRAMADA)
    ana, luis, eva = (
        Persona.objects.create(documento=d, nombres=n, apellidos="Prueba", organizacion=junta_a)
        for d, n in (("901", "Ana"), ("902", "Luis"), ("903", "Eva"))
    )
    # Ana attends for Junta A, then for Junta B; Luis, twice for Junta B.
    for sesion, junta in zip(realizadas, (junta_a, junta_b), strict=True):
        Inscripcion.objects.create(sesion=sesion, persona=ana, organizacion=junta, asistio=True)
    for sesion in realizadas:
        Inscripcion.objects.create(sesion=sesion, persona=luis, organizacion=junta_b, asistio=True)
    Inscripcion.objects.create(sesion=realizadas[1], persona=eva, organizacion=junta_a)  # absent
    Inscripcion.objects.create(sesion=programada, persona=eva, organizacion=junta_b, asistio=True)
    cifras = selectors.cifras_capacitacion()
    por_localidad = {f["nombre"]: (f["personas"], f["juntas"]) for f in cifras["por_localidad"]}
    assert por_localidad == {uno.localidad.nombre: (1, 1), otro.localidad.nombre: (2, 1)}
    por_ucg = {f["nombre"]: (f["personas"], f["juntas"]) for f in cifras["por_ucg"]}
    assert por_ucg == {
        f"UCG {uno.unidad_comunera.numero}": (1, 1),
        f"UCG {otro.unidad_comunera.numero}": (2, 1),
    }
    assert (cifras["asistencia"]["personas"], cifras["asistencia"]["juntas"]) == (2, 2)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 403), ("monitor", 200), ("secretaria", 200)],
)
def test_dashboard_permissions(cliente_de, lider, monitor, secretaria, rol, esperado):
    usuario = {"anonimo": None, "lider": lider, "monitor": monitor, "secretaria": secretaria}[rol]
    assert cliente_de(usuario).get(TABLERO).status_code == esperado


@pytest.mark.django_db
def test_monitor_sees_no_personal_data(cliente_de, monitor):
    juntas = [OrganizacionFactory() for _ in range(2)]
    _datos(juntas, "20")
    html = cliente_de(monitor).get(TABLERO).content.decode()
    assert "horas de formación impartidas" in html
    for persona in Persona.objects.all():
        assert persona.documento not in html
    assert "Pérez" not in html and "Díaz" not in html
    assert "admin/" not in html  # staff links are not shown to monitors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"),
    [("anonimo", 302), ("lider", 200), ("lider_otra", 200), ("monitor", 403), ("secretaria", 403)],
)
def test_route_page_permissions(cliente_de, lider, lider_otra, monitor, secretaria, rol, esperado):
    usuario = {
        "anonimo": None, "lider": lider, "lider_otra": lider_otra, "monitor": monitor,
        "secretaria": secretaria,
    }[rol]  # fmt: skip
    assert cliente_de(usuario).get(reverse("capacitacion_portal:ruta")).status_code == esperado


def _consultas(client, url):
    cache.clear()  # the cold page: every figure computed
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(url).status_code == 200
    return len(consultas)


@pytest.mark.django_db
def test_dashboard_and_route_use_a_constant_number_of_queries(
    client, monitor, django_assert_max_num_queries
):
    pocas = [OrganizacionFactory() for _ in range(2)]
    _datos(pocas, "30")
    client.force_login(monitor)
    antes = _consultas(client, TABLERO)
    muchas = [OrganizacionFactory() for _ in range(25)]
    _datos(muchas, "40")
    assert _consultas(client, TABLERO) == antes
    with django_assert_max_num_queries(6):  # warm: session, user, groups, stamp
        client.get(TABLERO)


@pytest.mark.django_db
def test_route_page_queries_do_not_grow_with_certificates(client, junta, secretaria):
    from tests.factories import crear_lider

    lider = crear_lider(junta, username="lider-consultas")
    client.force_login(lider)
    _datos([junta], "50")
    url = reverse("capacitacion_portal:ruta")
    antes = _consultas(client, url)
    modulo = Modulo.objects.get(nombre="SECOP II paso a paso")
    sesion = _sesion(modulo, -3)
    for n in range(8):
        persona = Persona.objects.create(
            documento=f"6{n:06d}", nombres="P", apellidos="Q", organizacion=junta
        )
        Inscripcion.objects.create(
            sesion=sesion, persona=persona, organizacion=junta, asistio=n % 2
        )
        Certificado.objects.create(
            tipo="modulo", persona=persona, modulo=modulo, organizacion=junta, horas=8,
            emitido=timezone.localdate(),
        )  # fmt: skip
    assert _consultas(client, url) == antes
