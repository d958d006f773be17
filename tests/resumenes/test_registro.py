"""The registry's summary rows (`juntas.resumenes`): stored once a change commits, the same as
a rebuild computes (also days later: the anchor is kept), a drifted row reported and fixed by
the command, the day's figures exact on the edges of the days a row answers for, the changes the
random test meets rarely (weights swapped, a board's period, a move to another UCG, a score right
on the threshold), nothing marked by a save that changes nothing counted, and the dashboards'
queries constant whatever the number of buckets, stored or pending, with no requirement row read.
"""

import datetime
import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacitacion.resumenes import encuesta as resumen_encuesta
from hitos.models import Hito
from juntas import resumenes as resumen_registro
from juntas import selectors, services
from juntas.models import Barrio, Organizacion, Requisito, RequisitoJunta
from nucleo import resumenes
from nucleo.models import Resumen, ResumenPendiente
from tests.factories import (
    OrganizacionFactory,
    RequisitoJuntaFactory,
    UserFactory,
    crear_monitor,
)
from tests.hitos.conftest import crear_compromiso, crear_hito
from tests.resumenes.test_registro_propiedades import _cifras

CLASES = [resumen_registro.REGISTRO, resumen_registro.VIGENCIAS]
HOY = timezone.localdate()
VALIDEZ = resumen_registro.VALIDEZ


def _dias(n, desde=HOY):
    return desde + datetime.timedelta(days=n)


def _el_dia(dia):
    return mock.patch.object(timezone, "localdate", lambda *args, **kwargs: dia)


def _iguales(hoy=None):
    assert _cifras(hoy) == _cifras(hoy, directas=True)


def _pendientes():
    return set(ResumenPendiente.objects.filter(clase__in=CLASES).values_list("clase", "clave"))


def _guardadas(clase):
    return dict(
        Resumen.objects.filter(clase=clase)
        .exclude(clave=resumenes.CONSTRUIDO)
        .values_list("clave", "datos")
    )


@pytest.fixture
def cubetas_chicas():
    """Buckets of 3 ids: a few organizations already spread over several buckets."""
    with mock.patch.object(resumen_registro, "TAMANO", 3):
        yield


@pytest.fixture
def registro(db, cubetas_chicas, django_capture_on_commit_callbacks):
    """Juntas with documents expiring over the next weeks, committed (rows stored)."""
    rut = Requisito.objects.get(codigo="rut")
    cuenta = Requisito.objects.get(codigo="cuenta-bancaria")
    seguridad = Requisito.objects.get(codigo="seguridad-social")
    with django_capture_on_commit_callbacks(execute=True):
        resumenes.reconstruir(CLASES)
        for n in range(8):
            junta = OrganizacionFactory(periodo_fin=_dias(10 * n - 5), participa=n % 2 == 0)
            RequisitoJuntaFactory(organizacion=junta, requisito=rut)
            RequisitoJuntaFactory(
                organizacion=junta, requisito=cuenta, fecha_vencimiento=_dias(2 * n)
            )
            RequisitoJuntaFactory(
                organizacion=junta, requisito=seguridad, fecha_vencimiento=_dias(VALIDEZ + n - 4)
            )
        OrganizacionFactory(tipo=Organizacion.Tipo.ASOJAC, barrio=None, nit=None,
                            localidad=Barrio.objects.first().localidad)  # fmt: skip
    return Organizacion.objects.juntas()


def test_rows_are_stored_after_the_commit_and_a_rebuild_finds_no_difference(registro):
    assert not _pendientes()
    cubetas = {
        resumen_registro.cubeta(pk) for pk in Organizacion.objects.values_list("pk", flat=True)
    }
    assert len(cubetas) >= 3  # 9 organizations, buckets of 3 ids
    assert set(_guardadas(resumen_registro.REGISTRO)) == cubetas
    assert set(_guardadas(resumen_registro.VIGENCIAS)) == cubetas
    informe = resumenes.reconstruir(CLASES, corregir=False)
    assert [informe[c]["diferencias"] for c in CLASES] == [[], []]
    _iguales()


