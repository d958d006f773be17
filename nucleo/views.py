"""The views every deployment has whatever the apps: the health check and the error pages."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def salud(request):
    """Health check for the proxy and monitors: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: database unreachable", exc_info=True)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the icon among the static files."""
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))


def error_403(request, exception=None):
    return render(request, "errores/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errores/404.html", status=404)


def _errores_de_redis():
    try:
        from redis.exceptions import ConnectionError as SinConexion
        from redis.exceptions import TimeoutError as SinRespuesta
    except ImportError:  # pragma: no cover (redis is a requirement)
        return ()
    return (SinConexion, SinRespuesta)


def error_500(request):
    """Rendered without the request: no context processor, no query (the database may be down).

    When the error is the database or the shared cache (Redis) not answering (a restart, a
    failover), the answer is a 503 with Retry-After and a page that says so: the request can
    simply be tried again. Cache errors are not hidden as misses: a cache that came back after
    missing an invalidation could serve stale pages or sessions.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError, *_errores_de_redis())):
        respuesta = HttpResponse(loader.get_template("errores/503.html").render(), status=503)
        respuesta["Retry-After"] = "10"
        return respuesta
    return HttpResponseServerError(loader.get_template("errores/500.html").render())
