"""A Junta's convenio or contract from signature to liquidation, under social control.

- `Convenio`: who (the Junta, the entity), by which route, what, for how much, when, where (the
  barrio of the works), its state, and its SECOP II contract when there is one.
- Its plan: `Entregable` (deliverables with due dates) and `Tramo` (payment tranches: a share
  of the value and the condition to pay it). A tranche is marked paid only with a supported
  payment (`services.marcar_tramo_pagado`; `Tramo.clean` says the same in the admin).
- `InformeAvance`: the Junta's progress report (physical progress, photos, an acta parcial).
  Two keys: the entity's supervisor (staff) verifies or returns it, never its author.
- `FotoAvance`: the stored photo is a resized JPEG without EXIF (what the public sees); the
  date and position the original file declared are kept beside it, marked as declared.
- `Pago`: a payment with date, value and support document; history says who recorded it.
- `TrabajadorComunitario`: the residents hired under art. 95. Their count is public; their
  names are personal data (Ley 1581): staff and the Junta's own leaders only.
- `ObservacionCiudadana`: a resident's or monitor's observation, shown once staff approve it,
  never with the author's name.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contratacion.models import Contrato
from contratacion.selectors import Ruta
from juntas.models import Barrio, Organizacion
from juntas.validators import normalizar_nit, validar_archivo, validar_nit

CIEN = Decimal(100)
# A photo declaring a date this much before its report is flagged to the supervisor.
DIAS_FOTO_ANTIGUA = 60


def _pesos(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, validators=[MinValueValidator(0)], **kwargs
    )


def _porcentaje(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **kwargs,
    )


RUTAS = [(ruta, Ruta.NOMBRES[ruta]) for ruta in Ruta.ORDEN]


class Convenio(models.Model):
    class Estado(models.TextChoices):
        FIRMADO = "firmado", _("Firmado")
        EN_EJECUCION = "en_ejecucion", _("En ejecución")
        SUSPENDIDO = "suspendido", _("Suspendido")
        TERMINADO = "terminado", _("Terminado")
        LIQUIDADO = "liquidado", _("Liquidado")

    # Works that residents see going on: the public list by barrio.
    EN_CURSO = (Estado.FIRMADO, Estado.EN_EJECUCION, Estado.SUSPENDIDO)

    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.PROTECT, related_name="convenios", verbose_name=_("Junta")
    )
    numero = models.CharField(
        _("número"), max_length=60, blank=True, help_text=_("Como lo numeró la entidad.")
    )
    entidad = models.CharField(_("entidad contratante"), max_length=300)
    nit_entidad = models.CharField(
        _("NIT de la entidad"),
        max_length=11,
        blank=True,
        validators=[validar_nit],
        help_text=_("Con dígito de verificación, p. ej. 890480184-4."),
    )
    ruta = models.CharField(_("ruta de contratación"), max_length=20, choices=RUTAS)
    contrato = models.ForeignKey(
        Contrato,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convenios",
        verbose_name=_("contrato en SECOP II"),
    )
    objeto = models.TextField(_("objeto"))
    valor = _pesos(_("valor (pesos)"))
    fecha_firma = models.DateField(_("fecha de firma"))
    fecha_inicio = models.DateField(_("fecha de inicio"), null=True, blank=True)
    fecha_fin = models.DateField(_("fecha de terminación prevista"), null=True, blank=True)
    estado = models.CharField(
        _("estado"), max_length=12, choices=Estado.choices, default=Estado.FIRMADO, db_index=True
    )
    barrio = models.ForeignKey(
        Barrio,
        on_delete=models.PROTECT,
        related_name="convenios",
        verbose_name=_("barrio o vereda de la obra"),
    )
    lugar = models.CharField(
        _("lugar de la obra"),
        max_length=200,
        blank=True,
        help_text=_("P. ej. «Calle 20 entre carreras 5 y 7». Es público."),
    )
    creado = models.DateTimeField(_("creado"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("convenio en ejecución")
        verbose_name_plural = _("convenios en ejecución")
        ordering = ["-fecha_firma", "-pk"]
        indexes = [models.Index(fields=["organizacion", "-fecha_firma"], name="convenio_junta")]

    def __str__(self):
        return f"{self.numero or _('Convenio')} · {self.organizacion}"

    def save(self, *args, **kwargs):
        if self.nit_entidad:
            self.nit_entidad = normalizar_nit(self.nit_entidad)
        super().save(*args, **kwargs)

    def clean(self):
        errores = {}
        if self.fecha_inicio and self.fecha_firma and self.fecha_inicio < self.fecha_firma:
            errores["fecha_inicio"] = _("El inicio no puede ser anterior a la firma.")
        if self.fecha_inicio and self.fecha_fin and self.fecha_fin < self.fecha_inicio:
            errores["fecha_fin"] = _("La terminación debe ser posterior al inicio.")
        if self.contrato_id and self.organizacion_id:
            junta = Contrato.objects.filter(pk=self.contrato_id).values("organizacion_id").first()
            if junta and junta["organizacion_id"] not in (None, self.organizacion_id):
                errores["contrato"] = _("Ese contrato de SECOP II es de otra Junta.")
        if errores:
            raise ValidationError(errores)

    @property
    def es_art_95(self):
        return self.ruta == Ruta.CONVENIO_SOLIDARIO


class Entregable(models.Model):
    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="entregables")
    descripcion = models.CharField(_("entregable"), max_length=300)
    fecha_prevista = models.DateField(_("fecha prevista"))
    fecha_entrega = models.DateField(_("entregado el"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entregable")
        verbose_name_plural = _("entregables")
        ordering = ["convenio", "fecha_prevista", "pk"]

    def __str__(self):
        return self.descripcion

    def vencido(self, hoy=None):
        return self.fecha_entrega is None and self.fecha_prevista < (hoy or timezone.localdate())


class Tramo(models.Model):
    """A payment tranche of the plan: its share of the value and the condition to pay it."""

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="tramos")
    numero = models.PositiveSmallIntegerField(_("número"), validators=[MinValueValidator(1)])
    porcentaje = _porcentaje(_("porcentaje del valor"))
    condicion = models.CharField(
        _("condición"), max_length=300, help_text=_("P. ej. «Con el 50 % de avance verificado».")
    )
    pagado = models.BooleanField(_("pagado"), default=False)
    pagado_en = models.DateTimeField(_("marcado pagado en"), null=True, blank=True)
    pagado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marcado pagado por"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tramo de pago")
        verbose_name_plural = _("tramos de pago")
        ordering = ["convenio", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["convenio", "numero"], name="tramo_numero_unico")
        ]

    def __str__(self):
        return _("Tramo %(n)s (%(p)s %%)") % {"n": self.numero, "p": self.porcentaje}

    def tiene_pago_con_soporte(self):
        return self.pk is not None and self.pagos.exclude(soporte="").exists()

    def clean(self):
        if self.pagado and not self.tiene_pago_con_soporte():
            raise ValidationError(
                {
                    "pagado": _(
                        "Un tramo se marca pagado solo con su pago registrado y el documento "
                        "soporte cargado. Registre el pago con su soporte primero."
                    )
                }
            )


def validar_foto(archivo):
    """A JPG or PNG photo, checked like every other upload (type by content, size)."""
    nombre = getattr(archivo, "name", "") or ""
    extension = nombre.rsplit(".", 1)[-1].lower() if "." in nombre else ""
    if extension not in ("jpg", "jpeg", "png"):
        raise ValidationError(
            _("Las fotos deben ser JPG o PNG (recibimos «%(ext)s»)."),
            code="tipo",
            params={"ext": extension or _("sin extensión")},
        )
    validar_archivo(archivo)


class InformeAvance(models.Model):
    """The Junta's progress report. Two keys: staff verify or return it, never its author."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de verificación")
        VERIFICADO = "verificado", _("Verificado")
        DEVUELTO = "devuelto", _("Devuelto")

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="informes")
    fecha = models.DateField(_("fecha del avance"), default=timezone.localdate)
    avance = _porcentaje(_("avance físico (%)"))
    descripcion = models.TextField(_("qué se hizo"), blank=True)
    acta_parcial = models.FileField(
        _("acta parcial"),
        upload_to="convenios/actas/%Y/",
        blank=True,
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
    )
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("autor"),
    )
    creado = models.DateTimeField(_("enviado"), auto_now_add=True)
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE, db_index=True
    )
    revisado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    revisado_en = models.DateTimeField(_("revisado en"), null=True, blank=True)
    motivo_devolucion = models.TextField(_("motivo de la devolución"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("informe de avance")
        verbose_name_plural = _("informes de avance")
        ordering = ["-fecha", "-pk"]
        indexes = [
            models.Index(fields=["convenio", "estado", "-fecha"], name="informe_convenio_estado")
        ]
        constraints = [
            # The two keys: whoever verifies or returns a report did not write it.
            models.CheckConstraint(
                condition=~models.Q(revisado_por=models.F("autor")),
                name="informe_revisado_por_otra_persona",
                violation_error_message=_(
                    "Quien envió el informe no puede verificarlo ni devolverlo: lo revisa el "
                    "supervisor, otra persona."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.convenio} · {self.fecha:%d/%m/%Y} · {self.avance} %"


class FotoAvance(models.Model):
    """A photo of a report. `imagen` is the derivative: resized, re-encoded, without EXIF."""

    informe = models.ForeignKey(InformeAvance, on_delete=models.CASCADE, related_name="fotos")
    imagen = models.FileField(_("foto"), upload_to="convenios/fotos/%Y/")
    ancho = models.PositiveIntegerField(_("ancho (px)"), default=0)
    alto = models.PositiveIntegerField(_("alto (px)"), default=0)
    fecha_declarada = models.DateTimeField(
        _("fecha según la foto"),
        null=True,
        blank=True,
        help_text=_("Leída del EXIF del archivo original: declarada por la foto, no verificada."),
    )
    latitud_declarada = models.DecimalField(
        _("latitud según la foto"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitud_declarada = models.DecimalField(
        _("longitud según la foto"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    publica = models.BooleanField(
        _("pública"),
        default=True,
        help_text=_(
            "Se muestra en la página pública cuando el informe está verificado. Desmárquela si "
            "se reconoce a alguien."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foto de avance")
        verbose_name_plural = _("fotos de avance")
        ordering = ["informe", "pk"]

    def __str__(self):
        return self.imagen.name

    def aviso_fecha(self):
        """What the supervisor should look at in the date the photo declares (or "")."""
        if self.fecha_declarada is None:
            return _("La foto no declara fecha (EXIF): compárela con la obra.")
        dia = timezone.localtime(self.fecha_declarada).date()
        if dia > self.informe.fecha + timedelta(days=1):
            return _("Según la foto, es posterior a la fecha del informe.")
        if dia < self.informe.fecha - timedelta(days=DIAS_FOTO_ANTIGUA):
            return _("Según la foto, se tomó más de %(d)s días antes del informe.") % {
                "d": DIAS_FOTO_ANTIGUA
            }
        return ""


class Pago(models.Model):
    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="pagos")
    tramo = models.ForeignKey(
        Tramo,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pagos",
        verbose_name=_("tramo"),
    )
    fecha = models.DateField(_("fecha del pago"))
    valor = _pesos(_("valor (pesos)"))
    soporte = models.FileField(
        _("documento soporte"),
        upload_to="convenios/soportes/%Y/",
        blank=True,
        validators=[validar_archivo],
        help_text=_("Comprobante de egreso u orden de pago: PDF, JPG o PNG de hasta 10 MB."),
    )
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrado por"),
    )
    registrado_en = models.DateTimeField(_("registrado"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pago")
        verbose_name_plural = _("pagos")
        ordering = ["convenio", "fecha", "pk"]

    def __str__(self):
        return f"{self.convenio} · {self.fecha:%d/%m/%Y}"

    def clean(self):
        if self.tramo_id and self.convenio_id and self.tramo.convenio_id != self.convenio_id:
            raise ValidationError({"tramo": _("Ese tramo es de otro convenio.")})


class TrabajadorComunitario(models.Model):
    """A resident hired for the works (art. 95). Personal data: staff and own leaders only."""

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="trabajadores")
    nombre = models.CharField(_("nombre completo"), max_length=200)
    registrado_en = models.DateTimeField(_("registrado"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trabajador de la comunidad")
        verbose_name_plural = _("trabajadores de la comunidad")
        ordering = ["convenio", "nombre"]

    def __str__(self):
        return self.nombre


class ObservacionCiudadana(models.Model):
    """A resident's (no account) or a monitor's observation on a convenio; public once staff
    approve it, without the author's name."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de moderación")
        APROBADA = "aprobada", _("Publicada")
        RECHAZADA = "rechazada", _("Rechazada")

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="observaciones")
    texto = models.TextField(_("observación"), max_length=2000)
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cuenta del monitor"),
        help_text=_("Vacía cuando la dejó un residente sin cuenta."),
    )
    creada = models.DateTimeField(_("enviada"), default=timezone.now)
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE, db_index=True
    )
    moderada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderada por"),
    )
    moderada_en = models.DateTimeField(_("moderada en"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("observación ciudadana")
        verbose_name_plural = _("observaciones ciudadanas")
        ordering = ["-creada", "-pk"]
        indexes = [
            models.Index(fields=["convenio", "estado", "-creada"], name="observacion_convenio")
        ]

    def __str__(self):
        return f"{self.convenio} · {self.creada:%d/%m/%Y}"

    @property
    def de_monitor(self):
        return self.autor_id is not None