def test_a_rebuild_days_later_keeps_the_anchor_and_the_daily_job_moves_it(
    registro, django_capture_on_commit_callbacks
):
    for dias in (1, resumen_registro.ANCLA_VIGENTE):
        with _el_dia(_dias(dias)):
            informe = resumenes.reconstruir(CLASES, corregir=False)
            assert [informe[c]["diferencias"] for c in CLASES] == [[], []]
            _iguales()
    with _el_dia(_dias(resumen_registro.REANCLAR + 1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("actualizar_puntajes", stdout=io.StringIO())
        anclas = {d["a"] for d in _guardadas(resumen_registro.VIGENCIAS).values()}
        assert anclas == {_dias(resumen_registro.REANCLAR + 1).isoformat()}
        assert not _pendientes()
        _iguales()


def test_the_command_reports_a_drifted_row_and_fixes_it(registro, capsys):
    fila = Resumen.objects.filter(clase=resumen_registro.VIGENCIAS).exclude(clave="*").first()
    fila.datos = {**fila.datos, "n": fila.datos["n"] + 5}
    fila.save()
    Resumen.objects.filter(clase=resumen_registro.REGISTRO).exclude(clave="*").first().delete()
    with pytest.raises(CommandError, match="2 diferencias"):
        call_command("reconstruir_resumenes", *CLASES, "--revisar")
    salida = capsys.readouterr().out
    assert f"vigencias «{fila.clave}»: distinto en n" in salida
    assert "faltaba" in salida
    call_command("reconstruir_resumenes", *CLASES)
    call_command("reconstruir_resumenes", *CLASES, "--revisar")
    assert "Los resúmenes coinciden con los datos." in capsys.readouterr().out
    _iguales()


@pytest.mark.parametrize(
    "dias", [-1, 0, 1, 5, VALIDEZ - 1, VALIDEZ, VALIDEZ + 1, 40, 400], ids=lambda d: f"dia{d}"
)
def test_stored_rows_are_exact_on_every_day_and_fall_back_outside_their_days(registro, dias):
    """Documents expire on each of the days a row answers for and on its edges; a day before
    its anchor or past them is computed from the raw rows, by the buckets or by the raw
    selectors when that would be most of them."""
    hoy = _dias(dias)
    _iguales(hoy)
    with _el_dia(hoy):
        _iguales()
    usables = {d for d, _datos in resumen_registro.leer_vigencias(hoy)}
    # The stored rows with `hoy` applied, or each bucket computed for `hoy` (with this few).
    assert usables == ({dias} if 0 <= dias <= VALIDEZ else {0})


def test_a_day_long_past_is_read_from_the_raw_rows(registro):
    with mock.patch.object(resumen_registro, "TAMANO", 1):  # 25 buckets, all out of their days
        resumenes.reconstruir(CLASES)
        assert resumen_registro.leer_vigencias(_dias(-100)) is None
        _iguales(_dias(-100))


def test_weights_swapped_with_the_same_total_change_the_index(
    registro, django_capture_on_commit_callbacks
):
    rut = Requisito.objects.get(codigo="rut")
    cuenta = Requisito.objects.get(codigo="cuenta-bancaria")
    antes = selectors.resumen_registro(_dias(5))["indice_promedio"]
    with django_capture_on_commit_callbacks(execute=True):
        rut.peso, cuenta.peso = cuenta.peso, rut.peso
        rut.save()
        cuenta.save()
    assert not _pendientes()
    assert Requisito.peso_total() == 100
    assert selectors.resumen_registro(_dias(5))["indice_promedio"] != antes
    _iguales()
    _iguales(_dias(VALIDEZ))


def _otra_ucg(junta):
    return (
        Barrio.objects.filter(localidad=junta.localidad, unidad_comunera__isnull=False)
        .exclude(unidad_comunera=junta.unidad_comunera)
        .first()
    )


CAMBIOS = {
    # field: (new value for the Junta, the figure that moves)
    "estado": (
        lambda j: Organizacion.Estado.SUSPENDIDA,
        lambda: selectors.resumen_registro()["activas"],
    ),
    "participa": (
        lambda j: not j.participa,
        lambda: selectors.resumen_para_indicadores()["participantes"],
    ),
    "tipo": (lambda j: Organizacion.Tipo.JVC, lambda: selectors.resumen_registro()["jvc"]),
    "asociacion": (
        lambda j: Organizacion.Tipo.ASOJAC,
        lambda: [f["cumplen"] for f in selectors.cumplimiento_por_requisito()],
    ),
    "periodo_fin": (lambda j: _dias(3), lambda: selectors.conteo_vencimientos()["ventanas"]),
    "barrio": (_otra_ucg, selectors.resumen_por_ucg),
}


@pytest.mark.parametrize("campo", list(CAMBIOS))
def test_a_change_to_a_junta_moves_its_figures(registro, django_capture_on_commit_callbacks, campo):
    """A board's period, a move to another UCG of the same localidad, a Junta turned into an
    Asociación: committed, each moves the figures it feeds."""
    valor, figura = CAMBIOS[campo]
    antes = figura()
    junta = registro.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        setattr(junta, "tipo" if campo == "asociacion" else campo, valor(junta))
        junta.save()
    assert not _pendientes()
    assert figura() != antes
    _iguales()
    _iguales(_dias(VALIDEZ))


def test_a_score_right_on_the_threshold_counts_until_its_document_expires(
    db, cubetas_chicas, django_capture_on_commit_callbacks
):
    Requisito.objects.update(activo=False)  # a catalogue of two requirements: 8 of 10 points
    rut = Requisito.objects.get(codigo="rut")
    cuenta = Requisito.objects.get(codigo="cuenta-bancaria")
    with django_capture_on_commit_callbacks(execute=True):
        resumenes.reconstruir(CLASES)
        for requisito, peso in ((rut, 2), (cuenta, 8)):
            requisito.activo, requisito.peso = True, peso
            requisito.save()
        junta = OrganizacionFactory()
        RequisitoJuntaFactory(organizacion=junta, requisito=cuenta, fecha_vencimiento=_dias(3))
        otra = OrganizacionFactory()  # 10 points, 8 once its first document expires
        RequisitoJuntaFactory(organizacion=otra, requisito=rut, fecha_vencimiento=_dias(1))
        RequisitoJuntaFactory(organizacion=otra, requisito=cuenta)
    for dias, listas in ((0, 2), (1, 2), (2, 2), (3, 2), (4, 1)):
        assert selectors.resumen_registro(_dias(dias))["listas_para_contratar"] == listas
        _iguales(_dias(dias))


def test_a_save_that_changes_nothing_counted_marks_nothing(
    registro, django_capture_on_commit_callbacks
):
    junta = registro.order_by("pk").first()
    junta.telefono = "3001112233"
    junta.save()
    fila = junta.requisitos.get(requisito__codigo="rut")
    fila.observaciones = "Revisado."
    fila.save()
    # A renewal uploaded while the document is in force waits beside it: nothing changes.
    services.cargar_documento(
        organizacion=junta, requisito=fila.requisito,
        archivo=SimpleUploadedFile("rut.pdf", b"%PDF-1.4 renovado"),
        fecha_expedicion=_dias(-1), fecha_vencimiento=None, usuario=UserFactory(),
    )  # fmt: skip
    assert not _pendientes()
    fila.estado = RequisitoJunta.Estado.NO_CUMPLE
    fila.save()
    assert _pendientes() == {("vigencias", resumen_registro.cubeta(junta.pk))}
    _iguales()


def test_registry_reads_touch_no_registry_table_once_built(registro):
    with CaptureQueriesContext(connection) as consultas:
        selectors.resumen_registro()
        selectors.resumen_por_ucg()
        selectors.cumplimiento_por_requisito()
        selectors.conteo_vencimientos()
        selectors.resumen_para_indicadores()
    tablas = " ".join(c["sql"] for c in consultas.captured_queries)
    assert "juntas_requisitojunta" not in tablas
    assert "juntas_organizacion" not in tablas


# The dashboards ---------------------------------------------------------------------------------


@pytest.fixture
def compromiso(db):
    compromiso = crear_compromiso()
    crear_hito(
        compromiso, 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31),
        tipo=Hito.Tipo.IDENTIFICACION, indicadores=[("juntas_participantes", 4)],
    )  # fmt: skip
    return compromiso


def _juntas(n):
    rut = Requisito.objects.get(codigo="rut")
    cuenta = Requisito.objects.get(codigo="cuenta-bancaria")
    for i in range(n):
        junta = OrganizacionFactory(periodo_fin=_dias(i))
        RequisitoJuntaFactory(organizacion=junta, requisito=rut)
        RequisitoJuntaFactory(organizacion=junta, requisito=cuenta, fecha_vencimiento=_dias(i))


def _consultas(client, url):
    cache.clear()  # the cold page: everything computed
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(url).status_code == 200
    return consultas


@pytest.mark.parametrize("guardadas", [True, False], ids=["stored", "pending"])
def test_dashboard_and_public_page_queries_stay_constant_with_the_buckets(
    client, compromiso, cubetas_chicas, django_capture_on_commit_callbacks, guardadas, monkeypatch
):
    """2 buckets, then 40: the same queries, whether the buckets are stored or pending (a
    write whose recompute has not run yet computes every pending bucket in the same queries,
    the survey's blocks too: 3 ids each here, so the Juntas spread over many of them whatever
    ids the database hands out); with the rows stored, the cold dashboard reads no
    requirement row."""
    monkeypatch.setattr(resumen_encuesta, "TAMANO_BLOQUE", 3)
    monitor = crear_monitor()
    with django_capture_on_commit_callbacks(execute=True):
        resumenes.reconstruir(CLASES)
    cuentas = []
    for n in (5, 115):
        with django_capture_on_commit_callbacks(execute=guardadas):
            _juntas(n)
        assert bool(_pendientes()) != guardadas
        client.force_login(monitor)
        tablero = _consultas(client, reverse("tablero:inicio"))
        client.logout()
        publica = _consultas(client, reverse("transparencia:inicio"))
        cuentas.append((len(tablero), len(publica)))
        if guardadas:
            sql = " ".join(c["sql"] for c in tablero.captured_queries)
            assert "juntas_requisitojunta" not in sql
    assert cuentas[0] == cuentas[1], cuentas
    _iguales()
