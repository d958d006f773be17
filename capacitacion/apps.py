from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacitacionConfig(AppConfig):
    """Two domains in one app (one label, one set of tables): the survey engine (`*.encuesta`
    modules: instruments, questions, answers, scores, results) and the training programme built
    on it (`*.formacion` and `*.asistencia`: strategy, plans, sessions, attendance, evaluations,
    accompaniment, certificates; milestones 2 to 4)."""

    name = "capacitacion"
    verbose_name = _("Diagnóstico y capacitación")

    def ready(self):
        from nucleo import cambios

        from . import signals  # noqa: F401  (signals connects the receivers)
        from .models import encuesta, formacion
        from .resumenes import encuesta as resumenes_encuesta
        from .resumenes import formacion as resumenes_formacion
        from .trabajos import registrar as registrar_trabajos
        from .trabajos_asistencia import registrar as registrar_trabajos_de_asistencia

        registrar_trabajos()  # the survey export as a background job
        registrar_trabajos_de_asistencia()  # the attendance upload as a background job
        # The dashboards' summary rows (`nucleo.resumenes`).
        resumenes_encuesta.conectar()
        resumenes_formacion.conectar()

        # Training's evaluations are answers to instruments too: an instrument with any is
        # locked like one with a Junta's response (the survey does not import training).
        encuesta.registrar_respuestas(formacion.Evaluacion, "instrumento")

        cambios.registrar(
            "diagnostico",
            encuesta.Respuesta,
            encuesta.RespuestaPregunta,
            encuesta.Seleccion,
            encuesta.PuntajeDimension,
            encuesta.Instrumento,
            encuesta.Pregunta,
            encuesta.Opcion,
            encuesta.Dimension,
        )
        cambios.registrar(
            "formacion",
            formacion.Programa,
            formacion.Modulo,
            formacion.Modulo.dimensiones.through,
            formacion.Estrategia,
            formacion.AjustePlan,
            formacion.Sesion,
            formacion.Inscripcion,
            formacion.Acompanamiento,
            formacion.AccionPlan,
            formacion.Certificado,
            formacion.Evaluacion,
            formacion.Persona,
        )
