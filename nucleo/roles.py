"""The portal's roles as auth groups, kept in sync with the models after every `migrate`, and the
rules that keep the two keys apart.

Secretaría staff get every model permission of the portal's apps (the admin is their tool) and may
create and edit leaders' accounts, never anyone's roles; monitors get view permissions only (they
never reach the admin, but the permission set documents what they may read); leaders get none:
what a leader may do is scoped to their own Junta in `permisos.py`. Role administrators assign
roles (groups, staff and superuser flags, permissions) and do nothing else.

The two keys: a milestone level is proposed by the Secretaría and verified by a monitor, so one
person never holds both; the receivers below refuse that state on every path (admin, shell,
commands, seeds) and record every change of role in `CambioDeRol`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

SECRETARIA = "Secretaría"
LIDER = "Líder de Junta"
MONITOR = "Monitor"
ADMINISTRADOR = "Administrador de roles"

APPS_DEL_PORTAL = ["juntas", "capacitacion", "privacidad", "contratacion", "convenios", "hitos"]
# Apps whose every row is personal data (habeas data requests): monitors get no permission there.
APPS_SIN_MONITOR = ["privacidad"]
# Models of other apps whose rows are personal data: the community workers hired under a
# convenio (art. 95) are a count for monitors, never names.
MODELOS_SIN_MONITOR = {"convenios": ["trabajadorcomunitario", "historicaltrabajadorcomunitario"]}

PERMISO_ASIGNAR_ROLES = "nucleo.asignar_roles"

DESCRIPCIONES = {
    SECRETARIA: _("Personal de la Secretaría de Participación: administra todo el portal."),
    LIDER: _("Dignatario de una Junta: ve y edita solo los datos de su Junta."),
    MONITOR: _("Monitor (Funcicar): tableros de solo lectura, sin datos personales."),
    ADMINISTRADOR: _("Asigna los roles de las cuentas; no opera el portal."),
}

# What the Secretaría may do on accounts: create leaders' accounts and edit them. Never the
# groups' permissions, never delete (the audit keeps the account).
_AUTH_SECRETARIA = ["view_user", "add_user", "change_user"]
_AUTH_ADMINISTRADOR = ["view_user", "add_user", "change_user", "view_group"]


def sincronizar_roles(**kwargs):
    """Create the role groups and give them their permissions (idempotent). Permissions that
    would let the Secretaría assign roles are taken away even if someone granted them."""
    from django.contrib.auth.models import Group, Permission

    portal = Permission.objects.filter(content_type__app_label__in=APPS_DEL_PORTAL)
    auth = Permission.objects.filter(content_type__app_label="auth")
    secretaria, _creado = Group.objects.get_or_create(name=SECRETARIA)
    secretaria.permissions.add(
        *portal,
        *auth.filter(codename__in=_AUTH_SECRETARIA),
        *Permission.objects.filter(content_type__app_label="axes"),
    )
    secretaria.permissions.remove(
        *auth.exclude(codename__in=_AUTH_SECRETARIA),
        *Permission.objects.filter(content_type__app_label="nucleo"),
    )
    monitor, _creado = Group.objects.get_or_create(name=MONITOR)
    monitor.permissions.add(
        *portal.filter(codename__startswith="view_").exclude(
            content_type__app_label__in=APPS_SIN_MONITOR
        )
    )
    monitor.permissions.remove(
        *Permission.objects.filter(content_type__app_label__in=APPS_SIN_MONITOR)
    )
    for app, modelos in MODELOS_SIN_MONITOR.items():
        monitor.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app, content_type__model__in=modelos)
        )
    monitor.permissions.remove(*monitor.permissions.exclude(codename__startswith="view_"))
    Group.objects.get_or_create(name=LIDER)
    administrador, _creado = Group.objects.get_or_create(name=ADMINISTRADOR)
    administrador.permissions.add(
        *auth.filter(codename__in=_AUTH_ADMINISTRADOR),
        *Permission.objects.filter(
            content_type__app_label="nucleo", codename__in=["asignar_roles", "view_cambioderol"]
        ),
    )


def puede_asignar_roles(user) -> bool:
    """Role administrators and superusers."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(PERMISO_ASIGNAR_ROLES))


