from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HitosConfig(AppConfig):
    """The commitment, its milestones and the dashboards that follow them (milestone 5)."""

    name = "hitos"
    verbose_name = _("Compromiso e hitos")

    def ready(self):
        from nucleo import cambios

        from . import models, trabajos

        trabajos.registrar()  # the indicators export as a background job
        cambios.registrar(
            "seguimiento",
            models.Compromiso,
            models.Hito,
            models.Evidencia,
            models.Actualizacion,
            models.Indicador,
            models.Medicion,
            models.PropuestaNivel,
            models.ValoracionOGP,
            models.Observacion,
        )
