"""Responses that carry personal data are never stored by a browser or a proxy.

Every page a signed-in user sees may show personal data (a leader's board, staff's lists), and
every attachment (an export, a certificate, a document) may too. They get
`Cache-Control: no-store, private` unless the view chose its own caching. Public pages for
anonymous visitors keep their default (cacheable); the server-side page cache in
`nucleo/cache.py` is a different thing and is not affected.
"""

from django.conf import settings

SIN_CACHE = "no-store, private"


def _con_sesion(request) -> bool:
    # Without a session cookie nobody is signed in: answer without reading the session, which
    # would add «Vary: Cookie» to every public page.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    usuario = getattr(request, "user", None)
    return bool(usuario is not None and usuario.is_authenticated)


class SinCacheParaDatosPersonalesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        respuesta = self.get_response(request)
        if "Cache-Control" in respuesta:
            return respuesta
        if respuesta.has_header("Content-Disposition") or _con_sesion(request):
            respuesta["Cache-Control"] = SIN_CACHE
        return respuesta
