"""The survey's answers export as a background job (`trabajos`): the same file as
`views.encuesta.exportar` (same filters, columns and name), built in the worker and kept for
the clerk to download from the job's page. For the Secretaría, whose wide export carries the
presidents' contact; a national file takes longer than a web request should."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from nucleo import descargas, hojas
from trabajos import registro
from trabajos.services import FalloDelTrabajo

from . import exportar as exportar_datos
from .forms.encuesta import FiltroResultadosForm
from .selectors import encuesta as selectors

EXPORTAR_DIAGNOSTICO = "capacitacion.exportar_diagnostico"
FORMATOS = ("xlsx", "csv")
FORMAS = ("ancha", "larga")


def exportar(ejecucion):
    parametros = ejecucion.parametros
    formato, forma = parametros.get("formato"), parametros.get("forma")
    if formato not in FORMATOS or forma not in FORMAS:
        raise FalloDelTrabajo(_("Formato de exportación desconocido."))
    consulta = QueryDict(parametros.get("consulta", ""))
    form = FiltroResultadosForm(
        consulta or None, instrumentos=selectors.instrumentos_con_resultados()
    )
    instrumento, filtros, _por = form.filtros()
    if instrumento is None:
        raise FalloDelTrabajo(_("No hay instrumentos con resultados."))
    ejecucion.avance(0, 3)
    juntas = selectors.juntas_filtradas(filtros)
    if forma == "ancha":
        datos = exportar_datos.ancha(instrumento, juntas, con_datos_personales=True)
    else:
        datos = exportar_datos.larga(instrumento, juntas)
    ejecucion.avance(1, 3)
    para = (
        hojas.MAQUINAS if parametros.get("separador") == descargas.SEPARADOR_COMA else hojas.EXCEL
    )
    contenido = hojas.xlsx_bytes(datos) if formato == "xlsx" else hojas.csv_bytes(datos, para=para)
    ejecucion.avance(2, 3)
    nombre = descargas.nombre_de_archivo(
        "diagnostico",
        instrumento.ronda,
        f"v{instrumento.version}",
        forma,
        *exportar_datos.partes_del_filtro(filtros),
    )
    ejecucion.guardar_archivo(contenido, f"{nombre}.{formato}")
    ejecucion.avance(3, 3)
    return {"mensaje": str(_("%(filas)d filas exportadas.") % {"filas": len(datos)})}


def registrar():
    registro.registrar(
        EXPORTAR_DIAGNOSTICO,
        titulo=_("Exportación del diagnóstico"),
        ejecutar=exportar,
        unidad=_("pasos"),
    )
