"""The three roles as auth groups, kept in sync with the models after every `migrate`.

Secretaría staff get every model permission of the portal's apps (the admin is their tool); monitors
get view permissions only (they never reach the admin, but the permission set documents what they
may read); leaders get none: what a leader may do is scoped to their own Junta in `permisos.py`.
"""

from django.utils.translation import gettext_lazy as _

SECRETARIA = "Secretaría"
LIDER = "Líder de Junta"
MONITOR = "Monitor"

APPS_DEL_PORTAL = ["juntas", "capacitacion", "hitos"]

DESCRIPCIONES = {
    SECRETARIA: _("Personal de la Secretaría de Participación: administra todo el portal."),
    LIDER: _("Dignatario de una Junta: ve y edita solo los datos de su Junta."),
    MONITOR: _("Monitor (Funcicar): tableros de solo lectura, sin datos personales."),
}


def sincronizar_roles(**kwargs):
    """Create the role groups and give them their permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    portal = Permission.objects.filter(content_type__app_label__in=APPS_DEL_PORTAL)
    secretaria, _creado = Group.objects.get_or_create(name=SECRETARIA)
    secretaria.permissions.add(
        *portal,
        *Permission.objects.filter(
            content_type__app_label="auth", codename__in=["view_user", "add_user", "change_user"]
        ),
        *Permission.objects.filter(content_type__app_label="axes"),
    )
    monitor, _creado = Group.objects.get_or_create(name=MONITOR)
    monitor.permissions.add(*portal.filter(codename__startswith="view_"))
    Group.objects.get_or_create(name=LIDER)
