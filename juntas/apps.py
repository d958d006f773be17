from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuntasConfig(AppConfig):
    """The registry: territory, organizations, boards and procurement readiness."""

    name = "juntas"
    verbose_name = _("Registro de Juntas")

    def ready(self):
        from nucleo import backends, cambios

        from . import models, resumenes, services, signals, trabajos

        signals.conectar()
        trabajos.registrar()  # the import's preview and confirmation as background jobs
        resumenes.conectar()  # the dashboards' summary rows (`nucleo.resumenes`)
        # The cached pages that read the registry move with its stamp.
        cambios.registrar(
            "registro",
            models.Organizacion,
            models.AutorizacionDatos,
            models.Localidad,
            models.UnidadComunera,
            models.Barrio,
            models.RequisitoJunta,
            models.Requisito,
            models.PesoRequisitoRuta,
            models.Dignatario,
            models.Corregimiento,
        )
        # A signed-in user is cached with whether their data-policy acceptance is pending.
        backends.precargar_con(services.autorizacion_pendiente)
        backends.olvidar_al_cambiar(models.AutorizacionDatos)
