"""Caching of aggregate pages (dashboards, the public page) with invalidation on any change.

`en_cache(clave, funcion)` returns `funcion()`'s value from the cache under a key that carries
the change stamp and today's date: one query (the stamp) when warm. `marcar()` moves the stamp;
the receivers in `jac_portal.signals` call it after any write to the data behind those pages.
"""

from django.core.cache import cache
from django.utils import timezone

from .models import MarcaDeCambio

SEGUNDOS = 600


def marca():
    momento = MarcaDeCambio.objects.values_list("momento", flat=True).first()
    return momento.timestamp() if momento else 0


def marcar():
    """Move the stamp (one UPDATE; the first time, an INSERT)."""
    if not MarcaDeCambio.objects.update(momento=timezone.now()):
        MarcaDeCambio.objects.create()


def en_cache(clave, funcion, segundos=SEGUNDOS):
    completa = f"{clave}:{marca()}:{timezone.localdate()}"
    valor = cache.get(completa)
    if valor is None:
        valor = funcion()
        cache.set(completa, valor, segundos)
    return valor
