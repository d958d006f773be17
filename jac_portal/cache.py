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


def fragmento(request, clave, plantilla, contexto):
    """A page's heavy part as HTML, rendered once per change and cached.

    `contexto` is a function, called only on a miss. The template must not hold anything
    personal to the requester (no CSRF token, no user name); what depends on the role belongs
    in `clave`.
    """
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    def renderizar():
        return render_to_string(plantilla, contexto(), request=request)

    return mark_safe(en_cache(f"html:{clave}", renderizar))  # noqa: S308 (our own templates)
