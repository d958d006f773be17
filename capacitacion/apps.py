from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacitacionConfig(AppConfig):
    """Needs survey, training strategy and accompaniment (milestones 2 to 4)."""

    name = "capacitacion"
    verbose_name = _("Diagnóstico y capacitación")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
