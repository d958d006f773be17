"""Template context every page gets from the core."""

from django.utils.functional import SimpleLazyObject

from . import cache


def frescura(request):
    """`frescura`: how current the cached figures on the page are (`cache.frescura`), read
    when the template asks, after the view has fetched them."""
    return {"frescura": SimpleLazyObject(lambda: cache.frescura(request) or {})}
