"""The SECOP II sync as a background job (`trabajos`): `sincronizar_secop --en-segundo-plano`
and «Lanzar un trabajo». Not one transaction: each page of results commits as it comes, so a
run that fails or is cancelled keeps what it read and the next one resumes from there (the
sync's own rule, `services._sincronizar_por_ventana`)."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trabajos import registro
from trabajos.services import FalloDelTrabajo

from . import services
from .models import Sincronizacion

SINCRONIZAR = "contratacion.sincronizar_secop"
CONJUNTOS = ("contratos", "procesos", "proveedores")


def sincronizar(ejecucion):
    desde = ejecucion.parametros.get("desde")
    desde = datetime.date.fromisoformat(desde) if desde else None
    tareas = {
        "contratos": lambda: services.sincronizar_contratos(desde=desde),
        "procesos": lambda: services.sincronizar_procesos(desde=desde),
        "proveedores": services.sincronizar_proveedores,
    }
    elegidos = [c for c in ejecucion.parametros.get("conjuntos") or CONJUNTOS if c in tareas]
    lineas, fallidas = [], 0
    ejecucion.avance(0, len(elegidos))
    for hechos, nombre in enumerate(elegidos, start=1):
        try:
            corrida = tareas[nombre]()
        except services.SincronizacionEnCurso as error:
            lineas.append(error.mensaje)
            fallidas += 1
        else:
            lineas.append(corrida.resumen())
            fallidas += corrida.estado != Sincronizacion.Estado.EXITOSA
        ejecucion.avance(hechos, len(elegidos))
    if fallidas:
        raise FalloDelTrabajo(
            _("%(n)d sincronización(es) fallaron; la próxima ejecución continúa desde donde quedó.")
            % {"n": fallidas},
            resultado={"lineas": lineas},
        )
    return {"mensaje": _("Sincronización con SECOP II terminada."), "lineas": lineas}


def registrar():
    registro.registrar(
        SINCRONIZAR,
        titulo=gettext_lazy("Sincronizar con SECOP II"),
        descripcion=gettext_lazy(
            "Trae de datos.gov.co los contratos de las Juntas del registro, los procesos "
            "abiertos de las entidades de la ciudad y las cuentas de proveedor."
        ),
        ejecutar=sincronizar,
        atomico=False,
        lanzable=True,
        unidad=gettext_lazy("conjuntos de datos"),
        clave_bloqueo=SINCRONIZAR,
        plantilla="trabajos/_lineas.html",
    )
