from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuntasConfig(AppConfig):
    """The registry: territory, organizations, boards and procurement readiness."""

    name = "juntas"
    verbose_name = _("Registro de Juntas")

    def ready(self):
        from . import signals

        signals.conectar()
