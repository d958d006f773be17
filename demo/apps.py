from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for a fresh machine (`seed_demo`) and the demo accounts (`cuentas_demo`). At the
    top of the layers: it uses every app, and no app uses it."""

    name = "demo"
    verbose_name = _("Datos de demostración")
