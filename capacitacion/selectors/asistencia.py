"""Reads for taking attendance: a session's registered people, and what a meeting report under
review would record (who reaches the share of the session that counts)."""

from juntas.models import Organizacion

from .. import reportes_reunion
from ..models import Inscripcion, Sesion


def inscripciones_de(sesion: Sesion) -> list[Inscripcion]:
    """The session's registrations with their person and Junta, by surname."""
    return list(
        sesion.inscripciones.select_related("persona", "organizacion").order_by(
            "persona__apellidos", "persona__nombres"
        )
    )


def revision_de_reporte(
    sesion: Sesion,
    participantes: list,
    inscripciones: list[Inscripcion],
    elecciones: dict,
    porcentaje,
) -> dict:
    """The review screen's figures for the lines as chosen now: how the lines matched, each
    registered person's connected time and whether it counts, and the rule in words."""
    minimo = reportes_reunion.minimo_segundos(sesion, porcentaje)
    por_pk = {i.pk: i for i in inscripciones}
    conectados = reportes_reunion.conectado_por_inscripcion(participantes, elecciones)
    resultado = [
        {
            "inscripcion": por_pk[pk],
            "conectado": reportes_reunion.duracion_legible(segundos),
            "presente": segundos >= minimo,
        }
        for pk, segundos in sorted(
            conectados.items(), key=lambda par: por_pk[par[0]].persona.nombre_completo
        )
        if pk in por_pk
    ]
    estados = [p.estado for p in participantes]
    return {
        "cuentas": {e: estados.count(e) for e in ("correo", "nombre", "ambigua", "ninguna")},
        "resultado": resultado,
        "presentes": sum(1 for fila in resultado if fila["presente"]),
        "porcentaje": porcentaje,
        "duracion": reportes_reunion.duracion_legible(reportes_reunion.duracion_sesion(sesion)),
        "minimo": reportes_reunion.duracion_legible(minimo),
    }


def juntas_para_elegir():
    """Every Junta by name, with only what a picker shows (name and registry code)."""
    return Organizacion.objects.juntas().order_by("nombre").only("nombre", "codigo_registro")
