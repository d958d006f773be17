"""Consultas and reclamos about personal data (Ley 1581 de 2012, arts. 14 y 15).

A leader files them from the portal about themself or a member of their Junta; the Secretaría
answers them in the admin within the legal term. The request and its answer are kept: they are
the record that the portal honoured the person's rights.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from juntas.models import Dignatario, Organizacion

from . import plazos

LARGO_TEXTO = 2000


class SolicitudHabeasQuerySet(models.QuerySet):
    def abiertas(self):
        return self.exclude(estado=SolicitudHabeas.Estado.RESPONDIDA)

    def por_vencer(self, hoy=None, dias=3):
        """Open requests due within `dias` business days, or already overdue."""
        hoy = hoy or timezone.localdate()
        return self.abiertas().filter(vence_el__lte=plazos.sumar_habiles(hoy, dias))


class SolicitudHabeas(models.Model):
    class Tipo(models.TextChoices):
        CONSULTA = "consulta", _("Consulta sobre mis datos")
        RECTIFICACION = "rectificacion", _("Reclamo: rectificación o actualización")
        SUPRESION = "supresion", _("Reclamo: supresión")
        REVOCATORIA = "revocatoria", _("Reclamo: revocatoria de la autorización")
        OTRO = "otro", _("Reclamo: otro incumplimiento")

    class Estado(models.TextChoices):
        RADICADA = "radicada", _("Radicada")
        EN_TRAMITE = "en_tramite", _("En trámite")
        PRORROGADA = "prorrogada", _("Prorrogada")
        RESPONDIDA = "respondida", _("Respondida")

    # Terms in business days (Ley 1581, arts. 14 y 15): first term and its one extension.
    PLAZO = {"consulta": 10, "reclamo": 15}
    PRORROGA = {"consulta": 5, "reclamo": 8}

    radicado = models.CharField(_("radicado"), max_length=20, unique=True, editable=False)
    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.PROTECT,
        related_name="solicitudes_habeas",
        verbose_name=_("Junta"),
    )
    solicitante = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="solicitudes_habeas",
        verbose_name=_("radicada por"),
    )
    tipo = models.CharField(_("tipo"), max_length=14, choices=Tipo.choices)
    # Who the data are about, copied from the Junta's records when filing: the request must still
    # say whose data it was once they are suppressed.
    titular_nombre = models.CharField(_("titular de los datos"), max_length=201)
    titular_tipo_documento = models.CharField(
        _("tipo de documento del titular"),
        max_length=3,
        choices=Dignatario.TipoDocumento.choices,
    )
    titular_documento = models.CharField(_("documento del titular"), max_length=15)
    dato = models.CharField(
        _("dato al que se refiere"),
        max_length=200,
        blank=True,
        help_text=_("p. ej. «teléfono», «correo», «nombre», «todos mis datos»."),
    )
    texto = models.TextField(
        _("solicitud"), validators=[MaxLengthValidator(LARGO_TEXTO)], max_length=LARGO_TEXTO
    )
    radicada_en = models.DateTimeField(_("radicada en"), default=timezone.now)
    vence_el = models.DateField(_("vence el"), db_index=True)
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.RADICADA
    )
    motivo_prorroga = models.TextField(
        _("motivo de la prórroga"),
        blank=True,
        max_length=LARGO_TEXTO,
        validators=[MaxLengthValidator(LARGO_TEXTO)],
        help_text=_("Se informa al solicitante junto con la nueva fecha de vencimiento."),
    )
    prorrogada_en = models.DateTimeField(_("prorrogada en"), null=True, blank=True)
    prorrogada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prorrogada por"),
    )
    respuesta = models.TextField(
        _("respuesta"),
        blank=True,
        max_length=4 * LARGO_TEXTO,
        validators=[MaxLengthValidator(4 * LARGO_TEXTO)],
    )
    respondida_en = models.DateTimeField(_("respondida en"), null=True, blank=True)
    respondida_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )

    history = HistoricalRecords()
    objects = SolicitudHabeasQuerySet.as_manager()

    class Meta:
        verbose_name = _("solicitud de habeas data")
        verbose_name_plural = _("solicitudes de habeas data")
        ordering = ["vence_el", "pk"]
        indexes = [models.Index(fields=["organizacion", "-radicada_en"], name="habeas_junta")]
        constraints = [
            models.CheckConstraint(
                condition=Q(estado="respondida", respondida_en__isnull=False)
                | (~Q(estado="respondida") & Q(respondida_en__isnull=True)),
                name="habeas_respondida_con_fecha",
            ),
        ]

    def __str__(self):
        return self.radicado or str(_("Solicitud sin radicar"))

    @property
    def clase(self):
        """«consulta» (art. 14) or «reclamo» (art. 15): each has its own terms."""
        return "consulta" if self.tipo == self.Tipo.CONSULTA else "reclamo"

    @property
    def respondida(self):
        return self.estado == self.Estado.RESPONDIDA

    @property
    def prorrogable(self):
        return not self.respondida and self.prorrogada_en is None

    def habiles_restantes(self, hoy=None):
        """Business days left to answer (negative: overdue); None once answered."""
        if self.respondida:
            return None
        return plazos.habiles_restantes(hoy or timezone.localdate(), self.vence_el)
