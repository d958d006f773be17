"""The registry of Cartagena's community organizations.

Territory (localidades, Unidades Comuneras de Gobierno, corregimientos, barrios and veredas) is
reference data; organizations hang from it; each has a board of dignatarios and a state for each
requirement of the procurement-readiness catalogue.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validators import (
    DOCUMENTO_REGEX,
    MENSAJE_DOCUMENTO,
    validar_archivo,
    validar_nit,
    validar_telefono,
)


class Ruta(models.TextChoices):
    """The four ways a Junta contracts with the State (docs/decisiones.md, «Preparación por
    ruta»). Here, below every app that needs them: `contratacion` reuses these values for the
    route of a SECOP II contract and adds «otra modalidad»."""

    CONVENIO_SOLIDARIO = "convenio_solidario", _("Convenio solidario (Ley 2166 art. 95)")
    DESARROLLO = (
        "ley_2166_art_63",
        _("Funciones de desarrollo (Ley 2166 art. 63 par. 2 y Ley 136 art. 141)"),
    )
    DECRETO_092 = "decreto_092", _("Entidad sin ánimo de lucro (Decreto 092 de 2017)")
    MINIMA_CUANTIA = "minima_cuantia", _("Mínima cuantía")


# How a sentence names each route: «Lista para convenio solidario: 85/100».
NOMBRE_CORTO_RUTA = {
    Ruta.CONVENIO_SOLIDARIO: _("convenio solidario"),
    Ruta.DESARROLLO: _("funciones de desarrollo (art. 63)"),
    Ruta.DECRETO_092: _("Decreto 092 de 2017"),
    Ruta.MINIMA_CUANTIA: _("mínima cuantía"),
}


class Localidad(models.Model):
    codigo = models.CharField(_("código"), max_length=5, unique=True)
    nombre = models.CharField(_("nombre"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("localidad")
        verbose_name_plural = _("localidades")
        ordering = ["codigo"]

    def __str__(self):
        return self.nombre


class UnidadComunera(models.Model):
    """An urban Unidad Comunera de Gobierno (UCG), numbered 1 to 15."""

    numero = models.PositiveSmallIntegerField(_("número"), unique=True)
    localidad = models.ForeignKey(
        Localidad, on_delete=models.PROTECT, related_name="unidades", verbose_name=_("localidad")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unidad comunera de gobierno")
        verbose_name_plural = _("unidades comuneras de gobierno")
        ordering = ["numero"]

    def __str__(self):
        return _("UCG %(numero)s") % {"numero": self.numero}


class Corregimiento(models.Model):
    """A rural corregimiento; its veredas are recorded as Barrio rows of type vereda."""

    nombre = models.CharField(_("nombre"), max_length=100, unique=True)
    localidad = models.ForeignKey(
        Localidad, on_delete=models.PROTECT, related_name="corregimientos"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("corregimiento")
        verbose_name_plural = _("corregimientos")
        ordering = ["nombre"]

    def __str__(self):
        return self.nombre


class Barrio(models.Model):
    """A barrio (urban, in a UCG) or a vereda/cabecera (rural, in a corregimiento)."""

    class Tipo(models.TextChoices):
        BARRIO = "barrio", _("Barrio")
        VEREDA = "vereda", _("Vereda")
        CABECERA = "cabecera", _("Cabecera de corregimiento")

    nombre = models.CharField(_("nombre"), max_length=120)
    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices, default=Tipo.BARRIO)
    unidad_comunera = models.ForeignKey(
        UnidadComunera,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="barrios",
        verbose_name=_("UCG"),
    )
    corregimiento = models.ForeignKey(
        Corregimiento,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="veredas",
        verbose_name=_("corregimiento"),
    )
    localidad = models.ForeignKey(
        Localidad, on_delete=models.PROTECT, related_name="barrios", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barrio o vereda")
        verbose_name_plural = _("barrios y veredas")
        ordering = ["nombre"]
        constraints = [
            models.UniqueConstraint(fields=["nombre", "localidad"], name="barrio_nombre_unico"),
            models.CheckConstraint(
                condition=Q(unidad_comunera__isnull=False, corregimiento__isnull=True)
                | Q(unidad_comunera__isnull=True, corregimiento__isnull=False),
                name="barrio_en_ucg_o_corregimiento",
            ),
        ]

    def __str__(self):
        if self.unidad_comunera_id:
            return f"{self.nombre} (UCG {self.unidad_comunera.numero})"
        if self.corregimiento_id:
            return f"{self.nombre} ({self.corregimiento.nombre})"
        return self.nombre  # an unsaved form's row, with neither yet (the admin re-shows it)

    def save(self, *args, **kwargs):
        self.localidad_id = (
            self.unidad_comunera.localidad_id
            if self.unidad_comunera_id
            else self.corregimiento.localidad_id
        )
        super().save(*args, **kwargs)

    def clean(self):
        if bool(self.unidad_comunera_id) == bool(self.corregimiento_id):
            raise ValidationError(
                _("Indique la UCG (zona urbana) o el corregimiento (zona rural), uno de los dos.")
            )
        if self.tipo == self.Tipo.BARRIO and not self.unidad_comunera_id:
            raise ValidationError({"unidad_comunera": _("Un barrio urbano pertenece a una UCG.")})


# `OrganizacionQuerySet.actualizar_puntajes` in one grouped UPDATE that writes only the rows
# whose score changes (the rule of `Organizacion.indice_preparacion`: met, in force, active
# requirement). The two slots restrict it to some organizations.
CALCULO_PUNTAJES = """
UPDATE juntas_organizacion SET puntaje = COALESCE(s.p, 0), puntaje_hasta = s.h
FROM juntas_organizacion o
LEFT JOIN (
    SELECT rj.organizacion_id AS o, SUM(r.peso) AS p, MIN(rj.fecha_vencimiento) AS h
    FROM juntas_requisitojunta rj JOIN juntas_requisito r ON r.id = rj.requisito_id
    WHERE rj.estado = 'cumple' AND r.activo
      AND (rj.fecha_vencimiento IS NULL OR rj.fecha_vencimiento >= %s) {en_filas}
    GROUP BY rj.organizacion_id
) s ON s.o = o.id
WHERE juntas_organizacion.id = o.id {en_organizaciones}
  AND (o.puntaje <> COALESCE(s.p, 0) OR o.puntaje_hasta <> s.h
       OR (o.puntaje_hasta IS NULL) <> (s.h IS NULL))
