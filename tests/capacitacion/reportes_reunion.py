"""Attendance reports written byte for byte the way the meeting tools write them, for tests.

- `teams`: Microsoft Teams' «Descargar informe de asistencia»: UTF-16 LE with BOM, tab separated,
  CRLF, three numbered sections (summary as key/value rows, one row per participant, one row per
  connection), a blank line between sections. In Spanish: «1. Resumen», «2. Participantes»,
  «3. Actividades en la reunión», dates `20/11/2026, 9:00:02 a. m.` and durations
  `1 h 5 min 9 s`; in English: «1. Summary», `11/20/26, 9:00:02 AM`, `1h 5m 9s`.
- `zoom`: Zoom's participants report (Informes → Uso → Participantes → Exportar): UTF-8 with BOM,
  `,`, CRLF, one row per connection, dates `11/20/2026 09:02:11 AM`, the duration in whole
  minutes (rounded up), «Guest» Yes/No; with `resumen`, the meeting data first («Exportar con
  datos de la reunión»: a header, its row and a blank line).
- `meet`: Google Meet's attendance report, a Google Sheet downloaded as CSV: UTF-8 without BOM,
  `,`, CRLF, one row per person with the duration already added up («1 h 2 min», «58 min») and
  the first arrival and last exit as times of day.
"""

import csv
import datetime
import io
import math

UTF8_BOM = b"\xef\xbb\xbf"


def _texto(filas, separador):
    salida = io.StringIO(newline="")
    escritor = csv.writer(salida, delimiter=separador, lineterminator="\r\n")
    for fila in filas:
        escritor.writerow(fila)
    return salida.getvalue()


def _segundos(entrada, salida):
    return int((salida - entrada).total_seconds())


# Microsoft Teams ----------------------------------------------------------------------------------

TEAMS_TEXTOS = {
    "es": {
        "resumen": "1. Resumen",
        "titulo": "Título de la reunión",
        "asistentes": "Participantes asistentes",
        "inicio": "Hora de inicio",
        "fin": "Hora de finalización",
        "duracion": "Duración de la reunión",
        "promedio": "Tiempo medio de asistencia",
        "participantes": "2. Participantes",
        "encabezado": [
            "Nombre",
            "Primera unión",
            "Última salida",
            "Duración en la reunión",
            "Correo electrónico",
            "Id. de participante (UPN)",
            "Rol",
        ],
        "actividades": "3. Actividades en la reunión",
        "encabezado_actividades": [
            "Nombre",
            "Hora de unión",
            "Hora de salida",
            "Duración",
            "Correo electrónico",
            "Rol",
        ],
        "roles": {"organizador": "Organizador", "asistente": "Asistente"},
    },
    "en": {
        "resumen": "1. Summary",
        "titulo": "Meeting title",
        "asistentes": "Attended participants",
        "inicio": "Start time",
        "fin": "End time",
        "duracion": "Meeting duration",
        "promedio": "Average attendance time",
        "participantes": "2. Participants",
        "encabezado": [
            "Name",
            "First Join",
            "Last Leave",
            "In-Meeting Duration",
            "Email",
            "Participant ID (UPN)",
            "Role",
        ],
        "actividades": "3. In-Meeting Activities",
        "encabezado_actividades": ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        "roles": {"organizador": "Organizer", "asistente": "Attendee"},
    },
}


def _fecha_teams(momento, idioma):
    hora12 = momento.hour % 12 or 12
    if idioma == "en":
        meridiano = "AM" if momento.hour < 12 else "PM"
        return (
            f"{momento.month}/{momento.day}/{momento:%y}, "
            f"{hora12}:{momento:%M}:{momento:%S} {meridiano}"
        )
    meridiano = "a. m." if momento.hour < 12 else "p. m."
    return f"{momento:%d/%m/%Y}, {hora12}:{momento:%M}:{momento:%S} {meridiano}"


def _duracion_teams(segundos, idioma):
    horas, resto = divmod(segundos, 3600)
    minutos, segundos = divmod(resto, 60)
    h, m, s = ("h", "min", "s") if idioma == "es" else ("h", "m", "s")
    separador = " " if idioma == "es" else ""
    partes = [f"{horas}{separador}{h}"] if horas else []
    partes += [f"{minutos}{separador}{m}", f"{segundos}{separador}{s}"]
    return " ".join(partes)


