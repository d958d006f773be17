"""Attendance reports of the meeting tools, read into participants and matched to the people
registered for a session. Reads only: the confirmed result is written by
`services.confirmar_asistencia_reunion`.

The layouts, as the tools write them:

- **Microsoft Teams** («Descargar informe de asistencia»): UTF-16 with BOM, tab separated, in
  sections: «1. Resumen» (title, start, end, duration as key/value rows), «2. Participantes»
  (one row per person: «Nombre», «Primera unión», «Última salida», «Duración en la reunión»,
  «Correo electrónico», «Id. de participante (UPN)», «Rol») and «3. Actividades en la reunión»
  (one row per connection: join, leave, duration). English headers in an English Teams
  («First Join», «In-Meeting Duration»…). Durations like «1 h 5 min 9 s» / «1h 5m 9s».
- **Zoom** (Informes → Uso → Participantes): CSV with «Name (Original Name)», «User Email»,
  «Join Time», «Leave Time», «Duration (Minutes)», «Guest»; one row per connection, so a person
  who dropped and came back is on several rows; with «Exportar con datos de la reunión» a
  meeting summary (ID, topic, start…) comes first. Dates `11/20/2026 09:02:11 AM`.
- **Google Meet** (attendance report, a Google Sheet downloaded as CSV): «Nombre», «Apellido»,
  «Correo electrónico», «Duración», «Hora de la primera llegada», «Hora de la última salida» (or
  «First name», «Last name», «Email», «Duration», «Time joined», «Time exited»): one row per
  person, the duration already added up.

Connected time is added up per person; when each connection has its join and leave times,
overlapping connections (a laptop and a phone at once) count once.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from nucleo.tablas import ArchivoIlegible, Fila, clave, leer_tabla, mapear_columnas, texto_de

HERRAMIENTAS = {"teams": "Microsoft Teams", "zoom": "Zoom", "meet": "Google Meet"}
PORCENTAJE_POR_DEFECTO = 75

# Each layout's fields and the headers the tools write for them (English and Spanish); the
# field's own name is always accepted. `clave()` makes case, accents and connectors irrelevant.
PORTAL = {
    "documento": ["número de documento", "cédula", "documento de identidad"],
    "nombres": ["nombre"],
    "apellidos": ["apellido"],
    "codigo_registro": ["código de registro", "código de la Junta", "código"],
}
TEAMS = {
    "nombre": ["Name", "Nombre", "Full Name", "Nombre completo"],
    "entrada": ["First Join", "Primera unión", "Primera entrada", "Hora de la primera unión"],
    "salida": ["Last Leave", "Última salida", "Hora de la última salida"],
    "duracion": ["In-Meeting Duration", "Duración en la reunión", "Duración"],
    "correo": ["Email", "Correo electrónico", "Correo"],
    "upn": ["Participant ID (UPN)", "Id. de participante (UPN)", "Id de participante (UPN)"],
    "rol": ["Role", "Rol"],
}
TEAMS_ACTIVIDADES = {
    "nombre": ["Name", "Nombre"],
    "entrada": ["Join Time", "Hora de unión", "Hora de entrada"],
    "salida": ["Leave Time", "Hora de salida"],
    "duracion": ["Duration", "Duración"],
    "correo": ["Email", "Correo electrónico", "Correo"],
    "rol": ["Role", "Rol"],
}
ZOOM = {
    "nombre": ["Name (Original Name)", "Nombre (nombre original)", "Name", "Nombre"],
    "correo": ["User Email", "Email", "Correo electrónico del usuario", "Correo electrónico"],
    "entrada": ["Join Time", "Hora de ingreso", "Hora de entrada", "Hora de unión"],
    "salida": ["Leave Time", "Hora de salida"],
    "duracion": [
        "Duration (Minutes)",
        "Total Duration (Minutes)",
        "Duración (minutos)",
        "Duración total (minutos)",
    ],
    "invitado": ["Guest", "Invitado"],
    "en_espera": ["In waiting room", "En la sala de espera"],
}
MEET = {
    "nombre": ["First name", "Nombre"],
    "apellido": ["Last name", "Apellido", "Apellidos"],
    "correo": ["Email", "Correo electrónico", "Correo"],
    "duracion": ["Duration", "Duración"],
    "entrada": ["Time joined", "Hora de la primera llegada", "Hora de llegada", "First seen"],
    "salida": ["Time exited", "Hora de la última salida", "Hora de salida", "Last seen"],
}
# The summaries above the participants (Teams' «1. Resumen», Zoom's meeting data).
RESUMEN = {
    "titulo": ["Meeting title", "Título de la reunión", "Topic", "Tema"],
    "inicio": ["Start time", "Hora de inicio", "Meeting Start Time"],
}
CONECTORES_NOMBRE = {"de", "del", "la", "las", "los", "y", "e"}
SI = {"si", "yes", "true", "1"}


def porcentaje_por_defecto() -> int:
    """The share of a session's length (%) a person must be connected to count as present."""
    return getattr(settings, "ASISTENCIA_CONEXION_MINIMA", PORCENTAJE_POR_DEFECTO)


