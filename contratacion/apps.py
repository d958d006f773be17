from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContratacionConfig(AppConfig):
    """What Juntas achieved in public procurement, from SECOP II's open data (datos.gov.co):
    their contracts and convenios, the open processes of the city's entities, whether they hold
    a supplier account, and each entity's cuantías. No personal data is kept (see models)."""

    name = "contratacion"
    verbose_name = _("Contratación (SECOP II)")

    def ready(self):
        from nucleo import cambios

        from . import models, resumenes, trabajos

        trabajos.registrar()  # the SECOP II sync as a background job
        resumenes.conectar()  # the funnel, the comparison and milestone 5's figure

        # The cached pages that read SECOP II outcomes (the leader's contracts and radar, the
        # contracting dashboard) drop when a row changes through the ORM; the syncs write in
        # bulk and move the stamp themselves at the end of each run (`services._cerrar`).
        cambios.registrar(
            "seguimiento",
            models.Contrato,
            models.Proceso,
            models.CuentaProveedor,
            models.FamiliaUnspsc,
            models.CandidatoPorNombre,
            models.SuscripcionRadar,  # the leader's page shows whether it is on
            models.Expediente,
            models.ItemExpediente,
        )
