from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from nucleo.sitio import url_del_sitio
from privacidad import selectors


class Command(BaseCommand):
    help = (
        "Avisa por correo al personal de la Secretaría las solicitudes de habeas data que vencen "
        "en los próximos días hábiles o ya vencieron. Pensado para cron, una vez al día."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dias", type=int, default=3, help="Días hábiles de anticipación (3).")

    def handle(self, *args, dias, **options):
        hoy = timezone.localdate()
        solicitudes = list(selectors.por_vencer(hoy, dias))
        if not solicitudes:
            self.stdout.write("Ninguna solicitud de habeas data por vencer.")
            return
        destinatarios = list(
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        lineas = [
            f"- {s.radicado} · {s.organizacion.nombre} · {s.get_tipo_display()} · "
            + (
                f"VENCIDA el {s.vence_el:%d/%m/%Y}"
                if s.vence_el < hoy
                else f"vence el {s.vence_el:%d/%m/%Y}"
            )
            for s in solicitudes
        ]
        enlace = url_del_sitio() + reverse("admin:privacidad_solicitudhabeas_changelist")
        cuerpo = (
            "Estas solicitudes de habeas data (Ley 1581 de 2012) vencen en "
            f"{dias} días hábiles o menos, o ya vencieron:\n\n"
            + "\n".join(lineas)
            + f"\n\nRespóndalas o prorróguelas en {enlace}\n"
        )
        asunto = f"Habeas data: {len(solicitudes)} solicitudes por vencer o vencidas"
        mensajes = [mail.EmailMessage(asunto, cuerpo, to=[correo]) for correo in destinatarios]
        with mail.get_connection() as conexion:
            conexion.send_messages(mensajes)
        self.stdout.write(
            f"{len(solicitudes)} solicitudes por vencer; {len(mensajes)} correos enviados."
        )
