"""The project layer owns one model: the change stamp that dashboard caches carry in their keys."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MarcaDeCambio(models.Model):
    """A single row whose stamp moves whenever data behind the dashboards or the public page
    changes. Cache keys include it, so every server process drops stale pages at once, even with
    a per-process memory cache."""

    momento = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("marca de cambio")
        verbose_name_plural = _("marcas de cambio")

    def __str__(self):
        return f"{self.momento:%d/%m/%Y %H:%M:%S}"
