"""A job: one piece of long work (an import, an export, a sync, a rebuild) run by a worker.

The row is what the clerk's page reads: its state, progress, outcome and files. The work itself
runs in the worker (`trabajos.services.ejecutar`); only the worker and the cancel button write
the row.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlmacenPrivado(FileSystemStorage):
    """TRABAJOS_ARCHIVOS_ROOT, read on every use (tests point it to a throwaway folder), and no
    URL: these files are never under MEDIA_URL; `trabajos.views.archivo` serves them to the
    job's owner only."""

    @property
    def base_location(self):
        return str(settings.TRABAJOS_ARCHIVOS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


almacen_privado = AlmacenPrivado()


class Trabajo(models.Model):
    class Estado(models.TextChoices):
        EN_COLA = "en_cola", _("En cola")
        EN_CURSO = "en_curso", _("En curso")
        TERMINADO = "terminado", _("Terminado")
        FALLIDO = "fallido", _("Fallido")
        CANCELADO = "cancelado", _("Cancelado")

    ACTIVOS = (Estado.EN_COLA, Estado.EN_CURSO)

    tipo = models.CharField(_("tipo"), max_length=80)
    titulo = models.CharField(_("descripción"), max_length=200)
    estado = models.CharField(
        _("estado"), max_length=12, choices=Estado.choices, default=Estado.EN_COLA
    )
    creado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("iniciado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trabajos",
    )
    parametros = models.JSONField(_("parámetros"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("total"), default=0)
    hechos = models.PositiveIntegerField(_("hechos"), default=0)
    creado = models.DateTimeField(_("creado"), default=timezone.now)
    iniciado = models.DateTimeField(_("iniciado"), null=True, blank=True)
    finalizado = models.DateTimeField(_("finalizado"), null=True, blank=True)
    # Written by the worker every TRABAJOS_INTERVALO_AVANCE seconds while it runs the job.
    latido = models.DateTimeField(_("último latido"), null=True, blank=True)
    cancelacion_pedida = models.BooleanField(_("cancelación pedida"), default=False)
    error = models.TextField(_("motivo del fallo"), blank=True)
    # Per-row errors as the file shows them: [{"linea": 12, "columna": "C (NIT)", "motivo": …}].
    errores = models.JSONField(_("errores por fila"), default=list, blank=True)
    resultado = models.JSONField(_("resultado"), default=dict, blank=True)
    archivo_entrada = models.FileField(
        _("archivo cargado"),
        storage=almacen_privado,
        upload_to="entrada/%Y/%m/",
        max_length=300,
        blank=True,
    )
    nombre_entrada = models.CharField(_("nombre del archivo cargado"), max_length=255, blank=True)
    archivo_resultado = models.FileField(
        _("archivo resultante"),
        storage=almacen_privado,
        upload_to="resultado/%Y/%m/",
        max_length=300,
        blank=True,
    )
    nombre_resultado = models.CharField(
        _("nombre del archivo resultante"), max_length=255, blank=True
    )
    # Jobs with the same key run one at a time (e.g. «juntas.registro»: one registry import).
    clave_bloqueo = models.CharField(_("clave de exclusión"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("trabajo en segundo plano")
        verbose_name_plural = _("trabajos en segundo plano")
        ordering = ["-creado", "-id"]
        indexes = [
            models.Index(fields=["creado_por", "-creado"], name="trabajo_por_usuario"),
            models.Index(fields=["estado", "latido"], name="trabajo_estado_latido"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clave_bloqueo"],
                condition=Q(estado__in=["en_cola", "en_curso"]) & ~Q(clave_bloqueo=""),
                name="trabajo_uno_a_la_vez",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.titulo}"

    def get_absolute_url(self):
        return reverse("trabajos:detalle", args=[self.pk])

    @property
    def activo(self) -> bool:
        return self.estado in self.ACTIVOS

    @property
    def porcentaje(self) -> float:
        if self.estado == self.Estado.TERMINADO:
            return 100.0
        if not self.total:
            return 0.0
        return min(100.0, 100.0 * self.hechos / self.total)

    def segundos_transcurridos(self, ahora=None) -> float | None:
        if not self.iniciado:
            return None
        fin = self.finalizado or ahora or timezone.now()
        return max(0.0, (fin - self.iniciado).total_seconds())

    def segundos_restantes(self, ahora=None) -> float | None:
        """Linear estimate from the pace so far; None until some rows are done."""
        transcurridos = self.segundos_transcurridos(ahora)
        if self.estado != self.Estado.EN_CURSO or not transcurridos or not self.hechos:
            return None
        if not self.total or self.hechos >= self.total:
            return None
        return transcurridos * (self.total - self.hechos) / self.hechos
