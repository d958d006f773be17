"""SECOP II outcomes of the registry's Juntas, read from datos.gov.co (Socrata).

What each model holds, for the pages built on them (dashboards, the leader's portal, readiness
per route, the opportunity radar):

- `Contrato` (dataset jbjy-vk9h): a contract or convenio signed by a Junta of the registry.
  `organizacion` is the Junta; it is null while a name match waits for the Secretaría
  (`coincidencia = pendiente`, see `CandidatoPorNombre`). Outcomes are the rows with
  `organizacion` set. `proceso_de_compra` joins `Proceso.id_del_portafolio`.
- `Proceso` (dataset p6dx-8zbt): procurement processes of the configured cities' entities and
  modalities (by default Cartagena, mínima cuantía) — the opportunity radar. `familia_unspsc`
  (4 digits) is what a Junta's declared lines of work match.
- `CuentaProveedor` (dataset qmzu-gj57): evidence that a Junta has a SECOP II supplier account.
- `CandidatoPorNombre`: a contract whose supplier's name looks like a Junta's but whose NIT
  matches none; staff confirm (which links the contract) or reject it, in the history.
- `Cuantia`: each entity's menor and mínima cuantía per year, typed by staff from what the entity
  publishes every January. Never a constant in code.
- `Sincronizacion`: one run (API or CSV upload), its counters, its error and where to resume.

No personal data is stored. The datasets also carry names and document numbers of legal
representatives, supervisors and spending officers, and bank accounts: only the fields listed
in `normalizacion.CAMPOS_*` are asked for (`$select`) and read; suppliers' names are kept only
when they look like a Junta's (an organization), and suppliers' documents only as a Junta's
NIT. Identifiers are null when the source has none (or says «No Definido»); descriptive text is
"" then.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from juntas.models import Organizacion
from juntas.models import Ruta as RutaJunta
from nucleo.numeros import es_co

NIT_9 = RegexValidator(
    r"^\d{9}$", _("Escriba los nueve dígitos del NIT, sin dígito de verificación.")
)
DIEZ_POR_CIENTO = Decimal("0.10")


def _valor(verbose_name, **kwargs):
    """Pesos: up to a hundred trillion, with centavos (the source has them)."""
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=2, **kwargs)


class Fuente(models.TextChoices):
    API = "api", _("API de datos.gov.co")
    CSV = "csv", _("Archivo CSV cargado")
    DEMO = "demo", _("Datos sintéticos de demostración")


class Cuantia(models.Model):
    """An entity's contracting thresholds for one year (Ley 1150 de 2007 art. 2; each entity
    publishes them every January from its budget in SMMLV). The mínima cuantía is 10 % of the
    menor cuantía unless staff type another figure."""

    nombre_entidad = models.CharField(_("entidad"), max_length=200)
    nit_entidad = models.CharField(
        _("NIT de la entidad"),
        max_length=9,
        validators=[NIT_9],
        help_text=_("Nueve dígitos, sin dígito de verificación (como en SECOP II)."),
    )
    anio = models.PositiveSmallIntegerField(
        _("año"), validators=[MinValueValidator(2015), MaxValueValidator(2100)]
    )
    menor_cuantia = _valor(_("menor cuantía (pesos)"), validators=[MinValueValidator(0)])
    minima_cuantia = _valor(
        _("mínima cuantía (pesos)"),
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Si la deja en blanco se calcula como el 10 % de la menor cuantía."),
    )
    fuente_url = models.URLField(
        _("enlace a la fuente"),
        max_length=500,
        help_text=_("Resolución o publicación de la entidad con sus cuantías del año."),
    )
    notas = models.TextField(_("notas"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuantía de una entidad")
        verbose_name_plural = _("cuantías de las entidades")
        ordering = ["-anio", "nombre_entidad"]
        constraints = [
            models.UniqueConstraint(
                fields=["nit_entidad", "anio"], name="cuantia_unica_por_entidad_y_anio"
            )
        ]

    def __str__(self):
        return f"{self.nombre_entidad} ({self.anio})"

    def save(self, *args, **kwargs):
        if self.minima_cuantia is None and self.menor_cuantia is not None:
            self.minima_cuantia = self.minima_por_defecto()
        super().save(*args, **kwargs)

    def clean(self):
        if self.menor_cuantia is not None and self.minima_cuantia is None:
            self.minima_cuantia = self.minima_por_defecto()
        if (
            self.menor_cuantia is not None
            and self.minima_cuantia is not None
            and self.minima_cuantia > self.menor_cuantia
        ):
            raise ValidationError(
                {"minima_cuantia": _("La mínima cuantía no puede superar la menor cuantía.")}
            )

    def minima_por_defecto(self):
        return (self.menor_cuantia * DIEZ_POR_CIENTO).quantize(Decimal("0.01"))


class Sincronizacion(models.Model):
    """One run against a dataset (or one CSV upload): what it read and did, and its error."""

    class Conjunto(models.TextChoices):
        CONTRATOS = "contratos", _("Contratos")
        PROCESOS = "procesos", _("Procesos")
        PROVEEDORES = "proveedores", _("Cuentas de proveedor")

    class Estado(models.TextChoices):
        EN_CURSO = "en_curso", _("En curso")
        EXITOSA = "exitosa", _("Exitosa")
        FALLIDA = "fallida", _("Fallida")

    conjunto = models.CharField(_("conjunto de datos"), max_length=12, choices=Conjunto.choices)
    fuente = models.CharField(_("fuente"), max_length=4, choices=Fuente.choices)
    estado = models.CharField(
        _("estado"), max_length=8, choices=Estado.choices, default=Estado.EN_CURSO
    )
    iniciada = models.DateTimeField(_("iniciada"), default=timezone.now, db_index=True)
    terminada = models.DateTimeField(_("terminada"), null=True, blank=True)
    desde = models.DateField(
        _("desde"),
        null=True,
        blank=True,
        help_text=_("Fecha de firma (contratos) o de publicación (procesos) desde la que leyó."),
    )
    paginas = models.PositiveIntegerField(_("páginas"), default=0)
    filas_leidas = models.PositiveIntegerField(_("filas leídas"), default=0)
    creadas = models.PositiveIntegerField(_("nuevas"), default=0)
    actualizadas = models.PositiveIntegerField(_("actualizadas"), default=0)
    sin_cambios = models.PositiveIntegerField(_("sin cambios"), default=0)
    duplicadas = models.PositiveIntegerField(
        _("duplicadas"),
        default=0,
        help_text=_("Filas repetidas de un mismo identificador: gana la última."),
    )
    con_fechas_anomalas = models.PositiveIntegerField(_("con fechas anómalas"), default=0)
    candidatos = models.PositiveIntegerField(_("candidatos por nombre propuestos"), default=0)
    ajenas = models.PositiveIntegerField(
        _("de otros proveedores"),
        default=0,
        help_text=_("Filas leídas que no son de ninguna Junta del registro (no se guardan)."),
    )
    error = models.TextField(_("error"), blank=True)
    punto_reanudacion = models.JSONField(
        _("punto de reanudación"),
        null=True,
        blank=True,
        help_text=_("Hasta dónde quedó guardado: la siguiente ejecución sigue desde ahí."),
    )
    reanuda = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reanudaciones",
        verbose_name=_("continúa la ejecución"),
    )
    usuario = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cargada por"),
    )
    archivo = models.CharField(_("archivo"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sincronización con SECOP II")
        verbose_name_plural = _("sincronizaciones con SECOP II")
        ordering = ["-iniciada", "-id"]
        indexes = [
            models.Index(fields=["conjunto", "fuente", "-iniciada"], name="sinc_ultima"),
        ]

    def __str__(self):
        return f"{self.get_conjunto_display()} · {timezone.localtime(self.iniciada):%Y-%m-%d %H:%M}"

    @property
    def duracion(self):
        """Seconds the run took (so far, while it runs)."""
        fin = self.terminada or timezone.now()
        return (fin - self.iniciada).total_seconds()

    def resumen(self) -> str:
        """What the run did, in Spanish, for the command's report and the admin."""
        _g = gettext

        def n(valor):
            return es_co(Decimal(valor))

        partes = [
            _g("%(conjunto)s (%(fuente)s)")
            % {"conjunto": self.get_conjunto_display(), "fuente": self.get_fuente_display()}
        ]
        if self.archivo:
            partes.append(_g("archivo «%(a)s»") % {"a": self.archivo})
        if self.desde:
            partes.append(_g("desde %(d)s") % {"d": self.desde.isoformat()})
        if self.reanuda_id:
            partes.append(_g("continúa la ejecución n.º %(n)s") % {"n": self.reanuda_id})
        cabeza = ", ".join(partes)
        cifras = [
            _g("%(n)s filas leídas en %(p)s páginas")
            % {"n": n(self.filas_leidas), "p": n(self.paginas)},
            _g("%(n)s nuevas") % {"n": n(self.creadas)},
            _g("%(n)s actualizadas") % {"n": n(self.actualizadas)},
            _g("%(n)s sin cambios") % {"n": n(self.sin_cambios)},
            _g("%(n)s duplicadas") % {"n": n(self.duplicadas)},
        ]
        if self.conjunto != self.Conjunto.PROVEEDORES:
            cifras.append(_g("%(n)s con fechas anómalas") % {"n": n(self.con_fechas_anomalas)})
        if self.conjunto == self.Conjunto.CONTRATOS:
            cifras.append(_g("%(n)s candidatos por nombre propuestos") % {"n": n(self.candidatos)})
            cifras.append(_g("%(n)s de otros proveedores") % {"n": n(self.ajenas)})
        cifras = f"{cifras[0]}: {', '.join(cifras[1:])}."
        estado = _g("%(estado)s en %(s)s s.") % {
            "estado": self.get_estado_display(),
            "s": n(round(Decimal(self.duracion), 1)),
        }
        texto = f"{cabeza}: {cifras} {estado}"
        if self.error:
            texto += " " + _g("Error: %(e)s") % {"e": self.error}
        if self.estado == self.Estado.FALLIDA and self.punto_reanudacion:
            texto += " " + _g("La próxima ejecución continúa desde donde quedó.")
        return texto


