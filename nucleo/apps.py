from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NucleoConfig(AppConfig):
    """The core below every app: change stamps and caching, roles, the auth backend, files,
    backups, health and error pages. It imports no portal app; apps register with it."""

    name = "nucleo"
    verbose_name = "Núcleo"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from . import backends, busqueda, ingreso, roles

        user_login_failed.connect(ingreso.contar_fallo, dispatch_uid="nucleo.ingreso.contar_fallo")
        post_migrate.connect(_tras_migrar, dispatch_uid="sincronizar_roles")
        backends.conectar()
        roles.conectar()
        busqueda.conectar()
        # django-axes names its app after its label («AXES» in the admin's index).
        if apps.is_installed("axes"):
            apps.get_app_config("axes").verbose_name = _("Seguridad del ingreso")


def _tras_migrar(sender, **kwargs):
    """Sync the roles and build the summary classes not built yet, once, after the last
    installed app with models has migrated (Django signals only those) and every app's
    permissions and tables exist."""
    con_modelos = [a for a in apps.get_app_configs() if a.models_module is not None]
    if sender is con_modelos[-1]:
        from .resumenes import construir_faltantes
        from .roles import sincronizar_roles

        sincronizar_roles(**kwargs)
        construir_faltantes(kwargs.get("using", "default"))
