from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacitacionConfig(AppConfig):
    """Needs survey, training strategy and accompaniment (milestones 2 to 4)."""

    name = "capacitacion"
    verbose_name = _("Diagnóstico y capacitación")

    def ready(self):
        from nucleo import cambios

        from . import models, signals  # noqa: F401  (signals connects the receivers)

        cambios.registrar(
            "diagnostico",
            models.Respuesta,
            models.RespuestaPregunta,
            models.Seleccion,
            models.PuntajeDimension,
            models.Instrumento,
            models.Pregunta,
            models.Opcion,
            models.Dimension,
        )
        cambios.registrar(
            "formacion",
            models.Programa,
            models.Modulo,
            models.Modulo.dimensiones.through,
            models.Estrategia,
            models.AjustePlan,
            models.Sesion,
            models.Inscripcion,
            models.Acompanamiento,
            models.AccionPlan,
            models.Certificado,
            models.Evaluacion,
            models.Persona,
        )
