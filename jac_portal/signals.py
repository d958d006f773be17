"""Invalidate the cached dashboards and public page when data behind them changes.

Their cache keys carry `MarcaDeCambio.momento`; any save or delete of the models below moves it
once the change commits (once per transaction), so every server process stops using old pages at
once. Bulk loads that skip signals (seed_demo) call `marcar()` themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from capacitacion import models as capacitacion
from hitos import models as hitos
from juntas import models as juntas

from .cache import marcar

MODELOS = [
    juntas.Organizacion,
    juntas.AutorizacionDatos,
    juntas.Localidad,
    juntas.UnidadComunera,
    juntas.Barrio,
    juntas.RequisitoJunta,
    juntas.Requisito,
    juntas.Dignatario,
    capacitacion.Respuesta,
    capacitacion.Instrumento,
    capacitacion.Modulo,
    capacitacion.Estrategia,
    capacitacion.Sesion,
    capacitacion.Inscripcion,
    capacitacion.Acompanamiento,
    capacitacion.AccionPlan,
    capacitacion.Certificado,
    capacitacion.Evaluacion,
    capacitacion.Persona,
    hitos.Compromiso,
    hitos.Hito,
    hitos.Evidencia,
    hitos.Actualizacion,
    hitos.Indicador,
    hitos.Medicion,
    hitos.PropuestaNivel,
    hitos.ValoracionOGP,
]


def _cambio(sender, raw=False, **kwargs):
    if raw:
        return
    conexion = transaction.get_connection()
    if conexion.in_atomic_block and any(
        funcion is marcar for _puntos, funcion, *_resto in conexion.run_on_commit
    ):
        return  # one stamp per transaction, however many rows it saves
    transaction.on_commit(marcar)


def conectar():
    for modelo in MODELOS:
        uid = f"transparencia-{modelo._meta.label_lower}"
        post_save.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-save")
        post_delete.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _cambio, sender=capacitacion.Modulo.dimensiones.through, dispatch_uid="transparencia-m2m"
    )
    post_save.connect(_cambio, sender=capacitacion.AjustePlan, dispatch_uid="cambio-ajuste")
