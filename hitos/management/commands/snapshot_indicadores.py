from django.core.management.base import BaseCommand

from hitos import services


class Command(BaseCommand):
    help = (
        "Guarda el valor de hoy de cada indicador de cada compromiso, para graficar su avance en "
        "el tiempo. Pensado para cron (una vez al día); repetirlo el mismo día reemplaza el valor."
    )

    def handle(self, *args, **options):
        n = services.tomar_mediciones()
        self.stdout.write(f"{n} mediciones guardadas.")