"""


class OrganizacionQuerySet(models.QuerySet):
    def con_indice(self, hoy=None):
        """Annotate `indice` (0-100), the readiness index computed in SQL.

        Same rule as `Organizacion.indice_preparacion`; a correlated subquery rather than a join
        so it composes with other annotations and can be filtered, ordered and aggregated.
        """
        hoy = hoy or timezone.localdate()
        total = Requisito.peso_total() or 1
        cumplidos = (
            RequisitoJunta.objects.filter(
                RequisitoJunta.q_vigente(hoy),
                organizacion=models.OuterRef("pk"),
                requisito__activo=True,
            )
            .values("organizacion")
            .annotate(s=models.Sum("requisito__peso"))
            .values("s")
        )
        decimal = models.DecimalField(max_digits=6, decimal_places=2)
        return self.annotate(
            indice=models.ExpressionWrapper(
                models.functions.Coalesce(
                    models.Subquery(cumplidos, output_field=models.IntegerField()), 0
                )
                * Decimal(100)
                / Decimal(total),
                output_field=decimal,
            )
        )

    def actualizar_puntajes(self, hoy=None):
        """Recompute `puntaje` and `puntaje_hasta` of these organizations in one UPDATE;
        returns how many changed.

        Dashboards add up `puntaje` over tens of thousands of Juntas instead of joining their
        requirement rows. It is kept current by the receivers in `juntas.signals` (a requirement
        row or a requirement saved or deleted), by bulk loaders, and daily for the rows whose
        `puntaje_hasta` has passed (`manage.py actualizar_puntajes`); until then the dashboards
        add those up from their rows (`selectors.indice_agregado`).
        """
        hoy = hoy or timezone.localdate()
        cuales, parametros = "", []
        if self.query.where:
            subconsulta, parametros = self.order_by().values("pk").query.sql_with_params()
            cuales = f"IN ({subconsulta})"
        sql = CALCULO_PUNTAJES.format(
            en_filas=f"AND rj.organizacion_id {cuales}" if cuales else "",
            en_organizaciones=f"AND o.id {cuales}" if cuales else "",
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [hoy, *parametros, *parametros])
            return cursor.rowcount

    def juntas(self):
        """First-grade organizations (JAC and JVC), not the Asociaciones."""
        return self.exclude(tipo=Organizacion.Tipo.ASOJAC)


class Organizacion(models.Model):
    class Tipo(models.TextChoices):
        JAC = "JAC", _("Junta de Acción Comunal")
        JVC = "JVC", _("Junta de Vivienda Comunitaria")
        ASOJAC = "ASOJAC", _("Asociación de Juntas")

    class Estado(models.TextChoices):
        ACTIVA = "activa", _("Activa")
        INACTIVA = "inactiva", _("Inactiva")
        SUSPENDIDA = "suspendida", _("Suspendida")
        EN_LIQUIDACION = "en_liquidacion", _("En liquidación")
        CANCELADA = "cancelada", _("Personería cancelada")

    nombre = models.CharField(_("nombre"), max_length=200, db_index=True)
    tipo = models.CharField(_("tipo"), max_length=6, choices=Tipo.choices, default=Tipo.JAC)
    codigo_registro = models.CharField(
        _("código de registro"),
        max_length=30,
        unique=True,
        help_text=_("Código con el que la Secretaría identifica la organización."),
    )
    personeria_numero = models.CharField(
        _("personería jurídica (número)"), max_length=40, blank=True
    )
    personeria_fecha = models.DateField(_("personería jurídica (fecha)"), null=True, blank=True)
    nit = models.CharField(
        _("NIT"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validar_nit],
        help_text=_("Nueve dígitos y dígito de verificación, p. ej. 900123456-7."),
    )
    asociacion = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afiliadas",
        limit_choices_to={"tipo": "ASOJAC"},
        verbose_name=_("asociación (ASOJAC)"),
    )
    barrio = models.ForeignKey(
        Barrio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizaciones",
        verbose_name=_("barrio o vereda"),
    )
    # Derived from the barrio on save (kept on the row so registry filters and dashboards group
    # without joins at national scale); an Asociación without barrio sets its localidad directly.
    unidad_comunera = models.ForeignKey(
        UnidadComunera,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizaciones",
        verbose_name=_("UCG"),
    )
    localidad = models.ForeignKey(
        Localidad,
        on_delete=models.PROTECT,
        related_name="organizaciones",
        verbose_name=_("localidad"),
        null=True,
        blank=True,
    )
    direccion = models.CharField(_("dirección"), max_length=200, blank=True)
    telefono = models.CharField(
        _("teléfono de contacto"),
        max_length=20,
        blank=True,
        validators=[validar_telefono],
    )
    correo = models.EmailField(_("correo de contacto"), blank=True)
    estado = models.CharField(
        _("estado"), max_length=15, choices=Estado.choices, default=Estado.ACTIVA, db_index=True
    )
    afiliados = models.PositiveIntegerField(_("número de afiliados"), null=True, blank=True)
    fecha_eleccion = models.DateField(_("elección de la directiva actual"), null=True, blank=True)
    periodo_inicio = models.DateField(_("inicio del periodo"), null=True, blank=True)
    periodo_fin = models.DateField(_("fin del periodo"), null=True, blank=True, db_index=True)
    participa = models.BooleanField(
        _("participa en la estrategia"),
        default=False,
        db_index=True,
        help_text=_(
            "Hito 1: la Junta fue identificada y vinculada a la estrategia de fortalecimiento."
        ),
    )
    participa_desde = models.DateField(_("participa desde"), null=True, blank=True)
    ruta = models.CharField(
        _("ruta de contratación que busca"),
        max_length=20,
        choices=Ruta.choices,
        blank=True,
        help_text=_(
            "La ruta por la que la Junta quiere contratar; su índice de preparación es el de "
            "esa ruta. La elige la Secretaría o el líder de la Junta en el portal."
        ),
    )
    notas = models.TextField(_("notas"), blank=True)
    creado = models.DateTimeField(_("creado"), auto_now_add=True)
    actualizado = models.DateTimeField(_("actualizado"), auto_now=True)
    # Summary kept current (see `OrganizacionQuerySet.actualizar_puntajes`): the weight of the
    # requirements met and in force, and the first day after which one of them expires.
    puntaje = models.PositiveIntegerField(_("puntaje de preparación"), default=0, editable=False)
    puntaje_hasta = models.DateField(
        _("puntaje válido hasta"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["actualizado", "puntaje", "puntaje_hasta"])
    objects = OrganizacionQuerySet.as_manager()

    class Meta:
        verbose_name = _("organización comunal")
        verbose_name_plural = _("organizaciones comunales")
        ordering = ["nombre"]
        indexes = [
            models.Index(fields=["tipo", "estado"], name="org_tipo_estado"),
            models.Index(fields=["localidad", "unidad_comunera"], name="org_territorio"),
            models.Index(fields=["nombre", "id"], name="org_nombre"),
        ]

    def __str__(self):
        return self.nombre

    RESUMEN = ("puntaje", "puntaje_hasta")

    def save(self, *args, **kwargs):
        if self.barrio_id:
            barrio = self.barrio
            self.unidad_comunera_id = barrio.unidad_comunera_id
            self.localidad_id = barrio.localidad_id
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The readiness summary is written only by `actualizar_puntajes`: saving a profile
            # loaded earlier must not put back the value it was loaded with.
            kwargs["update_fields"] = [
                campo.name
                for campo in self._meta.concrete_fields
                if not campo.primary_key and campo.name not in self.RESUMEN
            ]
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.asociacion_id:
            if self.tipo == self.Tipo.ASOJAC:
                errors["asociacion"] = _("Una Asociación no puede pertenecer a otra Asociación.")
            elif self.asociacion.tipo != self.Tipo.ASOJAC:
                errors["asociacion"] = _("Elija una organización de tipo Asociación (ASOJAC).")
        if not self.barrio_id and not self.localidad_id:
            errors["barrio"] = _(
                "Indique el barrio o vereda (o, para una Asociación, la localidad)."
            )
        if self.tipo != self.Tipo.ASOJAC and not self.barrio_id:
            errors["barrio"] = _("Una Junta debe tener barrio o vereda.")
        if self.periodo_inicio and self.periodo_fin and self.periodo_fin <= self.periodo_inicio:
            errors["periodo_fin"] = _("El fin del periodo debe ser posterior a su inicio.")
        if self.participa and not self.participa_desde:
            self.participa_desde = timezone.localdate()
        if not self.participa:
            self.participa_desde = None
        if errors:
            raise ValidationError(errors)

    def indice_preparacion(self, hoy=None):
        """Readiness index 0-100: weight of the requirements met and in force over the total weight.

        A requirement counts when its state is «cumple» and its document has not expired; missing
        rows count as «no cumple».
        """
        hoy = hoy or timezone.localdate()
        total = Requisito.peso_total()
        if not total:
            return Decimal(0)
        cumplidos = (
            self.requisitos.filter(RequisitoJunta.q_vigente(hoy), requisito__activo=True).aggregate(
                s=models.Sum("requisito__peso")
            )["s"]
            or 0
        )
        return (Decimal(cumplidos) * 100 / Decimal(total)).quantize(Decimal("0.01"))

    def dias_para_fin_de_periodo(self, hoy=None):
        """Days until the board's period ends (negative once it ended), None if unknown."""
        if not self.periodo_fin:
            return None
        return (self.periodo_fin - (hoy or timezone.localdate())).days


