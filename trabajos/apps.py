from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrabajosConfig(AppConfig):
    """Long work in the background (Huey): jobs with progress, cancellation and private files.
    It knows no portal app: each registers its kinds of job (`trabajos.registro`)."""

    name = "trabajos"
    verbose_name = _("Trabajos en segundo plano")

    def ready(self):
        from . import resumenes

        resumenes.registrar()
