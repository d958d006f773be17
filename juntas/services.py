"""Writes to the registry that involve more than one row or a rule about who did it."""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from .models import AutorizacionDatos, RequisitoJunta


def autorizacion_pendiente(user) -> bool:
    """True while the user has not accepted the current data-processing policy."""
    if not hasattr(user, "_autorizacion_pendiente"):
        user._autorizacion_pendiente = not AutorizacionDatos.objects.filter(
            usuario=user, version=AutorizacionDatos.VERSION_VIGENTE
        ).exists()
    return user._autorizacion_pendiente


def registrar_autorizacion(user, ip=None) -> AutorizacionDatos:
    """Record that `user` accepted the current policy (idempotent)."""
    autorizacion, _creada = AutorizacionDatos.objects.get_or_create(
        usuario=user, version=AutorizacionDatos.VERSION_VIGENTE, defaults={"ip": ip}
    )
    user._autorizacion_pendiente = False
    return autorizacion


@transaction.atomic
def cargar_documento(
    *, organizacion, requisito, archivo, fecha_expedicion, fecha_vencimiento, usuario
) -> RequisitoJunta:
    """A leader uploads a requirement's document; it stays «en trámite» until staff verify it.

    The previous file, if any, stays in the row's history, so nothing a Junta sent is lost.
    """
    estado, _creado = RequisitoJunta.objects.select_for_update().get_or_create(
        organizacion=organizacion, requisito=requisito
    )
    estado.estado = RequisitoJunta.Estado.EN_TRAMITE
    estado.archivo = archivo
    estado.fecha_expedicion = fecha_expedicion
    estado.fecha_vencimiento = fecha_vencimiento
    estado.proponer_vencimiento()
    estado.cargado_por = usuario
    estado.cargado_en = timezone.now()
    estado.verificado_por = None
    estado.verificado_en = None
    estado._change_reason = "Documento cargado por la Junta en el portal"
    estado.save()
    return estado


class Verificacion(NamedTuple):
    verificados: int
    omitidos: int  # uploaded by the user who tried to verify them: left for someone else


def verificar(estados, *, usuario, estado=RequisitoJunta.Estado.CUMPLE) -> Verificacion:
    """Staff verify requirement rows (admin action): set their state and who verified it, when.

    A verification is a second person's check: rows whose document `usuario` uploaded are
    skipped (the database refuses them too) and counted, so the admin can say so.
    """
    ahora = timezone.now()
    contados = omitidos = 0
    with transaction.atomic():
        for fila in estados.select_for_update(of=("self",)):
            if fila.cargado_por_id is not None and fila.cargado_por_id == usuario.pk:
                omitidos += 1
                continue
            fila.estado = estado
            fila.verificado_por = usuario
            fila.verificado_en = ahora
            fila._change_reason = f"Verificado como «{fila.get_estado_display()}»"
            fila.save()
            contados += 1
    return Verificacion(contados, omitidos)
