"""The commitment's indicators: what each one measures, its unit, how it is computed, and its value
now, taken live from the registry, the survey and the training data through their selectors.

`medir()` computes every indicator in a fixed number of queries, whatever the data size. Targets
are per milestone (`Indicador.meta`), so another commitment can reuse the same measures.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacitacion import selectors as capacitacion
from juntas import selectors as registro

from .models import Hito, Medicion

DOS = Decimal("0.01")


@dataclass(frozen=True)
class Definicion:
    codigo: str
    tipo: str  # the kind of milestone it belongs to (Hito.Tipo)
    nombre: str
    unidad: str
    calculo: str  # how it is computed, for the data dictionary
    meta_sugerida: Decimal


def _pct(parte, total):
    return None if not total else Decimal(100 * parte / total).quantize(DOS)


DEFINICIONES = {
    d.codigo: d
    for d in [
        Definicion(
            "juntas_participantes", Hito.Tipo.IDENTIFICACION,
            _("Juntas identificadas y vinculadas"), _("Juntas"),
            _("Juntas de Acción Comunal y de Vivienda Comunitaria del registro marcadas como "
              "participantes de la estrategia."),
            Decimal(346),
        ),
        Definicion(
            "encuestas_linea_base", Hito.Tipo.DIAGNOSTICO,
            _("Juntas participantes que enviaron el diagnóstico de línea base"), "%",
            _("Juntas con la encuesta de línea base enviada, sobre las Juntas participantes, "
              "por cien."),
            Decimal(80),
        ),
        Definicion(
            "modulos_definidos", Hito.Tipo.ESTRATEGIA, _("Módulos de formación definidos"),
            _("módulos"), _("Módulos activos de la estrategia."), Decimal(10),
        ),
        Definicion(
            "priorizacion_hecha", Hito.Tipo.ESTRATEGIA,
            _("Priorización hecha a partir del diagnóstico"), _("sí = 1"),
            _("1 cuando hay una línea base con encuestas enviadas, de la que salen las "
              "prioridades y el plan de cada Junta; 0 si no."),
            Decimal(1),
        ),
        Definicion(
            "estrategia_aprobada", Hito.Tipo.ESTRATEGIA, _("Estrategia aprobada"), _("sí = 1"),
            _("1 cuando hay una estrategia con fecha y acto de aprobación; 0 si no."), Decimal(1),
        ),
        Definicion(
            "sesiones_realizadas", Hito.Tipo.IMPLEMENTACION,
            _("Sesiones realizadas de las planeadas"), "%",
            _("Sesiones realizadas sobre sesiones no canceladas, por cien."), Decimal(100),
        ),
        Definicion(
            "juntas_formadas", Hito.Tipo.IMPLEMENTACION, _("Juntas con delegados formados"),
            _("Juntas"), _("Juntas con al menos un asistente a una sesión realizada."),
            Decimal(300),
        ),
        Definicion(
            "personas_formadas", Hito.Tipo.IMPLEMENTACION, _("Personas formadas"), _("personas"),
            _("Personas distintas que asistieron al menos a una sesión realizada."),
            Decimal(1000),
        ),
        Definicion(
            "horas_impartidas", Hito.Tipo.IMPLEMENTACION, _("Horas de formación impartidas"),
            _("horas"), _("Suma de la duración de las sesiones realizadas."), Decimal(720),
        ),
        Definicion(
            "visitas_acompanamiento", Hito.Tipo.IMPLEMENTACION,
            _("Visitas y asesorías de acompañamiento técnico"), _("visitas"),
            _("Acompañamientos técnicos registrados a Juntas."), Decimal(300),
        ),
        Definicion(
            "encuestas_seguimiento", Hito.Tipo.SEGUIMIENTO,
            _("Juntas participantes que enviaron el diagnóstico de seguimiento"), "%",
            _("Juntas con la encuesta de seguimiento enviada, sobre las Juntas participantes, "
              "por cien."),
            Decimal(50),
        ),
        Definicion(
            "cambio_indice_capacidad", Hito.Tipo.SEGUIMIENTO,
            _("Cambio del índice de capacidad (línea base → seguimiento)"), _("puntos"),
            _("Promedio, entre las Juntas que respondieron ambas rondas, de su índice de "
              "capacidad de seguimiento menos el de línea base (escala 0-100)."),
            Decimal(10),
        ),
        Definicion(
            "indice_habilitacion", Hito.Tipo.SEGUIMIENTO,
            _("Índice de preparación para contratar (promedio)"), _("puntos"),
            _("Promedio del índice de preparación de las Juntas del registro: suma de los pesos "
              "de los requisitos que cumplen con documento vigente (escala 0-100)."),
            Decimal(60),
        ),
        Definicion(
            "cambio_indice_habilitacion", Hito.Tipo.SEGUIMIENTO,
            _("Cambio del índice de preparación desde la primera medición"), _("puntos"),
            _("Índice de preparación de hoy menos el de la primera medición guardada del "
              "indicador anterior."),
            Decimal(10),
        ),
        Definicion(
            "acciones_hechas", Hito.Tipo.SEGUIMIENTO,
            _("Acciones de los planes de fortalecimiento hechas"), "%",
            _("Acciones hechas sobre acciones no canceladas, por cien."), Decimal(80),
        ),
    ]
}  # fmt: skip


def medir(hoy=None):
    """Every indicator's value today ({codigo: Decimal or None}), in a fixed number of queries."""
    hoy = hoy or timezone.localdate()
    juntas = registro.resumen_para_indicadores(hoy)
    datos = capacitacion.resumen_para_indicadores(hoy)
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
    }
    return valores


def progreso(valor, meta):
    """How far a value is toward its target, 0-100 (None when there is no value)."""
    if valor is None:
        return None
    if not meta:
        return 100
    return max(0, min(100, round(100 * valor / meta)))
