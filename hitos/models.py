"""The commitment and its milestones (milestone 5): OGP template fields, completion levels with two
keys (staff propose, a monitor verifies), evidence, narrative updates, monitors' observations,
indicator targets and their snapshots over time, and the end-of-commitment assessment.

Indicator *values* are never typed in: `hitos.indicadores` computes them from the registry, the
survey and the training data. What lives here is each indicator's target and its history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from juntas.validators import validar_archivo

from .catalogo import DEFINICIONES, TipoHito


class ValorOGP(models.TextChoices):
    ACCESO_INFORMACION = "acceso_informacion", _("Acceso a la información")
    PARTICIPACION_CIVICA = "participacion_civica", _("Participación cívica")
    RENDICION_CUENTAS = "rendicion_cuentas", _("Rendición de cuentas")
    TECNOLOGIA = (
        "tecnologia",
        _("Tecnología e innovación para la transparencia y la rendición de cuentas"),
    )


class Nivel(models.TextChoices):
    """OGP's completion levels, in order."""

    NO_HAY_EVIDENCIA = "no_hay_evidencia", _("No hay evidencia")
    NO_INICIADO = "no_iniciado", _("No iniciado")
    LIMITADO = "limitado", _("Limitado")
    SUSTANCIAL = "sustancial", _("Sustancial")
    COMPLETO = "completo", _("Completo")


