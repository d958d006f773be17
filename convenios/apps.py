from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConveniosConfig(AppConfig):
    """Execution of a Junta's convenio or contract under social control: its plan (deliverables
    and payment tranches), progress reports verified by a second person, payments with their
    support, the alerts that catch payments ahead of progress, and the public page where
    residents follow the works and leave moderated observations."""

    name = "convenios"
    verbose_name = _("Convenios en ejecución")

    def ready(self):
        from nucleo import cambios

        from . import models

        # The main dashboard (/tablero/) shows how many convenios have alerts: it is cached
        # until one of these rows changes.
        cambios.registrar(
            "seguimiento",
            models.Convenio,
            models.Entregable,
            models.Tramo,
            models.InformeAvance,
            models.FotoAvance,
            models.Pago,
            models.TrabajadorComunitario,
            models.ObservacionCiudadana,
        )