def teams(conexiones, *, idioma="es", titulo="Sesión en línea", inicio, fin, actividades=True):
    """`conexiones`: dicts with nombre, correo, entrada, salida (datetimes) and optional rol
    («organizador» or «asistente»); a person's rows are added up in «Participantes» (first join,
    last leave, total) and listed one by one in «Actividades»."""
    textos = TEAMS_TEXTOS[idioma]
    por_persona = {}
    for conexion in conexiones:
        por_persona.setdefault(conexion["correo"] or conexion["nombre"], []).append(conexion)
    participantes = []
    for propias in por_persona.values():
        primera = propias[0]
        participantes.append(
            [
                primera["nombre"],
                _fecha_teams(min(c["entrada"] for c in propias), idioma),
                _fecha_teams(max(c["salida"] for c in propias), idioma),
                _duracion_teams(sum(_segundos(c["entrada"], c["salida"]) for c in propias), idioma),
                primera["correo"],
                primera["correo"],
                textos["roles"][primera.get("rol", "asistente")],
            ]
        )
    total = sum(_segundos(c["entrada"], c["salida"]) for c in conexiones)
    filas = [
        [textos["resumen"]],
        [textos["titulo"], titulo],
        [textos["asistentes"], str(len(participantes))],
        [textos["inicio"], _fecha_teams(inicio, idioma)],
        [textos["fin"], _fecha_teams(fin, idioma)],
        [textos["duracion"], _duracion_teams(_segundos(inicio, fin), idioma)],
        [textos["promedio"], _duracion_teams(total // max(len(participantes), 1), idioma)],
        [],
        [textos["participantes"]],
        textos["encabezado"],
        *participantes,
    ]
    if actividades:
        filas += [[], [textos["actividades"]], textos["encabezado_actividades"]]
        filas += [
            [
                c["nombre"],
                _fecha_teams(c["entrada"], idioma),
                _fecha_teams(c["salida"], idioma),
                _duracion_teams(_segundos(c["entrada"], c["salida"]), idioma),
                c["correo"],
                textos["roles"][c.get("rol", "asistente")],
            ]
            for c in conexiones
        ]
    return _texto(filas, "\t").encode("utf-16")  # Python writes the LE BOM first, as Teams


# Zoom ---------------------------------------------------------------------------------------------


def _fecha_zoom(momento):
    return momento.strftime("%m/%d/%Y %I:%M:%S %p")


def zoom(conexiones, *, resumen=None):
    """`conexiones`: dicts with nombre (as Zoom writes it: «Nombre (Nombre original)» when the
    person renamed themselves), correo (empty for guests), entrada, salida, invitado."""
    filas = []
    if resumen is not None:
        filas += [
            [
                "Meeting ID",
                "Topic",
                "Start Time",
                "End Time",
                "User Email",
                "Duration (Minutes)",
                "Participants",
            ],
            [
                resumen["id"],
                resumen["tema"],
                _fecha_zoom(resumen["inicio"]),
                _fecha_zoom(resumen["fin"]),
                resumen["anfitrion"],
                str(math.ceil(_segundos(resumen["inicio"], resumen["fin"]) / 60)),
                str(len({c["correo"] or c["nombre"] for c in conexiones})),
            ],
            [],
        ]
    filas.append(
        [
            "Name (Original Name)",
            "User Email",
            "Join Time",
            "Leave Time",
            "Duration (Minutes)",
            "Guest",
        ]
    )
    filas += [
        [
            c["nombre"],
            c["correo"],
            _fecha_zoom(c["entrada"]),
            _fecha_zoom(c["salida"]),
            str(math.ceil(_segundos(c["entrada"], c["salida"]) / 60)),
            "Yes" if c.get("invitado") else "No",
        ]
        for c in conexiones
    ]
    return UTF8_BOM + _texto(filas, ",").encode("utf-8")


# Google Meet --------------------------------------------------------------------------------------


def _duracion_meet(segundos, idioma):
    horas, minutos = divmod(segundos // 60, 60)
    h = "h" if idioma == "es" else "hr"
    return f"{horas} {h} {minutos} min" if horas else f"{minutos} min"


def _hora_meet(momento, idioma):
    if idioma == "en":
        return momento.strftime("%I:%M %p").lstrip("0")
    return f"{momento:%H:%M}"


def meet(personas, *, idioma="es"):
    """`personas`: dicts with nombre, apellido, correo, entrada, salida and segundos (the
    connected time Meet adds up)."""
    encabezado = (
        [
            "Nombre",
            "Apellido",
            "Correo electrónico",
            "Duración",
            "Hora de la primera llegada",
            "Hora de la última salida",
        ]
        if idioma == "es"
        else ["First name", "Last name", "Email", "Duration", "Time joined", "Time exited"]
    )
    filas = [encabezado]
    filas += [
        [
            p["nombre"],
            p["apellido"],
            p["correo"],
            _duracion_meet(p["segundos"], idioma),
            _hora_meet(p["entrada"], idioma),
            _hora_meet(p["salida"], idioma),
        ]
        for p in personas
    ]
    return _texto(filas, ",").encode("utf-8")


def minutos(momento: datetime.datetime, cantidad: float) -> datetime.datetime:
    return momento + datetime.timedelta(minutes=cantidad)