# Which layout a header row is ------------------------------------------------------------------


def _claves(etiquetas):
    return {clave(e) for e in etiquetas}


_CLAVES = {
    "documento": _claves(["documento", *PORTAL["documento"]]),
    "teams_entrada": _claves(["First Join", "Primera unión", "Primera entrada"]),
    "zoom_nombre": _claves(["Name (Original Name)", "Nombre (nombre original)"]),
    "zoom_duracion": _claves(ZOOM["duracion"]),
    "unirse": _claves(ZOOM["entrada"]),
    "meet_apellido": _claves(MEET["apellido"]),
    "duracion": _claves(["Duration", "Duración"]),
    "meet_nombre": _claves(["First name"]),
    "meet_entrada": _claves(MEET["entrada"]),
}


def disposicion(celdas) -> str | None:
    """«portal», «teams», «zoom» or «meet» for a header row of that layout, else None."""
    claves = {clave(c) for c in celdas if texto_de(c)}
    hay = lambda nombre: bool(claves & _CLAVES[nombre])  # noqa: E731
    if hay("documento"):
        return "portal"
    if hay("teams_entrada"):
        return "teams"
    if hay("zoom_nombre") or (hay("zoom_duracion") and hay("unirse")):
        return "zoom"
    if hay("meet_nombre") or (hay("meet_apellido") and (hay("duracion") or hay("meet_entrada"))):
        return "meet"
    return None


def no_reconocido() -> str:
    return _(
        "No se reconoce el archivo como una lista de asistencia. Suba el informe de asistencia "
        "de Teams («Descargar informe de asistencia»), el de participantes de Zoom, el de "
        "asistencia de Google Meet descargado como CSV, o un CSV del portal con las columnas "
        "documento, nombres, apellidos y codigo_registro."
    )


def leer(contenido: bytes, nombre: str = ""):
    """(layout, Tabla) of an uploaded attendance file; ArchivoIlegible with a Spanish reason if
    it is not a spreadsheet or none of the layouts."""
    sin_encabezado = _("No se encontró la fila de encabezados de las columnas.")
    try:
        tabla = leer_tabla(contenido, nombre, es_encabezado=lambda c: disposicion(c) is not None)
    except ArchivoIlegible as error:
        if error.mensaje == sin_encabezado:
            raise ArchivoIlegible(no_reconocido()) from None
        raise
    return disposicion(tabla.encabezados), tabla


# Durations and times as the tools write them ---------------------------------------------------

_UNIDADES = [
    (3600, r"h|hr|hrs|hora|horas|hour|hours"),
    (60, r"m|min|mins|minuto|minutos|minute|minutes"),
    (1, r"s|seg|segs|segundo|segundos|sec|secs|second|seconds"),
]
_DURACION = re.compile(
    r"^\s*" + "".join(rf"(?:(\d+)\s*(?:{u})\.?\s*)?" for _s, u in _UNIDADES) + r"$",
    re.IGNORECASE,
)


