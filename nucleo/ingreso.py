"""Failed log-ins per address, whatever the user name (password spraying).

django-axes locks a user name from one address after a few failures; one address trying a few
passwords on many user names never reaches that limit. Here every failed log-in from an
address counts (the `user_login_failed` signal, sent by every log-in form: the portal's and the
admin's), and once the address reaches `LIMITE_INGRESOS_POR_DIRECCION` the first
authentication backend refuses any attempt from it until the window ends, even with the right
password. The count lives in the default cache (Redis in production, shared by every process).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django_ratelimit.core import get_usage

from .red import ip_del_cliente

logger = logging.getLogger(__name__)

GRUPO = "ingreso-fallido-por-direccion"


def _uso(request, *, contar):
    # key "ip" goes through RATELIMIT_IP_META_KEY (nucleo.red.ip_del_cliente), IPv6 by /64.
    return get_usage(
        request,
        group=GRUPO,
        key="ip",
        rate=settings.LIMITE_INGRESOS_POR_DIRECCION,
        increment=contar,
    )


def direccion_bloqueada(request) -> bool:
    uso = _uso(request, contar=False)
    return uso is not None and uso["count"] >= uso["limit"]


def contar_fallo(sender, credentials, request=None, **kwargs):
    """Receiver of `user_login_failed`: one more failure for the request's address."""
    if request is None:
        return
    uso = _uso(request, contar=True)
    if uso is not None and uso["count"] == uso["limit"]:
        logger.warning(
            "log-in blocked for address %s after %s failures (any user name)",
            ip_del_cliente(request),
            uso["count"],
        )


# The user-name column of axes' records; Django's own user names are at most 150 characters.
LARGO_USUARIO_AXES = 255


def usuario_para_axes(request, credentials=None):
    """The user name axes records (AXES_USERNAME_CALLABLE), as axes reads it by default, cut to
    its column: a junk name of thousands of characters must fail as a wrong log-in, not as a
    database error (500)."""
    if credentials:
        usuario = credentials.get("username")
    else:
        usuario = getattr(request, "data", request.POST).get("username")
    return usuario[:LARGO_USUARIO_AXES] if isinstance(usuario, str) else usuario


class LimitePorDireccionBackend:
    """An authentication backend that authenticates no one: it refuses attempts from an address
    over the limit (PermissionDenied stops Django's authenticate before the password is
    checked). The request is marked so the log-in page can say why. It has no `get_user`: no
    session ever names it, and Django's test client would otherwise pick it for force_login."""

    def authenticate(self, request, **credentials):
        if request is not None and direccion_bloqueada(request):
            request.ingreso_bloqueado_por_direccion = True
            raise PermissionDenied
        return None
