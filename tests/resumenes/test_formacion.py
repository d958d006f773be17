"""The training summaries (`capacitacion.resumenes.formacion`) on known data: a Junta moving to
another localidad moves its people's counts, a saved attendance sheet leaves its buckets stored
and nothing pending, a registration that cannot change a distinct count marks nothing, the
dashboard reads summary rows in a fixed number of queries and never the big tables, and the
rebuild command finds and fixes a drifted row."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacitacion.models import Inscripcion, Modulo, Persona, Programa, Sesion
from capacitacion.resumenes import formacion as resumen_formacion
from capacitacion.selectors import formacion as selectors
from capacitacion.services import asistencia
from juntas.models import Barrio
from nucleo import resumenes
from nucleo.models import Resumen, ResumenPendiente
from tests.factories import OrganizacionFactory, UserFactory

CLASES = [
    resumen_formacion.PERSONAS,
    resumen_formacion.SESIONES,
    resumen_formacion.JUNTAS,
    resumen_formacion.ACOMPANAMIENTO,
]
GRANDES = (
    "capacitacion_sesion",
    "capacitacion_inscripcion",
    "capacitacion_certificado",
    "capacitacion_evaluacion",
)


@pytest.fixture
def modulo(db):
    programa = Programa.objects.create(nombre="Programa de prueba")
    return Modulo.objects.create(programa=programa, nombre="Módulo", objetivos="x", horas=16)


def _sesion(modulo, dias=-3, estado=Sesion.Estado.REALIZADA):
    inicio = timezone.now() + datetime.timedelta(days=dias)
    return Sesion.objects.create(
        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=4), lugar="Sede",
        facilitador_organizacion="U", cupo=40, estado=estado,
    )  # fmt: skip


def _personas(junta, n, desde=0):
    return [
        Persona.objects.create(
            documento=f"{9000000 + desde + i}",
            nombres="Ana",
            apellidos="Prueba",
            organizacion=junta,
        )  # fmt: skip
        for i in range(n)
    ]


def _cifras():
    return selectors.cifras_capacitacion(), selectors.cifras_capacitacion_directo()


def _sin_diferencias():
    informe = resumenes.reconstruir(CLASES, corregir=False)
    return [str(d) for clase in CLASES for d in informe[clase]["diferencias"]]


def _pendientes():
    return set(ResumenPendiente.objects.filter(clase__in=CLASES).values_list("clase", "clave"))


@pytest.mark.django_db
def test_a_junta_moving_to_another_localidad_moves_its_peoples_counts(
    modulo, django_capture_on_commit_callbacks
):
    barrios = Barrio.objects.filter(tipo=Barrio.Tipo.BARRIO).select_related("localidad")
    origen = barrios.order_by("pk").first()
    destino = barrios.exclude(localidad=origen.localidad).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        junta = OrganizacionFactory(barrio=origen)
        sesion = _sesion(modulo)
        for persona in _personas(junta, 3):
            Inscripcion.objects.create(
                sesion=sesion, persona=persona, organizacion=junta, asistio=True
            )
    nuevo, directo = _cifras()
    assert nuevo["por_localidad"] == directo["por_localidad"]
    assert nuevo["por_localidad"] == [
        {"nombre": origen.localidad.nombre, "personas": 3, "juntas": 1}
    ]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        junta.barrio = destino
        junta.save()
    nuevo, directo = _cifras()
    assert nuevo["por_localidad"] == [
        {"nombre": destino.localidad.nombre, "personas": 3, "juntas": 1}
    ]
    assert nuevo == directo
    assert _pendientes() == set()
    assert _sin_diferencias() == []


@pytest.mark.django_db
def test_an_attendance_sheet_leaves_its_buckets_stored_and_nothing_pending(
    modulo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        juntas = [OrganizacionFactory() for _ in range(3)]
        sesion = _sesion(modulo, estado=Sesion.Estado.PROGRAMADA)
        inscripciones = [
            Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=junta)
            for n, junta in enumerate(juntas)
            for persona in _personas(junta, 2, desde=10 * n)
        ]
    assert _cifras()[0]["asistencia"]["personas"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        asistencia.registrar_asistencia(
            sesion, presentes={i.pk for i in inscripciones[:5]}, nuevos=[],
            usuario=UserFactory(),
        )  # fmt: skip
    nuevo, directo = _cifras()
    assert nuevo == directo
    assert nuevo["asistencia"]["personas"] == 5 and nuevo["asistencia"]["juntas"] == 3
    assert nuevo["asistencia"]["inscritas"] == 6
    assert _pendientes() == set()
    assert _sin_diferencias() == []


@pytest.mark.django_db
def test_a_registration_that_cannot_change_a_distinct_count_marks_nothing(
    modulo, django_capture_on_commit_callbacks
):
    """Registering for an upcoming session, or attending a module's second session for the
    same Junta, leaves the people and Junta buckets alone (the second marks only the session
    counts)."""
    with django_capture_on_commit_callbacks(execute=True):
        junta = OrganizacionFactory()
        (persona,) = _personas(junta, 1)
        primera, segunda = _sesion(modulo, -10), _sesion(modulo, -3)
        proxima = _sesion(modulo, 5, estado=Sesion.Estado.PROGRAMADA)
        Inscripcion.objects.create(
            sesion=primera, persona=persona, organizacion=junta, asistio=True
        )
    with transaction.atomic():
        Inscripcion.objects.create(sesion=proxima, persona=persona, organizacion=junta)
        assert _pendientes() == set()
        Inscripcion.objects.create(
            sesion=segunda, persona=persona, organizacion=junta, asistio=True
        )
        assert _pendientes() == {
            (
                resumen_formacion.SESIONES,
                resumen_formacion.clave(segunda.pk, resumen_formacion.POR_SESIONES),
            )
        }
        assert selectors.cifras_capacitacion() == selectors.cifras_capacitacion_directo()


def _consultas_en_frio(client):
    cache.clear()
    with CaptureQueriesContext(connection) as consultas:
        assert client.get(reverse("estrategia:tablero")).status_code == 200
    return [q["sql"] for q in consultas.captured_queries]


def _datos(modulo, juntas, desde):
    sesion = _sesion(modulo)
    for n, junta in enumerate(juntas):
        for persona in _personas(junta, 2, desde=desde + 10 * n):
            Inscripcion.objects.create(
                sesion=sesion, persona=persona, organizacion=junta, asistio=True
            )


@pytest.mark.django_db
def test_the_dashboard_reads_summary_rows_in_a_constant_number_of_queries(
    client, monitor, modulo, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        _datos(modulo, [OrganizacionFactory() for _ in range(2)], 0)
    pocas = _consultas_en_frio(client)
    with django_capture_on_commit_callbacks(execute=True):
        _datos(modulo, [OrganizacionFactory() for _ in range(30)], 1000)
    muchas = _consultas_en_frio(client)
    assert len(muchas) == len(pocas)
    assert [sql for sql in muchas if any(tabla in sql for tabla in GRANDES)] == []


@pytest.mark.django_db
def test_the_command_reports_a_drifted_training_row_and_fixes_it(
    modulo, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _datos(modulo, [OrganizacionFactory() for _ in range(2)], 0)
    fila = Resumen.objects.filter(clase=resumen_formacion.PERSONAS).exclude(clave="*").first()
    Resumen.objects.filter(pk=fila.pk).update(datos={**fila.datos, "personas": 99})
    assert selectors.cifras_capacitacion()["asistencia"]["personas"] != 4
    with pytest.raises(CommandError, match="1 diferencias"):
        call_command("reconstruir_resumenes", resumen_formacion.PERSONAS, "--revisar")
    assert f"«{fila.clave}»: distinto en personas" in capsys.readouterr().out
    call_command("reconstruir_resumenes", resumen_formacion.PERSONAS)
    assert "Corregidas 1 diferencias" in capsys.readouterr().out
    assert selectors.cifras_capacitacion()["asistencia"]["personas"] == 4
    assert _sin_diferencias() == []


@pytest.mark.django_db
def test_certificates_the_sheet_issues_are_counted_even_for_people_it_did_not_touch(
    modulo, django_capture_on_commit_callbacks, monkeypatch
):
    """`emitir` writes certificates without signals, for whoever completed the module: here
    someone on the sheet whose attendance was recorded before any certificate run and who is
    absent this time (her row does not change and, with one person per bucket, the sheet marks
    no bucket of hers)."""
    monkeypatch.setattr(resumen_formacion, "POR_PERSONAS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        junta = OrganizacionFactory()
        antigua, otra = _personas(junta, 2)
        for sesion in [_sesion(modulo, -dias) for dias in (20, 15, 10, 5)]:
            Inscripcion.objects.create(
                sesion=sesion, persona=antigua, organizacion=junta, asistio=True
            )
        hoy = _sesion(modulo, -1, estado=Sesion.Estado.PROGRAMADA)
        fila = Inscripcion.objects.create(sesion=hoy, persona=otra, organizacion=junta)
        Inscripcion.objects.create(sesion=hoy, persona=antigua, organizacion=junta)  # absent
    assert selectors.cifras_capacitacion()["certificados"]["personas"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        asistencia.registrar_asistencia(hoy, presentes={fila.pk}, nuevos=[], usuario=UserFactory())
    nuevo, directo = _cifras()
    assert nuevo["certificados"]["personas"] == 1  # her 16 hours of the module's 16
    assert nuevo == directo
    assert _sin_diferencias() == []
