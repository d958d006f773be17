"""Writes on the commitment: the two-key completion level, observations, snapshots."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import indicadores
from .models import Hito, Indicador, Medicion, Observacion, PropuestaNivel


@transaction.atomic
def proponer_nivel(hito, *, nivel, avance, justificacion, usuario):
    """Staff's key: a proposed level waits for a monitor's verification."""
    if not justificacion.strip():
        raise ValidationError(_("Justifique el nivel propuesto."))
    try:
        with transaction.atomic():
            return PropuestaNivel.objects.create(
                hito=hito,
                nivel=nivel,
                avance=avance,
                justificacion=justificacion.strip(),
                propuesta_por=usuario,
            )
    except IntegrityError:
        raise ValidationError(
            _("Este hito ya tiene una propuesta pendiente de verificación.")
        ) from None


def _pendiente(propuesta, usuario):
    """The proposal, locked, if it still waits and `usuario` may hold the second key on it.

    The two keys are two people: the proposer never verifies or returns their own proposal
    (the database refuses it too), and the reviewer holds no Secretaría key (staff or
    superuser), whatever their groups say."""
    propuesta = PropuestaNivel.objects.select_for_update().get(pk=propuesta.pk)
    if propuesta.estado != PropuestaNivel.Estado.PENDIENTE:
        raise ValidationError(_("Esta propuesta ya fue revisada."))
    if propuesta.propuesta_por_id == usuario.pk:
        raise ValidationError(
            _(
                "Usted hizo esta propuesta: no puede verificarla ni devolverla. Debe revisarla "
                "el monitor, otra persona."
            )
        )
    if usuario.is_staff or usuario.is_superuser:
        raise ValidationError(
            _(
                "Verificar o devolver una propuesta es la llave del monitor: una cuenta de la "
                "Secretaría no puede hacerlo. Pida al monitor que la revise."
            )
        )
    return propuesta


@transaction.atomic
def verificar(propuesta, *, usuario):
    """The monitor's key: the proposal becomes the milestone's level."""
    propuesta = _pendiente(propuesta, usuario)
    ahora = timezone.now()
    propuesta.estado, propuesta.revisada_por, propuesta.revisada_en = (
        PropuestaNivel.Estado.VERIFICADA,
        usuario,
        ahora,
    )
    propuesta.save()
    hito = Hito.objects.select_for_update().get(pk=propuesta.hito_id)
    hito.nivel, hito.avance, hito.justificacion, hito.verificado_en = (
        propuesta.nivel,
        propuesta.avance,
        propuesta.justificacion,
        ahora,
    )
    hito._change_reason = "Nivel verificado por el monitor"
    hito.save()
    return hito


@transaction.atomic
def devolver(propuesta, *, usuario, observacion):
    """The monitor returns the proposal; the observation also opens a thread staff answer."""
    if not observacion.strip():
        raise ValidationError(_("Escriba por qué devuelve la propuesta."))
    propuesta = _pendiente(propuesta, usuario)
    propuesta.estado, propuesta.revisada_por, propuesta.revisada_en, propuesta.observacion = (
        PropuestaNivel.Estado.DEVUELTA,
        usuario,
        timezone.now(),
        observacion.strip(),
    )
    propuesta.save()
    Observacion.objects.create(
        hito_id=propuesta.hito_id,
        autor=usuario,
        texto=_("Propuesta de nivel «%(nivel)s» devuelta: %(obs)s")
        % {"nivel": propuesta.get_nivel_display(), "obs": observacion.strip()},
    )
    return propuesta


def observar(hito, *, usuario, texto):
    if not texto.strip():
        raise ValidationError(_("Escriba la observación."))
    return Observacion.objects.create(hito=hito, autor=usuario, texto=texto.strip())


@transaction.atomic
def responder(observacion, *, usuario, texto):
    """Staff answer a monitor's observation; the observation counts as answered."""
    if not texto.strip():
        raise ValidationError(_("Escriba la respuesta."))
    raiz = observacion.respuesta_a or observacion
    respuesta = Observacion.objects.create(
        hito_id=raiz.hito_id, respuesta_a=raiz, autor=usuario, texto=texto.strip()
    )
    Observacion.objects.filter(pk=raiz.pk).update(respondida=True)
    return respuesta


@transaction.atomic
def agregar_evidencia(hito, evidencia, *, usuario):
    """Attach an evidence file (an unsaved `Evidencia` from its form) to `hito`."""
    evidencia.hito, evidencia.agregada_por = hito, usuario
    evidencia.save()
    return evidencia


@transaction.atomic
def registrar_actualizacion(hito, actualizacion, *, usuario):
    """Record a progress update (an unsaved `Actualizacion` from its form) on `hito`."""
    actualizacion.hito, actualizacion.autor = hito, usuario
    actualizacion.save()
    return actualizacion


@transaction.atomic
def tomar_mediciones(hoy=None):
    """Store today's value of every indicator of every commitment (idempotent per day).

    Returns how many values were stored; indicators without a value today are skipped.
    """
    hoy = hoy or timezone.localdate()
    valores = indicadores.medir(hoy)
    guardadas = 0
    for indicador in Indicador.objects.all():
        valor = valores.get(indicador.codigo)
        if valor is None:
            continue
        Medicion.objects.update_or_create(indicador=indicador, fecha=hoy, defaults={"valor": valor})
        guardadas += 1
    return guardadas
