"""Invalidate the public page's cache when data behind it changes.

The page's cache key carries `Cambio.momento`; any save or delete of the models below moves it
once the change commits, so every server process stops using the old page at once.
Bulk loads that skip signals (seed_demo) call `marcar_cambio()` themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from capacitacion import models as capacitacion
from juntas import models as juntas

from . import models as hitos
from .services import marcar_cambio

MODELOS = [
    juntas.Organizacion,
    juntas.RequisitoJunta,
    juntas.Requisito,
    capacitacion.Respuesta,
    capacitacion.Instrumento,
    capacitacion.Modulo,
    capacitacion.Estrategia,
    capacitacion.Sesion,
    capacitacion.Inscripcion,
    capacitacion.Acompanamiento,
    capacitacion.AccionPlan,
    capacitacion.Certificado,
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
        funcion is marcar_cambio for _puntos, funcion, *_resto in conexion.run_on_commit
    ):
        return  # one stamp per transaction, however many rows it saves
    transaction.on_commit(marcar_cambio)


def conectar():
    for modelo in MODELOS:
        uid = f"transparencia-{modelo._meta.label_lower}"
        post_save.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-save")
        post_delete.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _cambio, sender=capacitacion.Modulo.dimensiones.through, dispatch_uid="transparencia-m2m"
    )
