"""The meeting tools' attendance reports as they write them (Teams in Spanish and English with its
summary, Zoom with a person on three lines, Google Meet), read into participants with their
connected minutes and matched to the session's registered people: by e-mail, then by name in
any order and without accents; ambiguous and unmatched lines stay for staff to decide."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from capacitacion import reportes_reunion
from capacitacion.models import Modulo, Sesion
from capacitacion.reportes_reunion import (
    Conexion,
    Participante,
    conectado_por_inscripcion,
    emparejar,
    fecha_hora,
    leer,
    minimo_segundos,
    segundos_conectados,
    segundos_de_duracion,
)
from demo.capacitacion import sembrar_estrategia
from nucleo.tablas import ArchivoIlegible

from . import muestras_asistencia as muestras

DATOS = Path(__file__).parent / "datos" / "asistencia"


def _leer(contenido, nombre="informe.csv", fecha=muestras.DIA_MUESTRA):
    disposicion, tabla = leer(contenido, nombre)
    return reportes_reunion.reporte(disposicion, tabla, fecha=fecha)


def _por_nombre(reporte):
    return {p.nombre: p for p in reporte.participantes}


@pytest.fixture
def inscritas(db, junta, otra_junta):
    """The five people registered for a 60-minute session held today from 9:00."""
    sembrar_estrategia()
    hoy = timezone.localdate()
    inicio = timezone.make_aware(datetime.datetime.combine(hoy, datetime.time(9)))
    sesion = Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"),
        inicio=inicio,
        fin=inicio + datetime.timedelta(minutes=60),
        modalidad="virtual",
        enlace="https://teams.microsoft.com/l/meetup-join/abc",
        facilitador_organizacion="Universidad de Cartagena",
        cupo=40,
        cupo_por_junta=10,
    )
    muestras.inscribir_muestra(sesion, junta, otra_junta)
    return sesion


def _emparejado(reporte, sesion):
    inscripciones = list(sesion.inscripciones.select_related("persona"))
    emparejar(reporte.participantes, inscripciones)
    nombres = {i.pk: i.persona.nombre_completo for i in inscripciones}
    return {
        p.nombre: (p.estado, sorted(nombres[pk] for pk in p.candidatas))
        for p in reporte.participantes
    }


# The files as each tool writes them ---------------------------------------------------------------


def test_teams_spanish_report_is_utf16_with_tabs_and_a_summary_before_the_participants():
    contenido = muestras.teams(idioma="es")
    assert contenido.startswith(b"\xff\xfe")  # UTF-16 LE BOM
    texto = contenido.decode("utf-16")
    assert texto.startswith("1. Resumen\r\nTítulo de la reunión\tSECOP II paso a paso\r\n")
    assert "\r\n2. Participantes\r\nNombre\tPrimera unión\tÚltima salida\t" in texto
    assert "\r\n3. Actividades en la reunión\r\n" in texto
    reporte = _leer(contenido)
    assert reporte.herramienta == "teams" and reporte.errores == []
    assert reporte.titulo == "SECOP II paso a paso"
    assert reporte.inicio == datetime.datetime(2026, 11, 20, 8, 58, 2)
    participantes = _por_nombre(reporte)
    assert set(participantes) == {
        "Secretaría Participación",
        "Ana María Pérez Gómez",
        "Núñez Castro, José Luis",
        "Rosa Diaz",
    }
    ana = participantes["Ana María Pérez Gómez"]
    # Laptop 9:00–9:40 and phone 9:30–9:50 at once: 50 minutes, not 60.
    assert len(ana.conexiones) == 2 and ana.segundos == 50 * 60
    assert ana.lineas == [12, 19, 20]  # the file's own lines: participants row, two activities
    assert participantes["Núñez Castro, José Luis"].segundos == 46 * 60
    assert participantes["Secretaría Participación"].rol == "Organizador"


def test_teams_english_report_reads_month_first_dates_and_short_durations():
    contenido = muestras.teams(idioma="en")
    texto = contenido.decode("utf-16")
    assert "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)" in texto
    assert "11/20/26, 9:00:02 AM" in texto and "\t1h 3m 28s\t" in texto
    reporte = _leer(contenido)
    assert reporte.inicio == datetime.datetime(2026, 11, 20, 8, 58, 2)
    participantes = _por_nombre(reporte)
    assert participantes["Ana María Pérez Gómez"].segundos == 50 * 60
    assert participantes["Jose Luis Nunez"].primera == datetime.datetime(2026, 11, 20, 9, 1)
    assert participantes["Secretaría Participación"].rol == "Organizer"


def test_teams_report_without_activities_counts_the_participants_total():
    reporte = _leer(muestras.teams(idioma="es", actividades=False))
    ana = _por_nombre(reporte)["Ana María Pérez Gómez"]
    # Only «Duración en la reunión» is there (Teams adds both devices up): 60 minutes.
    assert ana.segundos == 60 * 60 and ana.lineas == [12]


def test_zoom_report_adds_up_a_person_on_three_lines_and_flags_guests():
    contenido = muestras.zoom()
    assert contenido.startswith(b"\xef\xbb\xbfMeeting ID,Topic,Start Time,")
    assert (
        b"\r\n\r\nName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"
        in contenido
    )
    assert (
        "Ana Pérez,ana.perez@example.org,11/20/2026 09:00:11 AM,11/20/2026 09:20:11 AM,20,No\r\n"
        in contenido.decode("utf-8-sig")
    )
    reporte = _leer(contenido)
    assert reporte.herramienta == "zoom" and reporte.errores == []
    assert reporte.titulo == "SECOP II paso a paso"
    assert reporte.inicio == datetime.datetime(2026, 11, 20, 8, 55)
    participantes = _por_nombre(reporte)
    ana = participantes["Ana Pérez"]
    assert ana.lineas == [6, 9, 12] and ana.segundos == 50 * 60
    assert (ana.primera, ana.ultima) == (
        datetime.datetime(2026, 11, 20, 9, 0, 11),
        datetime.datetime(2026, 11, 20, 10, 0, 11),
    )
    assert participantes["nunez jose luis"].invitado is True
    assert participantes["nunez jose luis"].segundos == 40 * 60
    assert participantes["Ana Pérez"].invitado is False


def test_zoom_report_without_the_meeting_summary_is_read_too():
    contenido = muestras.zoom(resumen=False)
    assert contenido.startswith(b"\xef\xbb\xbfName (Original Name),")
    reporte = _leer(contenido)
    assert _por_nombre(reporte)["Ana Pérez"].lineas == [3, 6, 9]  # the host is line 2
    assert reporte.titulo == ""


@pytest.mark.parametrize("idioma", ["es", "en"])
def test_meet_attendance_csv_in_spanish_and_english(idioma):
    contenido = muestras.meet(idioma=idioma)
    encabezado = {
        "es": "Nombre,Apellido,Correo electrónico,Duración,Hora de la primera llegada,".encode(),
        "en": b"First name,Last name,Email,Duration,Time joined,Time exited\r\n",
    }[idioma]
    assert contenido.startswith(encabezado)
    reporte = _leer(contenido)
    assert reporte.herramienta == "meet"
    participantes = _por_nombre(reporte)
    assert participantes["Ana María Pérez Gómez"].segundos == 58 * 60
    assert participantes["Pedro Suárez"].segundos == 62 * 60  # «1 h 2 min» / «1 hr 2 min»
    assert participantes["Carmen Julio"].primera == datetime.datetime(2026, 11, 20, 9, 1)


@pytest.mark.parametrize("nombre", sorted(muestras.MUESTRAS))
def test_the_samples_kept_in_the_test_data_are_what_the_builders_write(nombre):
    """tests/capacitacion/datos/asistencia/ holds a file of each tool for people to open;
    REGENERAR_MUESTRAS=1 rewrites them after a change to the builders."""
    contenido = muestras.MUESTRAS[nombre]()
    if os.environ.get("REGENERAR_MUESTRAS"):
        DATOS.mkdir(parents=True, exist_ok=True)
        (DATOS / nombre).write_bytes(contenido)
    assert (DATOS / nombre).read_bytes() == contenido
    assert _leer(contenido, nombre).participantes


# Durations and dates as the tools write them ------------------------------------------------------


@pytest.mark.parametrize(
    ("texto", "segundos"),
    [
        ("1 h 5 min 9 s", 3909),
        ("1h 5m 9s", 3909),
        ("46 min 30 s", 2790),
        ("1 h 5 min", 3900),
        ("1 hr 2 min", 3720),
        ("58 min", 3480),
        ("32s", 32),
        ("01:05:09", 3909),
        ("47:03", 2823),
        ("46", 2760),  # Zoom's «Duration (Minutes)»
    ],
)
def test_durations_as_the_tools_write_them(texto, segundos):
    assert segundos_de_duracion(texto) == segundos


@pytest.mark.parametrize("texto", ["", "mucho", "1 h y pico", "11/20/2026 09:02:11 AM"])
def test_an_unreadable_duration_is_none_never_zero(texto):
    assert segundos_de_duracion(texto) is None


@pytest.mark.parametrize(
    ("texto", "dia_primero", "esperado"),
    [
        ("11/20/2026 09:02:11 AM", False, datetime.datetime(2026, 11, 20, 9, 2, 11)),
        ("11/20/26, 1:05:00 PM", False, datetime.datetime(2026, 11, 20, 13, 5)),
        ("20/11/2026, 9:00:02 a. m.", True, datetime.datetime(2026, 11, 20, 9, 0, 2)),
        ("20/11/2026, 12:30:00 p. m.", True, datetime.datetime(2026, 11, 20, 12, 30)),
        ("20/11/26, 21:00:02", True, datetime.datetime(2026, 11, 20, 21, 0, 2)),
        ("11/20/26, 9:00:02\u202fAM", False, datetime.datetime(2026, 11, 20, 9, 0, 2)),
        ("Nov 20, 2026 09:02 AM", False, datetime.datetime(2026, 11, 20, 9, 2)),
        ("2026-11-20 09:02:11", True, datetime.datetime(2026, 11, 20, 9, 2, 11)),
        ("9:02 AM", False, datetime.datetime(2026, 11, 20, 9, 2)),  # Meet: a time of day
        ("18:02", True, datetime.datetime(2026, 11, 20, 18, 2)),
    ],
)
def test_timestamps_as_the_tools_write_them(texto, dia_primero, esperado):
    assert fecha_hora(texto, dia_primero=dia_primero, fecha=muestras.DIA_MUESTRA) == esperado


def test_day_and_month_that_could_be_swapped_follow_the_sessions_day():
    """«03/04/2026»: the 3rd of April in Spanish, the 4th of March in English, unless the
    session's day settles it."""
    assert fecha_hora("03/04/2026 10:00", dia_primero=True).date() == datetime.date(2026, 4, 3)
    assert fecha_hora("03/04/2026 10:00", dia_primero=False).date() == datetime.date(2026, 3, 4)
    dia = datetime.date(2026, 3, 4)
    assert fecha_hora("03/04/2026 10:00", dia_primero=True, fecha=dia).date() == dia


