"""Reads on jobs: who may open which, and what the progress page and its JSON show."""

import json
from collections.abc import Sequence

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import registro
from .models import Trabajo, almacen_privado


def puede_usar_trabajos(user) -> bool:
    """Jobs are staff work (imports, exports with personal data, syncs)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def trabajos_de(user):
    """The jobs a staff member started, newest first (a superuser sees every job)."""
    trabajos = Trabajo.objects.select_related("creado_por")
    if not user.is_superuser:
        trabajos = trabajos.filter(creado_por=user)
    return trabajos.defer("resultado", "errores", "parametros")


def trabajo_de(user, pk) -> Trabajo:
    """One job, only for the staff member who started it or a superuser; 404 for anyone else
    (the same answer as for a job that does not exist)."""
    return get_object_or_404(trabajos_de(user).defer(None), pk=pk)


def duracion(segundos) -> str:
    """«45 s», «3 min 05 s», «1 h 02 min»."""
    if segundos is None:
        return "—"
    segundos = int(round(segundos))
    horas, resto = divmod(segundos, 3600)
    minutos, segundos = divmod(resto, 60)
    if horas:
        return _("%(h)d h %(m)02d min") % {"h": horas, "m": minutos}
    if minutos:
        return _("%(m)d min %(s)02d s") % {"m": minutos, "s": segundos}
    return _("%(s)d s") % {"s": segundos}


def estado(trabajo: Trabajo) -> dict:
    """What the progress bar shows (the page and its JSON endpoint)."""
    ahora = timezone.now()
    return {
        "id": trabajo.pk,
        "estado": trabajo.estado,
        "estado_texto": trabajo.get_estado_display(),
        "activo": trabajo.activo,
        "hechos": trabajo.hechos,
        "total": trabajo.total,
        "porcentaje": round(trabajo.porcentaje, 1),
        "avance_texto": _avance_texto(trabajo),
        "transcurrido": duracion(trabajo.segundos_transcurridos(ahora)),
        "restante": duracion(trabajo.segundos_restantes(ahora)),
        "cancelacion_pedida": trabajo.cancelacion_pedida,
        "error": trabajo.error,
    }


def _avance_texto(trabajo):
    tipo = registro.TIPOS.get(trabajo.tipo)
    unidad = str(tipo.unidad) if tipo else _("filas")
    if trabajo.estado == Trabajo.Estado.EN_COLA:
        return _("Esperando turno en la cola…")
    if not trabajo.total:
        return _("%(hechos)s %(unidad)s") % {
            "hechos": number_format(trabajo.hechos, force_grouping=True),
            "unidad": unidad,
        }
    return _("%(hechos)s de %(total)s %(unidad)s (%(porcentaje)s %%)") % {
        "unidad": unidad,
        "hechos": number_format(trabajo.hechos, force_grouping=True),
        "total": number_format(trabajo.total, force_grouping=True),
        "porcentaje": number_format(round(trabajo.porcentaje, 1), decimal_pos=1),
    }


class FilasEnArchivo(Sequence):
    """The rows a job kept with `Ejecucion.guardar_filas`, read a page at a time: slicing
    seeks to the page's first row (Paginator asks for `len` and one slice per page)."""

    def __init__(self, resumen):
        self.nombre = resumen.get("archivo_filas", "")
        self.total = resumen.get("filas_total", 0)
        self.por_pagina = resumen.get("filas_por_pagina", 50)
        self.desplazamientos = resumen.get("filas_desplazamientos", [])

    def __len__(self):
        return self.total

    def __getitem__(self, indice):
        if not isinstance(indice, slice):
            return self[indice : indice + 1][0]
        inicio, fin, _paso = indice.indices(self.total)
        if inicio >= fin or not self.nombre:
            return []
        bloque = inicio // self.por_pagina
        saltar = inicio - bloque * self.por_pagina
        filas = []
        try:
            with almacen_privado.open(self.nombre, "rb") as archivo:
                # readline, not iteration: a Django File's iterator seeks back to the start.
                archivo.seek(self.desplazamientos[bloque])
                for _saltada in range(saltar):
                    archivo.readline()
                while len(filas) < fin - inicio and (linea := archivo.readline()):
                    filas.append(json.loads(linea))
        except OSError:
            return []  # deleted after TRABAJOS_CONSERVAR_DIAS
        return filas


def filas_de(trabajo):
    """The rows of a job's outcome (a preview's changed rows), kept in a file or in the job."""
    resumen = trabajo.resultado or {}
    if resumen.get("archivo_filas"):
        return FilasEnArchivo(resumen)
    return resumen.get("filas") or []
