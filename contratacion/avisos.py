"""The opportunity radar by e-mail: a leader opts in (or out) on their contracting page, and
`manage.py enviar_radar` (daily cron) sends each one who opted in the open mínima-cuantía
processes of their Junta's families they were not sent before — one e-mail per leader, never
the same process twice.

Mail goes through Django's backend (the console by default, SMTP with EMAIL_URL). Only public
data of SECOP II goes in it; it goes only to the leader's own address.
"""

import logging
import smtplib
from dataclasses import dataclass
from decimal import Decimal

from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from juntas.permisos import junta_del_lider
from nucleo import sitio
from nucleo.numeros import es_co

from . import selectors
from .models import AvisoRadar, Fuente, SuscripcionRadar

logger = logging.getLogger(__name__)


def suscribir(usuario, *, activa: bool) -> SuscripcionRadar:
    """Turn the leader's e-mail digest on or off (processes already sent stay recorded, so
    turning it on again never repeats them)."""
    with transaction.atomic():
        suscripcion, _creada = SuscripcionRadar.objects.select_for_update().get_or_create(
            usuario=usuario, defaults={"activa": activa}
        )
        if suscripcion.activa != activa:
            suscripcion.activa = activa
            suscripcion.save(update_fields=["activa", "actualizada"])
    return suscripcion


@dataclass
class Envio:
    correos: int = 0
    procesos: int = 0
    sin_novedades: int = 0
    omitidas: int = 0  # no longer a leader, inactive account or no e-mail address
    fallidas: int = 0  # the mail server refused or was unreachable: retried next run

    def resumen(self) -> str:
        texto = _(
            "%(c)s correos enviados con %(p)s oportunidades; %(s)s líderes sin oportunidades "
            "nuevas; %(o)s suscripciones omitidas (sin correo, cuenta inactiva o ya no es líder)."
        ) % {"c": self.correos, "p": self.procesos, "s": self.sin_novedades, "o": self.omitidas}
        if self.fallidas:
            texto += " " + _(
                "%(f)s correos no se pudieron enviar: se intentarán en la próxima ejecución."
            ) % {"f": self.fallidas}
        return texto


def _linea(proceso):
    limite = proceso.fecha_limite
    return {
        "nombre": proceso.nombre or proceso.id_del_proceso,
        "entidad": proceso.nombre_entidad,
        "precio": None
        if proceso.precio_base is None
        else es_co(proceso.precio_base.quantize(Decimal(1))),
        "limite": None if limite is None else f"{timezone.localtime(limite):%d/%m/%Y %H:%M}",
        "publicado": None
        if proceso.fecha_publicacion is None
        else f"{proceso.fecha_publicacion:%d/%m/%Y}",
        "url": proceso.url,
        "demostracion": proceso.fuente == Fuente.DEMO,
    }


def _mensaje(usuario, junta, procesos):
    n = len(procesos)
    asunto = ngettext(
        "Una oportunidad nueva en SECOP II para %(junta)s",
        "%(n)s oportunidades nuevas en SECOP II para %(junta)s",
        n,
    ) % {"n": n, "junta": junta.nombre}
    cuerpo = render_to_string(
        "contratacion/correo_radar.txt",
        {
            "nombre": usuario.get_full_name() or usuario.username,
            "junta": junta,
            "procesos": [_linea(p) for p in procesos],
            "portal": sitio.enlace(reverse("contratacion_portal:inicio")),
        },
    )
    return mail.EmailMessage(asunto, cuerpo, to=[usuario.email])


def _enviar_a(pk, conexion, ahora, envio):
    """One leader, in one transaction with their subscription locked."""
    with transaction.atomic():
        suscripcion = (
            SuscripcionRadar.objects.select_for_update()
            .select_related("usuario")
            .filter(pk=pk, activa=True)
            .first()
        )
        if suscripcion is None:  # opted out meanwhile
            return
        usuario = suscripcion.usuario
        junta = junta_del_lider(usuario) if usuario.is_active else None
        if junta is None or not usuario.email:
            envio.omitidas += 1
            return
        procesos = selectors.radar(junta, ahora)
        enviados = set(
            AvisoRadar.objects.filter(
                suscripcion=suscripcion, proceso__in=[p.pk for p in procesos]
            ).values_list("proceso_id", flat=True)
        )
        nuevos = [p for p in procesos if p.pk not in enviados]
        if not nuevos:
            envio.sin_novedades += 1
            return
        AvisoRadar.objects.bulk_create(
            [AvisoRadar(suscripcion=suscripcion, proceso=p, enviado=ahora) for p in nuevos]
        )
        # Sent inside the transaction: if it fails, what was recorded is rolled back.
        conexion.send_messages([_mensaje(usuario, junta, nuevos)])
    envio.correos += 1
    envio.procesos += len(nuevos)


def enviar_radar(ahora=None) -> Envio:
    """Send each subscribed leader the radar's processes they were not sent yet. Each leader in
    one transaction, with their subscription locked: two runs at once never send a process
    twice, and a failed send records nothing (the next run tries again); one address the
    mail server refuses does not stop the others."""
    ahora = ahora or timezone.now()
    envio = Envio()
    ids = list(
        SuscripcionRadar.objects.filter(activa=True).order_by("pk").values_list("pk", flat=True)
    )
    with mail.get_connection() as conexion:
        for pk in ids:
            try:
                _enviar_a(pk, conexion, ahora, envio)
            except (smtplib.SMTPException, OSError) as error:
                envio.fallidas += 1
                logger.warning("Radar digest for subscription %s not sent: %s", pk, error)
    logger.info(
        "Radar digest: %s e-mails, %s processes, %s without news, %s skipped, %s failed",
        envio.correos, envio.procesos, envio.sin_novedades, envio.omitidas, envio.fallidas,
    )  # fmt: skip
    return envio
