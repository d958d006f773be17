"""The public home and the accounts' pages: log-in (each role lands on its own home), password
reset throttled, and the role's home."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from . import permisos
from .selectors import resumen_registro

logger = logging.getLogger(__name__)


def inicio(request):
    """Public home: what the portal is and the registry in figures (aggregates only)."""
    return render(request, "inicio.html", {"resumen": resumen_registro()})


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


class SalirView(auth_views.LogoutView):
    """Log-out, and a word on the next page that it happened (the page alone looks the same as
    before signing in)."""

    def post(self, request, *args, **kwargs):
        habia_sesion = request.user.is_authenticated
        respuesta = super().post(request, *args, **kwargs)
        if habia_sesion:
            messages.success(request, _("Cerró su sesión. Hasta pronto."))
        return respuesta


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
