"""The commitment's indicators: their values now (the catalogue of what each measures is
`hitos.catalogo`), taken live from the registry, the survey, the training data and SECOP II's
outcomes through their selectors.

`medir()` computes every indicator in a fixed number of queries, whatever the data size. Targets
are per milestone (`Indicador.meta`), so another commitment can reuse the same measures.
"""

from decimal import Decimal

from django.utils import timezone

from capacitacion.selectors.formacion import resumen_para_indicadores
from contratacion import selectors as contratacion
from juntas import selectors as registro

from .models import Medicion

DOS = Decimal("0.01")


def _pct(parte, total):
    return None if not total else Decimal(100 * parte / total).quantize(DOS)


def medir(hoy=None):
    """Every indicator's value today ({codigo: Decimal or None}), in a fixed number of queries."""
    hoy = hoy or timezone.localdate()
    juntas = registro.resumen_para_indicadores(hoy)
    datos = resumen_para_indicadores(hoy)
    secop = contratacion.resumen_para_indicadores(hoy)
    participantes = juntas["participantes"]
    primera = (
        Medicion.objects.filter(indicador__codigo="indice_habilitacion")
        .order_by("fecha", "pk")
        .values_list("valor", flat=True)
        .first()
    )
    indice = Decimal(str(juntas["indice_promedio"])).quantize(DOS)
    cambio_capacidad = datos["cambio_indice_capacidad"]
    valores = {
        "juntas_participantes": Decimal(participantes),
        "encuestas_linea_base": _pct(datos["encuestas_linea_base"], participantes),
        "modulos_definidos": Decimal(datos["modulos_activos"]),
        "priorizacion_hecha": Decimal(int(datos["linea_base_con_resultados"])),
        "estrategia_aprobada": Decimal(int(datos["estrategia_aprobada"])),
        "sesiones_realizadas": _pct(datos["sesiones_realizadas"], datos["sesiones_planeadas"]),
        "juntas_formadas": Decimal(datos["juntas_formadas"]),
        "personas_formadas": Decimal(datos["personas_formadas"]),
        "horas_impartidas": Decimal(str(datos["horas_impartidas"])).quantize(DOS),
        "visitas_acompanamiento": Decimal(datos["visitas"]),
        "encuestas_seguimiento": _pct(datos["encuestas_seguimiento"], participantes),
        "cambio_indice_capacidad": None
        if cambio_capacidad is None
        else Decimal(cambio_capacidad).quantize(DOS),
        "indice_habilitacion": indice,
        "cambio_indice_habilitacion": None if primera is None else (indice - primera),
        "acciones_hechas": _pct(datos["acciones_hechas"], datos["acciones_total"]),
        "juntas_contrataron_tras_formacion": Decimal(secop["juntas_contrataron_tras_formacion"]),
    }
    return valores


def progreso(valor, meta):
    """How far a value is toward its target, 0-100 (None when there is no value)."""
    if valor is None:
        return None
    if not meta:
        return 100
    return max(0, min(100, round(100 * valor / meta)))
