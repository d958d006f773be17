from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class JacPortalConfig(AppConfig):
    name = "jac_portal"
    verbose_name = _("Portal JAC")

    def ready(self):
        from .roles import sincronizar_roles

        # Run once, after the last app of the portal has migrated and its permissions exist.
        post_migrate.connect(sincronizar_roles, sender=self, dispatch_uid="sincronizar_roles")

        from . import backends, roles, signals

        signals.conectar()
        backends.conectar()
        roles.conectar()
