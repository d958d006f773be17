"""Who may do what on a Junta: a leader's own Junta, and the records each role may open.

Views use the decorators (`lider_required` here; `monitor_required`, `staff_required` in
`nucleo.permisos`); querysets that a
user may see come from `juntas_visibles(user)`, so a missing check cannot leak another Junta's row.
Templates get the same answers through the `roles` context processor.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from nucleo.cache import compartida, en_cache
from nucleo.permisos import es_monitor, es_secretaria, grupos, requiere
from nucleo.roles import LIDER

from .models import Organizacion
from .services import autorizacion_pendiente


def junta_del_lider(user):
    """The organization a leader represents, or None.

    A leader is a user in the «Líder de Junta» group linked to an active dignatario record.
    """
    if not (user.is_authenticated and user.is_active):
        return None
    if not hasattr(user, "_junta_cache"):
        user._junta_cache = None
        if LIDER in grupos(user):

            def buscar():
                return Organizacion.objects.filter(
                    dignatarios__usuario=user, dignatarios__activo=True
                ).first()

            # With a shared cache (where the change stamps cost no query) the answer is kept
            # until the registry (boards, organizations) changes; otherwise one indexed query.
            user._junta_cache = (
                en_cache(f"junta-del-lider:{user.pk}", buscar, ambitos=["registro"])
                if compartida()
                else buscar()
            )
    return user._junta_cache


def es_lider(user) -> bool:
    return junta_del_lider(user) is not None


def puede_ver_datos_personales(user, organizacion) -> bool:
    """Ley 1581: only staff and the organization's own leaders see its members' personal data."""
    if es_secretaria(user):
        return True
    junta = junta_del_lider(user)
    return junta is not None and organizacion is not None and junta.pk == organizacion.pk


def juntas_visibles(user):
    """Organizations whose full record `user` may open: all for staff, their own for a leader."""
    if es_secretaria(user):
        return Organizacion.objects.all()
    junta = junta_del_lider(user)
    if junta is not None:
        return Organizacion.objects.filter(pk=junta.pk)
    return Organizacion.objects.none()


def inicio_de(user) -> str:
    """Where each role lands after log-in."""
    if es_secretaria(user) or (user.is_authenticated and user.is_active and user.is_staff):
        return reverse("admin:index")
    if es_lider(user):
        return reverse("portal:inicio")
    if es_monitor(user):
        return reverse("tablero:inicio")
    return reverse("inicio")


# For the data-policy page itself: any leader, whether they accepted it or not.
lider_sin_autorizacion_required = requiere(es_lider)


def lider_required(view):
    """A leader of a Junta who has accepted the data-processing policy; sets `request.junta`."""

    @login_required
    @wraps(view)
    def envuelta(request, *args, **kwargs):
        junta = junta_del_lider(request.user)
        if junta is None:
            raise PermissionDenied
        if autorizacion_pendiente(request.user):
            return redirect(f"{reverse('portal:autorizacion')}?next={request.get_full_path()}")
        request.junta = junta
        return view(request, *args, **kwargs)

    return envuelta


def junta_en_contexto(view):
    """Leaders act on their own Junta; staff act on the Junta named in the URL (`junta_id`),
    e.g. to enter a paper survey. Sets `request.junta` and `request.por_la_secretaria`."""

    @wraps(view)
    def envuelta(request, *args, junta_id=None, **kwargs):
        if junta_id is None:
            request.por_la_secretaria = False
            return lider_required(view)(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return login_required(view)(request, *args, **kwargs)
        if not es_secretaria(request.user):
            raise PermissionDenied
        request.junta = get_object_or_404(juntas_visibles(request.user), pk=junta_id)
        request.por_la_secretaria = True
        return view(request, *args, **kwargs)

    return envuelta
