import logging
import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from juntas.selectors import resumen_registro

from . import permisos

logger = logging.getLogger(__name__)


def inicio(request):
    """Public home: what the portal is and the registry in figures (aggregates only)."""
    return render(request, "inicio.html", {"resumen": resumen_registro()})


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


class IngresarView(auth_views.LoginView):
    """Log-in; without a `next`, each role lands on its own home.

    An address with too many failed log-ins, whatever the user names (nucleo/ingreso.py), gets
    the lock-out page (429) instead of the form's error; the user+address lock-out is axes'.
    """

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return permisos.inicio_de(self.request.user)

    def form_invalid(self, form):
        if getattr(self.request, "ingreso_bloqueado_por_direccion", False):
            return render(
                self.request, "registration/bloqueado.html", {"por_direccion": True}, status=429
            )
        return super().form_invalid(form)


def _correo_pedido(_grupo, request):
    return request.POST.get("email", "").strip().lower()


class RecuperarClaveView(auth_views.PasswordResetView):
    """Password reset, throttled per address and per e-mail.

    Over either limit, no e-mail goes out and the answer is the same «enviado» page as always,
    so the limit is no oracle for which addresses have an account, and a stranger cannot flood
    someone's inbox.
    """

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        # Both counters move on every request, so neither can be used to probe the other.
        por_direccion = is_ratelimited(
            self.request,
            group="recuperar-clave-direccion",
            key="ip",
            rate=settings.LIMITE_RECUPERAR_POR_DIRECCION,
            increment=True,
        )
        por_correo = is_ratelimited(
            self.request,
            group="recuperar-clave-correo",
            key=_correo_pedido,
            rate=settings.LIMITE_RECUPERAR_POR_CORREO,
            increment=True,
        )
        if por_direccion or por_correo:
            logger.warning(
                "password reset throttled (%s), no e-mail sent",
                "address" if por_direccion else "e-mail",
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


def inicio_rol(request):
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(permisos.inicio_de(request.user))


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
