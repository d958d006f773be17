"""Refresh the readiness summary of the Juntas whose documents expired (run daily, e.g. cron)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from juntas.services import actualizar_puntajes_vencidos


class Command(BaseCommand):
    help = _(
        "Recalcula el índice de preparación guardado de las Juntas con documentos vencidos "
        "desde su último cálculo. Para correr cada día (cron); los tableros no lo necesitan "
        "para ser exactos, solo para ser rápidos."
    )

    def handle(self, **options):
        cambiadas = actualizar_puntajes_vencidos()
        self.stdout.write(_("%(n)d Juntas con el índice recalculado.") % {"n": cambiadas})
