from django.core.management.base import BaseCommand

from capacitacion import notificaciones


class Command(BaseCommand):
    help = (
        "Envía el recordatorio de las sesiones que empiezan en las próximas horas a los inscritos "
        "y a los líderes de sus Juntas (una vez por sesión). Pensado para cron, cada hora."
    )

    def add_arguments(self, parser):
        parser.add_argument("--horas", type=int, default=48, help="Ventana en horas (48).")

    def handle(self, *args, horas, **options):
        sesiones, correos = notificaciones.recordar(horas=horas)
        self.stdout.write(f"{sesiones} sesiones recordadas, {correos} correos enviados.")
