"""Attendance: the sheet staff tick on a phone (with walk-ins), the portal's own import and a
meeting tool's report after staff reviewed it. Each marks a started session held and issues the
certificates its attendance completes.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from juntas.models import Organizacion
from nucleo.tablas import ArchivoIlegible, letra_de_columna, mapear_columnas, texto_de

from ..certificados import emitir
from ..models.formacion import Inscripcion, Persona, Sesion
from ..reportes_reunion import (
    HERRAMIENTAS,
    PORTAL,
    conectado_por_inscripcion,
    leer,
    minimo_segundos,
)
from ..resumenes import formacion as resumenes
from .formacion import InscripcionError

# Staff take attendance: walk-ins may be linked to a Junta, never renamed -----------------------


def persona_por_documento(
    *, documento: str, nombres: str = "", apellidos: str = "", organizacion: Organizacion
) -> tuple[Persona, bool]:
    """Staff's walk-in: find the person by document or create them, and link them to the Junta.

    Staff may link a person to a Junta, but a stored name is kept (certificates print it): typed
    names only make new people. Returns (persona, existed).
    """
    persona = Persona.objects.select_for_update().filter(documento=documento).first()
    if persona is None:
        if not (nombres and apellidos):
            raise InscripcionError(
                _("No hay nadie registrado con el documento %(doc)s: escriba nombres y apellidos.")
                % {"doc": documento}
            )
        persona = Persona(
            documento=documento, nombres=nombres, apellidos=apellidos, organizacion=organizacion
        )
        persona.full_clean()
        persona._change_reason = "Creada por la Secretaría al tomar asistencia"
        persona.save()
        return persona, False
    if persona.organizacion_id != organizacion.pk:
        persona.organizacion = organizacion
        persona._change_reason = "Vinculada a la Junta por la Secretaría al tomar asistencia"
        persona.save(update_fields=["organizacion"])
    return persona, True


class SesionSinEmpezar(ValidationError):
    """Attendance for a session that has not started: nobody can have come yet."""


class AsistenteNuevoError(InscripcionError):
    """A walk-in that cannot be recorded; `indice` is its place in `nuevos` and `campo` the field
    to correct, so the sheet can point the clerk at the right box."""

    def __init__(self, mensaje, *, indice, campo):
        super().__init__(mensaje)
        self.indice, self.campo = indice, campo


def motivo_sin_asistencia(sesion: Sesion, ahora=None) -> str | None:
    """Why attendance cannot be taken for `sesion` yet, or None. One rule for the sheet, the CSV
    import and the page that warns before the clerk types 40 ticks."""
    ahora = ahora or timezone.now()
    if sesion.inicio > ahora:
        return _(
            "La sesión empieza el %(fecha)s a las %(hora)s: la asistencia se toma desde esa hora. "
            "Si la sesión ya se hizo, corrija su fecha de inicio en Sesiones."
        ) % {
            "fecha": date_format(timezone.localtime(sesion.inicio), "d/m/Y"),
            "hora": date_format(timezone.localtime(sesion.inicio), "H:i"),
        }
    return None


@transaction.atomic
@resumenes.agrupar()  # the sheet's rows are marked for the dashboards at once
def registrar_asistencia(
    sesion: Sesion, *, presentes: set[int], nuevos: list[dict], usuario
) -> list[Persona]:
    """Save a session's attendance in one go: who came among the registered (`presentes`, ids)
    and walk-ins (`nuevos`: dicts with documento, nombres, apellidos and organizacion).

    Refused before anything is written if the session has not started (SesionSinEmpezar) or a
    walk-in cannot be recorded (AsistenteNuevoError, which names the walk-in and the field).
    Returns the walk-ins who were already registered: their stored data were kept.
    """
    ahora = timezone.now()
    if motivo := motivo_sin_asistencia(sesion, ahora):
        raise SesionSinEmpezar(motivo)
    for inscripcion in sesion.inscripciones.select_for_update():
        asistio = inscripcion.pk in presentes
        if inscripcion.asistio != asistio:
            inscripcion.asistio = asistio
            inscripcion.asistencia_por, inscripcion.asistencia_en = usuario, ahora
            inscripcion.save()
    existentes = []
    for indice, datos in enumerate(nuevos):
        try:
            persona, existia = _asistente_nuevo(sesion, datos, usuario, ahora)
        except ValidationError as error:
            campo = next(
                (c for c in ("documento", "nombres", "apellidos") if c in error_dict(error)),
                next((c for c in ("nombres", "apellidos") if not datos.get(c)), "documento"),
            )
            raise AsistenteNuevoError(error.messages[0], indice=indice, campo=campo) from error
        if existia:
            existentes.append(persona)
    _realizada(sesion, ahora)
    _emitir_certificados(sesion)
    return existentes


def error_dict(error: ValidationError) -> dict:
    """The fields a ValidationError names (empty for a message without fields)."""
    return getattr(error, "error_dict", {})


def _asistente_nuevo(sesion, datos, usuario, ahora):
    datos = dict(datos)
    organizacion = datos.pop("organizacion")
    persona, existia = persona_por_documento(organizacion=organizacion, **datos)
    inscripcion, _creada = Inscripcion.objects.get_or_create(
        sesion=sesion,
        persona=persona,
        defaults={
            "organizacion": organizacion,
            "inscrita_por": usuario,
            "sin_inscripcion_previa": True,
        },
    )
    inscripcion.asistio, inscripcion.asistencia_por, inscripcion.asistencia_en = (
        True,
        usuario,
        ahora,
    )
    inscripcion.save()
    return persona, existia


COLUMNAS_PORTAL = ("documento", "nombres", "apellidos", "codigo_registro")


@dataclass
class ErrorDeFila:
    """A row the import refuses: the file's line, the column as Excel names it («B
    (documento)», empty when the reason is about the whole row or the header) and why."""

    linea: int
    columna: str
    motivo: str


def importar_asistencia(
    sesion: Sesion, contenido: bytes, *, usuario, nombre: str = ""
) -> tuple[int, list[tuple[int, str]], list[Persona]]:
    """Import an online session's participant list in the portal's own layout (documento,
    nombres, apellidos, codigo_registro), as uploaded: CSV as Excel es-CO saves it (`;`,
    Windows-1252 or UTF-8 with BOM), `,` UTF-8, UTF-16 or XLSX. All or nothing.

    Returns (count, errors, existing): errors are (line, reason) with the file's own line
    numbers (the header's included), and when there is any, nothing is written; existing are
    the people already registered, whose stored names were kept whatever the file says. A row
    that ends before the document or the Junta's code, or has more values than the header, is
    an error: its values would land in the wrong columns or be dropped. Raises ArchivoIlegible
    (a PDF, an unknown layout) and SesionSinEmpezar (a session that has not started).

    The background job (`capacitacion.trabajos`) calls `importar_lista`, which also names each
    error's column and reports progress.
    """
    cantidad, errores, existentes = importar_lista(
        sesion, contenido, usuario=usuario, nombre=nombre
    )
    return cantidad, [(e.linea, e.motivo) for e in errores], existentes


def _columna(columnas, encabezados, campo=None, indice=None) -> str:
    indice = columnas.indices[campo] if indice is None else indice
    letra = letra_de_columna(indice)
    encabezado = encabezados[indice] if indice < len(encabezados) else ""
    return f"{letra} ({encabezado})" if encabezado else letra


def importar_lista(
    sesion: Sesion, contenido: bytes, *, usuario, nombre: str = "", tabla=None, avance=None
) -> tuple[int, list[ErrorDeFila], list[Persona]]:
    """`importar_asistencia` with each error's column (ErrorDeFila), the table already read by
    `reportes_reunion.leer` if the caller has it, and `avance(hechos, total)` called as rows
    are written (the job's progress bar)."""
    if motivo := motivo_sin_asistencia(sesion):
        raise SesionSinEmpezar(motivo)
    disposicion, tabla = tabla or leer(contenido, nombre)
    if disposicion != "portal":
        raise ArchivoIlegible(
            _("Es un informe de %(h)s: súbalo en «Importar asistencia» para revisarlo.")
            % {"h": HERRAMIENTAS[disposicion]}
        )
    avance = avance or (lambda hechos, total=None: None)
    columnas = mapear_columnas(tabla.encabezados, PORTAL, requeridas=COLUMNAS_PORTAL)
    if columnas.faltan:
        motivo = _("Faltan columnas: %(c)s.") % {"c": ", ".join(sorted(columnas.faltan))}
        return 0, [ErrorDeFila(tabla.linea_encabezado, "", motivo)], []
    encabezados = tabla.encabezados
    ancho = len(encabezados)
    # Progress counts the rows written (reading and checking them all takes a moment).
    avance(0, len(tabla.filas))
    leidas, errores = [], []
    for fila in tabla.filas:
        cortas = [c for c in COLUMNAS_PORTAL if columnas.indices[c] >= len(fila.celdas)]
        if {"documento", "codigo_registro"} & set(cortas):
            errores.append(
                ErrorDeFila(
                    fila.linea,
                    _columna(columnas, encabezados, cortas[0]),
                    _("faltan columnas: %(c)s.") % {"c": ", ".join(cortas)},
                )
            )
        elif len(fila.celdas) > ancho:
            errores.append(
                ErrorDeFila(
                    fila.linea,
                    _columna(columnas, encabezados, indice=ancho),
                    _(
                        "la fila tiene más valores que el encabezado: ponga entre comillas los "
                        "que llevan el separador."
                    ),
                )
            )
        else:
            leidas.append(
                (fila.linea, {c: texto_de(columnas.valor(fila, c)) for c in COLUMNAS_PORTAL})
            )
    filas = []
    juntas = {o.codigo_registro: o for o in Organizacion.objects.juntas()}
    conocidas = set(
        Persona.objects.filter(documento__in=[f["documento"] for _linea, f in leidas]).values_list(
            "documento", flat=True
        )
    )

    def error(linea, campo, motivo):
        errores.append(ErrorDeFila(linea, _columna(columnas, encabezados, campo), motivo))

    for linea, fila in leidas:
        documento = fila["documento"]
        junta = juntas.get(fila["codigo_registro"])
        if not re.fullmatch(r"[0-9]{5,12}", documento):
            error(
                linea,
                "documento",
                _("documento «%(d)s» no válido: solo dígitos.") % {"d": documento[:40]},
            )
        elif junta is None:
            error(
                linea,
                "codigo_registro",
                _("no hay una Junta con código «%(c)s».") % {"c": fila["codigo_registro"][:40]},
            )
        elif documento not in conocidas and not (fila["nombres"] and fila["apellidos"]):
            campo = "nombres" if not fila["nombres"] else "apellidos"
            error(linea, campo, _("persona nueva sin nombres o apellidos."))
        elif documento not in conocidas and (
            len(fila["nombres"]) > 100 or len(fila["apellidos"]) > 100
        ):
            campo = "nombres" if len(fila["nombres"]) > 100 else "apellidos"
            error(linea, campo, _("nombres o apellidos de más de 100 caracteres."))
        else:
            filas.append({**fila, "organizacion": junta})
    if errores:
        return 0, sorted(errores, key=lambda e: e.linea), []
    with transaction.atomic(), resumenes.agrupar():
        ahora = timezone.now()
        existentes = []
        for escritas, datos in enumerate(filas, start=1):
            datos = {k: v for k, v in datos.items() if k != "codigo_registro"}
            persona, existia = _asistente_nuevo(sesion, datos, usuario, ahora)
            if existia:
                existentes.append(persona)
            avance(escritas)
        _realizada(sesion, ahora)
        _emitir_certificados(sesion)
    return len(filas), [], existentes


@dataclass
class AsistenciaPorConexion:
    """What a confirmed meeting report did: who is now present, who already was, and who did
    not reach the threshold (with their seconds connected)."""

    presentes: list
    ya_presentes: list
    no_alcanzan: list  # (inscripcion, seconds)
    minimo: int  # seconds


@transaction.atomic
@resumenes.agrupar()
def confirmar_asistencia_reunion(
    sesion: Sesion,
    *,
    participantes: list,
    elecciones: dict[int, int | None],
    porcentaje: int,
    usuario,
) -> "AsistenciaPorConexion":
    """Record the attendance of a meeting report after staff reviewed it, in one transaction.

    `participantes` are the report's (parsed server-side at upload), `elecciones` staff's
    choice for each (index → inscripcion id, or None to leave the line out). Connected time is
    added up per person (overlaps once) and counts as attendance from `porcentaje` % of the
    session's length. Only adds attendance: someone below the threshold keeps what the sheet
    says, and marking someone already present again changes nothing, so confirming the same
    report twice writes nothing the second time. Marks a started session held and issues the
    certificates now earned, as the sheet does.
    """
    ahora = timezone.now()
    if motivo := motivo_sin_asistencia(sesion, ahora):
        raise SesionSinEmpezar(motivo)
    if not 1 <= porcentaje <= 100:
        raise ValidationError(_("El porcentaje mínimo va de 1 a 100."))
    sesion = Sesion.objects.select_for_update().get(pk=sesion.pk)
    inscripciones = {
        i.pk: i
        for i in sesion.inscripciones.select_for_update(of=("self",)).select_related("persona")
    }
    if {pk for pk in elecciones.values() if pk is not None} - set(inscripciones):
        raise ValidationError(
            _("Alguien elegido ya no está inscrito en la sesión: vuelva a subir el archivo.")
        )
    minimo = minimo_segundos(sesion, porcentaje)
    resultado = AsistenciaPorConexion([], [], [], minimo)
    for pk, segundos in conectado_por_inscripcion(participantes, elecciones).items():
        inscripcion = inscripciones[pk]
        if segundos < minimo:
            resultado.no_alcanzan.append((inscripcion, segundos))
        elif inscripcion.asistio:
            resultado.ya_presentes.append(inscripcion)
        else:
            inscripcion.asistio, inscripcion.asistencia_por, inscripcion.asistencia_en = (
                True,
                usuario,
                ahora,
            )
            inscripcion._change_reason = "Asistencia por conexión a la reunión en línea"
            inscripcion.save()
            resultado.presentes.append(inscripcion)
    _realizada(sesion, ahora)
    _emitir_certificados(sesion)
    return resultado


def _realizada(sesion, ahora):
    """A started session with attendance is a held one (certificates count held sessions)."""
    if sesion.estado == Sesion.Estado.PROGRAMADA and sesion.inicio <= ahora:
        sesion.estado = Sesion.Estado.REALIZADA
        sesion.save(update_fields=["estado"])


def _emitir_certificados(sesion):
    """New attendance may complete the module for someone: issue what was earned (written
    without signals: the dashboards' summaries are told which)."""
    # Only the sheet's people can have completed the module now.
    personas = Inscripcion.objects.filter(sesion=sesion).values("persona_id")
    emitir(modulos=[sesion.modulo_id], personas=personas)  # marks what it issues