def test_a_line_whose_duration_cannot_be_read_is_an_error_with_its_line():
    contenido = muestras.meet(idioma="es").replace(b"58 min", b"casi una hora")
    reporte = _leer(contenido)
    assert reporte.errores == [
        (2, "no se entiende la duración «casi una hora» de la columna «Duración».")
    ]


def test_a_pdf_or_an_unknown_table_is_refused_in_spanish():
    with pytest.raises(ArchivoIlegible, match="es un PDF, no una hoja de cálculo"):
        leer(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "asistencia.pdf")
    with pytest.raises(ArchivoIlegible, match="No se reconoce el archivo como una lista"):
        leer("Fruta;Precio\r\nMango;1.200\r\n".encode("cp1252"), "frutas.csv")


# Connected time -----------------------------------------------------------------------------------


def _c(desde, hasta):
    dia = muestras.DIA_MUESTRA
    hora = lambda texto: datetime.datetime.combine(dia, datetime.time.fromisoformat(texto))  # noqa: E731
    entrada, salida = hora(desde), hora(hasta)
    return Conexion(entrada, salida, int((salida - entrada).total_seconds()))


def test_overlapping_connections_count_once_and_separate_ones_add_up():
    assert segundos_conectados([_c("09:00", "09:40"), _c("09:30", "09:50")]) == 50 * 60
    assert segundos_conectados([_c("09:00", "09:20"), _c("09:30", "09:50")]) == 40 * 60
    assert segundos_conectados([_c("09:00", "10:00"), _c("09:10", "09:20")]) == 60 * 60
    # Without times (Meet, Teams' totals) durations add up.
    assert segundos_conectados([Conexion(None, None, 600), Conexion(None, None, 300)]) == 900


