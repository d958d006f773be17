"""`manage.py enviar_radar`: the opportunity radar by e-mail (daily cron)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contratacion import avisos


class Command(BaseCommand):
    help = _(
        "Envía a cada líder que lo pidió los procesos de mínima cuantía abiertos en las familias "
        "UNSPSC de su Junta que aún no le había enviado (un correo por líder; nunca el mismo "
        "proceso dos veces)."
    )

    def handle(self, *args, **options):
        envio = avisos.enviar_radar()
        if envio.fallidas:  # a non-zero exit, so cron reports it
            raise CommandError(envio.resumen())
        self.stdout.write(envio.resumen())