def segundos_de_duracion(texto, *, numero_en="minutos") -> int | None:
    """«1 h 5 min 9 s», «1h 5m», «58 min», «1 hr 2 min», «01:05:09», «47:03» or a plain number
    (minutes in Zoom's column) as seconds; None when it is none of them (never 0 by guess)."""
    texto = texto_de(texto).replace("\xa0", " ").replace("\u202f", " ")
    if not texto:
        return None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", texto):
        valor = float(texto.replace(",", "."))
        return round(valor * (60 if numero_en == "minutos" else 1))
    if m := re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2})", texto):
        horas, minutos, segundos = (int(g or 0) for g in m.groups())
        return horas * 3600 + minutos * 60 + segundos
    m = _DURACION.match(texto)
    if not m or not any(m.groups()):
        return None
    return sum(int(g) * s for g, (s, _u) in zip(m.groups(), _UNIDADES, strict=True) if g)


_AM_PM = [
    (re.compile(r"\s*a\.?\s?m\.?$", re.IGNORECASE), " AM"),
    (re.compile(r"\s*p\.?\s?m\.?$", re.IGNORECASE), " PM"),
]
_FECHA_HORA = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?$"
)
_SOLO_HORA = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?$")
_MESES = {
    m: i
    for i, nombres in enumerate(
        [
            ("jan", "ene"),
            ("feb",),
            ("mar",),
            ("apr", "abr"),
            ("may",),
            ("jun",),
            ("jul",),
            ("aug", "ago"),
            ("sep", "set"),
            ("oct",),
            ("nov",),
            ("dec", "dic"),
        ],
        start=1,
    )
    for m in nombres
}
_FECHA_MES = re.compile(
    r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?$",
    re.IGNORECASE,
)


def _hora(horas, minutos, segundos, meridiano):
    horas, minutos, segundos = int(horas), int(minutos), int(segundos or 0)
    if meridiano:
        if not 1 <= horas <= 12:
            raise ValueError
        horas = horas % 12 + (12 if meridiano == "PM" else 0)
    return datetime.time(horas, minutos, segundos)


def fecha_hora(texto, *, dia_primero: bool, fecha: datetime.date | None = None):
    """A tool's timestamp as a naive local datetime, None when empty; ValueError if unreadable.

    `11/20/2026 09:02:11 AM` (Zoom), `11/20/26, 9:00:02 AM` (Teams in English),
    `20/11/2026, 9:00:02 a. m.` (Teams in Spanish), `Aug 12, 2026 10:00 AM`, ISO, and a time of
    day alone (Meet) on `fecha`. When day and month could be swapped, the reading that falls on
    `fecha` (the session's day) wins, else the layout's order (`dia_primero`)."""
    texto = re.sub(r"[\s\xa0\u202f]+", " ", texto_de(texto)).strip()
    if not texto:
        return None
    for patron, meridiano in _AM_PM:
        texto = patron.sub(meridiano, texto)
    texto = re.sub(r"\s*(am|pm)$", lambda m: " " + m.group(1).upper(), texto, flags=re.I)
    try:
        return datetime.datetime.fromisoformat(texto).replace(tzinfo=None)
    except ValueError:
        pass
    if m := _FECHA_HORA.match(texto):
        a, b, c, *hora = m.groups()
        momento = _hora(*hora)
        if len(a) == 4:
            lecturas = [(int(a), int(b), int(c))]
        else:
            anio = int(c) + (2000 if len(c) <= 2 else 0)
            dmy, mdy = (anio, int(b), int(a)), (anio, int(a), int(b))
            lecturas = [dmy, mdy] if dia_primero else [mdy, dmy]
        validas = []
        for anio, mes, dia in lecturas:
            try:
                validas.append(datetime.date(anio, mes, dia))
            except ValueError:
                continue
        if not validas:
            raise ValueError(texto)
        elegida = next((d for d in validas if d == fecha), validas[0])
        return datetime.datetime.combine(elegida, momento)
    if m := _FECHA_MES.match(texto):
        mes = _MESES.get(m.group(1).lower())
        if mes is None:
            raise ValueError(texto)
        dia = datetime.date(int(m.group(3)), mes, int(m.group(2)))
        return datetime.datetime.combine(dia, _hora(*m.groups()[3:]))
    if (m := _SOLO_HORA.match(texto)) and fecha is not None:
        return datetime.datetime.combine(fecha, _hora(*m.groups()))
    raise ValueError(texto)


# Participants ---------------------------------------------------------------------------------


