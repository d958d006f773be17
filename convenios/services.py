"""Writes on convenios, each in one transaction: progress reports and their two keys, payments
and tranches (paid only with support), community workers, residents' observations and their
moderation. Every change lands in the models' history with who made it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nucleo.numeros import es_co
from nucleo.permisos import es_monitor, es_secretaria

from . import fotos as fotos_
from .models import (
    Convenio,
    FotoAvance,
    InformeAvance,
    ObservacionCiudadana,
    Pago,
    TrabajadorComunitario,
    Tramo,
)

MAXIMO_FOTOS = 8


def pesos(valor):
    return f"$ {es_co(Decimal(valor).quantize(Decimal(1)))}"


def _autor(instancia, usuario, motivo=""):
    """Who and why, for the history row of the next save (also outside a request)."""
    instancia._history_user = usuario
    if motivo:
        instancia._change_reason = motivo
    return instancia


# Progress reports ---------------------------------------------------------------------------------


@transaction.atomic
def registrar_informe(
    convenio, *, fecha, avance, descripcion="", acta_parcial=None, fotos=(), usuario
):
    """The Junta's key: a progress report with its photos, waiting for the supervisor.

    Photos are resized and stripped of EXIF before they are stored (`convenios.fotos`); the
    date and position they declared are kept apart."""
    convenio = Convenio.objects.select_for_update().get(pk=convenio.pk)
    hoy = timezone.localdate()
    errores = {}
    if convenio.estado == Convenio.Estado.LIQUIDADO:
        raise ValidationError(_("El convenio ya está liquidado: no recibe informes de avance."))
    if fecha > hoy:
        errores["fecha"] = _("La fecha del avance no puede ser futura.")
    elif convenio.fecha_inicio and fecha < convenio.fecha_inicio:
        errores["fecha"] = _("La fecha es anterior al inicio del convenio (%(f)s).") % {
            "f": convenio.fecha_inicio.strftime("%d/%m/%Y")
        }
    ultimo = (
        convenio.informes.filter(estado=InformeAvance.Estado.VERIFICADO)
        .order_by("-fecha", "-pk")
        .values_list("avance", flat=True)
        .first()
    )
    if ultimo is not None and Decimal(avance) < ultimo:
        errores["avance"] = _(
            "El avance no puede ser menor que el último verificado (%(a)s %%)."
        ) % {"a": ultimo}
    if len(fotos) > MAXIMO_FOTOS:
        errores["fotos"] = _("Cargue hasta %(n)s fotos por informe.") % {"n": MAXIMO_FOTOS}
    if errores:
        raise ValidationError(errores)
    if convenio.informes.filter(estado=InformeAvance.Estado.PENDIENTE).exists():
        raise ValidationError(
            _(
                "Ya hay un informe de avance pendiente de verificación: espere a que el "
                "supervisor lo revise antes de enviar otro."
            )
        )
    procesadas = []
    for foto in fotos:
        try:
            procesadas.append(fotos_.procesar(foto))
        except ValidationError as error:
            raise ValidationError({"fotos": error.messages}) from error
    informe = _autor(
        InformeAvance(
            convenio=convenio,
            fecha=fecha,
            avance=avance,
            descripcion=descripcion.strip(),
            autor=usuario,
        ),
        usuario,
    )
    if acta_parcial:
        informe.acta_parcial = acta_parcial
    informe.save()
    for procesada in procesadas:
        _autor(
            FotoAvance(
                informe=informe,
                imagen=procesada.contenido,
                ancho=procesada.ancho,
                alto=procesada.alto,
                fecha_declarada=procesada.fecha,
                latitud_declarada=procesada.latitud,
                longitud_declarada=procesada.longitud,
            ),
            usuario,
        ).save()
    return informe


def _pendiente(informe, usuario):
    """The report, locked, if it still waits and `usuario` may hold the second key on it: the
    supervisor (Secretaría staff), never its author."""
    informe = InformeAvance.objects.select_for_update().get(pk=informe.pk)
    if informe.estado != InformeAvance.Estado.PENDIENTE:
        raise ValidationError(_("Este informe ya fue revisado."))
    if informe.autor_id == usuario.pk:
        raise ValidationError(
            _(
                "Usted envió este informe: no puede verificarlo ni devolverlo. Debe revisarlo "
                "el supervisor, otra persona."
            )
        )
    if not es_secretaria(usuario):
        raise ValidationError(
            _("Solo el supervisor del convenio (la Secretaría) verifica o devuelve informes.")
        )
    return informe


@transaction.atomic
def verificar_informe(informe, *, usuario):
    """The supervisor's key: the report's progress becomes the convenio's verified progress."""
    informe = _pendiente(informe, usuario)
    informe.estado = InformeAvance.Estado.VERIFICADO
    informe.revisado_por, informe.revisado_en = usuario, timezone.now()
    _autor(informe, usuario, "Informe verificado por el supervisor").save()
    return informe


