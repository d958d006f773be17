"""Who may do what, by role: the Secretaría's key, the monitors' key and the dashboards.

Rules that speak of a Junta (a leader's own Junta, the records a user may open) live in
`juntas.permisos`, which builds on these.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .roles import MONITOR, SECRETARIA


def grupos(user):
    if not hasattr(user, "_grupos_cache"):
        user._grupos_cache = set(user.groups.values_list("name", flat=True))
    return user._grupos_cache


def es_secretaria(user) -> bool:
    """Secretaría staff: active staff accounts in the «Secretaría» group, and superusers. Other
    staff (the role administrators) reach the admin for their task only, not the Secretaría's
    key on the dashboards."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or SECRETARIA in grupos(user))
    )


def es_monitor(user) -> bool:
    """A monitor holds the second key: never staff nor superuser (`roles.conflicto_de_roles`
    refuses such accounts; this also covers one made before the rule)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not (user.is_staff or user.is_superuser)
        and MONITOR in grupos(user)
    )


def puede_ver_tablero(user) -> bool:
    return es_secretaria(user) or es_monitor(user)


def requiere(prueba):
    def decorator(view):
        @login_required
        @wraps(view)
        def envuelta(request, *args, **kwargs):
            if not prueba(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return envuelta

    return decorator


staff_required = requiere(es_secretaria)
monitor_required = requiere(puede_ver_tablero)
# The second key itself (verifying a milestone level, observing): monitors only, not staff.
solo_monitor_required = requiere(es_monitor)