@dataclass
class Conexion:
    """One connection: its times when the report gives them (Zoom rows, Teams activities), and
    its duration in seconds."""

    entrada: datetime.datetime | None
    salida: datetime.datetime | None
    segundos: int

    @property
    def intervalo(self):
        if self.entrada and self.salida and self.salida >= self.entrada:
            return self.entrada, self.salida
        return None


@dataclass
class Participante:
    """A person as the report shows them, with every connection of theirs."""

    nombre: str
    correo: str = ""
    upn: str = ""
    rol: str = ""
    invitado: bool = False
    lineas: list[int] = field(default_factory=list)
    conexiones: list[Conexion] = field(default_factory=list)
    primera: datetime.datetime | None = None  # first join, as the report says (for people)
    ultima: datetime.datetime | None = None
    nombres_alternos: list[str] = field(default_factory=list)  # Zoom's «(Original Name)»
    estado: str = ""  # «correo», «nombre»: matched; «ambigua»; «ninguna»
    candidatas: list[int] = field(default_factory=list)  # inscripcion ids

    @property
    def segundos(self):
        return segundos_conectados(self.conexiones)


@dataclass
class Reporte:
    herramienta: str
    formato: str
    participantes: list[Participante]
    titulo: str = ""
    inicio: datetime.datetime | None = None
    errores: list[tuple[int, str]] = field(default_factory=list)

    @property
    def nombre_herramienta(self):
        return HERRAMIENTAS[self.herramienta]


def segundos_conectados(conexiones) -> int:
    """Connected time: the union of the connections that have times (overlaps count once),
    plus the durations of those that do not."""
    intervalos = sorted(c.intervalo for c in conexiones if c.intervalo)
    total = sum(c.segundos for c in conexiones if not c.intervalo)
    inicio = fin = None
    for entrada, salida in intervalos:
        if fin is None or entrada > fin:
            if fin is not None:
                total += int((fin - inicio).total_seconds())
            inicio, fin = entrada, salida
        else:
            fin = max(fin, salida)
    if fin is not None:
        total += int((fin - inicio).total_seconds())
    return total


def reporte(disposicion_: str, tabla, *, fecha: datetime.date | None = None) -> Reporte:
    """The participants of a meeting report already read by `leer`; `fecha` is the session's
    day (Meet gives times of day only, and it settles day/month order)."""
    lector = {"teams": _teams, "zoom": _zoom, "meet": _meet}[disposicion_]
    resultado = Reporte(herramienta=disposicion_, formato=tabla.formato, participantes=[])
    _resumen(resultado, tabla.antes, fecha)
    lector(resultado, tabla, fecha)
    if not resultado.participantes and not resultado.errores:
        resultado.errores.append(
            (tabla.linea_encabezado, _("el informe no tiene participantes después del encabezado."))
        )
    return resultado


def _resumen(resultado, filas, fecha):
    """Title and start of the meeting from Teams' key/value rows or Zoom's summary table."""
    pares = {}
    for fila in filas:
        if len(fila.celdas) == 2:
            pares[clave(fila.celdas[0])] = fila.celdas[1]
    if filas and len(filas[0].celdas) > 2 and len(filas) > 1:  # Zoom: a header and its values
        pares.update({clave(c): v for c, v in zip(filas[0].celdas, filas[1].celdas, strict=False)})
    for campo, etiquetas in RESUMEN.items():
        valor = next((pares[k] for k in _claves(etiquetas) if k in pares), "")
        if campo == "titulo":
            resultado.titulo = texto_de(valor)[:200]
        else:
            for dia_primero in (True, False):
                try:
                    resultado.inicio = fecha_hora(valor, dia_primero=dia_primero, fecha=fecha)
                    break
                except ValueError:
                    continue


def _en_ingles(encabezados):
    ingles = {"name", "first_join", "name_original_name", "user_email", "join_time", "first_name"}
    return any(clave(e) in ingles for e in encabezados)


def _momento(resultado, fila, valor, columna, *, dia_primero, fecha):
    try:
        return fecha_hora(valor, dia_primero=dia_primero, fecha=fecha)
    except ValueError:
        resultado.errores.append(
            (fila.linea, _("no se entiende la fecha y hora «%(v)s» de la columna «%(c)s».")
             % {"v": texto_de(valor)[:40], "c": columna})
        )  # fmt: skip
        return None


