"""The site's own address for links in e-mails.

`SITIO_URL` when it is set (production: the public address behind the proxy). Otherwise, with
a request at hand, the address that request came to (`make run` on another PORT, a test
server); without one (a command run by cron), http://127.0.0.1:8000.
"""

from django.conf import settings

POR_DEFECTO = "http://127.0.0.1:8000"


def url_del_sitio(request=None):
    if settings.SITIO_URL:
        return settings.SITIO_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return POR_DEFECTO


def enlace(ruta, request=None):
    """An absolute link to `ruta` (a path from reverse())."""
    return url_del_sitio(request) + ruta
