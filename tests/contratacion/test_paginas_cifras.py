"""The figures behind the contracting pages, on small hand-made data with known answers: the
route of a contract from SECOP II's real spellings, the opportunity radar's rules, the funnel and
the difference in differences."""

import datetime

import pytest
from django.utils import timezone

from capacitacion.models import Sesion
from contratacion import selectors
from contratacion.models import Contrato, Proceso
from contratacion.selectors import Ruta, ruta_de
from juntas.models import Organizacion
from tests.factories import OrganizacionFactory

from . import datos_paginas as d

D = datetime.date

# (modalidad_de_contratacion, justificacion_modalidad_de, tipo_de_contrato) as SECOP II writes them.
ESCRITURAS = [
    (
        ("Contratación directa", "Law2166of2021_Article95_SolidarityAgreements", "Otro"),
        Ruta.CONVENIO_SOLIDARIO,
    ),
    (
        (
            "Contratación régimen especial",
            "Convenios Solidarios Regimen articulo 92 Ley 2166 de 2021",
            "",
        ),
        Ruta.CONVENIO_SOLIDARIO,
    ),
    (("CONTRATACIÓN DIRECTA", "CONVENIO SOLIDARIO", ""), Ruta.CONVENIO_SOLIDARIO),
    (
        ("Contratación directa", "Ley 136 de 1994 artículo 141 (Ley 2166 art. 63 par. 2)", ""),
        Ruta.DESARROLLO,
    ),
    (("Contratación directa", "Law2166of2021_Article63", ""), Ruta.DESARROLLO),
    (("Contratación régimen especial", "Regla aplicable", "Decreto 092 de 2017"), Ruta.DECRETO_092),
    (("Contratación régimen especial (con ofertas)", "", "DECRETO 092 DE 2017"), Ruta.DECRETO_092),
    (("Régimen Especial Decreto 092/2017", "", "Otro"), Ruta.DECRETO_092),
    (
        ("Mínima cuantía", "Presupuesto menor al 10% de la Menor Cuantía", "Obra"),
        Ruta.MINIMA_CUANTIA,
    ),
    (("Minima cuantia", "", ""), Ruta.MINIMA_CUANTIA),
    (("MÍNIMA CUANTÍA", "", ""), Ruta.MINIMA_CUANTIA),
    (("", "Presupuesto inferior al 10% de la menor cuantía", ""), Ruta.MINIMA_CUANTIA),
    (
        (
            "Contratación directa",
            "Prestación de servicios profesionales y de apoyo a la gestión",
            "Prestación de servicios",
        ),
        Ruta.OTRA,
    ),
    (
        ("Contratación directa", "Contratos o convenios Interadministrativos (con valor)", ""),
        Ruta.OTRA,
    ),
    (("Licitación pública", "Regla aplicable", "Obra"), Ruta.OTRA),
    (("Selección Abreviada de Menor Cuantía", "Ley 1150 de 2007", "Suministros"), Ruta.OTRA),
    (("", "", ""), Ruta.OTRA),
]


@pytest.mark.parametrize(("campos", "ruta"), ESCRITURAS)
def test_route_of_real_secop_spellings(campos, ruta):
    assert ruta_de(*campos) == ruta


@pytest.mark.django_db
def test_route_in_sql_agrees_with_the_python_classifier(junta):
    for (modalidad, justificacion, tipo), _ruta in ESCRITURAS:
        d.contrato(
            junta,
            D(2023, 9, 1),
            modalidad=modalidad,
            justificacion_modalidad=justificacion,
            tipo=tipo,
        )
    en_sql = dict(
        Contrato.objects.annotate(r=selectors.expresion_ruta()).values_list("id_contrato", "r")
    )
    for c in Contrato.objects.all():
        assert en_sql[c.id_contrato] == ruta_de(c.modalidad, c.justificacion_modalidad, c.tipo), (
            c.justificacion_modalidad
        )


@pytest.mark.django_db
def test_radar_shows_open_processes_of_declared_families_newest_first(junta, otra_junta):
    hoy = timezone.localdate()
    ahora = timezone.now()
    d.familia(junta, "7011", "Zonas verdes")
    d.familia(junta, "7211", "Obras menores")
    d.familia(otra_junta, "8010", "Gestión")
    ayer = d.proceso("7011", publicado=hoy - datetime.timedelta(days=1))
    hoy_ = d.proceso("7211", publicado=hoy)
    sin_fecha = d.proceso("7011", publicado=hoy - datetime.timedelta(days=3), limite=None)
    Proceso.objects.filter(pk=sin_fecha.pk).update(fecha_limite=None)
    viejo_sin_fecha = d.proceso("7011", publicado=hoy - datetime.timedelta(days=30))
    Proceso.objects.filter(pk=viejo_sin_fecha.pk).update(fecha_limite=None)
    d.proceso("8010", publicado=hoy)  # another Junta's family
    d.proceso("7011", limite=ahora - datetime.timedelta(minutes=1))  # deadline passed
    d.proceso("7011", estado="Adjudicado")
    d.proceso("7011", estado="Cancelado")
    d.proceso("7011", modalidad="Licitación pública")

    assert [p.pk for p in selectors.radar(junta)] == [hoy_.pk, ayer.pk, sin_fecha.pk]


@pytest.mark.django_db
def test_radar_is_empty_without_declared_families(junta):
    d.proceso("7011")
    assert selectors.radar(junta) == []