def _duracion(resultado, fila, valor, columna, *, numero_en="minutos"):
    segundos = segundos_de_duracion(valor, numero_en=numero_en)
    if segundos is None:
        resultado.errores.append(
            (fila.linea, _("no se entiende la duración «%(v)s» de la columna «%(c)s».")
             % {"v": texto_de(valor)[:40], "c": columna})
        )  # fmt: skip
    return segundos


def _titulo_de_seccion(fila: Fila) -> bool:
    return len(fila.celdas) == 1 and bool(re.match(r"^\d+\.\s", texto_de(fila.celdas[0])))


def _teams(resultado, tabla, fecha):
    dia_primero = not _en_ingles(tabla.encabezados)
    columnas = mapear_columnas(tabla.encabezados, TEAMS, requeridas=("nombre", "duracion"))
    if columnas.faltan:
        resultado.errores.append((tabla.linea_encabezado, _faltan(columnas.faltan, TEAMS)))
        return
    etiqueta = {c: tabla.encabezados[i] for c, i in columnas.indices.items()}
    seccion, actividades, columnas_actividad = "participantes", [], None
    for fila in tabla.filas:
        if _titulo_de_seccion(fila):
            seccion = "otra"
            continue
        if seccion == "otra":  # the header of the section just opened
            encabezados = [texto_de(c) for c in fila.celdas]
            mapa = mapear_columnas(encabezados, TEAMS_ACTIVIDADES)
            if {"nombre", "entrada", "salida"} <= set(mapa.indices):
                seccion, columnas_actividad = "actividades", mapa
            else:
                seccion = "ignorada"
            continue
        if seccion == "actividades":
            actividades.append(fila)
        if seccion != "participantes":
            continue
        valor = lambda c, f=fila: texto_de(columnas.valor(f, c))  # noqa: E731
        segundos = _duracion(resultado, fila, valor("duracion"), etiqueta["duracion"])
        participante = Participante(
            nombre=valor("nombre"),
            correo=valor("correo").lower(),
            upn=valor("upn").lower(),
            rol=valor("rol"),
            lineas=[fila.linea],
            conexiones=[Conexion(None, None, segundos or 0)],
        )
        for campo in ("entrada", "salida"):
            if campo in etiqueta:
                momento = _momento(
                    resultado, fila, valor(campo), etiqueta[campo],
                    dia_primero=dia_primero, fecha=fecha,
                )  # fmt: skip
                setattr(participante, "primera" if campo == "entrada" else "ultima", momento)
        resultado.participantes.append(participante)
    if columnas_actividad is not None:
        _actividades_teams(resultado, actividades, columnas_actividad, dia_primero, fecha)


def _actividades_teams(resultado, filas, columnas, dia_primero, fecha):
    """Each connection of «3. Actividades en la reunión» replaces its participant's total, so
    a person connected twice at once (computer and phone) counts that time once."""
    por_clave = {}
    for participante in resultado.participantes:
        por_clave.setdefault(_clave_persona(participante.correo, participante.nombre), participante)
    conexiones = defaultdict(list)
    for fila in filas:
        valor = lambda c, f=fila: texto_de(columnas.valor(f, c))  # noqa: E731
        participante = por_clave.get(_clave_persona(valor("correo").lower(), valor("nombre")))
        if participante is None:
            continue
        entrada = _momento(
            resultado, fila, valor("entrada"), "entrada", dia_primero=dia_primero, fecha=fecha
        )
        salida = _momento(
            resultado, fila, valor("salida"), "salida", dia_primero=dia_primero, fecha=fecha
        )
        segundos = segundos_de_duracion(valor("duracion")) or 0
        conexiones[id(participante)].append((fila.linea, Conexion(entrada, salida, segundos)))
    for participante in resultado.participantes:
        if propias := conexiones.get(id(participante)):
            participante.conexiones = [c for _l, c in propias]
            participante.lineas += [linea for linea, _c in propias]


def _clave_persona(correo, nombre):
    return correo or " ".join(sorted(fichas_de_nombre(nombre)))