def conflicto_de_roles(*, grupos, staff, superusuario):
    """The message that explains why these roles cannot go together on one account, or None.

    A monitor verifies what the Secretaría proposes, so no account is both (staff and
    superusers hold the Secretaría's key); and whoever assigns roles does not also operate the
    portal as the Secretaría.
    """
    grupos = set(grupos)
    if MONITOR in grupos and (staff or superusuario or grupos & {SECRETARIA, ADMINISTRADOR}):
        return _g(
            "Una cuenta no puede ser de monitor y a la vez de la Secretaría (staff, superusuario, "
            "grupo «Secretaría» o administrador de roles): quien propone un nivel y quien lo "
            "verifica deben ser personas distintas. Use una cuenta para cada rol."
        )
    if ADMINISTRADOR in grupos and SECRETARIA in grupos:
        return _g(
            "Quien asigna los roles no puede tener también el rol de la Secretaría. Use otra "
            "cuenta para cada rol."
        )
    return None


# Receivers: the rule on every path, and the audit of every change -------------------------------


def estado_de_roles(usuario_id):
    """What an account may do, as stored: its groups, flags and own permissions."""
    from django.contrib.auth import get_user_model

    fila = (
        get_user_model()
        .objects.filter(pk=usuario_id)
        .values("is_staff", "is_superuser", "username")
        .first()
    )
    if fila is None:
        return None
    usuario = get_user_model()(pk=usuario_id)
    return {
        "usuario": fila["username"],
        "staff": fila["is_staff"],
        "superusuario": fila["is_superuser"],
        "grupos": sorted(usuario.groups.values_list("name", flat=True)),
        "permisos": sorted(
            f"{app}.{codigo}"
            for app, codigo in usuario.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
    }


def _peticion():
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


_ROLES = {"staff": False, "superusuario": False, "grupos": [], "permisos": []}
_GRUPOS_EN_CONFLICTO = {SECRETARIA, MONITOR, ADMINISTRADOR}
_ACCIONES_M2M = {"pre_add", "post_add", "pre_remove", "post_remove", "pre_clear", "post_clear"}


def registrar_cambio(usuario_id, antes, despues):
    """Write the audit row of a change of role. Within one request, the changes to one account
    (flags, then groups removed, then groups added by the admin's form) make one row."""
    from .models import CambioDeRol

    if despues is None:
        return None
    antes = {c: antes.get(c, vacio) for c, vacio in _ROLES.items()}
    despues_roles = {c: despues[c] for c in _ROLES}
    peticion = _peticion()
    abiertos = getattr(peticion, "_cambios_de_rol", None) if peticion is not None else None
    cambio = abiertos.get(usuario_id) if abiertos is not None else None
    # (the row may be gone if the request's transaction rolled back after writing it)
    if cambio is not None and CambioDeRol.objects.filter(pk=cambio.pk).update(
        despues=despues_roles
    ):
        cambio.despues = despues_roles
        return cambio
    if antes == despues_roles:
        return None
    autor = getattr(peticion, "user", None)
    cambio = CambioDeRol.objects.create(
        usuario_id=usuario_id,
        nombre_de_usuario=despues["usuario"],
        autor=autor if autor is not None and autor.is_authenticated else None,
        antes=antes,
        despues=despues_roles,
        origen=peticion.path[:200] if peticion is not None else "",
    )
    if peticion is not None:
        if abiertos is None:
            abiertos = peticion._cambios_de_rol = {}
        abiertos[usuario_id] = cambio
    return cambio


def _en_conflicto(estado):
    return conflicto_de_roles(
        grupos=estado["grupos"], staff=estado["staff"], superusuario=estado["superusuario"]
    )


def _antes_de_guardar_usuario(sender, instance, raw=False, update_fields=None, **kwargs):
    """Refuse staff or superuser on a monitor's account; remember the old roles for the audit.

    Only a save that changes roles is refused: an account left incompatible by data older than
    this rule can still be deactivated or have its roles mended."""
    if raw or (update_fields is not None and not {"is_staff", "is_superuser"} & set(update_fields)):
        return
    antes = (estado_de_roles(instance.pk) if instance.pk else None) or dict(_ROLES)
    # The admin's form saves the account before its groups: it says which groups follow.
    grupos = getattr(instance, "_grupos_destino", None)
    nuevo = {
        **antes,
        "grupos": sorted(grupos) if grupos is not None else antes["grupos"],
        "staff": instance.is_staff,
        "superusuario": instance.is_superuser,
    }
    cambia = any(nuevo[c] != antes[c] for c in ("grupos", "staff", "superusuario"))
    mensaje = _en_conflicto(nuevo)
    if cambia and mensaje:
        raise ValidationError(mensaje)
    instance._roles_antes = antes


def _despues_de_guardar_usuario(sender, instance, raw=False, **kwargs):
    antes = instance.__dict__.pop("_roles_antes", None)
    if raw or antes is None:
        return
    registrar_cambio(instance.pk, antes, estado_de_roles(instance.pk))


def _cambio_de_grupos(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Groups or own permissions changed, from either side (user.groups.add(grupo) or
    grupo.user_set.add(usuario)): refuse incompatible roles before, record the change after."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    usuario_model = get_user_model()
    if action not in _ACCIONES_M2M:
        return
    if isinstance(instance, usuario_model):
        usuarios = [instance.pk]
    elif action == "pre_clear":
        usuarios = list(instance.user_set.values_list("pk", flat=True))
        instance._usuarios_al_vaciar = usuarios
    elif action == "post_clear":
        usuarios = instance.__dict__.pop("_usuarios_al_vaciar", [])
    else:
        usuarios = list(pk_set or [])
    if action.startswith("pre_"):
        estados = {pk: estado_de_roles(pk) for pk in usuarios}
        if action == "pre_add" and sender is usuario_model.groups.through:
            if isinstance(instance, usuario_model):
                nuevos = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
            else:
                nuevos = {instance.name}
            for estado in estados.values():
                if estado is None:
                    continue
                if isinstance(instance, usuario_model):  # the object in hand, maybe unsaved
                    estado = {
                        **estado,
                        "staff": instance.is_staff,
                        "superusuario": instance.is_superuser,
                    }
                nuevo = {**estado, "grupos": set(estado["grupos"]) | nuevos}
                mensaje = _en_conflicto(nuevo)
                if mensaje and (nuevos & _GRUPOS_EN_CONFLICTO or not _en_conflicto(estado)):
                    raise ValidationError(mensaje)
        guardados = instance.__dict__.setdefault("_roles_antes_m2m", {})
        guardados.update(estados)
        return
    guardados = instance.__dict__.get("_roles_antes_m2m", {})
    for pk in usuarios:
        antes = guardados.pop(pk, None)
        if antes is not None:
            registrar_cambio(pk, antes, estado_de_roles(pk))


def conectar():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_save, pre_save

    usuario = get_user_model()
    pre_save.connect(_antes_de_guardar_usuario, sender=usuario, dispatch_uid="roles-pre-save")
    post_save.connect(_despues_de_guardar_usuario, sender=usuario, dispatch_uid="roles-post-save")
    for relacion in (usuario.groups.through, usuario.user_permissions.through):
        m2m_changed.connect(
            _cambio_de_grupos, sender=relacion, dispatch_uid=f"roles-{relacion._meta.label_lower}"
        )