@pytest.fixture
def embudo_conocido(db):
    """A: trained (attended a held session), account, art. 95 convenio of 30 M.
    B: trained (certificate only), account, a process awarded (no contract).
    C: not trained, account, mínima cuantía of 5 M. D: attended a session still scheduled.
    E: registered for a held session, absent. An ASOJAC with a contract (not a Junta)."""
    a, b, c, dd, e = (OrganizacionFactory(nombre=f"Junta {x}") for x in "ABCDE")
    asojac = OrganizacionFactory(nombre="Asojac", tipo=Organizacion.Tipo.ASOJAC)
    realizada = d.sesion(D(2023, 5, 5))
    programada = d.sesion(D(2023, 5, 6), estado=Sesion.Estado.PROGRAMADA)
    d.asistencia(a, realizada)
    d.asistencia(e, realizada, asistio=False)
    d.asistencia(dd, programada)
    d.certificado(b, D(2023, 6, 1))
    for junta in (a, b, c):
        d.cuenta(junta)
    d.contrato(
        a,
        D(2023, 9, 1),
        30_000_000,
        justificacion_modalidad="Law2166of2021_Article95_SolidarityAgreements",
    )
    d.contrato(c, D(2022, 1, 10), 5_000_000, modalidad="Mínima cuantía")
    d.contrato(asojac, D(2023, 1, 10), 99_000_000)
    d.proceso("7011", organizacion_adjudicada=b, estado="Adjudicado")
    return a, b, c, dd, e


def test_funnel_counts_each_stage(embudo_conocido):
    total = selectors.embudo()["total"]
    assert total["juntas"] == 5
    etapas = {e["clave"]: e for e in total["etapas"]}
    assert {k: e["juntas"] for k, e in etapas.items()} == {
        "formada": 2,
        "con_cuenta": 3,
        "oferto": 3,
        "contrato": 2,
    }
    assert {k: e["de_las_formadas"] for k, e in etapas.items()} == {
        "formada": 2,
        "con_cuenta": 2,
        "oferto": 2,
        "contrato": 1,
    }
    assert etapas["formada"]["porcentaje"] == 40.0
    assert total["valor"] == 35_000_000


def test_funnel_by_route_and_territory(embudo_conocido):
    cifras = selectors.embudo()
    rutas = {r["ruta"]: (r["contratos"], r["juntas"], r["valor"]) for r in cifras["por_ruta"]}
    assert rutas[Ruta.CONVENIO_SOLIDARIO] == (1, 1, 30_000_000)
    assert rutas[Ruta.MINIMA_CUANTIA] == (1, 1, 5_000_000)
    assert rutas[Ruta.DECRETO_092] == (0, 0, 0)
    assert rutas[Ruta.OTRA] == (0, 0, 0)  # the ASOJAC's contract is not a Junta's
    assert cifras["contratos"] == 2
    assert sum(f["juntas"] for f in cifras["por_ucg"]) == 5
    assert sum(f["n_contrato"] for f in cifras["por_localidad"]) == 2


@pytest.fixture
def antes_y_despues(db):
    """Trained: T1 05/05/2023 (contract after), T2 10/06/2023 (before and after), T3 15/07/2023
    (none), T4 20/07/2023 (one in 2021, outside both windows). Median training date: 10/06/2023.
    Not trained: N1 (before), N2 (before and after), N3 (none), N4 (after the window)."""
    fechas = {"T1": D(2023, 5, 5), "T2": D(2023, 6, 10), "T3": D(2023, 7, 15), "T4": D(2023, 7, 20)}
    juntas = {
        n: OrganizacionFactory(nombre=f"Junta {n}") for n in [*fechas, "N1", "N2", "N3", "N4"]
    }
    for nombre, dia in fechas.items():
        d.asistencia(juntas[nombre], d.sesion(dia))
    d.contrato(juntas["T1"], D(2023, 8, 1))
    d.contrato(juntas["T2"], D(2022, 12, 1))
    d.contrato(juntas["T2"], D(2023, 7, 1))
    d.contrato(juntas["T4"], D(2021, 1, 1))
    d.contrato(juntas["N1"], D(2023, 1, 1))
    d.contrato(juntas["N2"], D(2023, 2, 1))
    d.contrato(juntas["N2"], D(2023, 12, 1))
    d.contrato(juntas["N4"], D(2024, 7, 1))
    return juntas


def test_difference_in_differences_with_the_counts_behind_each_cell(antes_y_despues):
    cifras = selectors.comparacion()
    assert cifras["referencia"] == D(2023, 6, 10)
    formadas, no_formadas = cifras["grupos"]
    assert (formadas["juntas"], formadas["antes"], formadas["despues"]) == (4, 1, 2)
    assert (formadas["antes_pct"], formadas["despues_pct"], formadas["cambio"]) == (
        25.0,
        50.0,
        25.0,
    )
    assert (no_formadas["juntas"], no_formadas["antes"], no_formadas["despues"]) == (4, 2, 1)
    assert no_formadas["cambio"] == -25.0
    assert cifras["diferencia_en_diferencias"] == 50.0


def test_contract_on_the_training_day_counts_after(db):
    junta = OrganizacionFactory()
    d.asistencia(junta, d.sesion(D(2023, 5, 5)))
    d.contrato(junta, D(2023, 5, 5))
    d.contrato(junta, D(2022, 5, 4))  # a year and a day before: outside
    formadas = selectors.comparacion()["grupos"][0]
    assert (formadas["antes"], formadas["despues"]) == (0, 1)


def test_comparison_without_training_says_so(db):
    OrganizacionFactory()
    cifras = selectors.comparacion()
    assert cifras["grupos"] == []
    assert cifras["diferencia_en_diferencias"] is None
