"""Log-in backend that keeps the signed-in user in a shared cache.

Every signed-in request loads its user, their groups (the role) and, in the admin, their
permissions: three queries before the page does anything. With a cache shared by all server
processes (Redis), the user is cached with those answers and dropped the moment any of them
changes (the receivers below): the user's own row (password, active flag, staff flag), their
groups, a group's permissions, their own permissions, and what the apps register: a model whose
rows belong to a user (`olvidar_al_cambiar`, e.g. the acceptance of the data policy) and what to
compute before caching (`precargar_con`, e.g. whether that acceptance is pending).

With the per-process memory cache of development there is no way to drop an entry in the other
processes, so nothing is cached and this is Django's `ModelBackend`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from .cache import compartida
from .permisos import grupos

# Short on purpose: if Redis was unreachable when a user changed (the drop failed), the old
# entry outlives the change by a minute at most.
SEGUNDOS = 60


def clave(usuario_id):
    return f"usuario:{usuario_id}"


class ModelBackendEnCache(ModelBackend):
    def get_user(self, user_id):
        if not compartida():
            return super().get_user(user_id)
        usuario = cache.get(clave(user_id))
        if usuario is None:
            usuario = super().get_user(user_id)
            if usuario is None:
                return None
            precargar(usuario)
            cache.set(clave(user_id), usuario, SEGUNDOS)
        return usuario


# What the apps compute on a user before it is cached, and their models whose rows belong to a
# user (a change drops that user's entry). Filled from the apps' `AppConfig.ready()`.
_PRECARGAS = []
_DEL_USUARIO = []


def precargar_con(funcion):
    """Have `funcion(usuario)` run (and keep its answer on the object) before a user is cached."""
    if funcion not in _PRECARGAS:
        _PRECARGAS.append(funcion)


def olvidar_al_cambiar(modelo):
    """A save or delete of a `modelo` row drops its `usuario_id`'s cached user."""
    if modelo not in _DEL_USUARIO:
        _DEL_USUARIO.append(modelo)
        for senal in (post_save, post_delete):
            senal.connect(
                _del_usuario, sender=modelo, dispatch_uid=f"cache-{modelo._meta.label}-{senal}"
            )


def precargar(usuario):
    """Compute and keep on the object what the portal asks of every user."""
    grupos(usuario)
    usuario.get_all_permissions()  # fills the backend's own per-object permission caches
    for funcion in _PRECARGAS:
        funcion(usuario)


def olvidar(*usuario_ids):
    """Drop cached users now and again once the transaction commits (a request that read the
    old row in between cannot leave it behind)."""
    if not compartida():
        return
    claves = [clave(pk) for pk in usuario_ids if pk is not None]
    if not claves:
        return
    cache.delete_many(claves)
    transaction.on_commit(lambda: cache.delete_many(claves))


def _usuario(sender, instance, raw=False, **kwargs):
    if not raw:
        olvidar(instance.pk)


def _del_usuario(sender, instance, raw=False, **kwargs):
    if not raw:
        olvidar(instance.usuario_id)


def _grupos_de_usuario(sender, instance, action, pk_set, **kwargs):
    """A user's groups or own permissions, changed from either side of the relation."""
    if not (action.startswith("post_") or action == "pre_clear"):
        return
    if isinstance(instance, get_user_model()):
        olvidar(instance.pk)
    else:  # group.user_set.add(...), permission.user_set.remove(...): pk_set holds users
        olvidar(*(pk_set or instance.user_set.values_list("pk", flat=True)))


def _permisos_de_grupo(sender, instance, action, **kwargs):
    if action.startswith("post_") or action == "pre_clear":
        grupos = [instance] if isinstance(instance, Group) else Group.objects.filter(
            permissions=instance
        )  # fmt: skip
        olvidar(*get_user_model().objects.filter(groups__in=grupos).values_list("pk", flat=True))


def _grupo_borrado(sender, instance, **kwargs):
    olvidar(*instance.user_set.values_list("pk", flat=True))


def conectar():
    usuario = get_user_model()
    for senal in (post_save, post_delete):
        senal.connect(_usuario, sender=usuario, dispatch_uid=f"usuario-cache-{senal}")
    m2m_changed.connect(
        _grupos_de_usuario, sender=usuario.groups.through, dispatch_uid="usuario-cache-grupos"
    )
    m2m_changed.connect(
        _grupos_de_usuario,
        sender=usuario.user_permissions.through,
        dispatch_uid="usuario-cache-permisos",
    )
    m2m_changed.connect(
        _permisos_de_grupo, sender=Group.permissions.through, dispatch_uid="grupo-cache-permisos"
    )
    pre_delete.connect(_grupo_borrado, sender=Group, dispatch_uid="grupo-cache-borrado")
