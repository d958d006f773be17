"""The summary rebuild (`nucleo.resumenes.reconstruir`) as a job: the core sits below this app,
so this app registers it for the core."""

from django.utils.translation import gettext_lazy as _

from nucleo import resumenes

from . import registro


def reconstruir(ejecucion):
    clases = ejecucion.parametros.get("clases") or sorted(resumenes.CLASES)
    revisar = bool(ejecucion.parametros.get("revisar"))
    ejecucion.avance(0, len(clases))
    lineas, total = [], 0
    for hechas, nombre in enumerate(clases, start=1):
        informe = resumenes.reconstruir([nombre], corregir=not revisar)[nombre]
        total += len(informe["diferencias"])
        lineas.append(
            _("%(clase)s: %(filas)d filas, %(diferencias)d diferencias")
            % {
                "clase": nombre,
                "filas": informe["filas"],
                "diferencias": len(informe["diferencias"]),
            }
        )
        ejecucion.avance(hechas, len(clases))
    if total:
        mensaje = (
            _("%(n)d diferencias encontradas.") if revisar else _("%(n)d diferencias corregidas.")
        ) % {"n": total}
    else:
        mensaje = _("Los resúmenes coinciden con los datos.")
    return {"mensaje": str(mensaje), "lineas": [str(linea) for linea in lineas]}


def registrar():
    registro.registrar(
        "nucleo.reconstruir_resumenes",
        titulo=_("Reconstruir los resúmenes de los tableros"),
        descripcion=_(
            "Recalcula desde los datos las cifras que leen los tableros y corrige las que no "
            "coincidan (por ejemplo, después de restaurar un respaldo)."
        ),
        ejecutar=reconstruir,
        # One transaction per summary class (the core's own): an interrupted rebuild keeps the
        # classes it finished, and running it again is always safe.
        atomico=False,
        lanzable=True,
        unidad=_("clases de resumen"),
        clave_bloqueo="nucleo.reconstruir_resumenes",
        plantilla="trabajos/_lineas.html",
    )
