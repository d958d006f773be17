"""The attendance upload as a background job (`trabajos`), from «Importar asistencia»
(`views.asistencia.importar_asistencia`).

The job reads the uploaded file with the same reader as before (`reportes_reunion.leer`):

- the portal's own list (documento, nombres, apellidos, codigo_registro) is imported all or
  nothing with the same rules (`services.asistencia.importar_lista`), its per-row errors in
  Spanish with their line and column; progress counts the rows written;
- a meeting tool's report (Teams, Zoom, Meet) is read and matched to the session's
  registrations, and kept with the job: its page links to the review, where staff confirm line
  by line as before (nothing is written until then).

One upload per session at a time (`clave_de_asistencia`). Apart from the survey's job
(`capacitacion.trabajos`): the survey does not know training.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nucleo.tablas import ArchivoIlegible
from trabajos import registro
from trabajos.services import FalloDelTrabajo

from . import reportes_reunion
from .models.formacion import Sesion
from .selectors import asistencia as selectors
from .services import asistencia as services

IMPORTAR_ASISTENCIA = "capacitacion.importar_asistencia"


def clave_de_asistencia(sesion_id) -> str:
    """One attendance upload of a session at a time."""
    return f"{IMPORTAR_ASISTENCIA}.{sesion_id}"


def _errores(errores):
    return [{"linea": e.linea, "columna": e.columna, "motivo": e.motivo} for e in errores]


def importar_asistencia(ejecucion):
    """The uploaded attendance file of session `parametros["sesion"]`."""
    sesion = Sesion.objects.filter(pk=ejecucion.parametros.get("sesion")).first()
    if sesion is None:
        raise FalloDelTrabajo(_("La sesión ya no existe. No se importó nada."))
    contenido, nombre = ejecucion.contenido_entrada(), ejecucion.nombre_entrada
    de_la_sesion = {"sesion": sesion.pk}
    try:
        if motivo := services.motivo_sin_asistencia(sesion):
            raise services.SesionSinEmpezar(motivo)
        disposicion, tabla = reportes_reunion.leer(contenido, nombre)
        if disposicion == "portal":
            return _lista(ejecucion, sesion, contenido, nombre, (disposicion, tabla))
        ejecucion.avance(0, 1)
        reporte = reportes_reunion.reporte(
            disposicion, tabla, fecha=timezone.localtime(sesion.inicio).date()
        )
    except ArchivoIlegible as error:
        raise FalloDelTrabajo(
            _("%(archivo)s: %(motivo)s No se importó nada.")
            % {"archivo": nombre, "motivo": error.mensaje},
            resultado=de_la_sesion,
        ) from None
    except services.SesionSinEmpezar as error:
        raise FalloDelTrabajo(error.messages[0], resultado=de_la_sesion) from None
    if reporte.errores:
        raise FalloDelTrabajo(
            _("El informe de %(h)s tiene líneas que no se entienden: no se guardó nada.")
            % {"h": reporte.nombre_herramienta},
            errores=[
                {"linea": linea, "columna": "", "motivo": motivo}
                for linea, motivo in sorted(reporte.errores)
            ],
            resultado=de_la_sesion,
        )
    reportes_reunion.emparejar(reporte.participantes, selectors.inscripciones_de(sesion))
    ejecucion.avance(1, 1)
    # Kept with the job (private to its clerk, deleted with its files after
    # TRABAJOS_CONSERVAR_DIAS) until the review copies it into the clerk's session
    # (`views.asistencia.revisar_trabajo`).
    return {
        **de_la_sesion,
        "reporte": {
            "sesion": sesion.pk,
            "herramienta": reporte.herramienta,
            "archivo": nombre[:200],
            "formato": reporte.formato,
            "titulo": reporte.titulo,
            "inicio": reporte.inicio.isoformat() if reporte.inicio else None,
            "porcentaje": reportes_reunion.porcentaje_por_defecto(),
            "participantes": reportes_reunion.a_json(reporte.participantes),
            "confirmado": False,
        },
        "mensaje": ngettext(
            "El informe de %(h)s tiene %(n)d participante: revíselo antes de guardar.",
            "El informe de %(h)s tiene %(n)d participantes: revíselos antes de guardar.",
            len(reporte.participantes),
        )
        % {"h": reporte.nombre_herramienta, "n": len(reporte.participantes)},
    }


def _lista(ejecucion, sesion, contenido, nombre, tabla):
    """The portal's own list: all or nothing, in the job's transaction."""
    cantidad, errores, existentes = services.importar_lista(
        sesion,
        contenido,
        nombre=nombre,
        usuario=ejecucion.usuario,
        tabla=tabla,
        avance=ejecucion.avance,
    )
    if errores:
        raise FalloDelTrabajo(
            ngettext(
                "%(n)d error en el archivo: no se importó nada. Corrija la fila y cárguelo de "
                "nuevo.",
                "%(n)d errores en el archivo: no se importó nada. Corrija las filas y cárguelo "
                "de nuevo.",
                len(errores),
            )
            % {"n": len(errores)},
            errores=_errores(errores),
            resultado={"sesion": sesion.pk},
        )
    return {
        "sesion": sesion.pk,
        "importados": cantidad,
        "mensaje": ngettext("%(n)d asistente importado.", "%(n)d asistentes importados.", cantidad)
        % {"n": cantidad},
        "existentes": [f"{p.nombre_completo} ({p.documento})" for p in existentes],
    }


def registrar():
    registro.registrar(
        IMPORTAR_ASISTENCIA,
        titulo=gettext_lazy("Importación de asistencia"),
        ejecutar=importar_asistencia,
        plantilla="capacitacion/trabajos/asistencia.html",
    )