class Compromiso(models.Model):
    """An OGP commitment, with the fields of OGP's commitment template."""

    codigo = models.CharField(_("código"), max_length=20, unique=True)
    titulo = models.CharField(_("título"), max_length=300)
    plan = models.CharField(
        _("plan de acción"), max_length=200, help_text=_("p. ej. «Plan de acción local 2022–2023»")
    )
    inicio = models.DateField(_("inicio"))
    fin = models.DateField(_("fin"))
    entidad_lider = models.CharField(_("entidad líder"), max_length=200)
    otros_actores = models.TextField(
        _("otros actores"), blank=True, help_text=_("Gobierno, sociedad civil, sector privado.")
    )
    problema = models.TextField(_("problema que aborda"))
    status_quo = models.TextField(_("situación de partida (status quo)"))
    accion = models.TextField(_("qué hará el compromiso"))
    contribucion = models.TextField(_("cómo contribuye a resolver el problema"))
    objetivo_largo_plazo = models.TextField(_("objetivo de largo plazo"))
    areas_politica = models.CharField(
        _("áreas de política"), max_length=300, help_text=_("Separadas por comas.")
    )
    valores = models.JSONField(
        _("valores OGP"),
        default=list,
        help_text=_("Los valores de la Alianza para el Gobierno Abierto que atiende."),
    )
    recursos_asegurados = models.BooleanField(_("recursos asegurados"), default=False)
    monitor = models.CharField(
        _("organización que monitorea"), max_length=200, blank=True, help_text=_("p. ej. Funcicar")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["-inicio", "codigo"]

    def __str__(self):
        return f"{self.codigo} — {self.titulo}"

    def clean(self):
        errores = {}
        if self.inicio and self.fin and self.fin < self.inicio:
            errores["fin"] = _("El fin debe ser posterior al inicio.")
        desconocidos = set(self.valores or []) - set(ValorOGP.values)
        if desconocidos:
            errores["valores"] = _("Valores OGP desconocidos: %(v)s.") % {
                "v": ", ".join(sorted(desconocidos))
            }
        if errores:
            raise ValidationError(errores)

    def valores_legibles(self):
        return [ValorOGP(v).label for v in self.valores if v in ValorOGP.values]

    @classmethod
    def vigente(cls, codigo=None):
        """The commitment asked for, else the latest one (None when there is none)."""
        if codigo:
            return cls.objects.filter(codigo=codigo).first()
        return cls.objects.order_by("-inicio", "codigo").first()


class Hito(models.Model):
    Tipo = TipoHito  # Hito.Tipo.ESTRATEGIA, as the rest of the code reads it

    compromiso = models.ForeignKey(Compromiso, on_delete=models.CASCADE, related_name="hitos")
    numero = models.PositiveSmallIntegerField(_("número"), validators=[MinValueValidator(1)])
    titulo = models.CharField(_("título"), max_length=300)
    descripcion = models.TextField(_("descripción"), blank=True)
    tipo = models.CharField(_("tipo"), max_length=16, choices=Tipo.choices, default=Tipo.OTRO)
    inicio_previsto = models.DateField(_("inicio previsto"))
    fin_previsto = models.DateField(_("fin previsto"))
    inicio_real = models.DateField(_("inicio real"), null=True, blank=True)
    fin_real = models.DateField(_("fin real"), null=True, blank=True)
    responsable = models.CharField(_("responsable"), max_length=200)
    nivel = models.CharField(
        _("nivel de cumplimiento verificado"),
        max_length=16,
        choices=Nivel.choices,
        default=Nivel.NO_INICIADO,
        help_text=_("Lo fija la verificación del monitor de una propuesta de la Secretaría."),
    )
    avance = models.PositiveSmallIntegerField(
        _("avance valorado (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    justificacion = models.TextField(_("justificación del nivel"), blank=True)
    verificado_en = models.DateTimeField(_("verificado en"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")
        ordering = ["compromiso", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["compromiso", "numero"], name="hito_numero_unico")
        ]

    def __str__(self):
        return f"{self.numero}. {self.titulo}"

    def clean(self):
        errores = {}
        if self.inicio_previsto and self.fin_previsto and self.fin_previsto < self.inicio_previsto:
            errores["fin_previsto"] = _("El fin previsto debe ser posterior al inicio previsto.")
        if self.inicio_real and self.fin_real and self.fin_real < self.inicio_real:
            errores["fin_real"] = _("El fin real debe ser posterior al inicio real.")
        if self.fin_real and not self.inicio_real:
            errores["inicio_real"] = _("Indique también cuándo empezó.")
        if errores:
            raise ValidationError(errores)

    def avance_esperado(self, hoy=None):
        """The share (0-100) of its planned period elapsed by `hoy`: what it should have done."""
        hoy = hoy or timezone.localdate()
        if hoy < self.inicio_previsto:
            return 0
        if hoy >= self.fin_previsto:
            return 100
        total = (self.fin_previsto - self.inicio_previsto).days + 1
        return round(100 * ((hoy - self.inicio_previsto).days + 1) / total)

    @property
    def completo(self):
        return self.nivel == Nivel.COMPLETO


class PropuestaNivel(models.Model):
    """Two keys: staff propose a completion level with its justification; a monitor verifies it
    (it becomes the milestone's level) or returns it with an observation."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente de verificación")
        VERIFICADA = "verificada", _("Verificada")
        DEVUELTA = "devuelta", _("Devuelta")

    hito = models.ForeignKey(Hito, on_delete=models.CASCADE, related_name="propuestas")
    nivel = models.CharField(_("nivel propuesto"), max_length=16, choices=Nivel.choices)
    avance = models.PositiveSmallIntegerField(
        _("avance valorado (%)"), validators=[MaxValueValidator(100)]
    )
    justificacion = models.TextField(_("justificación"))
    propuesta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    propuesta_en = models.DateTimeField(_("propuesta en"), auto_now_add=True)
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE
    )
    revisada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revisada_en = models.DateTimeField(_("revisada en"), null=True, blank=True)
    observacion = models.TextField(_("observación del monitor"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("propuesta de nivel de cumplimiento")
        verbose_name_plural = _("propuestas de nivel de cumplimiento")
        ordering = ["-propuesta_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["hito"],
                condition=models.Q(estado="pendiente"),
                name="una_propuesta_pendiente_por_hito",
            ),
            # The two keys: whoever verifies or returns a proposal is not its proposer.
            models.CheckConstraint(
                condition=~models.Q(revisada_por=models.F("propuesta_por")),
                name="propuesta_revisada_por_otra_persona",
                violation_error_message=_(
                    "Quien propuso el nivel no puede verificarlo ni devolverlo: lo revisa el "
                    "monitor."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.hito} — {self.get_nivel_display()} ({self.get_estado_display()})"


class Evidencia(models.Model):
    hito = models.ForeignKey(Hito, on_delete=models.CASCADE, related_name="evidencias")
    titulo = models.CharField(_("título"), max_length=200)
    descripcion = models.TextField(_("descripción"), blank=True)
    fecha = models.DateField(_("fecha"))
    archivo = models.FileField(
        _("archivo"),
        upload_to="evidencias/%Y/",
        blank=True,
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
    )
    enlace = models.URLField(_("enlace"), blank=True)
    publica = models.BooleanField(
        _("pública"),
        default=False,
        help_text=_(
            "Se muestra en la página de transparencia. No marque documentos con datos personales."
        ),
    )
    agregada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agregada_en = models.DateTimeField(_("agregada en"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["-fecha", "-pk"]

    def __str__(self):
        return self.titulo

    def clean(self):
        if bool(self.archivo) == bool(self.enlace):
            raise ValidationError(_("Cargue un archivo o escriba un enlace (uno de los dos)."))


class Actualizacion(models.Model):
    """A dated narrative report of progress on a milestone, written by staff."""

    hito = models.ForeignKey(Hito, on_delete=models.CASCADE, related_name="actualizaciones")
    fecha = models.DateField(_("fecha"), default=timezone.localdate)
    texto = models.TextField(_("avance"))
    autor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creada = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actualización de avance")
        verbose_name_plural = _("actualizaciones de avance")
        ordering = ["-fecha", "-pk"]

    def __str__(self):
        return f"{self.hito} — {self.fecha:%d/%m/%Y}"


class Observacion(models.Model):
    """A monitor's observation on a milestone, or staff's answer to one (the thread is kept)."""

    hito = models.ForeignKey(Hito, on_delete=models.CASCADE, related_name="observaciones")
    respuesta_a = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="respuestas"
    )
    autor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texto = models.TextField(_("texto"))
    creada = models.DateTimeField(_("escrita en"), auto_now_add=True)
    respondida = models.BooleanField(_("respondida"), default=False)

    class Meta:
        verbose_name = _("observación")
        verbose_name_plural = _("observaciones")
        ordering = ["creada"]
        indexes = [models.Index(fields=["respondida", "-creada"], name="observacion_abierta")]

    def __str__(self):
        return f"{self.hito} — {self.creada:%d/%m/%Y}"


class Indicador(models.Model):
    """A milestone's indicator: which computed measure (`codigo`) and its target."""

    hito = models.ForeignKey(Hito, on_delete=models.CASCADE, related_name="indicadores")
    codigo = models.CharField(_("indicador"), max_length=40)
    meta = models.DecimalField(
        _("meta"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = ["hito__numero", "orden", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hito", "codigo"], name="indicador_unico_por_hito")
        ]

    def __str__(self):
        definicion = DEFINICIONES.get(self.codigo)
        return str(definicion.nombre) if definicion else self.codigo

    def clean(self):
        if self.codigo not in DEFINICIONES:
            raise ValidationError({"codigo": _("Indicador desconocido.")})

    @property
    def definicion(self):
        return DEFINICIONES[self.codigo]


class Medicion(models.Model):
    """An indicator's value on a date, stored by `snapshot_indicadores` (meant for cron)."""

    indicador = models.ForeignKey(Indicador, on_delete=models.CASCADE, related_name="mediciones")
    fecha = models.DateField(_("fecha"))
    valor = models.DecimalField(_("valor"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("medición de indicador")
        verbose_name_plural = _("mediciones de indicadores")
        ordering = ["indicador", "fecha"]
        constraints = [
            models.UniqueConstraint(fields=["indicador", "fecha"], name="una_medicion_por_dia")
        ]

    def __str__(self):
        return f"{self.indicador} — {self.fecha:%d/%m/%Y}: {self.valor}"


class ValoracionOGP(models.Model):
    """OGP's end-of-commitment question per value: did it open government?"""

    class Resultado(models.TextChoices):
        EMPEORO = "empeoro", _("Empeoró")
        NO_CAMBIO = "no_cambio", _("No cambió")
        MARGINAL = "marginal", _("Marginal")
        MAYOR = "mayor", _("Mayor")
        SOBRESALIENTE = "sobresaliente", _("Sobresaliente")

    compromiso = models.ForeignKey(
        Compromiso, on_delete=models.CASCADE, related_name="valoraciones"
    )
    valor = models.CharField(_("valor OGP"), max_length=24, choices=ValorOGP.choices)
    resultado = models.CharField(_("¿abrió el gobierno?"), max_length=16, choices=Resultado.choices)
    explicacion = models.TextField(_("explicación"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valoración de fin de compromiso")
        verbose_name_plural = _("valoraciones de fin de compromiso")
        ordering = ["compromiso", "valor"]
        constraints = [
            models.UniqueConstraint(fields=["compromiso", "valor"], name="una_valoracion_por_valor")
        ]

    def __str__(self):
        return f"{self.get_valor_display()}: {self.get_resultado_display()}"