@transaction.atomic
def devolver_informe(informe, *, usuario, motivo):
    """The supervisor returns the report to the Junta with the reason; it may send another."""
    if not (motivo or "").strip():
        raise ValidationError(_("Escriba por qué devuelve el informe: la Junta lo leerá."))
    informe = _pendiente(informe, usuario)
    informe.estado = InformeAvance.Estado.DEVUELTO
    informe.revisado_por, informe.revisado_en = usuario, timezone.now()
    informe.motivo_devolucion = motivo.strip()
    _autor(informe, usuario, "Informe devuelto por el supervisor").save()
    return informe


# Payments and tranches ----------------------------------------------------------------------------


@transaction.atomic
def registrar_pago(convenio, *, fecha, valor, soporte=None, tramo=None, usuario):
    """Record a payment. Without its support it counts, and raises the «payment without
    support» alert until the document is attached."""
    convenio = Convenio.objects.select_for_update().get(pk=convenio.pk)
    if tramo is not None and tramo.convenio_id != convenio.pk:
        raise ValidationError({"tramo": _("Ese tramo es de otro convenio.")})
    if fecha > timezone.localdate():
        raise ValidationError({"fecha": _("La fecha del pago no puede ser futura.")})
    pagado = convenio.pagos.aggregate(s=Sum("valor"))["s"] or Decimal(0)
    if pagado + Decimal(valor) > convenio.valor:
        raise ValidationError(
            {
                "valor": _(
                    "Con este pago lo pagado (%(total)s) superaría el valor del convenio "
                    "(%(valor)s). Revise el valor."
                )
                % {"total": pesos(pagado + Decimal(valor)), "valor": pesos(convenio.valor)}
            }
        )
    pago = Pago(convenio=convenio, tramo=tramo, fecha=fecha, valor=valor, registrado_por=usuario)
    if soporte:
        pago.soporte = soporte
    _autor(pago, usuario, "Pago registrado").save()
    return pago


@transaction.atomic
def adjuntar_soporte(pago, *, soporte, usuario):
    pago = Pago.objects.select_for_update().get(pk=pago.pk)
    pago.soporte = soporte
    _autor(pago, usuario, "Soporte del pago cargado").save()
    return pago


@transaction.atomic
def marcar_tramo_pagado(tramo, *, usuario):
    """A tranche is paid only when a payment of it has its support document; the history
    records who marked it."""
    tramo = Tramo.objects.select_for_update().get(pk=tramo.pk)
    if tramo.pagado:
        raise ValidationError(_("Este tramo ya está marcado como pagado."))
    if not tramo.tiene_pago_con_soporte():
        raise ValidationError(
            _(
                "El tramo %(n)s no tiene un pago con su documento soporte: registre el pago y "
                "cargue el soporte antes de marcarlo pagado."
            )
            % {"n": tramo.numero}
        )
    tramo.pagado, tramo.pagado_en, tramo.pagado_por = True, timezone.now(), usuario
    _autor(tramo, usuario, "Tramo marcado pagado").save()
    return tramo


# Community workers (art. 95) ----------------------------------------------------------------------


@transaction.atomic
def agregar_trabajador(convenio, *, nombre, usuario):
    nombre = " ".join((nombre or "").split())
    if len(nombre) < 5:
        raise ValidationError({"nombre": _("Escriba el nombre completo del trabajador.")})
    if convenio.trabajadores.filter(nombre__iexact=nombre).exists():
        raise ValidationError({"nombre": _("Esa persona ya está registrada en este convenio.")})
    return _autor(TrabajadorComunitario(convenio=convenio, nombre=nombre), usuario).save()


@transaction.atomic
def quitar_trabajador(trabajador, *, usuario):
    _autor(trabajador, usuario, "Trabajador retirado del registro")
    trabajador.delete()


# Residents' observations --------------------------------------------------------------------------


def enviar_observacion(convenio, *, texto, usuario=None):
    """A resident's (no account) or a monitor's observation; it waits for moderation. Only a
    monitor's account is kept as author (residents stay anonymous, and so do other accounts
    writing as residents)."""
    texto = (texto or "").strip()
    if len(texto) < 10:
        raise ValidationError({"texto": _("Escriba su observación (al menos 10 caracteres).")})
    autor = usuario if usuario is not None and es_monitor(usuario) else None
    return ObservacionCiudadana.objects.create(convenio=convenio, texto=texto, autor=autor)


@transaction.atomic
def moderar_observacion(observacion, *, usuario, aprobar):
    """Staff publish or reject an observation (once)."""
    if not es_secretaria(usuario):
        raise ValidationError(_("Solo la Secretaría modera las observaciones."))
    observacion = ObservacionCiudadana.objects.select_for_update().get(pk=observacion.pk)
    if observacion.estado != ObservacionCiudadana.Estado.PENDIENTE:
        raise ValidationError(_("Esta observación ya fue moderada."))
    observacion.estado = (
        ObservacionCiudadana.Estado.APROBADA if aprobar else ObservacionCiudadana.Estado.RECHAZADA
    )
    observacion.moderada_por, observacion.moderada_en = usuario, timezone.now()
    try:
        _autor(observacion, usuario, "Publicada" if aprobar else "Rechazada").save()
    except IntegrityError as error:  # pragma: no cover (no constraint can fail here today)
        raise ValidationError(str(error)) from error
    return observacion