class _DeLaFuente(models.Model):
    """Bookkeeping shared by the rows read from SECOP II."""

    fuente = models.CharField(_("fuente"), max_length=4, choices=Fuente.choices, default=Fuente.API)
    visto_primero = models.DateTimeField(_("visto por primera vez"), default=timezone.now)
    actualizado = models.DateTimeField(
        _("datos actualizados"),
        default=timezone.now,
        help_text=_("Última vez que una sincronización cambió sus datos."),
    )
    sincronizacion = models.ForeignKey(
        Sincronizacion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("última sincronización que lo leyó"),
    )
    fechas_anomalas = models.BooleanField(
        _("fechas anómalas"),
        default=False,
        help_text=_("Una fecha fuera de rango (p. ej. el año 5025) o un fin antes del inicio."),
    )
    motivo_fechas = models.CharField(_("motivo"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Contrato(_DeLaFuente):
    """A contract or convenio of SECOP II (jbjy-vk9h) whose supplier is a Junta of the registry,
    or may be (a name candidate). Dates out of range are stored as null and flagged."""

    class Coincidencia(models.TextChoices):
        NIT = "nit", _("Por NIT (automática)")
        NOMBRE = "nombre", _("Por nombre (confirmada por la Secretaría)")
        PENDIENTE = "pendiente", _("Por nombre, sin confirmar")
        NINGUNA = "ninguna", _("Sin Junta")

    id_contrato = models.CharField(_("ID del contrato"), max_length=100, unique=True)
    proceso_de_compra = models.CharField(
        _("proceso de compra"), max_length=100, blank=True, db_index=True
    )
    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contratos",
        verbose_name=_("Junta"),
    )
    coincidencia = models.CharField(_("cómo se asoció"), max_length=9, choices=Coincidencia.choices)
    nit_proveedor = models.CharField(
        _("NIT del proveedor"), max_length=9, null=True, blank=True, db_index=True
    )
    nombre_entidad = models.CharField(_("entidad"), max_length=300, blank=True)
    nit_entidad = models.CharField(
        _("NIT de la entidad"), max_length=9, null=True, blank=True, db_index=True
    )
    departamento_entidad = models.CharField(_("departamento"), max_length=100, blank=True)
    ciudad_entidad = models.CharField(_("ciudad"), max_length=100, blank=True)
    estado = models.CharField(_("estado"), max_length=100, blank=True)
    tipo = models.CharField(_("tipo de contrato"), max_length=100, blank=True)
    modalidad = models.CharField(_("modalidad"), max_length=200, blank=True)
    justificacion_modalidad = models.CharField(
        _("justificación de la modalidad"),
        max_length=300,
        blank=True,
        help_text=_("Los convenios solidarios (Ley 2166 art. 95) se reconocen por ella."),
    )
    objeto = models.TextField(_("objeto"), blank=True)
    fecha_firma = models.DateField(_("fecha de firma"), null=True, blank=True)
    fecha_inicio = models.DateField(_("fecha de inicio"), null=True, blank=True)
    fecha_fin = models.DateField(_("fecha de fin"), null=True, blank=True)
    valor = _valor(_("valor del contrato"), null=True, blank=True)
    valor_pagado = _valor(_("valor pagado"), null=True, blank=True)
    url = models.URLField(_("enlace a SECOP II"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("contrato en SECOP II")
        verbose_name_plural = _("contratos en SECOP II")
        ordering = ["-fecha_firma", "id_contrato"]
        permissions = [
            ("cargar_csv_contrato", _("Puede cargar contratos desde un CSV de datos.gov.co"))
        ]
        indexes = [
            models.Index(fields=["organizacion", "fecha_firma"], name="contrato_junta_firma"),
            models.Index(fields=["coincidencia"], name="contrato_coincidencia"),
            # Whether demo rows are among them (every page that shows them says so).
            models.Index(
                fields=["fuente"], condition=models.Q(fuente="demo"), name="contrato_demo"
            ),
        ]

    def __str__(self):
        return self.id_contrato


class Proceso(_DeLaFuente):
    """A procurement process of SECOP II (p6dx-8zbt): an opportunity while it is open."""

    id_del_proceso = models.CharField(_("ID del proceso"), max_length=100, unique=True)
    id_del_portafolio = models.CharField(
        _("ID del portafolio"), max_length=100, blank=True, db_index=True
    )
    nombre_entidad = models.CharField(_("entidad"), max_length=300, blank=True)
    nit_entidad = models.CharField(
        _("NIT de la entidad"), max_length=9, null=True, blank=True, db_index=True
    )
    ciudad_entidad = models.CharField(_("ciudad"), max_length=100, blank=True)
    nombre = models.CharField(_("nombre del procedimiento"), max_length=500, blank=True)
    descripcion = models.TextField(_("descripción"), blank=True)
    modalidad = models.CharField(_("modalidad"), max_length=200, blank=True)
    precio_base = _valor(_("precio base"), null=True, blank=True)
    fecha_publicacion = models.DateField(
        _("fecha de publicación"), null=True, blank=True, db_index=True
    )
    fecha_limite = models.DateTimeField(
        _("recepción de ofertas hasta"),
        null=True,
        blank=True,
        help_text=_("«Fecha de recepción de respuestas» del proceso, si la publicó."),
    )
    estado = models.CharField(_("estado"), max_length=100, blank=True)
    codigo_unspsc = models.CharField(
        _("código UNSPSC"), max_length=8, blank=True, help_text=_("Ocho dígitos, p. ej. 72101500.")
    )
    familia_unspsc = models.CharField(_("familia UNSPSC"), max_length=4, blank=True, db_index=True)
    url = models.URLField(_("enlace a SECOP II"), max_length=1000, blank=True)
    organizacion_adjudicada = models.ForeignKey(
        Organizacion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procesos_adjudicados",
        verbose_name=_("adjudicado a la Junta"),
        help_text=_("Cuando el NIT adjudicado es el de una Junta del registro."),
    )

    class Meta:
        verbose_name = _("proceso en SECOP II")
        verbose_name_plural = _("procesos en SECOP II")
        ordering = ["-fecha_publicacion", "id_del_proceso"]
        indexes = [
            models.Index(fields=["estado", "-fecha_publicacion"], name="proceso_estado_fecha"),
            models.Index(fields=["fuente"], condition=models.Q(fuente="demo"), name="proceso_demo"),
        ]

    def __str__(self):
        return self.id_del_proceso


class CuentaProveedor(models.Model):
    """A Junta's SECOP II supplier account, as seen in the registered suppliers (qmzu-gj57)."""

    organizacion = models.OneToOneField(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="cuenta_proveedor",
        verbose_name=_("Junta"),
    )
    nit = models.CharField(_("NIT"), max_length=9, validators=[NIT_9])
    codigo_proveedor = models.CharField(_("código en SECOP II"), max_length=100, blank=True)
    fecha_creacion = models.DateField(_("cuenta creada"), null=True, blank=True)
    activa = models.BooleanField(_("activa"), null=True, blank=True)
    visto_primero = models.DateTimeField(_("vista por primera vez"), default=timezone.now)
    visto_ultimo = models.DateTimeField(_("vista por última vez"), default=timezone.now)
    sincronizacion = models.ForeignKey(
        Sincronizacion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("última sincronización que la leyó"),
    )

    class Meta:
        verbose_name = _("cuenta de proveedor en SECOP II")
        verbose_name_plural = _("cuentas de proveedor en SECOP II")
        ordering = ["organizacion__nombre"]

    def __str__(self):
        return f"{self.organizacion} · {self.nit}"


class CandidatoPorNombre(models.Model):
    """A contract whose supplier's name looks like this Junta's («JUNTA DE ACCION COMUNAL» and
    its barrio) while no NIT matches. Only staff decide; confirming links the contract."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        CONFIRMADO = "confirmado", _("Confirmado")
        RECHAZADO = "rechazado", _("Rechazado")
        DESCARTADO = "descartado", _("Descartado (se confirmó otro o coincidió el NIT)")

    contrato = models.ForeignKey(
        Contrato, on_delete=models.CASCADE, related_name="candidatos", verbose_name=_("contrato")
    )
    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="candidatos_secop",
        verbose_name=_("Junta propuesta"),
    )
    nombre_proveedor = models.CharField(_("proveedor según SECOP II"), max_length=300)
    nit_proveedor = models.CharField(
        _("NIT del proveedor según SECOP II"), max_length=9, null=True, blank=True
    )
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=Estado.choices,
        default=Estado.PENDIENTE,
        db_index=True,
    )
    propuesto = models.DateTimeField(_("propuesto"), default=timezone.now)
    decidido_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decidido por"),
    )
    decidido_en = models.DateTimeField(_("decidido"), null=True, blank=True)
    nota = models.CharField(_("nota"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidato por nombre")
        verbose_name_plural = _("candidatos por nombre")
        ordering = ["estado", "-propuesto", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contrato", "organizacion"], name="candidato_unico_por_contrato_y_junta"
            )
        ]

    def __str__(self):
        return f"{self.contrato} → {self.organizacion}"


class FamiliaUnspsc(models.Model):
    """A line of work a Junta declared it can do, as a UNSPSC family (the first four digits of
    a process's category, e.g. 7211 «servicios de construcción de edificaciones»): the
    opportunity radar shows it the open processes of these families. Staff keep the list."""

    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="familias_unspsc",
        verbose_name=_("Junta"),
    )
    codigo = models.CharField(
        _("familia UNSPSC"),
        max_length=4,
        validators=[
            RegexValidator(r"^\d{4}$", _("Escriba los cuatro dígitos de la familia, p. ej. 7211."))
        ],
        help_text=_("Cuatro dígitos: los primeros del código UNSPSC del proceso."),
    )
    nombre = models.CharField(
        _("nombre"), max_length=200, help_text=_("P. ej. «Mantenimiento de zonas verdes».")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("familia UNSPSC que la Junta puede ofrecer")
        verbose_name_plural = _("familias UNSPSC que las Juntas pueden ofrecer")
        ordering = ["organizacion__nombre", "codigo"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizacion", "codigo"], name="familia_unspsc_unica_por_junta"
            )
        ]

    def __str__(self):
        return f"{self.codigo} · {self.nombre}"


class SuscripcionRadar(models.Model):
    """A leader's opt-in to the opportunity radar by e-mail: `enviar_radar` (cron) sends them
    the open processes of their Junta's declared families that they were not sent before."""

    usuario = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="suscripcion_radar",
        verbose_name=_("líder"),
    )
    activa = models.BooleanField(_("activa"), default=True)
    creada = models.DateTimeField(_("creada"), default=timezone.now)
    actualizada = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("aviso del radar por correo")
        verbose_name_plural = _("avisos del radar por correo")
        ordering = ["-creada"]

    def __str__(self):
        return str(self.usuario)


class AvisoRadar(models.Model):
    """A process already sent to a leader by e-mail: it is never sent to them again."""

    suscripcion = models.ForeignKey(
        SuscripcionRadar, on_delete=models.CASCADE, related_name="avisos"
    )
    proceso = models.ForeignKey(
        Proceso, on_delete=models.CASCADE, related_name="+", verbose_name=_("proceso")
    )
    enviado = models.DateTimeField(_("enviado"), default=timezone.now)

    class Meta:
        verbose_name = _("proceso enviado por correo")
        verbose_name_plural = _("procesos enviados por correo")
        ordering = ["-enviado"]
        constraints = [
            models.UniqueConstraint(
                fields=["suscripcion", "proceso"], name="aviso_radar_unico_por_proceso"
            )
        ]

    def __str__(self):
        return f"{self.suscripcion} · {self.proceso}"


def codigo_expediente():
    """A short code people can type (the certificates' alphabet, without look-alikes), told
    apart from a certificate's by its prefix: «EXP-7KQ2-M9TD-3XWA»."""
    alfabeto = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    bloques = ["".join(secrets.choice(alfabeto) for _ in range(4)) for _ in range(3)]
    return "EXP-" + "-".join(bloques)


class Expediente(models.Model):
    """A Junta's dossier for one contracting route, as it was assembled: the PDF (index, cover
    letter, each document with the code and a QR on every page) and a ZIP of the originals.

    Anyone can check it at /expedientes/<codigo>/ without logging in: what it held when it was
    generated (`ItemExpediente`, a snapshot) and whether each document is still valid today.
    """

    codigo = models.CharField(
        _("código"), max_length=20, unique=True, default=codigo_expediente, editable=False
    )
    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.PROTECT,
        related_name="expedientes",
        verbose_name=_("Junta"),
    )
    ruta = models.CharField(_("ruta"), max_length=20, choices=RutaJunta.choices)
    generado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generado por"),
    )
    por_la_secretaria = models.BooleanField(_("generado por la Secretaría"), default=False)
    generado_en = models.DateTimeField(_("generado en"), default=timezone.now)
    indice = models.DecimalField(
        _("índice de la ruta al generarlo"), max_digits=5, decimal_places=2, default=0
    )
    pdf = models.FileField(_("PDF"), upload_to="expedientes/%Y/%m/", blank=True)
    zip = models.FileField(_("ZIP de los originales"), upload_to="expedientes/%Y/%m/", blank=True)
    sha256_pdf = models.CharField(_("SHA-256 del PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("expediente de contratación")
        verbose_name_plural = _("expedientes de contratación")
        ordering = ["-generado_en", "-id"]
        indexes = [models.Index(fields=["organizacion", "-generado_en"], name="expediente_junta")]

    def __str__(self):
        return self.codigo


class ItemExpediente(models.Model):
    """One document of a dossier, as it was when the dossier was generated. The requirement's
    name and the dates are copied, so the public page shows what the dossier held even after
    the catalogue or the Junta's documents change."""

    expediente = models.ForeignKey(
        Expediente, on_delete=models.CASCADE, related_name="items", verbose_name=_("expediente")
    )
    orden = models.PositiveSmallIntegerField(_("orden"))
    requisito = models.ForeignKey(
        "juntas.Requisito",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requisito"),
    )
    requisito_codigo = models.CharField(_("código del requisito"), max_length=40)
    nombre = models.CharField(_("documento"), max_length=200)
    fecha_expedicion = models.DateField(_("fecha de expedición"), null=True, blank=True)
    fecha_vencimiento = models.DateField(_("fecha de vencimiento"), null=True, blank=True)
    peso = models.PositiveSmallIntegerField(_("peso en la ruta"), default=0)
    sha256 = models.CharField(_("SHA-256 del archivo"), max_length=64)
    # Where the file was, to tell today whether the Junta still holds this same document (not
    # shown to anyone: an uploaded file's name may carry a person's name).
    archivo = models.CharField(_("archivo"), max_length=255, editable=False)
    paginas = models.PositiveSmallIntegerField(_("páginas en el PDF"), default=1)

    class Meta:
        verbose_name = _("documento del expediente")
        verbose_name_plural = _("documentos del expediente")
        ordering = ["expediente", "orden"]
        constraints = [
            models.UniqueConstraint(fields=["expediente", "orden"], name="item_expediente_unico")
        ]

    def __str__(self):
        return f"{self.expediente} — {self.nombre}"
