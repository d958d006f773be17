"""Keep `Organizacion.puntaje` current when requirement rows or requirements change."""

from django.db.models.signals import post_delete, post_save

from .models import Organizacion, Requisito, RequisitoJunta


def _fila(sender, instance, raw=False, **kwargs):
    if not raw:
        Organizacion.objects.filter(pk=instance.organizacion_id).actualizar_puntajes()


def _requisito(sender, instance, raw=False, **kwargs):
    # A weight or the active flag changed: every organization, in one grouped UPDATE that
    # writes only the scores that change (rare: the catalogue is set once).
    if not raw:
        Organizacion.objects.actualizar_puntajes()


def conectar():
    for senal in (post_save, post_delete):
        senal.connect(_fila, sender=RequisitoJunta, dispatch_uid=f"puntaje-fila-{senal}")
        senal.connect(_requisito, sender=Requisito, dispatch_uid=f"puntaje-requisito-{senal}")
