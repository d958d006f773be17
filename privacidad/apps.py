from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacidadConfig(AppConfig):
    """Habeas data (Ley 1581 de 2012, arts. 14 y 15): what the portal holds about a leader and
    their board, and the consultas and reclamos they file about it."""

    name = "privacidad"
    verbose_name = _("Datos personales (habeas data)")