class Dignatario(models.Model):
    """A board member. Document, phone and e-mail are personal data under Ley 1581 de 2012."""

    class Cargo(models.TextChoices):
        PRESIDENTE = "presidente", _("Presidente")
        VICEPRESIDENTE = "vicepresidente", _("Vicepresidente")
        TESORERO = "tesorero", _("Tesorero")
        SECRETARIO = "secretario", _("Secretario")
        FISCAL = "fiscal", _("Fiscal")
        CONCILIADOR = "conciliador", _("Conciliador")
        DELEGADO = "delegado", _("Delegado a la Asociación")
        COORDINADOR = "coordinador", _("Coordinador de comisión de trabajo")

    class Bloque(models.TextChoices):
        DIRECTIVA = "directiva", _("Directiva")
        CONTROL = "control", _("Fiscalía")
        CONVIVENCIA = "convivencia", _("Comisión de convivencia y conciliación")
        DELEGADOS = "delegados", _("Delegados")
        COMISIONES = "comisiones", _("Comisiones de trabajo")

    class TipoDocumento(models.TextChoices):
        CC = "CC", _("Cédula de ciudadanía")
        CE = "CE", _("Cédula de extranjería")
        TI = "TI", _("Tarjeta de identidad")
        PPT = "PPT", _("Permiso por protección temporal")

    BLOQUE_DE_CARGO = {
        Cargo.PRESIDENTE: Bloque.DIRECTIVA,
        Cargo.VICEPRESIDENTE: Bloque.DIRECTIVA,
        Cargo.TESORERO: Bloque.DIRECTIVA,
        Cargo.SECRETARIO: Bloque.DIRECTIVA,
        Cargo.FISCAL: Bloque.CONTROL,
        Cargo.CONCILIADOR: Bloque.CONVIVENCIA,
        Cargo.DELEGADO: Bloque.DELEGADOS,
        Cargo.COORDINADOR: Bloque.COMISIONES,
    }

    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="dignatarios",
        verbose_name=_("organización"),
    )
    cargo = models.CharField(_("cargo"), max_length=20, choices=Cargo.choices)
    bloque = models.CharField(_("bloque"), max_length=15, choices=Bloque.choices, blank=True)
    suplente = models.BooleanField(_("suplente"), default=False)
    nombres = models.CharField(_("nombres"), max_length=100)
    apellidos = models.CharField(_("apellidos"), max_length=100)
    tipo_documento = models.CharField(
        _("tipo de documento"),
        max_length=3,
        choices=TipoDocumento.choices,
        default=TipoDocumento.CC,
    )
    documento = models.CharField(
        _("número de documento"),
        max_length=15,
        validators=[RegexValidator(DOCUMENTO_REGEX, MENSAJE_DOCUMENTO)],
        db_index=True,
    )
    telefono = models.CharField(
        _("teléfono"), max_length=20, blank=True, validators=[validar_telefono]
    )
    correo = models.EmailField(_("correo"), blank=True)
    periodo_inicio = models.DateField(_("inicio del periodo"), null=True, blank=True)
    periodo_fin = models.DateField(_("fin del periodo"), null=True, blank=True)
    activo = models.BooleanField(_("activo"), default=True)
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dignatarios",
        verbose_name=_("usuario del portal"),
        help_text=_("Cuenta con la que este dignatario entra al portal como líder de su Junta."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dignatario")
        verbose_name_plural = _("dignatarios")
        ordering = ["organizacion", "bloque", "cargo", "suplente", "apellidos"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizacion", "tipo_documento", "documento"],
                condition=Q(activo=True),
                name="dignatario_unico_por_junta",
            ),
            models.UniqueConstraint(
                fields=["usuario"],
                condition=Q(activo=True, usuario__isnull=False),
                name="usuario_lider_de_una_junta",
            ),
        ]

    def __str__(self):
        return f"{self.nombre_completo} — {self.get_cargo_display()}"

    def save(self, *args, **kwargs):
        if not self.bloque:
            self.bloque = self.BLOQUE_DE_CARGO.get(self.cargo, self.Bloque.COMISIONES)
        super().save(*args, **kwargs)

    @property
    def nombre_completo(self):
        return f"{self.nombres} {self.apellidos}"

    def clean(self):
        if self.periodo_inicio and self.periodo_fin and self.periodo_fin <= self.periodo_inicio:
            raise ValidationError(
                {"periodo_fin": _("El fin del periodo debe ser posterior a su inicio.")}
            )


