from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nucleo import respaldo


class Command(BaseCommand):
    help = "Respalda la base de datos (pg_dump, formato custom) y los archivos cargados en un .tar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--destino", default=str(settings.BASE_DIR / "respaldos"), help="Carpeta de destino."
        )

    def handle(self, *args, destino, **options):
        try:
            ruta = respaldo.respaldar(destino)
        except respaldo.ErrorDeRespaldo as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(ruta))
