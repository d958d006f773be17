"""Print the demo accounts and where to open the portal (`make run` calls it before serving)."""

import os

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo import registro as demo
from juntas.permisos import junta_del_lider


def imprimir_cuentas(salida):
    puerto = os.environ.get("PORT", "8000")
    existentes = {
        u.username: u for u in User.objects.filter(username__in=[c.usuario for c in demo.CUENTAS])
    }
    salida.write("")
    salida.write(
        _("Portal JAC en http://127.0.0.1:%(puerto)s/ — cuentas de demostración:")
        % {"puerto": puerto}
    )
    ancho = max(len(cuenta.usuario) for cuenta in demo.CUENTAS)
    for cuenta in demo.CUENTAS:
        usuario = existentes.get(cuenta.usuario)
        if usuario is None:
            continue
        junta = junta_del_lider(usuario)
        detalle = f" — {junta.nombre}" if junta else ""
        salida.write(
            f"  {cuenta.usuario:<{ancho}} {demo.CLAVE_DEMO:<16} {cuenta.descripcion}{detalle}"
        )
    salida.write("")


class Command(BaseCommand):
    help = _("Muestra las cuentas de demostración y la dirección del portal.")

    def handle(self, *args, **options):
        imprimir_cuentas(self.stdout)