class Requisito(models.Model):
    """An item of the procurement-readiness checklist, with its weight in the index."""

    codigo = models.SlugField(_("código"), max_length=40, unique=True)
    nombre = models.CharField(_("nombre"), max_length=200)
    descripcion = models.TextField(_("descripción"), blank=True)
    peso = models.PositiveSmallIntegerField(
        _("peso"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Peso relativo en el índice de preparación."),
    )
    tiene_vencimiento = models.BooleanField(_("el documento vence"), default=False)
    vigencia_dias = models.PositiveIntegerField(
        _("vigencia sugerida (días)"),
        null=True,
        blank=True,
        help_text=_("Se usa para proponer la fecha de vencimiento al cargar un documento."),
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)
    activo = models.BooleanField(_("activo"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requisito para contratar")
        verbose_name_plural = _("requisitos para contratar")
        ordering = ["orden", "nombre"]

    def __str__(self):
        return self.nombre

    @classmethod
    def peso_total(cls):
        return cls.objects.filter(activo=True).aggregate(t=models.Sum("peso"))["t"] or 0


class PesoRequisitoRuta(models.Model):
    """For which contracting route a requirement counts, and with what weight in that route's
    readiness index (a requirement without a row for a route does not count for it)."""

    requisito = models.ForeignKey(
        Requisito, on_delete=models.CASCADE, related_name="pesos_ruta", verbose_name=_("requisito")
    )
    ruta = models.CharField(_("ruta"), max_length=20, choices=Ruta.choices)
    peso = models.PositiveSmallIntegerField(
        _("peso en la ruta"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peso del requisito en una ruta")
        verbose_name_plural = _("pesos del requisito por ruta")
        ordering = ["requisito__orden", "ruta"]
        constraints = [
            models.UniqueConstraint(fields=["requisito", "ruta"], name="peso_unico_por_ruta"),
        ]

    def __str__(self):
        return f"{self.requisito} — {self.get_ruta_display()}: {self.peso}"


class RequisitoJunta(models.Model):
    """The state of one requirement for one organization, with its supporting document."""

    class Estado(models.TextChoices):
        CUMPLE = "cumple", _("Cumple")
        EN_TRAMITE = "en_tramite", _("En trámite")
        NO_CUMPLE = "no_cumple", _("No cumple")

    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.CASCADE, related_name="requisitos"
    )
    requisito = models.ForeignKey(Requisito, on_delete=models.PROTECT, related_name="estados")
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.NO_CUMPLE
    )
    fecha_expedicion = models.DateField(_("fecha de expedición"), null=True, blank=True)
    fecha_vencimiento = models.DateField(
        _("fecha de vencimiento"), null=True, blank=True, db_index=True
    )
    archivo = models.FileField(
        _("documento"),
        upload_to="requisitos/%Y/%m/",
        blank=True,
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
    )
    observaciones = models.TextField(_("observaciones"), blank=True)
    cargado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cargado por"),
    )
    cargado_en = models.DateTimeField(_("cargado en"), null=True, blank=True)
    verificado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verificado por"),
    )
    verificado_en = models.DateTimeField(_("verificado en"), null=True, blank=True)
    # A renewal of a valid document waits here, so the valid one keeps counting toward the
    # readiness index until staff accept (promote) or reject (discard) the replacement.
    archivo_nuevo = models.FileField(
        _("documento nuevo en revisión"),
        upload_to="requisitos/%Y/%m/",
        blank=True,
        validators=[validar_archivo],
    )
    emitido_nuevo = models.DateField(_("expedición del documento nuevo"), null=True, blank=True)
    vence_nuevo = models.DateField(_("vencimiento del documento nuevo"), null=True, blank=True)
    cargado_nuevo_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("documento nuevo cargado por"),
    )
    cargado_nuevo_en = models.DateTimeField(_("documento nuevo cargado en"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("estado de requisito")
        verbose_name_plural = _("estados de requisitos")
        ordering = ["organizacion", "requisito__orden"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizacion", "requisito"], name="requisito_unico_por_junta"
            ),
            # A second person's check: whoever uploaded the document does not verify it.
            models.CheckConstraint(
                condition=~Q(verificado_por=models.F("cargado_por")),
                name="requisito_verificado_por_otra_persona",
                violation_error_message=_(
                    "Quien cargó el documento no puede verificarlo: lo verifica otra persona."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organizacion} — {self.requisito}"

    @staticmethod
    def q_vigente(hoy, prefijo=""):
        """Q for rows that count as met on `hoy`: «cumple» and not expired."""
        return Q(**{f"{prefijo}estado": RequisitoJunta.Estado.CUMPLE}) & (
            Q(**{f"{prefijo}fecha_vencimiento__isnull": True})
            | Q(**{f"{prefijo}fecha_vencimiento__gte": hoy})
        )

    @property
    def vencido(self):
        return bool(self.fecha_vencimiento and self.fecha_vencimiento < timezone.localdate())

    @property
    def vigente(self):
        return self.estado == self.Estado.CUMPLE and not self.vencido

    @property
    def pendiente_verificacion(self):
        return bool(self.archivo) and not self.verificado_en

    @property
    def renovacion_pendiente(self):
        """A replacement for the document waits for staff; the current one still counts."""
        return bool(self.archivo_nuevo)

    def clean(self):
        if (
            self.fecha_expedicion
            and self.fecha_vencimiento
            and self.fecha_vencimiento <= self.fecha_expedicion
        ):
            raise ValidationError(
                {"fecha_vencimiento": _("El vencimiento debe ser posterior a la expedición.")}
            )
        if self.fecha_expedicion and self.fecha_expedicion > timezone.localdate():
            raise ValidationError(
                {"fecha_expedicion": _("La fecha de expedición no puede estar en el futuro.")}
            )

    def vencimiento_propuesto(self, expedicion, vencimiento):
        """The expiry typed, or else the one the requirement's validity implies."""
        if (
            not vencimiento
            and expedicion
            and self.requisito.tiene_vencimiento
            and self.requisito.vigencia_dias
        ):
            return expedicion + datetime.timedelta(days=self.requisito.vigencia_dias)
        return vencimiento

    def proponer_vencimiento(self):
        self.fecha_vencimiento = self.vencimiento_propuesto(
            self.fecha_expedicion, self.fecha_vencimiento
        )


class AutorizacionDatos(models.Model):
    """A leader's acceptance of the personal-data processing policy (Ley 1581 de 2012)."""

    VERSION_VIGENTE = "2026-1"

    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autorizaciones_datos"
    )
    version = models.CharField(_("versión de la política"), max_length=10)
    aceptada_en = models.DateTimeField(_("aceptada en"), default=timezone.now)
    ip = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("autorización de tratamiento de datos")
        verbose_name_plural = _("autorizaciones de tratamiento de datos")
        constraints = [
            models.UniqueConstraint(fields=["usuario", "version"], name="autorizacion_unica")
        ]

    def __str__(self):
        return f"{self.usuario} — {self.version}"
