"""Reactions to changes in the registry, wired here so `juntas` never imports `capacitacion`."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from juntas.models import RequisitoJunta

from .services import formacion as services


@receiver(post_save, sender=RequisitoJunta, dispatch_uid="cerrar_acciones_al_verificar")
def cerrar_acciones_al_verificar(sender, instance, raw=False, **kwargs):
    """A requirement verified as met closes the plan actions that pursued it."""
    if raw or instance.estado != RequisitoJunta.Estado.CUMPLE:
        return
    par = (instance.organizacion_id, instance.requisito_id)
    transaction.on_commit(lambda: services.cerrar_acciones_cumplidas([par]))
