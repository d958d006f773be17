"""Each indicator against values computed by hand on a small fixture; progress and late flags."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from capacitacion.models import (
    AccionPlan,
    Acompanamiento,
    Inscripcion,
    Instrumento,
    Modulo,
    Persona,
    Respuesta,
    Sesion,
)
from demo.capacitacion import sembrar_estrategia
from hitos import indicadores, selectors, services
from hitos.models import Hito, Indicador, Medicion, Nivel
from juntas.models import Requisito
from tests.factories import OrganizacionFactory, RequisitoJuntaFactory

from .conftest import crear_compromiso, crear_hito


def _sesion(modulo, dias, horas, estado):
    inicio = timezone.now() + datetime.timedelta(days=dias)
    return Sesion.objects.create(
        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=horas), lugar="Sede",
        facilitador_organizacion="U", cupo=30, estado=estado,
    )  # fmt: skip


@pytest.fixture
def pequeno(db):
    """3 participating Juntas and 1 that does not; surveys, sessions, people, visits, actions."""
    juntas = [OrganizacionFactory() for _ in range(3)]
    OrganizacionFactory(participa=False)
    sembrar_estrategia()  # 10 modules and a strategy approved on 24/03/2023
    base = Instrumento.objects.get(ronda="linea_base", version=1)
    seguimiento = Instrumento.objects.create(
        nombre="Seguimiento", ronda="seguimiento", abre=datetime.date(2023, 9, 1),
        cierra=datetime.date(2023, 10, 1), estado="cerrado",
    )  # fmt: skip
    Respuesta.objects.create(organizacion=juntas[0], instrumento=base, estado="enviada", indice=40)
    Respuesta.objects.create(organizacion=juntas[1], instrumento=base, estado="aprobada", indice=50)
    Respuesta.objects.create(organizacion=juntas[2], instrumento=base, estado="borrador", indice=90)
    Respuesta.objects.create(
        organizacion=juntas[0], instrumento=seguimiento, estado="enviada", indice=55
    )
    modulo = Modulo.objects.first()
    realizadas = [_sesion(modulo, -30, 8, "realizada"), _sesion(modulo, -20, 4, "realizada")]
    _sesion(modulo, 10, 4, "programada")
    _sesion(modulo, 12, 4, "cancelada")
    for n, junta in enumerate(juntas[:2]):
        persona = Persona.objects.create(
            documento=f"5000{n}", nombres="A", apellidos="B", organizacion=junta
        )
        Inscripcion.objects.create(
            sesion=realizadas[0], persona=persona, organizacion=junta, asistio=True
        )
    ausente = Persona.objects.create(
        documento="59999", nombres="C", apellidos="D", organizacion=juntas[2]
    )
    Inscripcion.objects.create(
        sesion=realizadas[1], persona=ausente, organizacion=juntas[2], asistio=False
    )
    hoy = timezone.localdate()
    for junta in juntas:
        Acompanamiento.objects.create(
            organizacion=junta, fecha=hoy, tema="Visita", asesor="E", descripcion="Hecho"
        )
    rut = Requisito.objects.get(codigo="rut")
    for estado in ("hecha", "hecha", "pendiente", "cancelada"):
        AccionPlan.objects.create(
            organizacion=juntas[0], descripcion="x", responsable="y", vence=hoy,
            estado=estado, requisito=rut,
        )  # fmt: skip
    # Readiness: the first Junta meets the RUT (weight w) only.
    RequisitoJuntaFactory(organizacion=juntas[0], requisito=rut, estado="cumple")
    return juntas


def test_each_indicator_against_hand_computed_values(pequeno):
    valores = indicadores.medir()
    assert valores["juntas_participantes"] == 3
    assert valores["encuestas_linea_base"] == Decimal("66.67")  # 2 submitted of 3 participating
    assert valores["modulos_definidos"] == 10
    assert valores["priorizacion_hecha"] == 1
    assert valores["estrategia_aprobada"] == 1
    assert valores["sesiones_realizadas"] == Decimal("66.67")  # 2 held of 3 not cancelled
    assert valores["juntas_formadas"] == 2
    assert valores["personas_formadas"] == 2
    assert valores["horas_impartidas"] == 12
    assert valores["visitas_acompanamiento"] == 3
    assert valores["encuestas_seguimiento"] == Decimal("33.33")
    assert valores["cambio_indice_capacidad"] == 15  # 55 − 40, the only Junta with both rounds
    peso = Requisito.objects.get(codigo="rut").peso
    # All four Juntas count in the registry's index; only the first meets the RUT.
    assert valores["indice_habilitacion"] == Decimal(
        100 * peso / (4 * Requisito.peso_total())
    ).quantize(Decimal("0.1"))
    assert valores["cambio_indice_habilitacion"] is None  # no earlier measurement yet
    assert valores["acciones_hechas"] == Decimal("66.67")  # 2 done of 3 not cancelled


def test_indicators_without_data_are_none_or_zero(db):
    valores = indicadores.medir()
    assert valores["encuestas_linea_base"] is None  # no participating Juntas: no ratio
    assert valores["cambio_indice_capacidad"] is None
    assert valores["estrategia_aprobada"] == 0
    assert valores["juntas_formadas"] == 0


def test_snapshot_command_stores_values_once_per_day_and_feeds_the_change(pequeno):
    from django.core.management import call_command

    compromiso = crear_compromiso()
    crear_hito(
        compromiso, 5, datetime.date(2023, 4, 1), datetime.date(2023, 9, 30),
        indicadores=[("indice_habilitacion", 60), ("cambio_indice_habilitacion", 10)],
    )  # fmt: skip
    ayer = timezone.localdate() - datetime.timedelta(days=1)
    assert services.tomar_mediciones(ayer) == 1  # the change has no value yet: skipped
    call_command("snapshot_indicadores", stdout=io.StringIO())
    call_command("snapshot_indicadores", stdout=io.StringIO())
    indice = Indicador.objects.get(codigo="indice_habilitacion")
    assert indice.mediciones.count() == 2  # yesterday and today, not three
    Medicion.objects.filter(indicador=indice, fecha=ayer).update(valor=Decimal("1.00"))
    valores = indicadores.medir()
    assert valores["cambio_indice_habilitacion"] == valores["indice_habilitacion"] - 1


def test_progress_is_the_mean_of_indicator_progress_capped_at_100(pequeno):
    compromiso = crear_compromiso()
    crear_hito(
        compromiso, 1, datetime.date(2023, 1, 1), datetime.date(2023, 1, 31),
        indicadores=[("juntas_participantes", 2), ("personas_formadas", 8)],
    )  # fmt: skip
    (fila,) = selectors.estado_de_hitos(compromiso)["hitos"]
    assert [i["progreso"] for i in fila["indicadores"]] == [100, 25]  # 3/2 capped; 2/8
    assert fila["progreso"] == 62  # round(62.5) to even


def test_expected_progress_and_late_flags(db):
    compromiso = crear_compromiso(inicio=datetime.date(2024, 1, 1), fin=datetime.date(2024, 12, 31))
    en_curso = crear_hito(
        compromiso, 1, datetime.date(2024, 1, 1), datetime.date(2024, 1, 10),
        indicadores=[("personas_formadas", 100)],
    )  # fmt: skip
    vencido = crear_hito(compromiso, 2, datetime.date(2024, 1, 1), datetime.date(2024, 1, 5))
    crear_hito(
        compromiso, 3, datetime.date(2024, 1, 1), datetime.date(2024, 1, 5), nivel=Nivel.COMPLETO
    )
    futuro = crear_hito(compromiso, 4, datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    hoy = datetime.date(2024, 1, 6)
    assert en_curso.avance_esperado(hoy) == 60  # day 6 of 10
    assert futuro.avance_esperado(hoy) == 0
    assert vencido.avance_esperado(hoy) == 100
    filas = {f["hito"].numero: f for f in selectors.estado_de_hitos(compromiso, hoy)["hitos"]}
    # Nobody trained yet: 0 % against 60 % expected, before its end date.
    assert filas[1]["rezagado"] and not filas[1]["vencido"] and filas[1]["atrasado"]
    assert filas[2]["vencido"] and filas[2]["atrasado"]
    assert not filas[3]["atrasado"]  # complete, even though past its end
    assert not filas[4]["atrasado"]


def test_several_commitments_coexist(compromiso, db):
    otro = crear_compromiso(codigo="COCDI0002", inicio=datetime.date(2025, 1, 1),
                            fin=datetime.date(2025, 12, 31))  # fmt: skip
    crear_hito(otro, 1, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    from hitos.models import Compromiso

    assert Compromiso.vigente() == otro  # the latest by default
    assert Compromiso.vigente("COCDI0001") == compromiso
    assert Hito.objects.filter(numero=1).count() == 2