def _zoom(resultado, tabla, fecha):
    dia_primero = not _en_ingles(tabla.encabezados)
    columnas = mapear_columnas(tabla.encabezados, ZOOM, requeridas=("nombre",))
    if columnas.faltan or not ({"duracion", "entrada"} & set(columnas.indices)):
        faltan = columnas.faltan or ["duracion"]
        resultado.errores.append((tabla.linea_encabezado, _faltan(faltan, ZOOM)))
        return
    etiqueta = {c: tabla.encabezados[i] for c, i in columnas.indices.items()}
    por_clave = {}
    for fila in tabla.filas:
        valor = lambda c, f=fila: texto_de(columnas.valor(f, c))  # noqa: E731
        if clave(valor("en_espera")) in SI:
            continue  # waiting to be let in is not attending
        texto_nombre = valor("nombre")
        nombre, alternos = _nombre_zoom(texto_nombre)
        entrada = salida = None
        if "entrada" in etiqueta:
            entrada = _momento(
                resultado,
                fila,
                valor("entrada"),
                etiqueta["entrada"],
                dia_primero=dia_primero,
                fecha=fecha,
            )
        if "salida" in etiqueta:
            salida = _momento(
                resultado,
                fila,
                valor("salida"),
                etiqueta["salida"],
                dia_primero=dia_primero,
                fecha=fecha,
            )
        if "duracion" in etiqueta:
            segundos = _duracion(resultado, fila, valor("duracion"), etiqueta["duracion"]) or 0
        else:
            segundos = int((salida - entrada).total_seconds()) if entrada and salida else 0
        correo = valor("correo").lower()
        llave = _clave_persona(correo, alternos[0] if alternos else nombre)
        participante = por_clave.get(llave)
        if participante is None:
            participante = por_clave[llave] = Participante(
                nombre=texto_nombre, correo=correo, nombres_alternos=alternos
            )
            resultado.participantes.append(participante)
        participante.lineas.append(fila.linea)
        participante.conexiones.append(Conexion(entrada, salida, segundos))
        participante.invitado = participante.invitado or clave(valor("invitado")) in SI
        if entrada and (participante.primera is None or entrada < participante.primera):
            participante.primera = entrada
        if salida and (participante.ultima is None or salida > participante.ultima):
            participante.ultima = salida


def _nombre_zoom(texto):
    """«Ana P (Ana Pérez)» → («Ana P», [«Ana Pérez»]): the name shown in the meeting and, in
    the last parentheses, the one the person joined with."""
    if m := re.fullmatch(r"(.*?)\s*\(([^()]*)\)\s*", texto):
        return m.group(1), [m.group(2)]
    return texto, []


def _meet(resultado, tabla, fecha):
    dia_primero = not _en_ingles(tabla.encabezados)
    columnas = mapear_columnas(tabla.encabezados, MEET, requeridas=("nombre", "duracion"))
    if columnas.faltan:
        resultado.errores.append((tabla.linea_encabezado, _faltan(columnas.faltan, MEET)))
        return
    etiqueta = {c: tabla.encabezados[i] for c, i in columnas.indices.items()}
    for fila in tabla.filas:
        valor = lambda c, f=fila: texto_de(columnas.valor(f, c))  # noqa: E731
        segundos = _duracion(resultado, fila, valor("duracion"), etiqueta["duracion"])
        participante = Participante(
            nombre=" ".join(t for t in (valor("nombre"), valor("apellido")) if t),
            correo=valor("correo").lower(),
            lineas=[fila.linea],
            # first arrival and last exit are not one connection: the duration is what counts
            conexiones=[Conexion(None, None, segundos or 0)],
        )
        for campo in ("entrada", "salida"):
            if campo in etiqueta:
                momento = _momento(
                    resultado, fila, valor(campo), etiqueta[campo],
                    dia_primero=dia_primero, fecha=fecha,
                )  # fmt: skip
                setattr(participante, "primera" if campo == "entrada" else "ultima", momento)
        resultado.participantes.append(participante)


def _faltan(campos, nombres):
    return _("faltan columnas: %(c)s.") % {"c": ", ".join(f"«{nombres[c][0]}»" for c in campos)}


# Matching to the registered people --------------------------------------------------------------


def fichas_de_nombre(texto) -> set[str]:
    """A name as comparable words: no accents, lower case, without «de», «la»…; order and
    commas («Pérez, Ana») do not matter."""
    texto = unicodedata.normalize("NFKD", texto_de(texto))
    texto = "".join(c for c in texto if not unicodedata.combining(c)).lower()
    return {p for p in re.findall(r"[a-z]+", texto) if p not in CONECTORES_NOMBRE}


