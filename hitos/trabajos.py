"""The indicators export as a background job (`trabajos`): the same file as
`views.exportar_indicadores` (same rows, columns and name), built in the worker and kept for the
clerk to download from the job's page, as the survey's answers export does
(`capacitacion.trabajos`). Computing every milestone's indicators reads the whole commitment's
data: at national scale that is longer than a web request should wait."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nucleo import descargas, hojas
from trabajos import registro
from trabajos.services import FalloDelTrabajo

from . import exportar as exportar_datos
from . import selectors
from .models import Compromiso

EXPORTAR_INDICADORES = "hitos.exportar_indicadores"
FORMATOS = ("xlsx", "csv")


def nombre_de_archivo(compromiso) -> str:
    """The direct download's name, without extension."""
    return f"indicadores-{compromiso.codigo}-{timezone.localdate():%Y%m%d}"


def exportar(ejecucion):
    parametros = ejecucion.parametros
    formato = parametros.get("formato")
    if formato not in FORMATOS:
        raise FalloDelTrabajo(_("Formato de exportación desconocido."))
    compromiso = Compromiso.vigente(parametros.get("compromiso", ""))
    if compromiso is None:
        raise FalloDelTrabajo(_("No existe ese compromiso."))
    ejecucion.avance(0, 3)
    filas = selectors.filas_de_indicadores(selectors.estado_de_hitos(compromiso))
    ejecucion.avance(1, 3)
    if formato == "xlsx":
        contenido = hojas.xlsx_bytes(exportar_datos.datos(filas, titulo=compromiso.codigo))
    else:
        para = (
            hojas.MAQUINAS
            if parametros.get("separador") == descargas.SEPARADOR_COMA
            else hojas.EXCEL
        )
        contenido = hojas.csv_bytes(exportar_datos.datos(filas), para=para)
    ejecucion.avance(2, 3)
    ejecucion.guardar_archivo(contenido, f"{nombre_de_archivo(compromiso)}.{formato}")
    ejecucion.avance(3, 3)
    return {"mensaje": _("%(filas)d filas exportadas.") % {"filas": len(filas)}}


def registrar():
    registro.registrar(
        EXPORTAR_INDICADORES,
        titulo=gettext_lazy("Exportación de los indicadores"),
        ejecutar=exportar,
        unidad=gettext_lazy("pasos"),
    )
