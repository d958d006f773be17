"""The registry's work as background jobs (`trabajos`): the import's preview and its
confirmation (admin «Importar» and `importar_juntas --en-segundo-plano`).

Both read the file kept for the job with the same reader and rules as before
(`resources.leer_registro`, `resources.importar`). The preview stores its summary and the rows
that change in the job, so its page shows them 50 at a time instead of rendering every row;
the confirmation writes in batches (`masiva`) in the job's one transaction, and only one
registry import runs at a time (`CLAVE_REGISTRO`).
"""

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.signals import post_import

from nucleo import descargas, hojas
from nucleo.cache import marcar
from nucleo.tablas import ArchivoIlegible
from trabajos import registro
from trabajos.services import FalloDelTrabajo

from .models import Organizacion
from .resources import OrganizacionResource, importar, leer_registro, vista_previa

LOTE_EXPORTACION = 2000

EXPORTACION = "juntas.exportar_registro"
VISTA_PREVIA = "juntas.vista_previa_registro"
IMPORTACION = "juntas.importar_registro"
CLAVE_REGISTRO = "juntas.registro"


def filas_estimadas(contenido: bytes) -> int:
    """The rows of a text file counted by its line breaks (the header out), before reading it:
    reading 64,000 rows takes some 5 s, and the bar shows a total from the job's first
    heartbeat instead of a bare «0 filas»; the reading corrects it (quoted line breaks, blank
    lines). 0 for a workbook."""
    if contenido.startswith(b"PK"):
        return 0
    return max(0, contenido.count(b"\n") - 1)


def _leer(ejecucion):
    contenido = ejecucion.contenido_entrada()
    ejecucion.avance(0, filas_estimadas(contenido))
    try:
        return leer_registro(contenido, ejecucion.nombre_entrada)
    except ArchivoIlegible as error:
        raise FalloDelTrabajo(
            _("%(archivo)s: %(motivo)s No se importó nada.")
            % {"archivo": ejecucion.nombre_entrada, "motivo": error.mensaje}
        ) from None


def _errores(errores):
    return [{"linea": e.linea, "columna": e.columna, "motivo": e.motivo} for e in errores]


def _fallo_por_errores(errores, filas, resumen=None):
    return FalloDelTrabajo(
        _(
            "%(n)d errores en %(filas)d filas: no se importó nada. Corrija el archivo y "
            "cárguelo de nuevo."
        )
        % {"n": len(errores), "filas": filas},
        errores=_errores(errores),
        resultado=resumen,
    )


def previsualizar(ejecucion):
    """Validate the file without writing: the summary and every row that changes."""
    lectura = _leer(ejecucion)
    ejecucion.avance(0, len(lectura.datos))
    resultado, errores = importar(
        lectura,
        usuario=ejecucion.usuario,
        dry_run=True,
        masiva=True,
        con_cambios=True,
        avance=ejecucion.avance,
    )
    previa = vista_previa(resultado, errores)
    resumen = {
        "formato": lectura.formato,
        "ignoradas": [str(c) for c in lectura.ignoradas],
        "nuevas": previa.nuevas,
        "cambian": previa.cambian,
        "iguales": previa.iguales,
        "con_errores": previa.con_errores,
    }
    if errores:
        raise _fallo_por_errores(errores, len(lectura.datos), resumen)
    filas = (
        {
            **asdict(fila),
            "cambios": [{k: str(v) for k, v in asdict(c).items()} for c in fila.cambios],
        }
        for fila in previa.filas
    )
    # 64,000 new rows are 35 MB of JSON: kept in a file, the page reads its own 50.
    resumen.update(ejecucion.guardar_filas(filas))
    return resumen


def confirmar(ejecucion):
    """Import the previewed file: all or nothing, in batches."""
    lectura = _leer(ejecucion)
    ejecucion.avance(0, len(lectura.datos))
    resultado, errores = importar(
        lectura, usuario=ejecucion.usuario, masiva=True, avance=ejecucion.avance
    )
    if errores:
        # Something changed since the preview (another clerk's edit): nothing written.
        raise _fallo_por_errores(errores, len(lectura.datos))
    ejecucion.comprobar()
    post_import.send(sender=None, model=Organizacion)
    # Bulk writes send no post_save: the cached pages' stamps move once the job commits.
    transaction.on_commit(marcar)
    totales = resultado.totals
    return {
        "nuevas": totales["new"],
        "actualizadas": totales["update"],
        "iguales": totales["skip"],
        "mensaje": _(
            "Importación terminada: %(nuevas)d nuevas, %(cambian)d actualizadas, "
            "%(iguales)d sin cambios."
        )
        % {"nuevas": totales["new"], "cambian": totales["update"], "iguales": totales["skip"]},
    }


def exportar(ejecucion):
    """The whole registry as the admin's XLSX export (same columns, native cells, every text
    cell made formula-safe), 2,000 organizations per read."""
    organizaciones = OrganizacionResource().get_queryset()
    total = organizaciones.count()
    ejecucion.avance(0, total)
    recurso = OrganizacionResource()
    datos = None
    for inicio in range(0, total, LOTE_EXPORTACION):
        parte = recurso.export(queryset=organizaciones[inicio : inicio + LOTE_EXPORTACION])
        if datos is None:
            datos = parte
        else:
            datos.extend(parte)
        ejecucion.avance(min(inicio + LOTE_EXPORTACION, total), total)
    if datos is None:
        datos = recurso.export(queryset=organizaciones.none())
    nombre = descargas.nombre_de_archivo(
        Organizacion._meta.verbose_name_plural, f"{timezone.localdate():%Y-%m-%d}"
    )
    ejecucion.guardar_archivo(hojas.xlsx_bytes(datos), f"{nombre}.xlsx")
    return {"mensaje": _("%(n)d organizaciones exportadas.") % {"n": total}}


def registrar():
    registro.registrar(
        EXPORTACION,
        titulo=gettext_lazy("Exportar todo el registro (XLSX)"),
        descripcion=gettext_lazy(
            "El registro completo de organizaciones en Excel, con las mismas columnas de la "
            "exportación del administrador (que sirve para exportar una parte filtrada)."
        ),
        ejecutar=exportar,
        lanzable=True,
        unidad=gettext_lazy("organizaciones"),
    )
    registro.registrar(
        VISTA_PREVIA,
        titulo=gettext_lazy("Vista previa de la importación del registro"),
        ejecutar=previsualizar,
        plantilla="juntas/trabajos/vista_previa.html",
    )
    registro.registrar(
        IMPORTACION,
        titulo=gettext_lazy("Importación del registro"),
        ejecutar=confirmar,
        clave_bloqueo=CLAVE_REGISTRO,
        plantilla="juntas/trabajos/importacion.html",
    )
