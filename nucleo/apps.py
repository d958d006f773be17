from django.apps import AppConfig


class NucleoConfig(AppConfig):
    """No models: installed so its signal receivers are connected at start-up."""

    name = "nucleo"
    verbose_name = "Núcleo"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from . import ingreso

        user_login_failed.connect(ingreso.contar_fallo, dispatch_uid="nucleo.ingreso.contar_fallo")