def test_two_lines_given_to_one_person_add_up_their_overlap_once():
    portatil = Participante(nombre="Ana", conexiones=[_c("09:00", "09:40")])
    celular = Participante(nombre="iPhone de Ana", conexiones=[_c("09:30", "09:55")])
    otra = Participante(nombre="Otra", conexiones=[_c("09:00", "09:10")])
    elecciones = {0: 7, 1: 7, 2: None}
    assert conectado_por_inscripcion([portatil, celular, otra], elecciones) == {7: 55 * 60}


@pytest.mark.django_db
def test_the_threshold_is_a_share_of_the_sessions_length(inscritas):
    """60 minutes at 75 %: 45 minutes. 40 is absent, 46 is present."""
    assert minimo_segundos(inscritas, 75) == 45 * 60
    assert 40 * 60 < minimo_segundos(inscritas, 75) <= 46 * 60
    assert minimo_segundos(inscritas, 50) == 30 * 60
    assert reportes_reunion.porcentaje_por_defecto() == 75


# Matching to the registered people ----------------------------------------------------------------


@pytest.mark.django_db
def test_zoom_lines_match_by_email_then_by_name(inscritas):
    dia = timezone.localdate()
    emparejado = _emparejado(_leer(muestras.zoom(dia), fecha=dia), inscritas)
    # E-mail first: «Rosita D» is Rosa Elena Díaz by her address, whatever the name says.
    assert emparejado["Rosita D (Rosita)"] == ("correo", ["Rosa Elena Díaz"])
    assert emparejado["Ana Pérez"] == ("correo", ["Ana María Pérez Gómez"])
    # No e-mail: the name, in another order, without accents or capitals.
    assert emparejado["nunez jose luis"] == ("nombre", ["José Luis Núñez Castro"])
    # Two registered people with the same name: staff choose.
    assert emparejado["Carmen Julio"] == ("ambigua", ["Carmen Julio", "Carmen Julio"])
    assert emparejado["iPhone de Pedro"] == ("ninguna", [])
    assert emparejado["Secretaría Participación"] == ("ninguna", [])


