from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from nucleo import respaldo


class Command(BaseCommand):
    help = (
        "Restaura un respaldo (.tar de `respaldar`) en la base configurada, o en --base, y los "
        "archivos en MEDIA_ROOT. Reemplaza los datos actuales: pide confirmación."
    )

    def add_arguments(self, parser):
        parser.add_argument("archivo")
        parser.add_argument("--base", help="Otra base de datos del mismo servidor.")
        parser.add_argument("--si", action="store_true", help="No preguntar.")

    def handle(self, *args, archivo, base, si, **options):
        if (
            not si
            and input("Se reemplazarán los datos actuales. ¿Continuar? [s/N] ").lower() != "s"
        ):
            raise CommandError("Cancelado.")
        try:
            respaldo.restaurar(archivo, nombre=base)
        except respaldo.ErrorDeRespaldo as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restaurado {archivo}.")
        if base is None:
            # The summary rows came with the backup; checked against its data all the same.
            call_command("reconstruir_resumenes", stdout=self.stdout)
