"""One online session of 60 minutes (9:00–10:00) as each meeting tool reports it, and the people
registered for it. The same meeting everywhere, so a test reads the outcome per person:

- Ana María Pérez Gómez (ana.perez@example.org): Zoom drops her twice (three lines, 50 min);
  on Teams she is on a laptop and a phone at once (9:00–9:40 and 9:30–9:50: 50 min, not 60).
- Rosa Elena Díaz (rosa.diaz@example.org): renamed herself «Rosita D» on Zoom; 48 min.
- José Luis Núñez Castro (no e-mail in the portal): a guest on Zoom, 40 min (absent at 75 %);
  «Núñez Castro, José Luis» with his own Gmail on Teams, 46 min (present).
- Carmen Julio: two registered people have that name (ambiguous); 46 min.
- Someone on a phone («iPhone de Pedro») and the host: nobody registered.
"""

import datetime

from django.utils import timezone

from capacitacion.models import Modulo, Sesion
from demo.capacitacion import sembrar_estrategia

from . import reportes_reunion as herramientas


def sesion_virtual_empezada(cupo=40):
    """An online session of the demo strategy's «SECOP II paso a paso» that started three hours
    ago and lasted two (attendance may be taken), with `cupo` places for anyone's Junta."""
    sembrar_estrategia()
    inicio = timezone.now() - datetime.timedelta(hours=3)
    return Sesion.objects.create(
        modulo=Modulo.objects.get(nombre="SECOP II paso a paso"),
        inicio=inicio,
        fin=inicio + datetime.timedelta(hours=2),
        modalidad="virtual",
        enlace="https://meet.google.com/abc-defg-hij",
        facilitador_organizacion="Universidad de Cartagena",
        cupo=cupo,
        cupo_por_junta=cupo,
    )


ANA = {"nombres": "Ana María", "apellidos": "Pérez Gómez", "correo": "ana.perez@example.org"}
ROSA = {"nombres": "Rosa Elena", "apellidos": "Díaz", "correo": "rosa.diaz@example.org"}
JOSE = {"nombres": "José Luis", "apellidos": "Núñez Castro", "correo": ""}
CARMEN_1 = {"nombres": "Carmen", "apellidos": "Julio", "correo": ""}
CARMEN_2 = {"nombres": "Carmen", "apellidos": "Julio", "correo": "carmen.otra@example.org"}
INSCRITOS = [ANA, ROSA, JOSE, CARMEN_1, CARMEN_2]
DIA_MUESTRA = datetime.date(2026, 11, 20)


def _a(dia, hora, minuto, segundo=0):
    return datetime.datetime.combine(dia, datetime.time(hora, minuto, segundo))


def zoom(dia=DIA_MUESTRA, *, resumen=True):
    a = lambda h, m, s=0: _a(dia, h, m, s)  # noqa: E731
    conexiones = [
        {"nombre": "Secretaría Participación", "correo": "host@example.org",
         "entrada": a(8, 55), "salida": a(10, 5)},
        {"nombre": "Ana Pérez", "correo": ANA["correo"], "entrada": a(9, 0, 11),
         "salida": a(9, 20, 11)},
        {"nombre": "Rosita D (Rosita)", "correo": ROSA["correo"], "entrada": a(9, 2),
         "salida": a(9, 50)},
        {"nombre": "nunez jose luis", "correo": "", "entrada": a(9, 5), "salida": a(9, 45),
         "invitado": True},
        {"nombre": "Ana Pérez", "correo": ANA["correo"], "entrada": a(9, 25, 11),
         "salida": a(9, 40, 11)},
        {"nombre": "Carmen Julio", "correo": "", "entrada": a(9, 0), "salida": a(9, 46),
         "invitado": True},
        {"nombre": "iPhone de Pedro", "correo": "", "entrada": a(9, 10), "salida": a(9, 30),
         "invitado": True},
        {"nombre": "Ana Pérez", "correo": ANA["correo"], "entrada": a(9, 45, 11),
         "salida": a(10, 0, 11)},
    ]  # fmt: skip
    datos = None
    if resumen:
        datos = {"id": "812 3456 7890", "tema": "SECOP II paso a paso", "inicio": a(8, 55),
                 "fin": a(10, 5), "anfitrion": "host@example.org"}  # fmt: skip
    return herramientas.zoom(conexiones, resumen=datos)


def teams(dia=DIA_MUESTRA, *, idioma="es", actividades=True):
    a = lambda h, m, s=0: _a(dia, h, m, s)  # noqa: E731
    nombre_jose = "Núñez Castro, José Luis" if idioma == "es" else "Jose Luis Nunez"
    conexiones = [
        {"nombre": "Secretaría Participación", "correo": "host@example.org",
         "entrada": a(8, 58, 2), "salida": a(10, 1, 30), "rol": "organizador"},
        {"nombre": "Ana María Pérez Gómez", "correo": ANA["correo"], "entrada": a(9, 0, 2),
         "salida": a(9, 40, 2)},
        {"nombre": "Ana María Pérez Gómez", "correo": ANA["correo"], "entrada": a(9, 30, 2),
         "salida": a(9, 50, 2)},
        {"nombre": nombre_jose, "correo": "jlnunez@gmail.com", "entrada": a(9, 1),
         "salida": a(9, 47)},
        {"nombre": "Rosa Diaz", "correo": "rosa.d@gmail.com", "entrada": a(9, 3),
         "salida": a(9, 35)},
    ]  # fmt: skip
    return herramientas.teams(
        conexiones,
        idioma=idioma,
        titulo="SECOP II paso a paso",
        inicio=a(8, 58, 2),
        fin=a(10, 1, 30),
        actividades=actividades,
    )


def meet(dia=DIA_MUESTRA, *, idioma="es"):
    a = lambda h, m: _a(dia, h, m)  # noqa: E731
    personas = [
        {"nombre": "Ana María", "apellido": "Pérez Gómez", "correo": ANA["correo"],
         "entrada": a(9, 0), "salida": a(10, 0), "segundos": 58 * 60},
        {"nombre": "Carmen", "apellido": "Julio", "correo": "", "entrada": a(9, 1),
         "salida": a(9, 47), "segundos": 46 * 60},
        {"nombre": "Pedro", "apellido": "Suárez", "correo": "", "entrada": a(9, 0),
         "salida": a(10, 2), "segundos": 62 * 60},
    ]  # fmt: skip
    return herramientas.meet(personas, idioma=idioma)


MUESTRAS = {
    "teams_es.csv": lambda: teams(idioma="es"),
    "teams_en.csv": lambda: teams(idioma="en"),
    "zoom_participantes.csv": zoom,
    "meet_asistencia_es.csv": lambda: meet(idioma="es"),
    "meet_attendance_en.csv": lambda: meet(idioma="en"),
}


def inscribir_muestra(sesion, junta, otra_junta):
    """Register the sample meeting's five people for `sesion` (the second Carmen Julio belongs
    to `otra_junta`)."""
    from capacitacion.models import Inscripcion, Persona

    for numero, datos in enumerate(INSCRITOS):
        organizacion = otra_junta if datos is CARMEN_2 else junta
        persona = Persona.objects.create(
            documento=f"{45100000 + numero}", organizacion=organizacion, **datos
        )
        Inscripcion.objects.create(sesion=sesion, persona=persona, organizacion=organizacion)
