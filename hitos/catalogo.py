"""The catalogue of the commitment's indicators: what each one measures, its unit, how it is
computed (for the data dictionary) and its suggested target, by the kind of milestone it follows.

Pure definitions: no model, no query. The models validate an indicator's code against it
(`Indicador.clean`) and `hitos.indicadores` computes the values.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class TipoHito(models.TextChoices):
    """Which of the commitment's stages the milestone follows (the admin groups the
    indicators by the stage they measure)."""

    IDENTIFICACION = "identificacion", _("Identificación de las Juntas")
    DIAGNOSTICO = "diagnostico", _("Diagnóstico de necesidades")
    ESTRATEGIA = "estrategia", _("Diseño de la estrategia")
    IMPLEMENTACION = "implementacion", _("Implementación")
    SEGUIMIENTO = "seguimiento", _("Seguimiento")
    OTRO = "otro", _("Otro (sin indicadores automáticos)")


@dataclass(frozen=True)
class Definicion:
    codigo: str
    tipo: str  # the kind of milestone it belongs to (Hito.Tipo)
    nombre: str
    unidad: str
    calculo: str  # how it is computed, for the data dictionary
    meta_sugerida: Decimal


DEFINICIONES = {
    d.codigo: d
    for d in [
        Definicion(
            "juntas_participantes", TipoHito.IDENTIFICACION,
            _("Juntas identificadas y vinculadas"), _("Juntas"),
            _("Juntas de Acción Comunal y de Vivienda Comunitaria del registro marcadas como "
              "participantes de la estrategia."),
            Decimal(346),
        ),
        Definicion(
            "encuestas_linea_base", TipoHito.DIAGNOSTICO,
            _("Juntas participantes que enviaron el diagnóstico de línea base"), "%",
            _("Juntas con la encuesta de línea base enviada, sobre las Juntas participantes, "
              "por cien."),
            Decimal(80),
        ),
        Definicion(
            "modulos_definidos", TipoHito.ESTRATEGIA, _("Módulos de formación definidos"),
            _("módulos"), _("Módulos activos de la estrategia."), Decimal(10),
        ),
        Definicion(
            "priorizacion_hecha", TipoHito.ESTRATEGIA,
            _("Priorización hecha a partir del diagnóstico"), _("sí = 1"),
            _("1 cuando hay una línea base con encuestas enviadas, de la que salen las "
              "prioridades y el plan de cada Junta; 0 si no."),
            Decimal(1),
        ),
        Definicion(
            "estrategia_aprobada", TipoHito.ESTRATEGIA, _("Estrategia aprobada"), _("sí = 1"),
            _("1 cuando hay una estrategia con fecha y acto de aprobación; 0 si no."), Decimal(1),
        ),
        Definicion(
            "sesiones_realizadas", TipoHito.IMPLEMENTACION,
            _("Sesiones realizadas de las planeadas"), "%",
            _("Sesiones realizadas sobre sesiones no canceladas, por cien."), Decimal(100),
        ),
        Definicion(
            "juntas_formadas", TipoHito.IMPLEMENTACION, _("Juntas con delegados formados"),
            _("Juntas"), _("Juntas con al menos un asistente a una sesión realizada."),
            Decimal(300),
        ),
        Definicion(
            "personas_formadas", TipoHito.IMPLEMENTACION, _("Personas formadas"), _("personas"),
            _("Personas distintas que asistieron al menos a una sesión realizada."),
            Decimal(1000),
        ),
        Definicion(
            "horas_impartidas", TipoHito.IMPLEMENTACION, _("Horas de formación impartidas"),
            _("horas"), _("Suma de la duración de las sesiones realizadas."), Decimal(720),
        ),
        Definicion(
            "visitas_acompanamiento", TipoHito.IMPLEMENTACION,
            _("Visitas y asesorías de acompañamiento técnico"), _("visitas"),
            _("Acompañamientos técnicos registrados a Juntas."), Decimal(300),
        ),
        Definicion(
            "encuestas_seguimiento", TipoHito.SEGUIMIENTO,
            _("Juntas participantes que enviaron el diagnóstico de seguimiento"), "%",
            _("Juntas con la encuesta de seguimiento enviada, sobre las Juntas participantes, "
              "por cien."),
            Decimal(50),
        ),
        Definicion(
            "cambio_indice_capacidad", TipoHito.SEGUIMIENTO,
            _("Cambio del índice de capacidad (línea base → seguimiento)"), _("puntos"),
            _("Promedio, entre las Juntas que respondieron ambas rondas, de su índice de "
              "capacidad de seguimiento menos el de línea base (escala 0-100)."),
            Decimal(10),
        ),
        Definicion(
            "indice_habilitacion", TipoHito.SEGUIMIENTO,
            _("Índice de preparación para contratar (promedio)"), _("puntos"),
            _("Promedio del índice de preparación de las Juntas del registro: suma de los pesos "
              "de los requisitos que cumplen con documento vigente (escala 0-100)."),
            Decimal(60),
        ),
        Definicion(
            "cambio_indice_habilitacion", TipoHito.SEGUIMIENTO,
            _("Cambio del índice de preparación desde la primera medición"), _("puntos"),
            _("Índice de preparación de hoy menos el de la primera medición guardada del "
              "indicador anterior."),
            Decimal(10),
        ),
        Definicion(
            "juntas_contrataron_tras_formacion", TipoHito.SEGUIMIENTO,
            _("Juntas que contrataron con el Estado tras la estrategia"), _("Juntas"),
            _("Juntas con al menos un contrato o convenio en SECOP II firmado el día de su "
              "formación o después (la primera sesión realizada a la que asistió alguien de la "
              "Junta o, sin asistencia registrada, su primer certificado vigente). Se asocia por "
              "el NIT de la Junta o por su nombre, confirmado por la Secretaría."),
            Decimal(20),
        ),
        Definicion(
            "acciones_hechas", TipoHito.SEGUIMIENTO,
            _("Acciones de los planes de fortalecimiento hechas"), "%",
            _("Acciones hechas sobre acciones no canceladas, por cien."), Decimal(80),
        ),
    ]
}  # fmt: skip
