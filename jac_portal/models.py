"""The project layer owns one model: the change stamp that dashboard caches carry in their keys."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MarcaDeCambio(models.Model):
    """Stamps that move whenever data behind the dashboards or the public page changes: one for
    the whole portal (`ambito` empty) and one per area of data (see `jac_portal.cache.AMBITOS`).
    Cache keys include them, so every server process drops stale entries at once, even with a
    per-process memory cache."""

    ambito = models.CharField(_("ámbito"), max_length=20, unique=True, default="", blank=True)
    momento = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("marca de cambio")
        verbose_name_plural = _("marcas de cambio")

    def __str__(self):
        return f"{self.ambito or '*'} {self.momento:%d/%m/%Y %H:%M:%S}"
