"""Invalidate the cached dashboards and public page when data behind them changes.

Their cache keys carry the change stamps (`MarcaDeCambio`); any save or delete of the models
below moves the whole portal's stamp and its area's once the change commits (once per area and
transaction), so every server process stops using old pages at once. Bulk loads that skip
signals (seed_demo) call `marcar()` themselves, which moves every stamp.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from capacitacion import models as capacitacion
from hitos import models as hitos
from juntas import models as juntas

from .cache import marcar

# Each model, with the area of data whose stamp it moves (the whole portal's moves too).
MODELOS = {
    juntas.Organizacion: "registro",
    juntas.AutorizacionDatos: "registro",
    juntas.Localidad: "registro",
    juntas.UnidadComunera: "registro",
    juntas.Barrio: "registro",
    juntas.RequisitoJunta: "registro",
    juntas.Requisito: "registro",
    juntas.Dignatario: "registro",
    juntas.Corregimiento: "registro",
    capacitacion.Respuesta: "diagnostico",
    capacitacion.RespuestaPregunta: "diagnostico",
    capacitacion.Seleccion: "diagnostico",
    capacitacion.PuntajeDimension: "diagnostico",
    capacitacion.Instrumento: "diagnostico",
    capacitacion.Pregunta: "diagnostico",
    capacitacion.Opcion: "diagnostico",
    capacitacion.Dimension: "diagnostico",
    capacitacion.Programa: "formacion",
    capacitacion.Modulo: "formacion",
    capacitacion.Modulo.dimensiones.through: "formacion",
    capacitacion.Estrategia: "formacion",
    capacitacion.AjustePlan: "formacion",
    capacitacion.Sesion: "formacion",
    capacitacion.Inscripcion: "formacion",
    capacitacion.Acompanamiento: "formacion",
    capacitacion.AccionPlan: "formacion",
    capacitacion.Certificado: "formacion",
    capacitacion.Evaluacion: "formacion",
    capacitacion.Persona: "formacion",
    hitos.Compromiso: "seguimiento",
    hitos.Hito: "seguimiento",
    hitos.Evidencia: "seguimiento",
    hitos.Actualizacion: "seguimiento",
    hitos.Indicador: "seguimiento",
    hitos.Medicion: "seguimiento",
    hitos.PropuestaNivel: "seguimiento",
    hitos.ValoracionOGP: "seguimiento",
    hitos.Observacion: "seguimiento",
}


def _cambio(sender, raw=False, **kwargs):
    if raw:
        return
    ambito = MODELOS[sender]
    conexion = transaction.get_connection()
    if conexion.in_atomic_block and any(
        getattr(funcion, "func", None) is marcar and funcion.args == (ambito,)
        for _puntos, funcion, *_resto in conexion.run_on_commit
    ):
        return  # one stamp per area and transaction, however many rows it saves
    transaction.on_commit(partial(marcar, ambito))


def conectar():
    for modelo in MODELOS:
        uid = f"transparencia-{modelo._meta.label_lower}"
        if modelo is capacitacion.Modulo.dimensiones.through:
            m2m_changed.connect(_cambio, sender=modelo, dispatch_uid="transparencia-m2m")
            continue
        post_save.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-save")
        post_delete.connect(_cambio, sender=modelo, dispatch_uid=f"{uid}-delete")
