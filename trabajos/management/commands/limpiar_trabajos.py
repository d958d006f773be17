"""Daily (cron): delete the files of jobs that ended more than TRABAJOS_CONSERVAR_DIAS ago."""

from django.conf import settings
from django.core.management.base import BaseCommand

from trabajos import services


class Command(BaseCommand):
    help = (
        "Borra los archivos cargados para los trabajos en segundo plano y los que produjeron, "
        "y el detalle por fila, de los trabajos que terminaron hace más de "
        "TRABAJOS_CONSERVAR_DIAS días (los trabajos quedan en la lista). También marca como "
        "fallidos los trabajos cuyo proceso dejó de dar señales."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dias",
            type=int,
            default=None,
            help=f"Días que se conservan (por defecto {settings.TRABAJOS_CONSERVAR_DIAS}).",
        )

    def handle(self, *args, dias, **options):
        abandonados = services.marcar_abandonados()
        limpiados = services.limpiar(dias)
        self.stdout.write(
            f"{limpiados} trabajos con archivos vencidos limpiados; "
            f"{abandonados} trabajos abandonados marcados como fallidos."
        )