def emparejar(participantes, inscripciones):
    """Set each participant's `estado` and `candidatas` among the session's registrations: by
    e-mail first (the report's e-mail or Teams' UPN against the person's), then by name — the
    same words in any order, or the report's words all within the person's names with at least
    one of their first names and one surname («Ana Pérez» for «Ana María Pérez Gómez»)."""
    por_correo = defaultdict(list)
    fichas = []
    for inscripcion in inscripciones:
        persona = inscripcion.persona
        if persona.correo:
            por_correo[persona.correo.strip().lower()].append(inscripcion.pk)
        fichas.append(
            (inscripcion.pk, fichas_de_nombre(persona.nombres), fichas_de_nombre(persona.apellidos))
        )
    for participante in participantes:
        correos = {c for c in (participante.correo, participante.upn) if c}
        candidatas = sorted({pk for c in correos for pk in por_correo.get(c, [])})
        estado = "correo"
        if not candidatas:
            nombres = [participante.nombre, *participante.nombres_alternos]
            nombres += [_nombre_zoom(participante.nombre)[0]]
            candidatas, estado = _por_nombre(nombres, fichas), "nombre"
        participante.candidatas = candidatas
        if len(candidatas) > 1:
            participante.estado = "ambigua"
        elif not candidatas:
            participante.estado = "ninguna"
        else:
            participante.estado = estado


def _por_nombre(nombres, fichas):
    palabras = [p for p in (fichas_de_nombre(n) for n in nombres) if p]
    iguales = {pk for pk, n, a in fichas for p in palabras if p == n | a}
    if iguales:
        return sorted(iguales)
    return sorted(
        {
            pk
            for pk, n, a in fichas
            for p in palabras
            if len(p) >= 2 and p <= n | a and p & n and p & a
        }
    )


# The threshold and the result of staff's choices ------------------------------------------------


def duracion_sesion(sesion) -> int:
    return int((sesion.fin - sesion.inicio).total_seconds())


def minimo_segundos(sesion, porcentaje) -> int:
    """Seconds connected from which a person counts as present (rounded up to the second)."""
    return -(-duracion_sesion(sesion) * porcentaje // 100)


def conectado_por_inscripcion(participantes, elecciones) -> dict[int, int]:
    """Seconds connected per registration, after staff's choices (participant index →
    inscripcion id or None): two lines given to the same person (a phone and a laptop under
    different names) are added up, their overlapping connections once."""
    conexiones = defaultdict(list)
    for indice, participante in enumerate(participantes):
        if (inscripcion := elecciones.get(indice)) is not None:
            conexiones[inscripcion] += participante.conexiones
    return {pk: segundos_conectados(lista) for pk, lista in conexiones.items()}


# The parsed report kept server-side (in the clerk's session) between upload and confirmation --


def a_json(participantes) -> list[dict]:
    def momento(valor):
        return valor.isoformat() if valor else None

    filas = []
    for p in participantes:
        fila = asdict(p)
        fila["conexiones"] = [
            [momento(c.entrada), momento(c.salida), c.segundos] for c in p.conexiones
        ]
        fila["primera"], fila["ultima"] = momento(p.primera), momento(p.ultima)
        filas.append(fila)
    return filas


def de_json(filas) -> list[Participante]:
    def momento(valor):
        return datetime.datetime.fromisoformat(valor) if valor else None

    participantes = []
    for fila in filas:
        fila = dict(fila)
        fila["conexiones"] = [
            Conexion(momento(e), momento(s), int(g)) for e, s, g in fila["conexiones"]
        ]
        fila["primera"], fila["ultima"] = momento(fila["primera"]), momento(fila["ultima"])
        participantes.append(Participante(**fila))
    return participantes


def duracion_legible(segundos) -> str:
    """«1 h 5 min», «46 min»: connected time as the review shows it (whole minutes, down)."""
    horas, minutos = divmod(int(segundos) // 60, 60)
    if horas and minutos:
        return _("%(h)d h %(m)d min") % {"h": horas, "m": minutos}
    if horas:
        return _("%(h)d h") % {"h": horas}
    return _("%(m)d min") % {"m": minutos}