@pytest.mark.django_db
def test_teams_lines_match_by_name_when_the_email_is_not_the_registered_one(inscritas):
    dia = timezone.localdate()
    espanol = _emparejado(_leer(muestras.teams(dia, idioma="es"), fecha=dia), inscritas)
    assert espanol["Núñez Castro, José Luis"] == ("nombre", ["José Luis Núñez Castro"])
    # «Rosa Diaz»: a first name and a surname of Rosa Elena Díaz, without the accent.
    assert espanol["Rosa Diaz"] == ("nombre", ["Rosa Elena Díaz"])
    ingles = _emparejado(_leer(muestras.teams(dia, idioma="en"), fecha=dia), inscritas)
    assert ingles["Jose Luis Nunez"] == ("nombre", ["José Luis Núñez Castro"])


@pytest.mark.django_db
def test_meet_lines_match_and_an_email_shared_by_nobody_falls_back_to_the_name(inscritas):
    dia = timezone.localdate()
    emparejado = _emparejado(_leer(muestras.meet(dia), fecha=dia), inscritas)
    assert emparejado["Ana María Pérez Gómez"] == ("correo", ["Ana María Pérez Gómez"])
    assert emparejado["Carmen Julio"][0] == "ambigua"
    assert emparejado["Pedro Suárez"] == ("ninguna", [])


@pytest.mark.django_db
def test_a_single_word_or_a_name_of_someone_else_matches_nobody(inscritas):
    inscripciones = list(inscritas.inscripciones.select_related("persona"))
    solo = Participante(nombre="Ana")
    otra = Participante(nombre="Ana Julio")  # a first name of one, the surname of others
    emparejar([solo, otra], inscripciones)
    assert (solo.estado, otra.estado) == ("ninguna", "ninguna")
