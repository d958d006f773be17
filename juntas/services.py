"""Writes to the registry that involve more than one row or a rule about who did it."""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from . import resumenes
from .models import AutorizacionDatos, Organizacion, RequisitoJunta


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
    """A leader uploads a requirement's document for staff to verify.

    While the current document is valid («cumple», not expired) the upload is a renewal: it
    waits beside it (`archivo_nuevo`…) and the valid one keeps counting toward the readiness
    index until staff accept or reject the new one. Otherwise the upload replaces the row's
    document and the requirement is «en trámite». Either way the previous file stays in the
    row's history, so nothing a Junta sent is lost.
    """
    estado, _creado = RequisitoJunta.objects.select_for_update().get_or_create(
        organizacion=organizacion, requisito=requisito
    )
    ahora = timezone.now()
    if estado.vigente:
        estado.archivo_nuevo = archivo
        estado.emitido_nuevo = fecha_expedicion
        estado.vence_nuevo = estado.vencimiento_propuesto(fecha_expedicion, fecha_vencimiento)
        estado.cargado_nuevo_por = usuario
        estado.cargado_nuevo_en = ahora
        estado._change_reason = "Renovación cargada por la Junta en el portal (el vigente sigue)"
        estado.save()
        return estado
    estado.estado = RequisitoJunta.Estado.EN_TRAMITE
    estado.archivo = archivo
    estado.fecha_expedicion = fecha_expedicion
    estado.fecha_vencimiento = fecha_vencimiento
    estado.proponer_vencimiento()
    estado.cargado_por = usuario
    estado.cargado_en = ahora
    estado.verificado_por = None
    estado.verificado_en = None
    _descartar_renovacion(estado)
    estado._change_reason = "Documento cargado por la Junta en el portal"
    estado.save()
    return estado


def _descartar_renovacion(fila):
    fila.archivo_nuevo = ""
    fila.emitido_nuevo = fila.vence_nuevo = None
    fila.cargado_nuevo_por = None
    fila.cargado_nuevo_en = None


def _promover_renovacion(fila):
    """The accepted replacement becomes the row's document, with its own dates and uploader."""
    fila.archivo = fila.archivo_nuevo
    fila.fecha_expedicion = fila.emitido_nuevo
    fila.fecha_vencimiento = fila.vence_nuevo
    fila.cargado_por = fila.cargado_nuevo_por
    fila.cargado_en = fila.cargado_nuevo_en
    _descartar_renovacion(fila)


class Verificacion(NamedTuple):
    verificados: int
    omitidos: int  # uploaded by the user who tried to verify them: left for someone else
    renovaciones_rechazadas: int = 0  # replacement discarded, the valid document kept


def verificar(estados, *, usuario, estado=RequisitoJunta.Estado.CUMPLE) -> Verificacion:
    """Staff verify requirement rows (admin action): set their state and who verified it, when.

    A verification is a second person's check: rows whose document `usuario` uploaded are
    skipped (the database refuses them too) and counted, so the admin can say so.

    On a row with a renewal waiting, the verdict is about the replacement (and so is the
    uploader rule): «cumple» promotes it with its dates; «no cumple» discards it and keeps
    the valid document as it was, so a rejected renewal never costs the Junta its standing.
    """
    ahora = timezone.now()
    contados = omitidos = rechazadas = 0
    with transaction.atomic():
        for fila in estados.select_for_update(of=("self",)):
            renovacion = fila.renovacion_pendiente
            cargo = fila.cargado_nuevo_por_id if renovacion else fila.cargado_por_id
            if cargo is not None and cargo == usuario.pk:
                omitidos += 1
                continue
            if renovacion and estado != RequisitoJunta.Estado.CUMPLE:
                _descartar_renovacion(fila)
                fila._change_reason = "Renovación rechazada: el documento vigente se conserva"
                fila.save()
                rechazadas += 1
                continue
            if renovacion:
                _promover_renovacion(fila)
            fila.estado = estado
            fila.verificado_por = usuario
            fila.verificado_en = ahora
            fila._change_reason = f"Verificado como «{fila.get_estado_display()}»"
            fila.save()
            contados += 1
    return Verificacion(contados, omitidos, rechazadas)


@transaction.atomic
def actualizar_puntajes_vencidos(hoy=None) -> int:
    """Recompute the kept readiness summary of the organizations whose summary has passed (a
    document expired since it was computed); returns how many rows changed. Meant for a daily
    run (`manage.py actualizar_puntajes`); the dashboards are right in between without it.
    It also recomputes on today the registry's day-dependent summary rows older than a few
    days (`resumenes.refrescar`)."""
    hoy = hoy or timezone.localdate()
    resumenes.refrescar()
    return Organizacion.objects.filter(puntaje_hasta__lt=hoy).actualizar_puntajes(hoy)


@transaction.atomic
def declarar_ruta(*, organizacion, ruta, usuario) -> Organizacion:
    """The Junta (its leader, or staff) declares the contracting route it pursues; its main
    readiness index becomes that route's. Recorded in the history with who did it."""
    fila = Organizacion.objects.select_for_update().get(pk=organizacion.pk)
    if fila.ruta == ruta:
        return fila
    fila.ruta = ruta
    fila._change_reason = f"Ruta de contratación declarada: «{fila.get_ruta_display() or '—'}»"
    fila._history_user = usuario
    fila.save(update_fields=["ruta", "actualizado"])
    return fila
